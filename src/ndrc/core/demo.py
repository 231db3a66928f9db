"""The demo population, shared by `ndrc demo` and the tests: what a newcomer sees is what the
tests check. Deterministic (no randomness), French names, valid identifiers.

A lycée with a BTS NDRC section, two cohorts (2nd year: session 2027, 1st year: session 2028),
30 learners (students, apprentices, continuing-education trainees; one with an accommodation,
one minor with a guardian, one student who became an apprentice in January), companies,
apprenticeship masters and internship tutors, teachers, and one login per role.
"""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from ndrc.companies import services as company_services
from ndrc.companies.models import Company, CompanyContact, ContactRole
from ndrc.core import audit
from ndrc.core import services as core_services
from ndrc.core.models import AuditAction, Role, TrainingCentre
from ndrc.learners import services as learner_services
from ndrc.learners.models import Cohort, Learner

User = get_user_model()

# Printed by `ndrc demo`: the demo is for a local try-out, never for production data.
DEMO_PASSWORD = "demo-ndrc-2026"  # noqa: S105
# The date the demo records are entered on (birth dates are checked against it).
DEMO_ON = date(2026, 9, 1)
SECOND_YEAR_START = date(2025, 9, 1)
FIRST_YEAR_START = date(2026, 9, 1)
SWITCH_DATE = date(2026, 1, 5)  # the student who signed an apprenticeship contract mid-year

CENTRE = {
    "name": "Lycée Jean Monnet — section BTS NDRC",
    "uai": "0691234S",
    "siret": "19690026000015",
    "address": "12 rue des Lilas, 69003 Lyon",
}

# login, first name, last name, role (the learner and company logins are linked below)
LOGINS = [
    ("admin", "Nadia", "Benali", Role.ADMINISTRATOR),
    ("responsable", "Claire", "Martin", Role.TRAINING_MANAGER),
    ("enseignant", "Paul", "Girard", Role.TEACHER),
    ("enseignante", "Hélène", "Roux", Role.TEACHER),
    ("examens", "Bruno", "Lefèvre", Role.EXAM_OFFICE),
    ("apprenant", "Lucas", "Bernard", Role.LEARNER),
    ("maitre", "Sophie", "Laurent", Role.APPRENTICESHIP_MASTER),
    ("tuteur", "Marc", "Dubois", Role.INTERNSHIP_TUTOR),
]

COMPANIES = [
    # key, name, SIRET, headcount, street, postal code, city, NAF
    (
        "rhone",
        "Rhône Distribution",
        "41234567000019",
        240,
        "4 quai Perrache",
        "69002",
        "Lyon",
        "4711D",
    ),
    (
        "optique",
        "Optique Bellecour",
        "52298765000010",
        18,
        "21 place Bellecour",
        "69002",
        "Lyon",
        "4778A",
    ),
    (
        "assur",
        "Mutuelle des Monts du Lyonnais",
        "38012345500012",
        95,
        "8 avenue Foch",
        "69006",
        "Lyon",
        "6512Z",
    ),
    (
        "telecom",
        "Télécom Saône Services",
        "44455566800011",
        60,
        "33 rue Garibaldi",
        "69007",
        "Lyon",
        "6110Z",
    ),
    (
        "sport",
        "Sport Vallée",
        "51177788000010",
        35,
        "2 chemin du Stade",
        "69100",
        "Villeurbanne",
        "4764Z",
    ),
]

# key, company, first name, last name, function, master?, tutor?, login
CONTACTS = [
    ("laurent", "rhone", "Sophie", "Laurent", "Responsable de secteur", True, False, "maitre"),
    ("dubois", "optique", "Marc", "Dubois", "Gérant", False, True, "tuteur"),
    ("fabre", "assur", "Julie", "Fabre", "Directrice d'agence", True, True, None),
    ("perrin", "telecom", "Antoine", "Perrin", "Chef des ventes", True, False, None),
    ("chevalier", "sport", "Élise", "Chevalier", "Responsable de magasin", False, True, None),
]

