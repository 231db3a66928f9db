"""Every API endpoint × every role, the people of a second centre included: 200/201, 403 or 404.

The endpoints are read from the application's OpenAPI schema (`/api/openapi.json`): an endpoint
added without its line in `ENDPOINTS` fails `test_every_endpoint_of_the_schema_has_a_line`, so a
new one cannot go unchecked. The expected statuses are the permission model of the docs:
`docs/records.md` (who reaches which learner, cohort and company: the company directory is shared
by the centres, staff of any centre read it, training managers change it), `docs/pages-and-api.md`
(404 out of reach, 403 forbidden, 401 without a token; `/api/deliberate` and `/api/exams` are
public) and `docs/exam-session.md` (the exam office and the manager of the session's centre read
the sessions and their statistics; teachers, masters and tutors nothing). The pages' table is
`tests/dashboard/test_who_gets_what.py`, whose roles, ids and helpers this module shares.
"""

from datetime import date

import pytest
from django.utils import timezone

from ndrc.api.api import api
from ndrc.api.models import ApiToken
from ndrc.companies.services import COMPANY_FIELDS
from ndrc.core.models import Role
from ndrc.core.versions import version_of
from ndrc.learners.services import COHORT_FIELDS, LEARNER_FIELDS
from tests import factories
from tests.dashboard.test_who_gets_what import (
    EVERYONE,
    MANAGERS,
    ROLES,
    SECOND_YEAR_STAFF,
    STAFF,
    answers,
    fill,
    ids,
    only,
)

# The people of a second centre, « CFA Autre »: its training manager and one of its teachers.
# They reach none of the first centre's cohorts, learners or sessions (404), and share the
# company directory (docs/records.md).
ELSEWHERE = ("responsable_autre_centre", "enseignant_autre_centre")
ALL_ROLES = (*ROLES, *ELSEWHERE)
SESSION_STAFF = ("admin", "responsable", "examens")  # docs/exam-session.md, « Who does what »
NEW_SIRET = "44332211000018"  # Luhn-valid, not in the demo


def expect(by_role: dict[str, int], *, elsewhere: int, **by_other: int) -> dict[str, int]:
    """The demo's roles as `by_role`, a second centre's people `elsewhere` unless named."""
    assert set(by_other) <= set(ELSEWHERE), by_other
    return {**by_role, **{role: by_other.get(role, elsewhere) for role in ELSEWHERE}}


BERNARD_READERS = (*SECOND_YEAR_STAFF, "apprenant", "maitre")
# docs/exam-session.md, « Who does what »: teachers, masters and tutors have no exam pages.
EXAM_RESULTS_READERS = (*SESSION_STAFF, "apprenant")

