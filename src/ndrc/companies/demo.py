"""The companies' part of the demo population (`ndrc.demo`): five companies of the Lyon area,
their apprenticeship masters and internship tutors (two of them with a login), and who
supervises which learner.
"""

from typing import Any

from ndrc.companies import services
from ndrc.companies.models import Company, CompanyContact, ContactRole
from ndrc.learners.demo import SWITCH_DATE
from ndrc.learners.models import Learner

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

# learner, contact, from (None: the cohort's first day). The contact is the learner's
# apprenticeship master while they are an apprentice, their internship tutor otherwise.
SUPERVISIONS = [
    ("bernard", "laurent", None),
    ("petit", "laurent", None),
    ("robert", "perrin", None),
    ("richard", "fabre", None),
    ("durand", "dubois", None),
    ("leroy", "dubois", None),
    ("moreau", "perrin", SWITCH_DATE),  # a student who became an apprentice in January
    ("simon", "chevalier", None),
    ("michel", "chevalier", None),
    ("roux", "fabre", None),
    ("morel", "dubois", None),
    ("andre", "laurent", None),
    ("lefevre", "perrin", None),
    ("dupont", "chevalier", None),
    ("lambert", "fabre", None),
    ("legrand", "perrin", None),
]


def create_companies_demo(
    *, users: dict[str, Any], learners: dict[str, Learner]
) -> tuple[dict[str, Company], dict[str, CompanyContact]]:
    """The companies and their contacts by key, and the learners' supervisions, created once
    (the caller's transaction)."""
    if not Company.objects.filter(siret=COMPANIES[0][2]).exists():
        _create(users, learners)
    companies = {key: Company.objects.get(siret=siret) for key, _n, siret, *_rest in COMPANIES}
    contacts = {
        key: CompanyContact.objects.get(
            company=companies[company], first_name=first, last_name=last
        )
        for key, company, first, last, *_rest in CONTACTS
    }
    return companies, contacts


def _create(users: dict[str, Any], learners: dict[str, Learner]) -> None:
    admin = users["admin"]
    companies = {}
    for key, name, siret, headcount, street, postal_code, city, naf in COMPANIES:
        companies[key] = services.create_company(
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
        contacts[key] = services.create_contact(
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
    for key, contact, start in SUPERVISIONS:
        learner = learners[key]
        start = start or learner.cohort.first_year_start
        apprentice = (learner.category_on(start) or "").startswith("apprenti")
        services.start_supervision(
            learner=learner,
            contact=contacts[contact],
            role=ContactRole.APPRENTICESHIP_MASTER if apprentice else ContactRole.INTERNSHIP_TUTOR,
            start=start,
            by=admin,
        )