# key, first name, last name, birth date, category, supervisor, extras
SECOND_YEAR = [
    ("bernard", "Lucas", "Bernard", date(2005, 4, 12), "apprenti_habilite", "laurent", {}),
    ("petit", "Emma", "Petit", date(2005, 7, 3), "apprenti_habilite", "laurent", {}),
    ("robert", "Hugo", "Robert", date(2004, 11, 22), "apprenti_habilite", "perrin", {}),
    ("richard", "Chloé", "Richard", date(2005, 2, 8), "apprenti_habilite", "fabre", {}),
    ("durand", "Nathan", "Durand", date(2005, 9, 30), "scolaire", "dubois", {}),
    ("leroy", "Léa", "Leroy", date(2005, 5, 17), "scolaire", "dubois", {}),
    (
        "moreau",
        "Inès",
        "Moreau",
        date(2005, 1, 25),
        "scolaire",
        None,
        {"switch_to": "apprenti_habilite", "master": "perrin"},
    ),
    ("simon", "Louis", "Simon", date(2005, 8, 9), "scolaire", "chevalier", {}),
    (
        "michel",
        "Manon",
        "Michel",
        date(2005, 3, 14),
        "scolaire",
        "chevalier",
        {
            "accommodation": "Tiers-temps aux épreuves écrites et orales (avis du médecin "
            "désigné par la CDAPH).",
            "extra_time": True,
        },
    ),
    ("garcia", "Gabriel", "Garcia", date(2004, 6, 1), "scolaire", None, {}),
    ("david", "Camille", "David", date(1998, 10, 19), "fpc_public", None, {}),
    ("bertrand", "Jules", "Bertrand", date(1995, 12, 5), "fpc_public", None, {}),
    ("roux", "Sarah", "Roux", date(2005, 6, 28), "apprenti_habilite", "fabre", {}),
    ("vincent", "Adam", "Vincent", date(2005, 10, 2), "scolaire", None, {}),
    ("fournier", "Zoé", "Fournier", date(2004, 12, 16), "scolaire", None, {}),
]
FIRST_YEAR = [
    ("morel", "Raphaël", "Morel", date(2007, 2, 11), "scolaire", "dubois", {}),
    ("girard", "Jade", "Girard", date(2007, 5, 23), "scolaire", None, {}),
    ("andre", "Arthur", "André", date(2007, 8, 4), "apprenti_habilite", "laurent", {}),
    ("lefevre", "Louise", "Lefèvre", date(2006, 9, 29), "apprenti_habilite", "perrin", {}),
    ("mercier", "Léo", "Mercier", date(2007, 1, 7), "scolaire", None, {}),
    (
        "dupont",
        "Alice",
        "Dupont",
        date(2009, 3, 14),
        "scolaire",
        "chevalier",
        {
            "guardian_name": "Catherine Dupont",
            "guardian_email": "catherine.dupont@example.fr",
            "guardian_phone": "06 71 22 33 44",
        },
    ),
    ("lambert", "Tom", "Lambert", date(2007, 4, 18), "apprenti_habilite", "fabre", {}),
    ("bonnet", "Lina", "Bonnet", date(2007, 6, 2), "scolaire", None, {}),
    ("francois", "Ethan", "François", date(2007, 11, 30), "scolaire", None, {}),
    ("martinez", "Rose", "Martinez", date(2000, 3, 21), "fpc_public", None, {}),
    ("legrand", "Noah", "Legrand", date(2007, 7, 15), "apprenti_habilite", "perrin", {}),
    ("garnier", "Anna", "Garnier", date(2007, 10, 10), "scolaire", None, {}),
    ("faure", "Paul", "Faure", date(2006, 12, 24), "scolaire", None, {}),
    ("rousseau", "Mila", "Rousseau", date(1997, 5, 6), "fpc_public", None, {}),
    ("blanc", "Sacha", "Blanc", date(2007, 3, 3), "scolaire", None, {}),
]


@dataclass
class DemoPopulation:
    """Handles on the demo records, by the keys used above."""

    centre: TrainingCentre
    second_year: Cohort
    first_year: Cohort
    users: dict[str, "User"] = field(default_factory=dict)
    learners: dict[str, Learner] = field(default_factory=dict)
    companies: dict[str, Company] = field(default_factory=dict)
    contacts: dict[str, CompanyContact] = field(default_factory=dict)


def _ine(index: int, category: str) -> str:
    if category.startswith("apprenti"):
        return f"2024A{index:05d}K"  # INE of an apprentice (SIFA format)
    return f"{912345600 + index:09d}HB"


def _learner_rows():
    for cohort_key, rows in (("second_year", SECOND_YEAR), ("first_year", FIRST_YEAR)):
        for row in rows:
            yield cohort_key, row


def create_demo_population() -> DemoPopulation:
    """Create the demo population once; later calls return the existing one unchanged."""
    if TrainingCentre.objects.filter(uai=CENTRE["uai"]).exists():
        return load_demo_population()
    with transaction.atomic():
        _create()
    return load_demo_population()


def load_demo_population() -> DemoPopulation:
    centre = TrainingCentre.objects.get(uai=CENTRE["uai"])
    cohorts = {c.exam_session: c for c in Cohort.objects.filter(training_centre=centre)}
    population = DemoPopulation(centre=centre, second_year=cohorts[2027], first_year=cohorts[2028])
    population.users = {u.username: u for u in User.objects.filter(username__in=_logins())}
    by_ine = {
        learner.ine: learner for learner in Learner.objects.filter(cohort__training_centre=centre)
    }
    for index, (_cohort, row) in enumerate(_learner_rows(), start=1):
        learner = by_ine.get(_ine(index, row[4]))
        if learner is not None:
            population.learners[row[0]] = learner
    population.companies = {
        key: Company.objects.get(siret=siret) for key, _n, siret, *_rest in COMPANIES
    }
    for key, company, first, last, *_rest in CONTACTS:
        population.contacts[key] = CompanyContact.objects.get(
            company=population.companies[company], first_name=first, last_name=last
        )
    return population


