"""The learners' part of the demo population (`ndrc.demo`): two cohorts of the demo centre
(2nd year: session 2027, 1st year: session 2028), their teachers, and 30 learners (students,
apprentices, continuing-education trainees; one with an accommodation, one minor with a
guardian, one student who became an apprentice in January).
"""

from datetime import date
from typing import Any

from ndrc.core.models import TrainingCentre
from ndrc.learners import services
from ndrc.learners.models import Cohort, Learner

# The date the demo records are entered on (birth dates are checked against it).
DEMO_ON = date(2026, 9, 1)
SECOND_YEAR_START = date(2025, 9, 1)
FIRST_YEAR_START = date(2026, 9, 1)
SWITCH_DATE = date(2026, 1, 5)  # the student who signed an apprenticeship contract mid-year

# key, first name, last name, birth date, category, extras (their supervisors: companies/demo.py)
SECOND_YEAR = [
    ("bernard", "Lucas", "Bernard", date(2005, 4, 12), "apprenti_habilite", {}),
    ("petit", "Emma", "Petit", date(2005, 7, 3), "apprenti_habilite", {}),
    ("robert", "Hugo", "Robert", date(2004, 11, 22), "apprenti_habilite", {}),
    ("richard", "Chloé", "Richard", date(2005, 2, 8), "apprenti_habilite", {}),
    ("durand", "Nathan", "Durand", date(2005, 9, 30), "scolaire", {}),
    ("leroy", "Léa", "Leroy", date(2005, 5, 17), "scolaire", {}),
    ("moreau", "Inès", "Moreau", date(2005, 1, 25), "scolaire", {"switch_to": "apprenti_habilite"}),
    ("simon", "Louis", "Simon", date(2005, 8, 9), "scolaire", {}),
    (
        "michel",
        "Manon",
        "Michel",
        date(2005, 3, 14),
        "scolaire",
        {
            "accommodation": "Tiers-temps aux épreuves écrites et orales (avis du médecin "
            "désigné par la CDAPH).",
            "extra_time": True,
        },
    ),
    ("garcia", "Gabriel", "Garcia", date(2004, 6, 1), "scolaire", {}),
    ("david", "Camille", "David", date(1998, 10, 19), "fpc_public", {}),
    ("bertrand", "Jules", "Bertrand", date(1995, 12, 5), "fpc_public", {}),
    ("roux", "Sarah", "Roux", date(2005, 6, 28), "apprenti_habilite", {}),
    ("vincent", "Adam", "Vincent", date(2005, 10, 2), "scolaire", {}),
    ("fournier", "Zoé", "Fournier", date(2004, 12, 16), "scolaire", {}),
]
FIRST_YEAR = [
    ("morel", "Raphaël", "Morel", date(2007, 2, 11), "scolaire", {}),
    ("girard", "Jade", "Girard", date(2007, 5, 23), "scolaire", {}),
    ("andre", "Arthur", "André", date(2007, 8, 4), "apprenti_habilite", {}),
    ("lefevre", "Louise", "Lefèvre", date(2006, 9, 29), "apprenti_habilite", {}),
    ("mercier", "Léo", "Mercier", date(2007, 1, 7), "scolaire", {}),
    (
        "dupont",
        "Alice",
        "Dupont",
        date(2009, 3, 14),
        "scolaire",
        {
            "guardian_name": "Catherine Dupont",
            "guardian_email": "catherine.dupont@example.fr",
            "guardian_phone": "06 71 22 33 44",
        },
    ),
    ("lambert", "Tom", "Lambert", date(2007, 4, 18), "apprenti_habilite", {}),
    ("bonnet", "Lina", "Bonnet", date(2007, 6, 2), "scolaire", {}),
    ("francois", "Ethan", "François", date(2007, 11, 30), "scolaire", {}),
    ("martinez", "Rose", "Martinez", date(2000, 3, 21), "fpc_public", {}),
    ("legrand", "Noah", "Legrand", date(2007, 7, 15), "apprenti_habilite", {}),
    ("garnier", "Anna", "Garnier", date(2007, 10, 10), "scolaire", {}),
    ("faure", "Paul", "Faure", date(2006, 12, 24), "scolaire", {}),
    ("rousseau", "Mila", "Rousseau", date(1997, 5, 6), "fpc_public", {}),
    ("blanc", "Sacha", "Blanc", date(2007, 3, 3), "scolaire", {}),
]


