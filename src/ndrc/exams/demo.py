"""The demo's exam sessions (through the services; idempotent).

- **Session 2026**, ready to run end to end: the cohort « BTS NDRC 2e année (2024-2026) » of
  eight candidates, their CCF situations of E4 and E6 held and confirmed in the assessments app
  by the teacher `enseignant`, registered (one with U1 and U2 exempted by a licence, one keeping
  U3 from 2025, one with extra time, two with the optional unit), the session in « saisie des
  notes »: the CCF grades taken from the situations, U1 and U3 typed; U2, U5 and UF1 are left for
  the exam office to import (`GRADE_FILE` is such a file). The jury's president is `examens`.
  Once deliberated: five admitted, one excused absence in U1 still admitted, one for the
  épreuves de contrôle (Théo Barbier, 9,5), one failed with U2 kept (Yanis Colin). Léna Aubert
  has the login `candidat` to read her results once published.
- **Session 2027**, registrations open, for the 2nd-year cohort of the demo population: a
  cohort's registration is one screen away.

`create_exams_demo(population, registered=False)` stops before the registrations (the browser
test registers the cohort itself).
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from ndrc.assessments import services as assessments
from ndrc.assessments.models import Level
from ndrc.assessments.selectors import grid_of
from ndrc.core import services as core_services
from ndrc.core.demo import DEMO_PASSWORD
from ndrc.core.models import Role
from ndrc.exams import services
from ndrc.exams.models import ExamSession, GradeSource, SessionState
from ndrc.learners import services as learner_services
from ndrc.learners.models import Cohort

COHORT = "BTS NDRC 2e année (2024-2026)"
FIRST_YEAR_START = date(2024, 9, 2)
REGISTERED_ON = date(2025, 11, 14)
PLACE = "Salle B12 — Lycée Jean Monnet"
CANDIDATE_LOGIN = "candidat"

# key, first name, last name, birth date, category, CCF grades (E4 A, E4 B, E6 B),
# typed (U1, U3), to import (U2, U5 written, U5 practical, UF1), registration extras
LEARNERS = [
    ("aubert", "Léna", "Aubert", date(2005, 3, 2), "scolaire", (14, 15, 13),
     (12, 11), (14, 12, 13, 14), {"lv2": "espagnol", "add": ("UF1",)}),
    ("barbier", "Théo", "Barbier", date(2005, 6, 21), "scolaire", (11, 12, 10),
     (7, 8), (9, 9, 11, None), {}),
    ("caron", "Maëlys", "Caron", date(2005, 1, 9), "apprenti_habilite", (13, 12, 12),
     (10, 9), (11, 11, 12, None), {}),
    ("colin", "Yanis", "Colin", date(2004, 10, 30), "apprenti_habilite", (9, 8, 8),
     (5, 6), (10, 7, 8, None), {}),
    ("dumont", "Clara", "Dumont", date(2005, 8, 14), "apprenti_habilite", (15, 14, 14),
     (13, 12), (12, 13, 12, 12), {"lv2": "allemand", "add": ("UF1",), "extra_time": True}),
    ("gautier", "Hugo", "Gautier", date(2004, 4, 3), "scolaire", (10, 11, 11),
     (9, None), (10, 10, 10, None), {"carried": ("U3", "12", 2025), "remove": ("U3",)}),
    ("henry", "Inès", "Henry", date(1999, 12, 12), "fpc_public", (12, 12, 11),
     (None, 8), (None, 9, 10, None), {"exempt": ("U1", "U2"), "remove": ("U1", "U2")}),
    ("marchand", "Enzo", "Marchand", date(2005, 5, 27), "scolaire", (13, 13, 12),
     ("excused", 11), (12, 12, 12, None), {}),
]  # fmt: skip

# What the exam office imports: the written and oral grades of U2, U5 and UF1 (CSV, `;`).
IMPORT_COLUMNS = ("N° candidat", "Nom", "U2", "U5 écrit", "U5 pratique", "UF1")
SITUATIONS = (("E4", "A", date(2026, 1, 20)), ("E4", "B", date(2026, 3, 10)),
              ("E6", "A", date(2026, 4, 7)), ("E6", "B", date(2026, 5, 12)))  # fmt: skip
LEVELS = (Level.SATISFACTORY, Level.VERY_SATISFACTORY, Level.INSUFFICIENT)


def create_exams_demo(population: Any, *, registered: bool = True) -> ExamSession:
    """Create the demo sessions once (see the module); later calls change nothing."""
    existing = ExamSession.objects.filter(training_centre=population.centre, year=2026).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        return _create(population, registered=registered)


def _create(population: Any, *, registered: bool) -> ExamSession:
    users = population.users
    admin, office, teacher = users["admin"], users["examens"], users["enseignant"]
    cohort = learner_services.create_cohort(
        training_centre=population.centre,
        name=COHORT,
        first_year_start=FIRST_YEAR_START,
        exam_session=2026,
        by=admin,
    )
    for block in ("BC01", "BC03"):
        learner_services.assign_teacher(teacher=teacher, cohort=cohort, subject=block, by=admin)
    learners = _learners(cohort, population)
    for key, learner in learners.items():
        _ccf(learner, LEARNERS_BY_KEY[key], teacher, population)
    session = services.create_session(
        training_centre=population.centre,
        year=2026,
        registration_deadline=date(2025, 11, 28),
        ccf_start=date(2026, 1, 5),
        ccf_end=date(2026, 5, 29),
        oral_start=date(2026, 5, 18),
        oral_end=date(2026, 6, 5),
        president=office,
        jury_members="Bruno Lefèvre, président (service des examens)\n"
        "Paul Girard, professeur d'économie-gestion\n"
        "Sophie Laurent, professionnelle (Rhône Distribution)",
        by=office,
    )
    for kind, exam, day, label in (
        ("written", "E1", date(2026, 5, 11), "E1 Culture générale et expression (écrit, 4\u00a0h)"),
        ("written", "E3", date(2026, 5, 12), "E3 Culture économique, juridique et managériale"),
        ("written", "E5", date(2026, 5, 13), "E5 partie écrite (3\u00a0h)"),
        ("oral", "E2", date(2026, 5, 18), "E2 Langue vivante 1 (oral)"),
        ("practical", "E5", date(2026, 5, 26), "E5 partie pratique (40\u00a0min)"),
        ("oral", "EF1", date(2026, 6, 2), "EF1 Langue vivante 2 (facultative)"),
        ("resit", "", date(2026, 7, 2), "Épreuves de contrôle"),
    ):
        services.add_calendar_entry(
            session=session, kind=kind, exam=exam, starts_on=day, label=label, by=office
        )
    services.create_session(
        training_centre=population.centre,
        year=2027,
        registration_deadline=date(2026, 12, 18),
        dossier_deadline=date(2027, 3, 31),
        by=office,
    )
    if registered:
        _register(session, learners, office)
    return session


def _learners(cohort: Cohort, population: Any) -> dict:
    admin = population.users["admin"]
    candidate = core_services.create_user(
        username=CANDIDATE_LOGIN,
        password=DEMO_PASSWORD,
        first_name="Léna",
        last_name="Aubert",
        email="candidat@example.fr",
        by=admin,
    )
    core_services.grant_role(
        user=candidate, training_centre=population.centre, role=Role.LEARNER, by=admin
    )
    given = []
    for index, (key, first, last, birth, category, *_rest, extras) in enumerate(LEARNERS, 1):
        apprentice = category.startswith("apprenti")
        given.append(
            {
                "first_name": first,
                "last_name": last,
                "birth_date": birth,
                "category": category,
                "ine": f"2023A{80 + index:05d}K" if apprentice else f"{812345600 + index:09d}HB",
                "email": f"{key}.{first.lower()[:1]}@eleves.example.fr",
                "extra_time": bool(extras.get("extra_time")),
                "accommodation": "Tiers-temps (avis du médecin désigné par la CDAPH)"
                if extras.get("extra_time")
                else "",
                "user": candidate if key == "aubert" else None,
            }
        )
    created = learner_services.create_learners(
        cohort=cohort, learners=given, on=date(2024, 9, 2), by=admin
    )
    return {row[0]: learner for row, learner in zip(LEARNERS, created, strict=True)}


LEARNERS_BY_KEY = {row[0]: row for row in LEARNERS}


def _ccf(learner, row, teacher, population) -> None:
    """E4 A and B, E6 A and B held, rated and confirmed with the row's grades."""
    manager = population.users["responsable"]
    e4a, e4b, e6b = row[5]
    grades = {("E4", "A"): e4a, ("E4", "B"): e4b, ("E6", "B"): e6b}
    for exam, code, day in SITUATIONS:
        situation = assessments.plan_situation(
            learner=learner, exam=exam, situation=code, date=day, place=PLACE,
            members=[teacher], by=manager,
        )  # fmt: skip
        assessments.mark_held(situation=situation, by=teacher)
        if (exam, code) not in grades:
            continue
        for index, grid_row in enumerate(r for r in grid_of(situation) if r.assessed):
            assessments.rate_criterion(
                situation=situation, criterion=grid_row.code,
                level=LEVELS[index % 2 if grades[exam, code] >= 10 else 2], by=teacher,
            )  # fmt: skip
        assessments.propose_grade(
            situation=situation, grade=str(grades[exam, code]), observations="", by=teacher
        )
        seen = assessments.proposal_version(situation)
        assessments.confirm_grade(situation=situation, seen=seen, by=teacher)


