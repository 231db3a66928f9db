"""The follow-up's pages and selectors read a number of rows that grows with the centre, but
run a number of queries that does not: adding apprentices (with their contract, logbook,
entries and visits) adds no query."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ndrc.contracts import services as contract_services
from ndrc.followup import selectors, services
from ndrc.followup.models import Logbook
from ndrc.learners import services as learner_services
from ndrc.learners.models import Learner
from tests.followup.conftest import ON

pytestmark = pytest.mark.django_db


def add_apprentices(population, count: int, *, start: int = 0, cohort=None) -> None:
    """`count` more apprentices of Sophie Laurent (2nd-year ones unless `cohort`), followed by
    Paul Girard, each with an open logbook, an entry, a visit reported and one planned."""
    admin, paul = population.users["admin"], population.users["enseignant"]
    cohort = cohort or population.second_year
    enrolled = learner_services.create_learners(  # in one call: their dossiers checked once
        cohort=cohort,
        learners=[
            {
                "first_name": f"Prénom{n}", "last_name": f"Nom{n}",
                "birth_date": date(2005, 1, 1 + n % 28), "category": "apprenti_habilite",
                "category_start": cohort.first_year_start,
            }
            for n in range(start, start + count)
        ],
        on=cohort.first_year_start, by=admin,
    )  # fmt: skip
    for n, learner in enumerate(enrolled, start=start):
        contract = contract_services.create_contract(
            learner=learner, kind="apprenticeship", employer=population.companies["rhone"],
            apprenticeship_master=population.contacts["laurent"], start=cohort.first_year_start,
            end=date(2027, 8, 31), cycle_start=cohort.first_year_start, confirm_warnings=True,
            by=admin,
        )  # fmt: skip
        services.assign_referent(learner=learner, teacher=paul, since=ON, by=admin)
        logbook = services.open_logbook(contract=contract, on=ON, by=admin)
        services.add_entry(
            logbook=logbook, day=date(2026, 11, 3), title="Prospection", on=ON, by=admin
        )
        visit = services.plan_visit(
            learner=learner, planned_on=date(2026, 10, 6), mode="phone", by=paul
        )
        services.report_visit(
            visit=visit, held_on=date(2026, 10, 6), answers={"actions": "Suite."}, on=ON,
            by=paul, difficulty=n % 2 == 0,
        )  # fmt: skip
        services.plan_visit(learner=learner, planned_on=date(2026, 12, 14), mode="video", by=paul)


def count(action) -> int:
    with CaptureQueriesContext(connection) as queries:
        action()
    return len(queries)


# (login, path): the follow-up's pages, and the home page that gathers them.
PAGES = [
    ("responsable", "/suivi/"),
    ("responsable", "/"),
    ("enseignant", "/suivi/"),
    ("enseignant", "/suivi/visites/"),
    ("maitre", "/suivi/maitre/"),
]


def test_pages_run_as_many_queries_with_more_apprentices(followup, client, today):
    """Each page counted on the demo, then on the demo with 3 more apprentices (added once for
    all the pages: each page is counted the same way before and after)."""

    def queries(login, path) -> int:
        client.force_login(followup.users[login])
        # Warm the caches (ContentTypes, roles). The first view after a change refreshes the
        # stored dashboard (the background job, run at once in the tests; its queries:
        # tests/dashboard/test_dashboard.py); the next reads it.
        assert client.get(path).status_code == 200, (login, path)
        return count(lambda: client.get(path))

    before = {page: queries(*page) for page in PAGES}
    add_apprentices(followup, 3)
    after = {page: queries(*page) for page in PAGES}
    assert after == before, "(login, path): queries with 3 more apprentices, then before"


def test_the_master_s_page_reads_apprentices_of_two_training_years_at_once(followup, client, today):
    """An apprentice of a January intake beside the September ones (their training years start
    apart, each one's hours counted from their own): no more queries."""
    client.force_login(followup.users["maitre"])
    assert client.get("/suivi/maitre/").status_code == 200
    before = count(lambda: client.get("/suivi/maitre/"))
    january = learner_services.create_cohort(
        training_centre=followup.centre, name="BTS NDRC rentrée de janvier",
        first_year_start=date(2026, 1, 5), exam_session=2028, by=followup.users["admin"],
    )  # fmt: skip
    add_apprentices(followup, 1, cohort=january)
    page = client.get("/suivi/maitre/")
    assert "Prénom0 Nom0" in page.content.decode()
    assert count(lambda: client.get("/suivi/maitre/")) == before


def test_risks_and_the_overview_are_constant(followup):
    manager = followup.users["responsable"]
    selectors.manager_overview(manager, on=ON)  # warm the caches (roles)
    risks = count(lambda: selectors.risks(Learner.objects.all(), on=ON))
    overview = count(lambda: selectors.manager_overview(manager, on=ON))
    add_apprentices(followup, 4)
    found = selectors.risks(Learner.objects.all(), on=ON)
    assert sum(1 for risks_ in found.values() for r in risks_ if r.code == "visit_difficulty") == 3
    assert count(lambda: selectors.risks(Learner.objects.all(), on=ON)) == risks
    assert count(lambda: selectors.manager_overview(manager, on=ON)) == overview


def test_the_managers_overview_examines_only_the_learners_who_may_be_at_risk(followup, monkeypatch):
    """The home dashboard's learners at risk: a centre's learners with nothing to flag (no
    unjustified absence, no empty logbook, no difficulty at a visit, no internship close, a
    contract up to the exams) are not read at each view, only those who may be at risk."""
    manager = followup.users["responsable"]
    examined: list[int] = []
    real = selectors._risks

    def counted(learners, **kwargs):
        examined.append(len(learners))
        return real(learners, **kwargs)

    monkeypatch.setattr(selectors, "_risks", counted)
    before = selectors.manager_overview(manager, on=ON)
    admin, cohort = followup.users["admin"], followup.second_year
    enrolled = learner_services.create_learners(
        cohort=cohort,
        learners=[
            {
                "first_name": f"Prénom{n}", "last_name": f"Nom{n}",
                "birth_date": date(2005, 1, 1 + n), "category": "apprenti_habilite",
                "category_start": cohort.first_year_start,
            }
            for n in range(4)
        ],
        on=date(2025, 9, 1), by=admin,
    )  # fmt: skip
    for learner in enrolled:  # apprentices under contract up to the exams, nothing to flag yet
        contract_services.create_contract(
            learner=learner, kind="apprenticeship", employer=followup.companies["rhone"],
            apprenticeship_master=followup.contacts["laurent"], start=date(2025, 9, 1),
            end=date(2027, 8, 31), cycle_start=cohort.first_year_start, confirm_warnings=True,
            by=admin,
        )  # fmt: skip
    after = selectors.manager_overview(manager, on=ON)
    assert [row.learner.pk for row in after.at_risk] == [row.learner.pk for row in before.at_risk]
    assert examined[-1] == examined[0], f"{examined[0]} learners examined, then {examined[-1]}"


def test_the_managers_overview_finds_every_risk_of_the_early_warning(followup):
    """Each kind of risk at once, on 20 December 2026: the demo's empty logbook and difficult
    visit (Emma Petit), Lucas Bernard's 15 h of unjustified absences and his contract broken
    before the exams, the 1st-year students without a company for the internship of 11 January.
    The dashboard lists exactly the learners, and the reasons, the early warning finds when it
    reads every learner of the centre."""
    from ndrc.contracts.models import Contract
    from tests.followup.test_centre_side import _absent_on

    manager = followup.users["responsable"]
    bernard = followup.learners["bernard"]
    _absent_on([bernard], [date(2026, 10, 5), date(2026, 10, 6)])
    contract_services.terminate_contract(
        contract=Contract.objects.get(learner=bernard), on=date(2027, 1, 15),
        cause="mutual_agreement", by=manager,
    )  # fmt: skip
    on = date(2026, 12, 20)
    every = selectors.risks(Learner.objects.filter(cohort__training_centre=followup.centre), on=on)
    shown = selectors.manager_overview(manager, on=on).at_risk
    assert {row.learner.pk: list(row.risks) for row in shown} == every
    assert {risk.code for risks in every.values() for risk in risks} == {
        "unjustified_absences", "empty_logbook", "visit_difficulty", "no_company",
        "contract_ending",
    }  # fmt: skip


# A logbook's page: the session, the user and their roles; the logbook and whether the user
# reaches it (their cohort's teachers, its referent), then once for the page's four actions;
# the centre's settings, the periods and their entries; the cohort's calendar (three), read
# once for the timetable and the attendance; the referent, the CCF calendar, the meetings and
# their ratings; the categories, the sessions, the attendance (two); the history (a teacher's
# menu reads one more: whether they are a disability referent).
LOGBOOK_QUERIES = 24


def test_a_logbook_page_reads_its_permissions_and_calendar_once(followup, client, today):
    """The manager's and the referent's view of Bernard's logbook: the same queries with more
    entries in it, and no more than the page reads once each."""
    bernard = followup.learners["bernard"]
    logbook = Logbook.objects.get(learner=bernard)
    path = f"/suivi/livret/{logbook.pk}/"
    for login in ("responsable", "enseignant"):
        client.force_login(followup.users[login])
        assert client.get(path).status_code == 200
        before = count(lambda: client.get(path))
        assert before <= LOGBOOK_QUERIES, login
    for day in (4, 5, 6):
        services.add_entry(
            logbook=logbook, day=date(2026, 11, day), title=f"Relance {day}", on=ON,
            by=followup.users["admin"],
        )  # fmt: skip
    page = client.get(path).content.decode()
    assert "Relance 6" in page
    assert count(lambda: client.get(path)) == before


def test_a_referent_s_overview_reads_the_planned_visits_and_the_settings_once(followup):
    """A referent's overview (their home dashboard): this week's visits and the reports to
    write come from one read of the planned visits, the logbooks' delays from the settings read
    for the visits' tallies (each was read twice), and neither grows with the apprentices."""
    paul = followup.users["enseignant"]
    add_apprentices(followup, 2)
    learner = Learner.objects.get(last_name="Nom0")
    late = services.plan_visit(learner=learner, planned_on=date(2026, 12, 1), mode="phone", by=paul)
    soon = services.plan_visit(learner=learner, planned_on=date(2026, 12, 7), mode="video", by=paul)
    selectors.teacher_overview(paul, on=ON)  # warm the caches (roles)
    with CaptureQueriesContext(connection) as queries:
        overview = selectors.teacher_overview(paul, on=ON)
    assert soon in overview.week and late not in overview.week
    assert late in overview.to_report and soon not in overview.to_report
    assert all(v.planned_on <= date(2026, 12, 10) for v in overview.week + overview.to_report)
    sqls = [q["sql"] for q in queries.captured_queries]
    planned = [
        sql for sql in sqls if sql.startswith('SELECT "followup_visit"') and "'planned'" in sql
    ]
    assert len(planned) == 1
    assert len([sql for sql in sqls if 'FROM "followup_followupsettings"' in sql]) == 1
    add_apprentices(followup, 2, start=2)
    assert count(lambda: selectors.teacher_overview(paul, on=ON)) == len(sqls)


def test_the_managers_overview_asks_once_what_its_screening_read(followup, monkeypatch):
    """Who was absent without justification and which cohorts' internships are close: read of
    every learner to choose those who may be at risk (`_maybe_at_risk`), not asked again of them
    by the risks."""
    asked: list[str] = []
    for name in ("unjustified_absentees", "cohorts_with_internship_starting"):
        real = getattr(selectors.centre, name)

        def counted(*args, _real=real, _name=name, **kwargs):
            asked.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(selectors.centre, name, counted)
    overview = selectors.manager_overview(followup.users["responsable"], on=ON)
    assert overview.at_risk  # the risks were examined
    assert sorted(asked) == ["cohorts_with_internship_starting", "unjustified_absentees"]