# (method, path in the schema): [(what, path, JSON body, expected status by role), …]
ENDPOINTS = {
    ("GET", "/api/cohorts"): [
        ("promotions", "/api/cohorts", None, expect(EVERYONE, elsewhere=200))
    ],
    ("POST", "/api/cohorts"): [
        (
            "nouvelle promotion du premier centre",
            "/api/cohorts",
            {
                "training_centre_id": "{centre}",
                "name": "BTS NDRC 1re année B",
                "first_year_start": "2026-09-01",
                "exam_session": 2028,
            },
            expect(only(201, MANAGERS, otherwise=403), elsewhere=404),
        )
    ],
    ("GET", "/api/cohorts/{cohort_id}"): [
        (
            "promotion de 2e année",
            "/api/cohorts/{second_year}",
            None,
            expect(only(200, SECOND_YEAR_STAFF, otherwise=404), elsewhere=404),
        )
    ],
    ("PATCH", "/api/cohorts/{cohort_id}"): [
        (
            "modifier la promotion de 2e année",
            "/api/cohorts/{second_year}",
            {"name": "BTS NDRC 2e année A", "version": "{second_year_version}"},
            expect(
                answers(404, admin=200, responsable=200, enseignant=403, examens=403),
                elsewhere=404,
            ),
        )
    ],
    ("GET", "/api/learners"): [
        ("apprenants", "/api/learners", None, expect(EVERYONE, elsewhere=200)),
    ],
    ("POST", "/api/learners"): [
        (
            "nouvel apprenant en 1re année",
            "/api/learners",
            {
                "cohort_id": "{first_year}",
                "first_name": "Yanis",
                "last_name": "Meunier",
                "birth_date": "2007-02-02",
                "candidate_category": "scolaire",
            },
            expect(
                answers(404, admin=201, responsable=201, enseignante=403, examens=403),
                elsewhere=404,
            ),
        )
    ],
    ("GET", "/api/learners/{learner_id}"): [
        (
            "Bernard (l'apprenant, apprenti de la maîtresse)",
            "/api/learners/{bernard}",
            None,
            expect(only(200, BERNARD_READERS, otherwise=404), elsewhere=404),
        ),
        (
            "Durand (stagiaire du tuteur)",
            "/api/learners/{durand}",
            None,
            expect(only(200, (*SECOND_YEAR_STAFF, "tuteur"), otherwise=404), elsewhere=404),
        ),
    ],
    ("PATCH", "/api/learners/{learner_id}"): [
        (
            "modifier Bernard",
            "/api/learners/{bernard}",
            {"phone": "06 11 22 33 44", "version": "{bernard_version}"},
            expect(
                answers(403, admin=200, responsable=200, enseignante=404, tuteur=404),
                elsewhere=404,
            ),
        )
    ],
    ("GET", "/api/companies"): [
        ("entreprises", "/api/companies", None, expect(EVERYONE, elsewhere=200)),
    ],
    ("POST", "/api/companies"): [
        (
            "nouvelle entreprise (annuaire partagé : les responsables de tout centre)",
            "/api/companies",
            {"name": "Lyon Conseil", "siret": NEW_SIRET},
            expect(
                only(201, MANAGERS, otherwise=403),
                elsewhere=403,
                responsable_autre_centre=201,
            ),
        )
    ],
    ("GET", "/api/companies/{company_id}"): [
        (
            "Rhône Distribution (entreprise de la maîtresse et de l'apprenant)",
            "/api/companies/{rhone}",
            None,
            expect(only(200, (*STAFF, "apprenant", "maitre"), otherwise=404), elsewhere=200),
        ),
        (
            "Optique Bellecour (entreprise du tuteur)",
            "/api/companies/{optique}",
            None,
            expect(only(200, (*STAFF, "tuteur"), otherwise=404), elsewhere=200),
        ),
    ],
    ("PATCH", "/api/companies/{company_id}"): [
        (
            "modifier Rhône Distribution",
            "/api/companies/{rhone}",
            {"headcount": 250, "version": "{rhone_version}"},
            expect(
                answers(403, admin=200, responsable=200, tuteur=404),
                elsewhere=403,
                responsable_autre_centre=200,
            ),
        )
    ],
    ("POST", "/api/deliberate"): [
        (
            "délibération (public)",
            "/api/deliberate",
            [{"id": "c1", "session": 2026, "category": "scolaire", "grades": {"U1": 12}}],
            expect(EVERYONE, elsewhere=200),
        )
    ],
    ("GET", "/api/exams"): [
        (
            "épreuves d'une catégorie (public)",
            "/api/exams?category=scolaire&session=2027",
            None,
            expect(EVERYONE, elsewhere=200),
        )
    ],
    ("GET", "/api/exam-sessions"): [
        ("sessions d'examen", "/api/exam-sessions", None, expect(EVERYONE, elsewhere=200)),
    ],
    ("GET", "/api/exam-sessions/{session_id}/statistics"): [
        (
            "statistiques de la session 2027 du premier centre",
            "/api/exam-sessions/{session}/statistics",
            None,
            expect(only(200, SESSION_STAFF, otherwise=404), elsewhere=404),
        )
    ],
    ("GET", "/api/learners/{learner_id}/exam-results"): [
        (
            "résultats d'examen de Bernard (ni ses enseignants ni sa maîtresse : les pages "
            "d'examen leur répondent 404)",
            "/api/learners/{bernard}/exam-results",
            None,
            expect(only(200, EXAM_RESULTS_READERS, otherwise=404), elsewhere=404),
        )
    ],
    ("GET", "/api/learners/{learner_id}/ccf-situations"): [
        (
            "situations de CCF de Bernard",
            "/api/learners/{bernard}/ccf-situations",
            None,
            expect(only(200, BERNARD_READERS, otherwise=404), elsewhere=404),
        )
    ],
}


def schema_operations() -> dict[tuple[str, str], dict]:
    """Every operation of the API, as its OpenAPI schema publishes it."""
    paths = api.get_openapi_schema()["paths"]
    return {(method.upper(), path): op for path, ops in paths.items() for method, op in ops.items()}


