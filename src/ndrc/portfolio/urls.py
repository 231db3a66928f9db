from django.urls import path

from ndrc.portfolio import views

app_name = "portfolio"
urlpatterns = [
    path("", views.index, name="index"),
    path("fiches-a-relire/", views.sheets_to_review, name="to_review"),
    path("apprenants/<int:learner_pk>/", views.learner_portfolio, name="learner"),
    path(
        "apprenants/<int:learner_pk>/couverture/",
        views.learner_coverage,
        name="learner_coverage",
    ),
    path("apprenants/<int:learner_pk>/fiches/nouvelle/", views.sheet_create, name="sheet_create"),
    path(
        "apprenants/<int:learner_pk>/documents/<str:kind>/",
        views.dossier_document,
        name="dossier_document",
    ),
    path(
        "apprenants/<int:learner_pk>/dossier/<str:exam>/pdf/",
        views.dossier_pdf,
        name="dossier_pdf",
    ),
    path(
        "apprenants/<int:learner_pk>/dossier/<str:exam>/",
        views.learner_dossier,
        name="learner_dossier",
    ),
    path(
        "apprenants/<int:learner_pk>/dossier/<str:exam>/depot/",
        views.dossier_filing,
        name="dossier_filing",
    ),
    path(
        "apprenants/<int:learner_pk>/dossier/<str:exam>/reduction-de-stage/",
        views.dossier_reduction,
        name="dossier_reduction",
    ),
    path(
        "apprenants/<int:learner_pk>/dossier/<str:exam>/reduction-de-stage/supprimer/",
        views.dossier_reduction_cancel,
        name="dossier_reduction_cancel",
    ),
    path(
        "apprenants/<int:learner_pk>/dossier/<str:exam>/certificats-de-travail/",
        views.employment_certificate_add,
        name="employment_certificate_add",
    ),
    path(
        "certificats-de-travail/<int:pk>/supprimer/<str:exam>/",
        views.employment_certificate_delete,
        name="employment_certificate_delete",
    ),
    path("promotions/<int:cohort_pk>/couverture/", views.cohort_coverage, name="cohort_coverage"),
    path(
        "promotions/<int:cohort_pk>/conformite/<str:exam>/",
        views.cohort_conformity,
        name="cohort_conformity",
    ),
    path("fiches/<int:pk>/", views.sheet_detail, name="sheet"),
    path("fiches/<int:pk>/modifier/", views.sheet_edit, name="sheet_edit"),
    path("fiches/<int:pk>/soumettre/", views.sheet_submit, name="sheet_submit"),
    path("fiches/<int:pk>/valider/", views.sheet_validate, name="sheet_validate"),
    path("fiches/<int:pk>/renvoyer/", views.sheet_return, name="sheet_return"),
    path("fiches/<int:pk>/commenter/", views.sheet_comment, name="sheet_comment"),
    path("fiches/<int:pk>/attester/", views.sheet_attest, name="sheet_attest"),
    path("fiches/<int:pk>/supprimer/", views.sheet_delete, name="sheet_delete"),
    path("fiches/<int:pk>/pieces/", views.attachment_add, name="attachment_add"),
    path("pieces/<int:pk>/", views.attachment_download, name="attachment"),
    path("pieces/<int:pk>/supprimer/", views.attachment_delete, name="attachment_delete"),
]
