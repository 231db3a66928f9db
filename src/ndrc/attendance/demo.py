"""The demo's attendance: four weeks of signed sheets (7 September to 2 October 2026) for both
cohorts, taken as in class — the teacher opens the sheet, each learner signs with the code
shown, a few are late or absent, one has no phone, the teacher signs — then a sick note
justifies two absences and the training manager corrects one locked line. Every learner of the
cohorts signs, the apprentice enrolled by the admissions' demo (Yanis Morin, which runs before)
too. Idempotent; made through the services, after `ndrc.timetable.demo`.
"""

import datetime
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.text import slugify

from ndrc.attendance import codes, services
from ndrc.attendance.models import AttendanceSheet, Status
from ndrc.core import services as core_services
from ndrc.core.demo import DEMO_PASSWORD
from ndrc.core.models import Role
from ndrc.learners import services as learner_services
from ndrc.learners.demo import DEMO_ON
from ndrc.learners.models import Learner
from ndrc.timetable.demo import FIRST_WEEK, create_timetable_demo
from ndrc.timetable.models import Session, SessionStatus

User = get_user_model()
PARIS = ZoneInfo("Europe/Paris")
SIGNED_UNTIL = date(2026, 10, 2)
# (learner key, date, half-day): what happened that half-day, by the demo's story.
ABSENT = {
    ("petit", date(2026, 9, 14), "am"),
    ("petit", date(2026, 9, 14), "pm"),  # then a sick note for the 14th
    ("robert", date(2026, 9, 22), "pm"),  # unjustified: his master is told
    ("mercier", date(2026, 9, 16), "am"),
    ("leroy", date(2026, 9, 24), "am"),
}
LATE = {("bernard", date(2026, 9, 21), "am"), ("garnier", date(2026, 9, 15), "pm")}
NO_PHONE = {("durand", date(2026, 9, 8), "am")}


def _moment(day: date, half_day: str, minutes: int) -> datetime.datetime:
    start = datetime.time(8, 15) if half_day == "am" else datetime.time(13, 0)
    return datetime.datetime.combine(day, start, tzinfo=PARIS) + timedelta(minutes=minutes)


def _learner_logins(population) -> None:
    """A login for each learner of the demo cohorts who has none (login = the demo key, e.g.
    `petit`, or the last name of a learner enrolled by another app's demo, e.g. `morin`; same
    password as the other demo logins): learners sign on their own phones."""
    admin = population.users["admin"]
    password = make_password(DEMO_PASSWORD)
    keys = {learner.pk: key for key, learner in population.learners.items()}
    cohorts = [population.second_year, population.first_year]
    learners = Learner.objects.filter(cohort__in=cohorts, user__isnull=True, erased_on__isnull=True)
    for learner in learners.order_by("pk"):
        user = core_services.create_user(
            username=keys.get(learner.pk) or slugify(learner.last_name),
            password=None,
            first_name=learner.first_name,
            last_name=learner.last_name,
            email=learner.email,
            by=admin,
        )
        core_services.grant_role(
            user=user, training_centre=population.centre, role=Role.LEARNER, by=admin
        )
        learner_services.update_learner(
            learner=learner, changes={"user": user}, on=DEMO_ON, by=admin
        )
        User.objects.filter(pk=user.pk).update(password=password)


def create_attendance_demo(population, *, last_week: date | None = None) -> None:
    """The demo's timetable (if not yet there) and four weeks of signed attendance, once."""
    create_timetable_demo(population, **({"last_week": last_week} if last_week else {}))
    cohorts = [population.second_year, population.first_year]
    if AttendanceSheet.objects.filter(session__cohort__in=cohorts).exists():
        return
    keys = {learner.pk: key for key, learner in population.learners.items()}
    manager = population.users["responsable"]
    with transaction.atomic():
        _learner_logins(population)
        sessions = Session.objects.filter(
            cohort__in=cohorts,
            status=SessionStatus.SCHEDULED,
            date__gte=FIRST_WEEK,
            date__lte=SIGNED_UNTIL,
        ).select_related("teacher", "cohort")
        for session in sessions.order_by("date", "half_day", "pk"):
            teacher = session.teacher
            sheet = services.open_sheet(
                session=session, by=teacher, at=_moment(session.date, session.half_day, 2)
            )
            for minute, record in enumerate(sheet.records.select_related("learner__user")):
                story = (keys.get(record.learner_id), session.date, session.half_day)
                at = _moment(session.date, session.half_day, 3 + minute % 10)
                if story in ABSENT:
                    continue
                if story in NO_PHONE:
                    reason = "Téléphone oublié, présence constatée par le formateur"
                    services.mark(record=record, status=Status.PRESENT, reason=reason,
                                  by=teacher, at=at)  # fmt: skip
                else:
                    services.sign_in(
                        user=record.learner.user,
                        code=codes.code_at(sheet.secret, at),
                        at=at,
                        address="192.0.2.10",
                        agent="Démonstration",
                        sheet_id=sheet.pk,
                    )
                if story in LATE:
                    record.refresh_from_db()
                    services.mark(record=record, status=Status.LATE, by=teacher, at=at)
            services.sign_sheet(
                sheet=sheet, by=teacher, at=_moment(session.date, session.half_day, 200)
            )
        services.justify_absence(
            learner=population.learners["petit"],
            start=date(2026, 9, 14),
            end=date(2026, 9, 14),
            reason="Arrêt de travail (certificat médical)",
            by=manager,
            at=datetime.datetime(2026, 9, 16, 9, 0, tzinfo=PARIS),
        )
        leroy = (
            AttendanceSheet.objects.get(session__cohort=population.second_year,
                                        session__date=date(2026, 9, 24), session__half_day="am")
            .records.get(learner=population.learners["leroy"])
        )  # fmt: skip
        services.correct(
            record=leroy,
            status=Status.LATE,
            reason="Arrivée à 9 h 10 avec un mot du bus scolaire (retard des transports)",
            by=manager,
            at=datetime.datetime(2026, 9, 25, 10, 0, tzinfo=PARIS),
        )
