from django.urls import path

from ndrc.contracts import views

app_name = "contracts"
urlpatterns = [
    path("", views.index, name="index"),
    path("apprenant/<int:pk>/", views.learner, name="learner"),
    path(
        "apprenant/<int:learner_pk>/contrats/nouveau/",
        views.contract_create,
        name="contract_create",
    ),
    path("contrats/<int:pk>/", views.contract_detail, name="contract"),
    path("contrats/<int:pk>/modifier/", views.contract_edit, name="contract_edit"),
    path("contrats/<int:pk>/echeancier.pdf", views.pay_schedule_pdf, name="pay_schedule_pdf"),
    path(
        "apprenant/<int:learner_pk>/conventions/nouvelle/",
        views.agreement_create,
        name="agreement_create",
    ),
    path("conventions/<int:pk>/", views.agreement_detail, name="agreement"),
    path("conventions/<int:pk>/modifier/", views.agreement_edit, name="agreement_edit"),
    path("conventions/<int:pk>/convention.pdf", views.agreement_pdf, name="agreement_pdf"),
    path("conventions/<int:pk>/attestation.pdf", views.certificate_pdf, name="certificate_pdf"),
]
