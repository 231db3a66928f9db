from django.urls import path

from ndrc.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.index, name="index"),
    path("promotions/<int:cohort_id>/apprenants/", views.learner_upload, name="learners"),
    path("entreprises/", views.company_upload, name="companies"),
    path("<int:pk>/", views.job, name="job"),
    path("<int:pk>/appliquer/", views.apply, name="apply"),
    path("<int:pk>/abandonner/", views.discard, name="discard"),
]
