"""Two people correct the same application or intake (issue 10, hole 3): the training manager
and an administrator, from the pages they opened; as for a learner's record (tests/core)."""

import html
from datetime import date
from types import SimpleNamespace

import pytest
from django.urls import reverse

from ndrc.admissions import company_search
from ndrc.admissions.models import (
    Adaptation,
    Application,
    CohortPlaces,
    Intake,
    Offer,
    Positioning,
    StageSetting,
)
from ndrc.admissions.services import (
    decide_positioning,
    designate_referent,
    record_adaptation,
    save_stage_setting,
)
from tests import factories
from tests.admissions.conftest import ON, at
from tests.core.test_edit_conflicts import (
    _logged_in,
    conflict_then_knowing_save,
    merged_beside,
    nothing_saved_without_version,
)
from tests.forms import form_data


@pytest.fixture
def two(manager):
    return SimpleNamespace(users={"responsable": manager, "admin": factories.administrator()})


def test_two_people_correct_an_applicants_city(applicant, two):
    application = applicant()
    url = reverse("admissions:application_edit", args=[application.pk])
    read = lambda: Application.objects.get(pk=application.pk).city  # noqa: E731
    conflict_then_knowing_save(url, "city", "Bron", "Caluire", read)(two)


def _places(intake) -> int:
    return CohortPlaces.objects.get(cohort=intake.cohort_id).places


def test_two_people_rename_an_intake(intake, two):
    url = reverse("admissions:intake", args=[intake.pk])
    read = lambda: Intake.objects.get(pk=intake.pk).title  # noqa: E731
    conflict_then_knowing_save(url, "title", "BTS NDRC 2026", "BTS NDRC alternance", read)(two)


def test_two_people_change_the_places_of_an_intakes_cohort(intake, two):
    url = reverse("admissions:intake", args=[intake.pk])
    read = lambda: str(_places(intake))  # noqa: E731
    conflict_then_knowing_save(url, "places", "24", "30", read)(two)


def test_one_renames_an_intake_the_other_changes_its_places_both_kept(intake, two):
    url = reverse("admissions:intake", args=[intake.pk])
    read = lambda: (Intake.objects.get(pk=intake.pk).title, str(_places(intake)))  # noqa: E731
    merged_beside(url, "title", "BTS NDRC 2026", "places", "26", read)(two)


def test_an_intakes_form_without_its_version_saves_nothing(intake, two):
    url = reverse("admissions:intake", args=[intake.pk])
    read = lambda: (Intake.objects.get(pk=intake.pk).title, _places(intake))  # noqa: E731
    nothing_saved_without_version(url, "title", "BTS NDRC 2026", read)(two)


# A company's offer, corrected by the centre from the offer's page.


@pytest.fixture
def offer(centre, manager):
    return company_search.create_offer(
        training_centre=centre,
        company_name="Rhône Distribution",
        siret="41234567000019",
        contact_name="Sophie Laurent",
        contact_email="s@example.fr",
        position="Vendeur",
        city="Lyon",
        postal_code="69002",
        start_date=date(2026, 9, 7),
        link="http://t/{token}/",
        on=ON,
        now=at(ON),
        by=manager,
        send_link=False,
    )


def test_two_people_correct_an_offers_position(offer, two):
    url = reverse("admissions:offer", args=[offer.pk])
    read = lambda: Offer.objects.get(pk=offer.pk).position  # noqa: E731
    conflict_then_knowing_save(url, "position", "Vendeur conseil", "Attaché commercial", read)(two)


def test_an_offers_city_from_an_older_page_keeps_the_other_persons_position(offer, two):
    url = reverse("admissions:offer", args=[offer.pk])

    def read():
        fresh = Offer.objects.get(pk=offer.pk)
        return fresh.position, fresh.city

    merged_beside(url, "position", "Vendeur conseil", "city", "Bron", read)(two)


