"""The indicators' pages read a fixed number of queries, whatever the number of sessions and
learners: counted before and after adding two sessions of 10 learners each (each with every
kind of record the pages count: apprentices' contracts, one broken, a departure, situations, a
questionnaire and its answers) beside the demo's three."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ndrc.contracts import services as contracts
from ndrc.indicators import services
from ndrc.indicators.models import Invitation, Survey
from ndrc.indicators.selectors import manager_panel
from ndrc.learners import services as learners
from tests.indicators.conftest import login

PARIS = ZoneInfo("Europe/Paris")
CATEGORIES = ("apprenti_habilite", "scolaire", "fpc_public")


def add_session(population, year, count, exam_results):
    admin, centre = population.users["admin"], population.centre
    start = date(year - 2, 9, 1)
    cohort = learners.create_cohort(
        training_centre=centre, name=f"Promotion {year}", first_year_start=start,
        exam_session=year, by=admin,
    )  # fmt: skip
    enrolled = learners.create_learners(  # in one call: their dossiers checked once
        cohort=cohort,
        learners=[
            {
                "first_name": f"Prénom{index}", "last_name": f"Nom{year}",
                "birth_date": date(year - 20, 3, 1), "category": CATEGORIES[index % 3],
                "email": f"p{index}.{year}@example.fr",
            }
            for index in range(count)
        ],
        on=date(2026, 9, 1), by=admin,
    )  # fmt: skip
    for index, learner in enumerate(enrolled):
        category = CATEGORIES[index % 3]
        exam_results.add(learner, year, category, admitted=index % 2 == 0)
        if category.startswith("apprenti"):
            contract = contracts.create_contract(
                learner=learner, kind="apprenticeship", employer=population.companies["rhone"],
                apprenticeship_master=population.contacts["laurent"], start=start,
                end=date(year, 8, 31), cycle_start=start, confirm_warnings=True, by=admin,
            )  # fmt: skip
            if index % 6 == 0:
                contracts.terminate_contract(
                    contract=contract, on=start.replace(month=10), cause="trial_period", by=admin
                )
        if index % 10 == 9:
            services.record_interruption(
                learner=learner, left_on=date(year - 1, 1, 15), reason="dropped_out", by=admin
            )
        elif index % 3 == 0:
            services.record_situation(
                learner=learner, situation="employed", source="phone",
                observed_on=date(year, 12, 1), by=admin,
            )  # fmt: skip
    now = datetime(year, 5, 2, 10, tzinfo=PARIS)
    survey = services.create_survey(
        centre=centre, kind="learners", year=year, title=f"Avis {year}", anonymous=True,
        closes_on=None, cohort=None, created_at=now, by=admin,
    )  # fmt: skip
    services.send_survey(survey=survey, base_url="http://testserver/", now=now, by=admin)
    overall = survey.questions.get(overall=True)
    for invitation in Invitation.objects.filter(survey=survey)[:10]:
        services.answer_questionnaire(invitation=invitation, answers={overall.pk: 3}, now=now)


PAGES = [
    "/indicateurs/",
    "/indicateurs/?statut=apprentice",
    "/indicateurs/2026/",
    "/indicateurs/2026/termination_rate/",
    "/indicateurs/2026/continuation_rate/?statut=student",
    "/indicateurs/graphiques/",
    "/indicateurs/graphiques/pass_rate.svg",
    "/indicateurs/export.csv",
    "/indicateurs/export.xlsx",
    "/indicateurs/sorties/2026/",
    "/indicateurs/enquetes/",
    "/indicateurs/chiffres/",
    "/indicateurs/enquetes/{survey}/",
    "/resultats/{uai}/",
]


def count_queries(read):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        read()
    return len(queries)


def page(client, url):
    def read():
        assert client.get(url).status_code == 200, url

    return read


def test_the_queries_of_the_pages_and_the_dashboard_panel_do_not_grow_with_the_data(
    indicators, client, exam_results
):
    """The pages and the dashboard's panel, each counted on the demo, then with the same two
    sessions added (added once for both: each is counted the same way before and after)."""
    manager = indicators.users["responsable"]
    on = date(2026, 12, 5)
    panel = manager_panel(manager, on=on)  # the user's roles are read once, kept on the user
    # Session 2026: Agathe Duval and Eva Lemoine have not said what became of them; the
    # six-month survey is open until 31/01/2027.
    assert (panel.last_year, panel.unknown_situations) == (2026, 2)
    assert [row.survey.kind for row in panel.open_surveys] == ["six_months"]
    panel_before = count_queries(lambda: manager_panel(manager, on=on))
    login(client, indicators, "responsable")
    survey = Survey.objects.get(kind="learners", year=2026)
    urls = [url.format(survey=survey.pk, uai=indicators.centre.uai) for url in PAGES]
    before = {url: count_queries(page(client, url)) for url in urls}
    add_session(indicators, 2022, 10, exam_results)
    add_session(indicators, 2023, 10, exam_results)
    assert {url: count_queries(page(client, url)) for url in urls} == before
    panel_after = count_queries(lambda: manager_panel(manager, on=on))
    assert panel_after == panel_before, "the dashboard panel's queries"
