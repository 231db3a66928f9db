from django.urls import path

from ndrc.learners import views

app_name = "learners"
urlpatterns = [
    path("", views.learner_list, name="list"),
    path("export.<str:fmt>", views.learner_list, name="export"),
    path("moi/", views.my_record, name="mine"),
    path("promotions/", views.cohort_list, name="cohorts"),
    path("promotions/nouvelle/", views.cohort_create, name="cohort_create"),
    path("promotions/<int:pk>/", views.cohort_detail, name="cohort"),
    path("promotions/<int:pk>/nouvel-apprenant/", views.learner_create, name="create"),
    path("promotions/<int:pk>/enseignants/", views.cohort_teachers, name="teachers"),
    path(
        "promotions/<int:pk>/reimport.<str:fmt>",
        views.cohort_reimport_export,
        name="cohort_reimport_export",
    ),
    path("promotions/<int:pk>/export.<str:fmt>", views.cohort_detail, name="cohort_export"),
    path("<int:pk>/", views.learner_detail, name="detail"),
    path("<int:pk>/modifier/", views.learner_edit, name="edit"),
    path("<int:pk>/statut/", views.learner_category, name="category"),
    path("<int:pk>/donnees-personnelles.json", views.personal_data, name="personal_data"),
    path("<int:pk>/effacer/", views.learner_erase, name="erase"),
    path("<int:pk>/encadrement/", views.supervision_start, name="supervision_start"),
    path(
        "<int:pk>/encadrement/<int:supervision_pk>/fin/",
        views.supervision_end,
        name="supervision_end",
    ),
]
