from django.urls import path

from ndrc.attendance import views

app_name = "attendance"
urlpatterns = [
    path("", views.index, name="index"),
    path("signer/", views.sign, name="sign"),
    path("seance/<int:pk>/", views.session_sheet, name="session_sheet"),
    path("feuilles/<int:pk>/", views.sheet, name="sheet"),
    path("feuilles/<int:pk>/code/", views.sheet_code, name="sheet_code"),
    path("feuilles/<int:pk>/lignes/", views.sheet_lines, name="sheet_lines"),
    path("feuilles/<int:pk>/signer/", views.sign_sheet, name="sign_sheet"),
    path("feuilles/<int:pk>/feuille.pdf", views.sheet_pdf, name="sheet_pdf"),
    path("lignes/<int:pk>/noter/", views.mark, name="mark"),
    path("lignes/<int:pk>/corriger/", views.correct, name="correct"),
    path("apprenant/<int:pk>/", views.learner, name="learner"),
    path("apprenant/<int:pk>/justificatif/", views.justify, name="justify"),
    path("apprenant/<int:pk>/document/", views.certificate, name="certificate"),
    path(
        "promotion/<int:pk>/mois/<int:year>/<int:month>/", views.cohort_month, name="cohort_month"
    ),
    path(
        "promotion/<int:pk>/semaine/<str:day>/feuille.pdf",
        views.cohort_week_pdf,
        name="cohort_week_pdf",
    ),
    path("promotion/<int:pk>/documents/", views.cohort_documents, name="cohort_documents"),
]