@pytest.fixture
def two_centres(demo):
    """The demo population, an exam session 2027 of its centre where Bernard is registered, and
    a second centre with its manager, a teacher, a cohort, a learner and a session of its own."""
    from ndrc.exams import services as exams

    admin = factories.administrator()
    other = factories.centre(name="CFA Autre", uai="0750654D")
    demo.users["responsable_autre_centre"] = factories.manager_of(other, "responsable-b")
    demo.users["enseignant_autre_centre"] = factories.person(
        "enseignant-b", role=Role.TEACHER, training_centre=other
    )
    other_cohort = factories.cohort(other, name="BTS NDRC CFA Autre")
    factories.learner(other_cohort, first_name="Zoé", last_name="Ailleurs")
    sessions = {
        centre: exams.create_session(
            training_centre=centre, year=2027, registration_deadline=date(2027, 1, 15), by=admin
        )
        for centre in (demo.centre, other)
    }
    exams.register(
        session=sessions[demo.centre],
        learner=demo.learners["bernard"],
        data=exams.RegistrationInput(form="progressive", units=("U4",)),
        on=timezone.localdate(),
        by=admin,
    )
    demo.record_ids = {
        "session": sessions[demo.centre].pk,
        # The versions a client reads before a PATCH (docs/records.md).
        "bernard_version": version_of(demo.learners["bernard"], LEARNER_FIELDS),
        "rhone_version": version_of(demo.companies["rhone"], COMPANY_FIELDS),
        "second_year_version": version_of(demo.second_year, COHORT_FIELDS),
    }
    demo.other_centre = other
    return demo


def test_every_endpoint_of_the_schema_has_a_line():
    published = set(schema_operations())
    assert published == set(ENDPOINTS), (
        f"without a line: {sorted(published - set(ENDPOINTS))}; "
        f"gone from the API: {sorted(set(ENDPOINTS) - published)}"
    )


def call(client, method, path, body, headers=None):
    kwargs = {"content_type": "application/json", "data": body} if body is not None else {}
    return getattr(client, method.lower())(path, headers=headers or {}, **kwargs)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_each_api_endpoint_answers_each_role_as_the_table_says(two_centres, client, role):
    _record, token = ApiToken.issue(user=two_centres.users[role], now=timezone.now())
    headers = {"Authorization": f"Bearer {token}"}
    values = ids(two_centres)
    got, wanted = {}, {}
    for (method, _schema_path), lines in ENDPOINTS.items():
        for name, path, body, expected in lines:
            response = call(client, method, fill(path, values), fill(body, values), headers)
            got[f"{method} {name}"] = response.status_code
            wanted[f"{method} {name}"] = expected[role]
    assert got == wanted


@pytest.mark.parametrize("role", ELSEWHERE)
def test_the_lists_show_a_second_centre_none_of_the_first_centres_records(
    two_centres, client, role
):
    _record, token = ApiToken.issue(user=two_centres.users[role], now=timezone.now())
    headers = {"Authorization": f"Bearer {token}"}
    here = two_centres.centre.pk
    cohorts = client.get("/api/cohorts", headers=headers).json()
    assert all(cohort["training_centre_id"] != here for cohort in cohorts)
    first_centre = {cohort.pk for cohort in (two_centres.second_year, two_centres.first_year)}
    learners = client.get("/api/learners", headers=headers).json()
    assert not [row for row in learners if row["cohort_id"] in first_centre]
    sessions = client.get("/api/exam-sessions", headers=headers).json()
    assert all(s["training_centre"] == two_centres.other_centre.name for s in sessions)
    if role == "responsable_autre_centre":  # their own records, for the assertions above to bite
        assert [c["name"] for c in cohorts] == ["BTS NDRC CFA Autre"]
        assert [row["last_name"] for row in learners] == ["Ailleurs"]
        assert len(sessions) == 1


def test_an_anonymous_client_gets_401_from_every_endpoint_but_the_public_ones(two_centres, client):
    values = ids(two_centres)
    operations = schema_operations()
    got, wanted = {}, {}
    for (method, schema_path), lines in ENDPOINTS.items():
        public = operations[(method, schema_path)].get("security") is None
        for name, path, body, _expected in lines:
            response = call(client, method, fill(path, values), fill(body, values))
            got[f"{method} {name}"] = response.status_code
            wanted[f"{method} {name}"] = 200 if public else 401
    assert got == wanted
    assert {path for (_m, path), op in operations.items() if "security" not in op} == {
        "/api/deliberate",
        "/api/exams",
    }
