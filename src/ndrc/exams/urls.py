from django.urls import path

from ndrc.exams import session_views, views

app_name = "exams"
urlpatterns = [
    path("simulateur/", views.simulator, name="simulator"),
    path("sessions/", session_views.sessions, name="sessions"),
    path("sessions/<int:pk>/", session_views.session_detail, name="session"),
    path("sessions/<int:pk>/inscriptions/", session_views.registrations, name="registrations"),
    path(
        "sessions/<int:pk>/inscriptions.<str:fmt>",
        session_views.registrations,
        name="registrations_export",
    ),
    path(
        "sessions/<int:pk>/inscriptions/promotion/<int:cohort_pk>/",
        session_views.register_cohort,
        name="register_cohort",
    ),
    path("sessions/<int:pk>/notes/", session_views.grades, name="grades"),
    path("sessions/<int:pk>/notes/import/", session_views.grade_import, name="grade_import"),
    path("sessions/<int:pk>/notes/ccf/", session_views.collect_ccf, name="collect_ccf"),
    path("sessions/<int:pk>/notes/<str:slot>/", session_views.grade_sheet, name="grade_sheet"),
    path("sessions/<int:pk>/jury/", session_views.jury, name="jury"),
    path("sessions/<int:pk>/jury/<slug:action>/", session_views.jury_action, name="jury_action"),
    path("sessions/<int:pk>/resultats/", session_views.results, name="results"),
    path(
        "sessions/<int:pk>/resultats/<slug:action>/",
        session_views.results_action,
        name="results_action",
    ),
    path(
        "sessions/<int:pk>/documents/<int:bundle_pk>/",
        session_views.bundle_download,
        name="bundle",
    ),
    path("sessions/<int:pk>/<slug:action>/", session_views.session_action, name="session_action"),
    path("inscriptions/<int:pk>/", session_views.registration_detail, name="registration"),
    path("inscriptions/<int:pk>/jury/", session_views.candidate, name="candidate"),
    path(
        "inscriptions/<int:pk>/jury/<slug:action>/",
        session_views.candidate_action,
        name="candidate_action",
    ),
    path("mes-resultats/", session_views.my_results, name="my_results"),
    path("mes-resultats/<int:pk>/releve/", session_views.my_transcript, name="my_transcript"),
]
