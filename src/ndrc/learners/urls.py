from django.urls import path

from ndrc.learners import views

app_name = "learners"
urlpatterns = [
    path("", views.learner_list, name="list"),
    path("export.<str:fmt>", views.learner_list, name="export"),
    path("promotions/", views.cohort_list, name="cohorts"),
    path("promotions/<int:pk>/", views.cohort_detail, name="cohort"),
    path("promotions/<int:pk>/export.<str:fmt>", views.cohort_detail, name="cohort_export"),
    path("<int:pk>/", views.learner_detail, name="detail"),
    path("<int:pk>/modifier/", views.learner_edit, name="edit"),
    path("<int:pk>/statut/", views.learner_category, name="category"),
    path("<int:pk>/donnees-personnelles.json", views.personal_data, name="personal_data"),
    path("<int:pk>/effacer/", views.learner_erase, name="erase"),
]
