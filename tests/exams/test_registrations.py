"""Registering candidates: the session's states, a cohort in one screen, a registration
corrected line by line, every write audited."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ndrc.core.selectors import history_of
from ndrc.exams import services
from ndrc.exams.models import Registration, SessionState


@pytest.fixture
def cohort_2026(open_session):
    return open_session.training_centre.cohorts.get(exam_session=2026)


def test_the_cohort_screen_registers_the_learners_and_keeps_what_the_engine_finds_wrong(
    client, demo, open_session, cohort_2026
):
    client.force_login(demo.users["examens"])
    url = f"/examen/sessions/{open_session.pk}/inscriptions/promotion/{cohort_2026.pk}/"
    page = client.get(url).content.decode()
    assert page.count('name="l') > 8 and "AUBERT Léna" in page
    data = {}
    for learner in cohort_2026.learners.all():
        prefix = f"l{learner.pk}"
        data |= {f"{prefix}-include": "on", f"{prefix}-form": "whole", f"{prefix}-lv1": "anglais"}
        data[f"{prefix}-units"] = ["U1", "U2", "U3", "U4", "U5", "U6"]
        if learner.extra_time:
            data[f"{prefix}-extra_time"] = "on"
            data[f"{prefix}-accommodation_decision"] = "Recteur, 03/10/2025"
    henry = cohort_2026.learners.get(last_name="Henry")
    data[f"l{henry.pk}-units"] = ["U4", "U5", "U6"]  # nothing covers U1-U3: to correct
    response = client.post(url, data)
    assert response.status_code == 302
    registrations = Registration.objects.filter(session=open_session)
    assert registrations.count() == 8
    invalid = registrations.get(valid=False)
    assert invalid.learner == henry and invalid.category == "fpc_public"
    assert [p["field"] for p in invalid.problems] == ["units", "units", "units"]
    page = client.get(f"/examen/sessions/{open_session.pk}/inscriptions/").content.decode()
    assert "Forme globale : U1 n&#x27;est ni présentée" in page
    # Closing is refused while a registration is to correct.
    with pytest.raises(ValidationError, match="1 inscription"):
        services.change_state(
            session=open_session, to=SessionState.REGISTRATION_CLOSED, by=demo.users["examens"]
        )
    # Corrected line by line: exempted by her licence, U3 kept from 2023.
    response = client.post(
        f"/examen/inscriptions/{invalid.pk}/",
        {
            "form": "whole",
            "units": ["U4", "U5", "U6"],
            "exemptions": ["U1", "U2"],
            "qualifications": ["licence"],
            "diploma": "Licence LEA, Lyon 2, 2021",
            "carried_1_unit": "U3",
            "carried_1_grade": "11,5",
            "carried_1_session": "2023",
        },
    )
    assert response.status_code == 302
    invalid.refresh_from_db()
    assert invalid.valid and invalid.problems == []
    assert [(c.unit, c.grade) for c in invalid.carried_grades.all()] == [("U3", Decimal("11.5"))]
    assert history_of(invalid).filter(action="update").exists()
    services.change_state(
        session=open_session, to=SessionState.REGISTRATION_CLOSED, by=demo.users["examens"]
    )
    assert history_of(open_session).filter(after__state="registration_closed").exists()


def test_an_exemption_needs_its_diploma_and_an_accommodation_its_decision(
    demo, open_session, cohort_2026
):
    office = demo.users["examens"]
    learner = cohort_2026.learners.get(last_name="Henry")
    data = services.RegistrationInput(
        units=("U3", "U4", "U5", "U6"), exemptions=("U1", "U2"), qualifications=("licence",),
        extra_time=True,
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.register(session=open_session, learner=learner, data=data, on=date(2025, 11, 1),
                          by=office)  # fmt: skip
    assert set(error.value.message_dict) == {"diploma", "accommodation_decision"}
    assert not Registration.objects.exists()


def test_a_malformed_registration_names_the_field_and_saves_nothing(
    demo, open_session, cohort_2026
):
    learner = cohort_2026.learners.first()
    data = services.RegistrationInput(
        units=("U4",), carried=(services.CarriedInput("U3", Decimal(12), 2019),)
    )
    with pytest.raises(ValidationError) as error:
        services.register(session=open_session, learner=learner, data=data, on=date(2025, 11, 1),
                          by=demo.users["examens"])  # fmt: skip
    assert "session entre 2020 et 2025 attendue" in str(error.value.message_dict["carried"])
    assert not Registration.objects.exists()


def test_who_may_register_and_open_sessions(demo, open_session, cohort_2026):
    learner = cohort_2026.learners.first()
    data = services.RegistrationInput(units=("U4",), form="progressive")
    for login in ("enseignant", "tuteur", "apprenant"):
        with pytest.raises(PermissionDenied):
            services.register(session=open_session, learner=learner, data=data,
                              on=date(2025, 11, 1), by=demo.users[login])  # fmt: skip
    # The training manager registers; the exam office alone runs the session.
    services.register(session=open_session, learner=learner, data=data, on=date(2025, 11, 1),
                      by=demo.users["responsable"])  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.change_state(
            session=open_session, to=SessionState.REGISTRATION_CLOSED, by=demo.users["responsable"]
        )


def test_a_session_moves_only_to_its_next_state(demo, open_session):
    office = demo.users["examens"]
    with pytest.raises(ValidationError, match="ne peut pas passer"):
        services.change_state(session=open_session, to=SessionState.JURY, by=office)
    with pytest.raises(ValidationError, match="Aucun candidat inscrit"):
        services.change_state(session=open_session, to=SessionState.REGISTRATION_CLOSED, by=office)


def test_one_session_per_centre_and_year(demo, open_session):
    with pytest.raises(ValidationError):
        services.create_session(
            training_centre=open_session.training_centre,
            year=2026,
            registration_deadline=date(2025, 11, 30),
            by=demo.users["examens"],
        )


def test_the_cohort_screen_starts_from_the_positioning_decided_at_admission(
    client, demo, open_session, cohort_2026
):
    """A learner positioned at admission (admissions' `positioning_for`): their line comes with
    the exempted units, the titles and the diploma, the units to sit without them, and is
    registered valid as it is."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from ndrc.admissions import services as admissions
    from ndrc.admissions.models import Application

    manager = demo.users["responsable"]
    now = datetime(2024, 6, 1, 10, tzinfo=ZoneInfo("Europe/Paris"))
    admissions.set_places(cohort=cohort_2026, places=30, by=manager)
    intake = admissions.create_intake(
        cohort=cohort_2026, title="BTS NDRC", training_start=date(2024, 9, 2),
        default_category="fpc_public", is_open=True, by=manager, now=now,
    )  # fmt: skip
    henry = cohort_2026.learners.get(last_name="Henry")
    application = admissions.create_application(
        intake=intake, by=manager, on=now.date(), now=now, first_name=henry.first_name,
        last_name=henry.last_name, birth_date=henry.birth_date, email="ines.henry@example.fr",
    )  # fmt: skip
    admissions.decide_positioning(
        application=application, credited_years=0, extra_years=0, exempted_units=["U1", "U2"],
        qualifications=["licence"], reasons="Licence LEA (Lyon 2, 2021).",
        decided_on=date(2024, 6, 20), by=manager, on=date(2024, 6, 20),
    )  # fmt: skip
    Application.objects.filter(pk=application.pk).update(learner=henry)  # as enrolment sets it

    client.force_login(demo.users["examens"])
    url = f"/examen/sessions/{open_session.pk}/inscriptions/promotion/{cohort_2026.pk}/"
    response = client.get(url)
    line = response.context["forms"]
    henry_line = next(form for form in line if form.learner == henry)
    assert henry_line.initial["exemptions"] == ["U1", "U2"]
    assert henry_line.initial["qualifications"] == ["licence"]
    assert henry_line.initial["units"] == ["U3", "U4", "U5", "U6"]
    assert henry_line.initial["diploma"] == "licence (positionnement du 20/06/2024)"
    others = [form for form in line if form.learner != henry]
    assert all(form.initial["exemptions"] == [] for form in others)
    assert "Positionnement du 20/06/2024 : Licence LEA" in response.content.decode()

    data = {}
    for form in line:  # the screen posted as it comes, lines pre-filled
        prefix = f"l{form.learner.pk}"
        for name, value in form.initial.items():
            if value is True:
                data[f"{prefix}-{name}"] = "on"
            elif value not in (False, None, "", []):
                data[f"{prefix}-{name}"] = value
        if form.learner.extra_time:
            data[f"{prefix}-accommodation_decision"] = "Recteur, 03/10/2025"
    assert client.post(url, data).status_code == 302
    registration = Registration.objects.get(session=open_session, learner=henry)
    assert registration.valid, registration.problems
    assert registration.exemptions == ["U1", "U2"] and registration.qualifications == ["licence"]
    assert registration.units == ["U3", "U4", "U5", "U6"]
