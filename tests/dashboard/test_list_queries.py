"""List pages read each relation once for all their rows: more learners, no more queries."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ndrc.learners import services
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