def test_an_offer_form_without_its_version_saves_nothing(offer, two):
    url = reverse("admissions:offer", args=[offer.pk])
    read = lambda: Offer.objects.get(pk=offer.pk).position  # noqa: E731
    nothing_saved_without_version(url, "position", "Vendeur conseil", read)(two)


# A step's name and e-mail, on the admissions settings page (one form per step, prefixed).


def _step_label() -> str:
    return StageSetting.objects.get(step="interview").label


def _settings_url(centre) -> str:
    return f"{reverse('admissions:settings')}?centre={centre.pk}"


def test_two_people_rename_a_step_saved_before(centre, manager, two):
    save_stage_setting(
        training_centre=centre,
        step="interview",
        label="Entretien",
        send_email=False,
        email_subject="",
        email_body="",
        by=manager,
    )
    url = _settings_url(centre)
    conflict_then_knowing_save(url, "interview-label", "Entretien oral", "Rencontre", _step_label)(
        two
    )


def test_two_people_rename_a_step_never_saved(centre, two):
    # Both pages show the default step; the first save creates the centre's own.
    url = _settings_url(centre)
    conflict_then_knowing_save(url, "interview-label", "Entretien oral", "Rencontre", _step_label)(
        two
    )


def test_a_steps_subject_from_an_older_page_keeps_the_other_persons_name(centre, two):
    url = _settings_url(centre)

    def read():
        setting = StageSetting.objects.get(step="interview")
        return setting.label, setting.email_subject

    merged_beside(
        url, "interview-label", "Entretien oral", "interview-email_subject", "Votre entretien", read
    )(two)


def test_a_step_form_without_its_version_saves_nothing(centre, two):
    url = _settings_url(centre)
    read = lambda: list(StageSetting.objects.values_list("label", flat=True))  # noqa: E731
    nothing_saved_without_version(url, "interview-label", "Entretien oral", read)(two)


# An application's positioning: one decision, changed from its page (an upsert).


def _positioning(application) -> Positioning:
    return Positioning.objects.get(application=application)


@pytest.fixture
def decided(applicant, manager):
    application = applicant()
    decide_positioning(
        application=application,
        credited_years=0,
        extra_years=0,
        exempted_units=[],
        qualifications=[],
        reasons="Bac pro commerce.",
        decided_on=ON,
        by=manager,
        on=ON,
    )
    return application


def test_two_people_correct_a_positionings_reasons(decided, two):
    url = reverse("admissions:positioning", args=[decided.pk])
    read = lambda: _positioning(decided).reasons  # noqa: E731
    conflict_then_knowing_save(url, "reasons", "Licence obtenue.", "Bac pro vente.", read)(two)


def test_two_people_decide_a_first_positioning(applicant, two):
    # Both pages show no decision yet; the first save creates it.
    application = applicant()
    url = reverse("admissions:positioning", args=[application.pk])
    read = lambda: _positioning(application).reasons  # noqa: E731
    conflict_then_knowing_save(url, "reasons", "Licence obtenue.", "Bac pro vente.", read)(two)


def test_a_positionings_date_from_an_older_page_keeps_the_other_persons_reasons(decided, two):
    url = reverse("admissions:positioning", args=[decided.pk])

    def read():
        positioning = _positioning(decided)
        return positioning.reasons, positioning.decided_on.isoformat()

    merged_beside(url, "reasons", "Licence obtenue.", "decided_on", "2026-03-02", read)(two)


def test_a_shortened_path_and_a_lengthened_one_merged_are_refused(decided, two):
    # One credits the first year; the other, from the page opened before, adds a year: each
    # alone is allowed, both together are not, and nothing of the second is saved.
    url = reverse("admissions:positioning", args=[decided.pk])
    first, second = (_logged_in(two.users[name]) for name in ("responsable", "admin"))
    mine, theirs = (form_data(c.get(url).text, having="reasons") for c in (first, second))
    assert first.post(url, {**mine, "credited_years": "1"}).status_code == 302
    response = second.post(url, {**theirs, "extra_years": "1"})
    assert response.status_code == 400
    assert "raccourci ou allongé, pas les deux" in response.text
    positioning = _positioning(decided)
    assert (positioning.credited_years, positioning.extra_years) == (1, 0)


