"""The demo's intake is in progress at every stage, and loading it twice changes nothing."""

from django.urls import reverse

from ndrc.admissions.demo import DEMO_APPLICANT_TOKEN, DEMO_COMPANY_TOKEN, create_admissions_demo
from ndrc.admissions.models import Application, Merge, Outcome, Stage
from ndrc.contracts.models import Contract


def test_the_demo_intake_has_an_application_at_every_stage(demo, client):
    admissions = create_admissions_demo(demo)
    active = Application.objects.filter(intake=admissions.intake, outcome=Outcome.ACTIVE)
    assert set(active.values_list("stage", flat=True)) == set(Stage.values)
    outcomes = set(Application.objects.values_list("outcome", flat=True))
    assert {Outcome.WITHDRAWN, Outcome.REFUSED, Outcome.MERGED} <= outcomes
    merge = Merge.objects.get()
    assert merge.survivor.last_name == "Fontaine" and merge.absorbed.source == "parcoursup"
    enrolled = active.get(stage=Stage.ENROLLED)
    assert Contract.objects.filter(learner=enrolled.learner).exists()

    before = (Application.objects.count(), Contract.objects.count())
    create_admissions_demo(demo)
    assert (Application.objects.count(), Contract.objects.count()) == before

    # The demo's fixed personal links open the applicant's file and the company's offer.
    page = client.get(reverse("admissions:follow", args=[DEMO_APPLICANT_TOKEN]))
    assert "Perret" in page.content.decode()
    page = client.get(reverse("admissions:company_offer", args=[DEMO_COMPANY_TOKEN]))
    assert "Conseiller de vente en magasin" in page.content.decode()
