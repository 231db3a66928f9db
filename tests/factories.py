"""Factories for test data: plain functions building valid records through the services."""

from datetime import date

from django.contrib.auth import get_user_model

from ndrc.companies import services as company_services
from ndrc.core import services as core_services
from ndrc.core.models import Role

User = get_user_model()

ON = date(2026, 9, 1)  # the date records are entered on in these tests


def administrator():
    """The administrator who builds test data (created once per test database)."""
    user = User.objects.filter(username="factory-admin").first()
    if user is None:
        user = User.objects.create_superuser(username="factory-admin", password="x")
    return user


def centre(*, name="Lycée Test", uai="0691234S", siret="19690026000015"):
    return core_services.create_training_centre(name=name, uai=uai, siret=siret, by=administrator())


def person(username, *, role=None, training_centre=None, first_name="", last_name=""):
    user = core_services.create_user(
        username=username,
        password="mot-de-passe-test",
        first_name=first_name,
        last_name=last_name,
        by=administrator(),
    )
    if role is not None:
        core_services.grant_role(
            user=user, training_centre=training_centre, role=role, by=administrator()
        )
    return user


def manager_of(training_centre, username="manager"):
    return person(username, role=Role.TRAINING_MANAGER, training_centre=training_centre)


def cohort(training_centre, *, name="BTS NDRC 1", start=date(2026, 9, 1), session=2028):
    from ndrc.learners import services

    return services.create_cohort(
        training_centre=training_centre,
        name=name,
        first_year_start=start,
        exam_session=session,
        by=administrator(),
    )


def learner(cohort, *, category="scolaire", by=None, **fields):
    from ndrc.learners import services

    values = {
        "first_name": "Lina",
        "last_name": "Martin",
        "birth_date": date(2006, 5, 4),
        "category_start": cohort.first_year_start,
        "on": ON,
    }
    values.update(fields)
    return services.create_learner(
        cohort=cohort, category=category, by=by or administrator(), **values
    )


def company(*, name="Rhône Distribution", siret="41234567000019", **fields):
    return company_services.create_company(name=name, siret=siret, by=administrator(), **fields)


def contact(company, *, first_name="Marc", last_name="Dubois", master=True, tutor=True, user=None):
    return company_services.create_contact(
        company=company,
        first_name=first_name,
        last_name=last_name,
        is_apprenticeship_master=master,
        is_internship_tutor=tutor,
        user=user,
        by=administrator(),
    )


def supervision(learner, contact, *, role="internship_tutor", start=date(2026, 9, 1), end=None):
    return company_services.start_supervision(
        learner=learner, contact=contact, role=role, start=start, end=end, by=administrator()
    )


def published_results(learner, *, office, grade="14.5"):
    """Register `learner` to this year's session of their centre (progressive form, U4), grade,
    deliberate, sign off and publish the results a minute ago, through the exams services.
    `office`: a user of the centre's exam office, who presides the jury."""
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from ndrc.exams import services
    from ndrc.exams.models import GradeSource, SessionState

    now = timezone.now()
    today = timezone.localdate()
    session = services.create_session(
        training_centre=learner.cohort.training_centre,
        year=today.year,
        registration_deadline=today,
        president=office,
        by=office,
    )
    registration = services.register(
        session=session,
        learner=learner,
        data=services.RegistrationInput(form="progressive", units=("U4",)),
        on=today,
        by=office,
    )
    for state in (SessionState.REGISTRATION_CLOSED, SessionState.GRADING):
        services.change_state(session=session, to=state, by=office)
    grades = [services.GradeInput(registration, "U4", "", Decimal(grade), "U4")]
    services.set_grades(session=session, grades=grades, source=GradeSource.TYPED, by=office)
    services.change_state(session=session, to=SessionState.JURY, by=office)
    services.deliberate_session(session=session, by=office)
    services.sign_off(session=session, by=office)
    services.publish(session=session, at=now - timedelta(minutes=1), by=office)
    return session