def _ine(index: int, category: str) -> str:
    if category.startswith("apprenti"):
        return f"2024A{index:05d}K"  # INE of an apprentice (SIFA format)
    return f"{912345600 + index:09d}HB"


def _learner_rows():
    for cohort_key, rows in (("second_year", SECOND_YEAR), ("first_year", FIRST_YEAR)):
        for row in rows:
            yield cohort_key, row


def create_learners_demo(
    *, centre: TrainingCentre, users: dict[str, Any]
) -> tuple[Cohort, Cohort, dict[str, Learner]]:
    """The 2nd-year and 1st-year cohorts and the learners by key, created once (the caller's
    transaction)."""
    if not Cohort.objects.filter(training_centre=centre).exists():
        _create(centre, users)
    cohorts = {c.exam_session: c for c in Cohort.objects.filter(training_centre=centre)}
    by_ine = {
        learner.ine: learner for learner in Learner.objects.filter(cohort__training_centre=centre)
    }
    learners = {}
    for index, (_cohort, row) in enumerate(_learner_rows(), start=1):
        learner = by_ine.get(_ine(index, row[4]))
        if learner is not None:
            learners[row[0]] = learner
    return cohorts[2027], cohorts[2028], learners


def _create(centre: TrainingCentre, users: dict[str, Any]) -> None:
    admin = users["admin"]
    second_year = services.create_cohort(
        training_centre=centre,
        name="BTS NDRC 2e année",
        first_year_start=SECOND_YEAR_START,
        exam_session=2027,
        by=admin,
    )
    first_year = services.create_cohort(
        training_centre=centre,
        name="BTS NDRC 1re année",
        first_year_start=FIRST_YEAR_START,
        exam_session=2028,
        by=admin,
    )
    cohorts = {"second_year": second_year, "first_year": first_year}
    services.assign_teacher(
        teacher=users["enseignant"], cohort=second_year, subject="BC01", by=admin
    )
    services.assign_teacher(
        teacher=users["enseignant"], cohort=second_year, subject="BC03", by=admin
    )
    services.assign_teacher(teacher=users["enseignante"], cohort=first_year, subject="U3", by=admin)

    # Each cohort's learners enrolled at once, then the categories that change mid-year.
    given: dict[str, list[dict[str, Any]]] = {"second_year": [], "first_year": []}
    switches = []
    for index, (cohort_key, row) in enumerate(_learner_rows(), start=1):
        key, first, last, birth, category, extras = row
        extras = dict(extras)
        switches.append(extras.pop("switch_to", None))
        given[cohort_key].append(
            {
                "first_name": first,
                "last_name": last,
                "birth_date": birth,
                "category": category,
                "ine": _ine(index, category),
                "parcoursup_number": (
                    f"{2025 if cohort_key == 'second_year' else 2026}{index:06d}"
                ),
                "email": f"{key}.{first.lower()[:1]}@eleves.example.fr",
                "phone": f"06 12 34 56 {index:02d}",
                "street": f"{index} rue de la République",
                "postal_code": "69001",
                "city": "Lyon",
                "user": users["apprenant"] if key == "bernard" else None,
                **extras,
            }
        )
    created = [
        learner
        for cohort_key, learners in given.items()
        for learner in services.create_learners(
            cohort=cohorts[cohort_key], learners=learners, on=DEMO_ON, by=admin
        )
    ]
    for learner, switch_to in zip(created, switches, strict=True):
        if switch_to:
            services.change_category(
                learner=learner, category=switch_to, start=SWITCH_DATE, by=admin
            )