def test_a_positioning_form_without_its_version_saves_nothing(decided, two):
    url = reverse("admissions:positioning", args=[decided.pk])
    read = lambda: _positioning(decided).reasons  # noqa: E731
    nothing_saved_without_version(url, "reasons", "Licence obtenue.", read)(two)


# The disability referent's record of an application's adaptations (the referent and an
# administrator); who recorded it, and when, changes on every save and is no one's edit.


@pytest.fixture
def referent_and_admin(centre, manager, two):
    designate_referent(training_centre=centre, user=manager, by=manager)
    return two


@pytest.fixture
def adapted(applicant, manager, referent_and_admin):
    application = applicant()
    record_adaptation(
        application=application,
        needs="Dyslexie.",
        training_adaptations="",
        exam_accommodation="",
        extra_time=False,
        by=manager,
        now=at(ON),
    )
    return application


def _adaptation(application) -> Adaptation:
    return Adaptation.objects.get(application=application)


def test_two_people_correct_the_needs_of_an_applicant(adapted, referent_and_admin):
    url = reverse("admissions:adaptation", args=[adapted.pk])
    read = lambda: _adaptation(adapted).needs  # noqa: E731
    conflict_then_knowing_save(url, "needs", "Dyslexie sévère.", "Dyspraxie.", read)(
        referent_and_admin
    )


def test_two_people_record_a_first_adaptation(applicant, referent_and_admin):
    application = applicant()
    url = reverse("admissions:adaptation", args=[application.pk])
    read = lambda: _adaptation(application).needs  # noqa: E731
    conflict_then_knowing_save(url, "needs", "Dyslexie sévère.", "Dyspraxie.", read)(
        referent_and_admin
    )


def test_an_exam_accommodation_from_an_older_page_keeps_the_other_persons_needs(
    adapted, referent_and_admin
):
    url = reverse("admissions:adaptation", args=[adapted.pk])

    def read():
        adaptation = _adaptation(adapted)
        return adaptation.needs, adaptation.exam_accommodation

    merged_beside(url, "needs", "Dyslexie sévère.", "exam_accommodation", "Salle à part", read)(
        referent_and_admin
    )


def test_an_adaptation_form_without_its_version_saves_nothing(adapted, referent_and_admin):
    url = reverse("admissions:adaptation", args=[adapted.pk])
    read = lambda: _adaptation(adapted).needs  # noqa: E731
    nothing_saved_without_version(url, "needs", "Dyspraxie.", read)(referent_and_admin)


def test_two_people_exempt_different_units(decided, two):
    # A list of choices in conflict: shown by the units' labels; a knowing save keeps the
    # second person's.
    url = reverse("admissions:positioning", args=[decided.pk])
    first, second = (_logged_in(two.users[name]) for name in ("responsable", "admin"))
    mine, theirs = (form_data(c.get(url).text, having="reasons") for c in (first, second))
    licence = {"qualifications": ["licence"]}
    assert first.post(url, {**mine, **licence, "exempted_units": ["U1"]}).status_code == 302
    response = second.post(url, {**theirs, **licence, "exempted_units": ["U2"]})
    assert response.status_code == 400
    assert "Modifié entre-temps par un autre utilisateur : « U1 — " in html.unescape(response.text)
    assert _positioning(decided).exempted_units == ["U1"]
    again = {**form_data(response.text, having="reasons"), **licence, "exempted_units": ["U2"]}
    assert second.post(url, again).status_code == 302
    assert _positioning(decided).exempted_units == ["U2"]
