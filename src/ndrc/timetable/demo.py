"""The demo's training calendars and timetable (see `ndrc.demo`). Idempotent; made through
the services, as a training manager would.

Both cohorts are planned in a lycée of Lyon (department 69, zone A) that closes in the school
holidays: the apprentices (and continuing-education trainees) come two days a week, Monday and
Tuesday ("2 jours en CFA, 3 jours en entreprise", brochure 000), for the 1,350 hours the
brochures promise; the students come every weekday for the volumes of Annexe III a, and go on
internship in January-February 2027. A typical week of 2026-2027 is planned, then copied week
after week: the copies that fall on a public holiday, a school holiday or the internship are
refused with their reason, as they would be for the manager.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from ndrc.timetable import services
from ndrc.timetable.models import TrainingCalendar
from ndrc.timetable.selectors import CalendarContext, student_promise

FIRST_WEEK = date(2026, 9, 7)  # the first full week of the 2026-2027 school year
LAST_WEEK = date(2027, 6, 21)
ROOMS = [("Salle 101", 30), ("Salle 102", 30), ("Salle informatique", 20)]
APPRENTICES = ["apprenti_habilite", "fpc_public"]
STUDENTS = ["scolaire"]
APPRENTICE_PROMISE = "Programme du centre : 1\u202f350\u00a0h sur deux ans (brochures 000 et 002)"

# cohort key, weekday, half-day, module, teacher login, room, group ("all" or "students")
WEEK = [
    ("second_year", 0, "am", "rcnv", "enseignant", "Salle 101", "all"),
    ("second_year", 0, "pm", "rcdd", "enseignante", "Salle informatique", "all"),
    ("second_year", 1, "am", "cejm", "enseignante", "Salle 101", "all"),
    ("second_year", 1, "pm", "rcar", "enseignant", "Salle 101", "all"),
    ("second_year", 2, "am", "atelier", "enseignant", "Salle 101", "students"),
    ("second_year", 3, "am", "lv1", "enseignante", "Salle 101", "students"),
    ("second_year", 3, "pm", "cge", "enseignant", "Salle 101", "students"),
    ("second_year", 4, "am", "cejma", "enseignante", "Salle 101", "students"),
    ("first_year", 0, "am", "cge", "enseignante", "Salle 102", "all"),
    ("first_year", 0, "pm", "rcnv", "enseignant", "Salle 102", "all"),
    ("first_year", 1, "am", "rcar", "enseignant", "Salle 102", "all"),
    ("first_year", 1, "pm", "lv1", "enseignante", "Salle 102", "all"),
    ("first_year", 2, "am", "cejm", "enseignante", "Salle 102", "students"),
    ("first_year", 3, "am", "atelier", "enseignant", "Salle 102", "students"),
    ("first_year", 3, "pm", "rcdd", "enseignante", "Salle informatique", "students"),
    ("first_year", 4, "am", "cejma", "enseignant", "Salle 102", "students"),
]


def create_timetable_demo(population, *, last_week: date = LAST_WEEK) -> None:
    """Plan the demo cohorts' calendars and their 2026-2027 timetable, once."""
    if TrainingCalendar.objects.filter(cohort=population.second_year).exists():
        return
    manager = population.users["responsable"]
    with transaction.atomic():
        rooms = {
            name: services.create_room(
                training_centre=population.centre, name=name, capacity=capacity, by=manager
            )
            for name, capacity in ROOMS
        }
        groups = {}
        for key, cohort, years in (
            ("second_year", population.second_year, 2),
            ("first_year", population.first_year, 2),
        ):
            calendar = services.save_calendar(
                cohort=cohort,
                values={
                    "start": cohort.first_year_start,
                    "end": date(cohort.exam_session, 6, 30),
                    "department": "69",
                    "school_holiday_zone": "A",
                    "close_in_school_holidays": True,
                },
                by=manager,
            )
            total, by_module = student_promise(cohort.framework, years)
            apprentices = services.add_rhythm(
                calendar=calendar,
                name="Apprentis et formation continue",
                categories=APPRENTICES,
                pattern=[["mon", "tue"]],
                away_place="company",
                promised_hours=Decimal(1350),
                promised_by_module={},
                promise_source=APPRENTICE_PROMISE,
                by=manager,
            )
            students = services.add_rhythm(
                calendar=calendar,
                name="Étudiants",
                categories=STUDENTS,
                pattern=[["mon", "tue", "wed", "thu", "fri"]],
                away_place="off",
                promised_hours=total,
                promised_by_module={code: str(hours) for code, hours in by_module.items()},
                promise_source="Arrêté du 19 février 2018, annexe III a",
                by=manager,
            )
            groups[key] = {"all": None, "students": students, "apprentices": apprentices}
            services.add_period(
                calendar=calendar,
                kind="internship",
                start=date(2027, 1, 11),
                end=date(2027, 2, 19),
                label="Stage en entreprise",
                rhythm=students,
                by=manager,
            )
        services.add_period(
            calendar=population.second_year.training_calendar,
            kind="exam",
            start=date(2027, 5, 10),
            end=date(2027, 5, 21),
            label="Épreuves ponctuelles du BTS (dates indicatives)",
            by=manager,
        )
        cohorts = {"second_year": population.second_year, "first_year": population.first_year}
        for key, weekday, half, module, teacher, room, group in WEEK:
            services.plan_session(
                cohort=cohorts[key],
                date=FIRST_WEEK + timedelta(days=weekday),
                half_day=half,
                module=module,
                teacher=population.users[teacher],
                room=rooms[room],
                rhythm=groups[key][group],
                by=manager,
            )
        for cohort in cohorts.values():
            context = CalendarContext.of(cohort)  # its groups' plans worked out once
            week = FIRST_WEEK + timedelta(days=7)
            while week <= last_week:
                services.copy_week(
                    cohort=cohort, source=FIRST_WEEK, target=week, by=manager, context=context
                )
                week += timedelta(days=7)
