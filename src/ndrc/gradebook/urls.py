from django.urls import path

from ndrc.gradebook import views

app_name = "gradebook"
urlpatterns = [
    path("", views.index, name="index"),
    path("mes-notes/", views.my_marks, name="my_marks"),
    path("mes-bulletins/", views.my_bulletins, name="my_bulletins"),
    path("periodes/", views.periods, name="periods"),
    path("promotions/<int:cohort_pk>/", views.cohort_page, name="cohort"),
    path("promotions/<int:cohort_pk>/nouveau-carnet/", views.gradebook_create, name="create"),
    path(
        "promotions/<int:cohort_pk>/bulletins/<int:period_pk>/",
        views.cohort_bulletins,
        name="cohort_bulletins",
    ),
    path(
        "promotions/<int:cohort_pk>/bulletins/<int:period_pk>/publier/",
        views.cohort_bulletins_publish,
        name="cohort_bulletins_publish",
    ),
    path(
        "promotions/<int:cohort_pk>/bulletins/<int:period_pk>/pdf/",
        views.cohort_bulletins_pdf,
        name="cohort_bulletins_pdf",
    ),
    path("promotions/<int:cohort_pk>/conseil/<int:period_pk>/", views.council, name="council"),
    path(
        "promotions/<int:cohort_pk>/conseil/<int:period_pk>/apprenants/<int:learner_pk>/",
        views.council_entry,
        name="council_entry",
    ),
    path(
        "promotions/<int:cohort_pk>/conseil/<int:period_pk>/proces-verbal/",
        views.council_minutes,
        name="council_minutes",
    ),
    path("carnets/<int:pk>/", views.gradebook_page, name="gradebook"),
    path("carnets/<int:pk>/coefficient/", views.gradebook_coefficient, name="coefficient"),
    path(
        "carnets/<int:pk>/nouvelle-evaluation/", views.assessment_create, name="assessment_create"
    ),
    path(
        "carnets/<int:pk>/appreciations/<int:period_pk>/",
        views.appreciations,
        name="appreciations",
    ),
    path(
        "carnets/<int:pk>/appreciations/<int:period_pk>/<int:learner_pk>/",
        views.appreciation_save,
        name="appreciation_save",
    ),
    path("evaluations/<int:pk>/modifier/", views.assessment_edit, name="assessment_edit"),
    path("evaluations/<int:pk>/publier/", views.assessment_publish, name="assessment_publish"),
    path("evaluations/<int:pk>/supprimer/", views.assessment_delete, name="assessment_delete"),
    path("evaluations/<int:pk>/colonne/", views.column_save, name="column_save"),
    path("evaluations/<int:pk>/notes/<int:learner_pk>/", views.mark_save, name="mark_save"),
    path(
        "apprenants/<int:learner_pk>/bulletins/",
        views.learner_bulletins,
        name="learner_bulletins",
    ),
    path(
        "apprenants/<int:learner_pk>/bulletins/<int:period_pk>/",
        views.bulletin,
        name="bulletin",
    ),
    path(
        "apprenants/<int:learner_pk>/bulletins/<int:period_pk>/pdf/",
        views.bulletin_pdf,
        name="bulletin_pdf",
    ),
    path("apprenants/<int:learner_pk>/livret/", views.school_record, name="school_record"),
    path(
        "apprenants/<int:learner_pk>/livret/pdf/",
        views.school_record_pdf,
        name="school_record_pdf",
    ),
    path(
        "apprenants/<int:learner_pk>/livret/observations/",
        views.record_observations_save,
        name="record_observations",
    ),
    path(
        "apprenants/<int:learner_pk>/livret/<str:unit>/",
        views.record_appreciation_save,
        name="record_appreciation",
    ),
    path("apprenants/<int:learner_pk>/competences/", views.competences, name="competences"),
]
