"""List pages read each relation once for all their rows: more learners, no more queries."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ndrc.companies.services import start_supervision
from ndrc.contracts.services import create_contract
from ndrc.learners import services
from ndrc.portfolio.services import create_sheet, return_sheet, submit_sheet
from tests.dashboard.test_dashboard import e4_event_sheet, with_records

# (login, path): each role's pages whose rows grow with the centre.
PAGES = {
    "promotion": ("responsable", "/apprenants/promotions/{cohort}/"),
    "apprenants": ("responsable", "/apprenants/"),
    "promotions": ("responsable", "/apprenants/promotions/"),
    "alternance": ("responsable", "/alternance/"),
    "couverture de la promotion": ("responsable", "/portfolio/promotions/{cohort}/couverture/"),
    "conformité E4 de la promotion": (
        "responsable",
        "/portfolio/promotions/{cohort}/conformite/E4/",
    ),
    "plan CCF de la promotion": ("responsable", "/evaluations/promotions/{cohort}/"),
    "tableau de bord du responsable": ("responsable", "/"),
    "tableau de bord de l'enseignant": ("enseignant", "/"),
    "fiches à relire": ("enseignant", "/portfolio/fiches-a-relire/"),
    "situations à noter": ("enseignant", "/evaluations/a-noter/"),
    "portfolio de l'enseignant": ("enseignant", "/portfolio/"),
    "portfolio du responsable": ("responsable", "/portfolio/"),
    "tableau de bord du bureau des examens": ("examens", "/"),
    "recherche": ("responsable", "/recherche/?q=ri"),
    "comptes": ("admin", "/comptes/"),
}

ON = date(2027, 1, 4)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: ON)


@pytest.fixture
def centre(demo, built_once):
    return with_records(demo, built_once)


def _grow(demo, cohort, count: int, *, name: str = "Inscrit") -> None:
    """`count` more learners in `cohort`, each with a sheet submitted for review."""
    for day in range(1, count + 1):
        learner = services.create_learner(
            cohort=cohort,
            first_name=f"Nouvel{day}",
            last_name=name,
            birth_date=date(2005, 1, day),
            category="scolaire",
            category_start=cohort.first_year_start,
            on=date(2026, 1, 10),
            by=demo.users["admin"],
        )
        e4_event_sheet(learner, population=demo, submitted_on=date(2026, 12, 1))


def _count(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured.captured_queries)


def _counts(client, demo, pages) -> dict[str, int]:
    """The queries of each page, read as its user."""
    counts = {}
    for page in pages:
        login, path = PAGES[page]
        client.force_login(demo.users[login])
        counts[page] = _count(client, path.format(cohort=demo.second_year.pk))
    return counts


def _costlier(before: dict[str, int], after: dict[str, int]) -> dict[str, tuple[int, int]]:
    """The pages that run more queries after (queries before, after)."""
    return {page: (before[page], after[page]) for page in before if after[page] > before[page]}


def test_five_more_learners_in_the_cohort_cost_no_more_queries(centre, client):
    # Each page counted, then the learners added (once for all the pages), each counted again.
    before = _counts(client, centre, PAGES)
    _grow(centre, centre.second_year, 5)
    assert _costlier(before, _counts(client, centre, PAGES)) == {}


def test_two_more_cohorts_cost_no_more_queries(centre, client):
    pages = [
        "apprenants", "promotions", "alternance", "tableau de bord du responsable",
        "tableau de bord de l'enseignant", "tableau de bord du bureau des examens", "recherche",
    ]  # fmt: skip
    before = _counts(client, centre, pages)
    for index in range(2):
        cohort = services.create_cohort(
            training_centre=centre.centre,
            name=f"BTS NDRC groupe {index + 2}",
            first_year_start=centre.second_year.first_year_start,
            exam_session=centre.second_year.exam_session,
            by=centre.users["admin"],
        )
        _grow(centre, cohort, 3)
    assert _costlier(before, _counts(client, centre, pages)) == {}


@pytest.mark.parametrize("login", ["responsable", "apprenant"])
def test_more_sheets_in_a_learners_portfolio_cost_no_more_queries(centre, client, login):
    bernard = centre.learners["bernard"]
    client.force_login(centre.users[login])
    path = f"/portfolio/apprenants/{bernard.pk}/"
    before = _count(client, path)
    for day in range(1, 6):
        e4_event_sheet(bernard, population=centre, submitted_on=date(2026, 12, day))
    assert _count(client, path) <= before


# --- The company's people and the learner: what grows is theirs -----------------------------


def _sheet(demo, learner, company: str, *, title: str = "Salon des artisans"):
    """A complete E4 event sheet of `learner` at `company`, submitted on 1 December 2026."""
    admin = demo.users["admin"]
    sheet = create_sheet(
        learner=learner, by=admin, exam="E4", title=title, nature="event",
        start=date(2026, 11, 1), company=demo.companies[company], context="Stand.",
        upstream_analysis="Invitations.", information_analysis="Questionnaire.",
        reflective_analysis="À refaire plus tôt.",
    )  # fmt: skip
    return submit_sheet(sheet=sheet, on=date(2026, 12, 1), by=admin)


def _learner(demo, n: int, category: str):
    cohort = demo.second_year
    return services.create_learner(
        cohort=cohort, first_name=f"Prénom{n}", last_name=f"Encadré{n}",
        birth_date=date(2005, 1, 1 + n), category=category,
        category_start=cohort.first_year_start, on=date(2025, 9, 1), by=demo.users["admin"],
    )  # fmt: skip


def _more_apprentices(demo, count: int, start: int) -> None:
    """`count` more apprentices of Sophie Laurent (the master), under contract at her company,
    each with a sheet for her to attest."""
    for n in range(start, start + count):
        learner = _learner(demo, n, "apprenti_habilite")
        create_contract(
            learner=learner, kind="apprenticeship", employer=demo.companies["rhone"],
            apprenticeship_master=demo.contacts["laurent"], start=date(2025, 9, 1),
            end=date(2027, 8, 31), cycle_start=demo.second_year.first_year_start,
            confirm_warnings=True, by=demo.users["admin"],
        )  # fmt: skip
        _sheet(demo, learner, "rhone")


def _more_interns(demo, count: int, start: int) -> None:
    """`count` more students whose tutor is Marc Dubois, each with a sheet for him to attest."""
    for n in range(start, start + count):
        learner = _learner(demo, n, "scolaire")
        start_supervision(
            learner=learner, contact=demo.contacts["dubois"], role="internship_tutor",
            start=date(2026, 12, 1), by=demo.users["admin"],
        )  # fmt: skip
        _sheet(demo, learner, "optique")


def _more_of_own(demo, count: int, start: int) -> None:
    """`count` more sheets of Lucas Bernard (the learner), returned to him with a comment."""
    bernard = demo.learners["bernard"]
    for n in range(start, start + count):
        sheet = _sheet(demo, bernard, "rhone", title=f"Salon n° {n}")
        return_sheet(sheet=sheet, comment="Chiffrez le budget.", by=demo.users["enseignant"])


def _counted(client, name: str) -> int:
    """The number the dashboard shows in its count `name` (e.g. "to_attest")."""
    found = re.search(rf'data-count="{name}"><strong>(\d+)<', client.get("/").text)
    return int(found.group(1))


@pytest.mark.parametrize(
    ("login", "grow", "count"),
    [
        ("maitre", _more_apprentices, "to_attest"),
        ("tuteur", _more_interns, "to_attest"),
        ("apprenant", _more_of_own, "returned"),
    ],
)
def test_the_dashboards_of_the_company_and_the_learner_cost_no_more_queries(
    centre, client, login, grow, count
):
    """The master's dashboard with 5, then 9 more apprentices, the tutor's with 5, then 9 more
    interns, the learner's with 5, then 9 more sheets returned: each counts them, in as many
    queries (a list longer than the lines the dashboard shows is counted: from the first 5 on,
    one query)."""
    client.force_login(centre.users[login])
    grow(centre, 5, 0)
    _count(client, "/")  # warm the caches (roles, framework)
    before = _count(client, "/")
    shown = _counted(client, count)
    grow(centre, 4, 5)
    assert _counted(client, count) == shown + 4
    assert _count(client, "/") <= before