def registration_input(key: str) -> services.RegistrationInput:
    """The registration of a demo learner, as the exam office fills it in."""
    extras = LEARNERS_BY_KEY[key][8]
    removed = extras.get("remove", ())
    units = [u for u in ("U1", "U2", "U3", "U4", "U5", "U6") if u not in removed]
    units += extras.get("add", ())
    carried = ()
    if "carried" in extras:
        unit, grade, year = extras["carried"]
        carried = (
            services.CarriedInput(
                unit=unit,
                grade=Decimal(grade),
                obtained_session=year,
                source="Relevé de notes de la session 2025",
            ),
        )
    exempted = extras.get("exempt", ())
    return services.RegistrationInput(
        form="whole",
        units=tuple(units),
        exemptions=tuple(exempted),
        qualifications=("licence",) if exempted else (),
        diploma="Licence LEA, Université Lumière Lyon 2, 2021" if exempted else "",
        lv1="" if "U2" in exempted else "anglais",
        lv2=extras.get("lv2", ""),
        carried=carried,
        extra_time=bool(extras.get("extra_time")),
        accommodation_decision="Décision du recteur de l'académie de Lyon du 3 octobre 2025"
        if extras.get("extra_time")
        else "",
    )


def _register(session: ExamSession, learners: dict, office) -> None:
    lines = [(learner, registration_input(key)) for key, learner in learners.items()]
    services.register_cohort(session=session, lines=lines, on=REGISTERED_ON, by=office)
    services.change_state(session=session, to=SessionState.REGISTRATION_CLOSED, by=office)
    services.change_state(session=session, to=SessionState.GRADING, by=office)
    services.collect_ccf_grades(session=session, on=date(2026, 6, 10), by=office)
    numbers = {r.learner_id: r for r in session.registrations.all()}
    typed = []
    for key, learner in learners.items():
        registration = numbers[learner.pk]
        for unit, value in zip(("U1", "U3"), LEARNERS_BY_KEY[key][6], strict=True):
            if value is not None:
                grade = value if isinstance(value, str) else Decimal(value)
                typed.append(
                    services.GradeInput(registration, unit, "", grade, registration.number)
                )
    services.set_grades(session=session, grades=typed, source=GradeSource.TYPED, by=office)


def grade_file(session: ExamSession) -> bytes:
    """The CSV file of the grades left to import (U2, U5, UF1), as an exam office would type it."""
    from ndrc.core.tabular import write_csv

    rows = []
    for registration in session.registrations.select_related("learner"):
        row = next(r for r in LEARNERS if r[2] == registration.learner.last_name)
        u2, written, practical, optional = row[7]
        rows.append(
            (registration.number, registration.learner.last_name, u2, written, practical,
             optional)
        )  # fmt: skip
    return write_csv(rows, IMPORT_COLUMNS)
