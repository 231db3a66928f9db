from django.urls import path

from ndrc.assessments import views

app_name = "assessments"
urlpatterns = [
    path("", views.index, name="index"),
    path("mes-resultats/", views.my_results, name="my_results"),
    path("a-noter/", views.to_grade, name="to_grade"),
    path("promotions/<int:pk>/", views.cohort_plan, name="cohort"),
    path("promotions/<int:pk>/grilles/", views.cohort_grids, name="cohort_grids"),
    path("situations/<int:pk>/", views.situation_detail, name="situation"),
    path("documents/<int:pk>/", views.evaluation_document, name="evaluation_document"),
    path("situations/<int:pk>/grille.pdf", views.grid_pdf, name="grid_pdf"),
    path("situations/<int:pk>/grille/<str:criterion>/", views.rate, name="rate"),
    path("situations/<int:pk>/<slug:action>/", views.situation_action, name="action"),
]