def _logins() -> list[str]:
    return [login for login, *_rest in LOGINS]


def _create() -> None:
    admin_row = LOGINS[0]
    admin = User.objects.create_superuser(
        username=admin_row[0],
        email="admin@example.fr",
        password=None,
        first_name=admin_row[1],
        last_name=admin_row[2],
    )
    audit.record(action=AuditAction.CREATE, obj=admin, by=admin, after=audit.snapshot(admin))
    centre = core_services.create_training_centre(by=admin, **CENTRE)
    core_services.grant_role(user=admin, training_centre=centre, role=Role.ADMINISTRATOR, by=admin)

    users = {"admin": admin}
    for login, first, last, role in LOGINS[1:]:
        users[login] = core_services.create_user(
            username=login,
            password=None,
            first_name=first,
            last_name=last,
            email=f"{login}@example.fr",
            by=admin,
        )
        core_services.grant_role(user=users[login], training_centre=centre, role=role, by=admin)
    # One shared password, hashed once: key stretching costs a quarter of a second per hash.
    User.objects.filter(pk__in=[u.pk for u in users.values()]).update(
        password=make_password(DEMO_PASSWORD)
    )

    second_year = learner_services.create_cohort(
        training_centre=centre,
        name="BTS NDRC 2e année",
        first_year_start=SECOND_YEAR_START,
        exam_session=2027,
        by=admin,
    )
    first_year = learner_services.create_cohort(
        training_centre=centre,
        name="BTS NDRC 1re année",
        first_year_start=FIRST_YEAR_START,
        exam_session=2028,
        by=admin,
    )
    cohorts = {"second_year": second_year, "first_year": first_year}
    learner_services.assign_teacher(
        teacher=users["enseignant"], cohort=second_year, subject="BC01", by=admin
    )
    learner_services.assign_teacher(
        teacher=users["enseignant"], cohort=second_year, subject="BC03", by=admin
    )
    learner_services.assign_teacher(
        teacher=users["enseignante"], cohort=first_year, subject="U3", by=admin
    )

    companies = {}
    for key, name, siret, headcount, street, postal_code, city, naf in COMPANIES:
        companies[key] = company_services.create_company(
            name=name,
            siret=siret,
            headcount=headcount,
            street=street,
            postal_code=postal_code,
            city=city,
            naf_code=naf,
            by=admin,
        )
    contacts = {}
    for index, (key, company, first, last, job, master, tutor, login) in enumerate(
        CONTACTS, start=1
    ):
        contacts[key] = company_services.create_contact(
            company=companies[company],
            first_name=first,
            last_name=last,
            email=f"{key}@{company}.example.fr",
            phone=f"04 78 00 10 {index:02d}",
            job_title=job,
            is_apprenticeship_master=master,
            is_internship_tutor=tutor,
            user=users.get(login) if login else None,
            by=admin,
        )

    for index, (cohort_key, row) in enumerate(_learner_rows(), start=1):
        key, first, last, birth, category, supervisor, extras = row
        cohort = cohorts[cohort_key]
        extras = dict(extras)
        switch_to = extras.pop("switch_to", None)
        late_master = extras.pop("master", None)
        learner = learner_services.create_learner(
            cohort=cohort,
            first_name=first,
            last_name=last,
            birth_date=birth,
            category=category,
            on=DEMO_ON,
            ine=_ine(index, category),
            parcoursup_number=f"{2025 if cohort_key == 'second_year' else 2026}{index:06d}",
            email=f"{key}.{first.lower()[:1]}@eleves.example.fr",
            phone=f"06 12 34 56 {index:02d}",
            street=f"{index} rue de la République",
            postal_code="69001",
            city="Lyon",
            user=users["apprenant"] if key == "bernard" else None,
            by=admin,
            **extras,
        )
        if supervisor:
            contact = contacts[supervisor]
            role = (
                ContactRole.APPRENTICESHIP_MASTER
                if category.startswith("apprenti")
                else ContactRole.INTERNSHIP_TUTOR
            )
            company_services.start_supervision(
                learner=learner,
                contact=contact,
                role=role,
                start=cohort.first_year_start,
                by=admin,
            )
        if switch_to:
            learner_services.change_category(
                learner=learner, category=switch_to, start=SWITCH_DATE, by=admin
            )
            company_services.start_supervision(
                learner=learner,
                contact=contacts[late_master],
                role=ContactRole.APPRENTICESHIP_MASTER,
                start=SWITCH_DATE,
                by=admin,
            )


def demo_logins() -> list[tuple[str, str, str]]:
    """(login, password, role label) for each demo login, for the demo command to print."""
    return [(login, DEMO_PASSWORD, Role(role).label) for login, _f, _l, role in LOGINS]
