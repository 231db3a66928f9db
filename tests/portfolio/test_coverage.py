"""The coverage map: critères covered by validated sheets (performed), only observed, missing.

Hand count from portfolio/demo.py. Lucas Bernard's validated sheets: the negotiation (E4) tags
BC01-C1-S1-PC1, BC01-C1-S2-PC1, BC01-C2-S1-PC1, BC01-C2-S1-PC2 performed and BC01-C4-S1-PC1
observed; the distributors sheet (E6) tags BC03-C1-S1-PC1 performed and BC03-C1-S2-PC1 observed.
His event sheet is only submitted: it does not count. The framework has 20 + 16 + 12 = 48
critères, so 5 performed, 2 observed, 48 - 7 = 41 missing; in BC01: 4, 1 and 20 - 5 = 15.
"""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ndrc.learners import services as learner_services
from ndrc.portfolio import services
from ndrc.portfolio.models import ActivitySheet
from ndrc.portfolio.selectors import cohort_coverage, learner_coverage


def test_a_learners_counts_come_from_validated_sheets_only(portfolio):
    coverage = learner_coverage(portfolio.learners["bernard"])
    assert (coverage.counts.performed, coverage.counts.observed, coverage.counts.missing) == (
        5,
        2,
        41,
    )
    bc01 = coverage.blocks[0]
    assert bc01.block.code == "BC01"
    assert (bc01.counts.performed, bc01.counts.observed, bc01.counts.missing) == (4, 1, 15)
    states = {
        item.criterion.code: item.state
        for block in coverage.blocks
        for competence in block.competences
        for item in competence.criteria
    }
    assert states["BC01-C2-S1-PC1"] == "performed"
    assert states["BC01-C4-S1-PC1"] == "observed"
    assert states["BC01-C3-S1-PC1"] == "missing"  # tagged on the event sheet, not validated


def test_what_the_dossiers_still_need(portfolio):
    needs = {need.exam: need for need in learner_coverage(portfolio.learners["bernard"]).needs}
    assert needs["E4"].missing_kinds == ["Organisation et animation d'un évènement commercial"]
    assert needs["E6"].missing_kinds == ["Réseau de partenaires", "Réseau de vente directe"]
    assert not needs["E6"].real_network_experience_missing
    assert needs["E6"].reflective_study_missing


def test_validating_a_sheet_moves_its_critères_to_performed(portfolio):
    event = ActivitySheet.objects.get(learner=portfolio.learners["bernard"], nature="event")
    services.validate_sheet(sheet=event, on=date(2026, 9, 14), by=portfolio.users["enseignant"])
    coverage = learner_coverage(portfolio.learners["bernard"])
    # + BC01-C3-S1-PC1 and BC01-C3-S2-PC1: 7 performed, 2 observed, 39 missing.
    assert (coverage.counts.performed, coverage.counts.observed, coverage.counts.missing) == (
        7,
        2,
        39,
    )
    assert coverage.needs[0].missing_kinds == []


def test_the_cohort_grid_counts_learners_per_critère(portfolio):
    coverage = cohort_coverage(portfolio.users["enseignant"], portfolio.second_year)
    assert len(coverage.learners) == 15
    rows = {row.criterion.code: row for row in coverage.rows}
    assert len(rows) == 48
    # Bernard and Durand performed it (their negotiation sheets); the 13 others have nothing.
    counts = rows["BC01-C2-S1-PC1"].counts
    assert (counts.performed, counts.observed, counts.missing) == (2, 0, 13)
    # Only observed by Durand, on his validated event sheet.
    counts = rows["BC01-C3-S3-PC1"].counts
    assert (counts.performed, counts.observed, counts.missing) == (0, 1, 14)


def test_the_cohort_page_is_for_the_cohort_staff(portfolio, client_of):
    url = f"/portfolio/promotions/{portfolio.second_year.pk}/couverture/"
    page = client_of(portfolio.users["enseignant"]).get(url)
    assert page.status_code == 200
    assert 'id="BC01-C2-S1-PC1"' in page.content.decode()
    assert client_of(portfolio.users["maitre"]).get(url).status_code == 404
    assert client_of(portfolio.users["enseignante"]).get(url).status_code == 404


def test_a_tutor_does_not_see_a_learners_coverage(portfolio, client_of):
    url = f"/portfolio/apprenants/{portfolio.learners['bernard'].pk}/couverture/"
    assert client_of(portfolio.users["apprenant"]).get(url).status_code == 200
    assert client_of(portfolio.users["maitre"]).get(url).status_code == 403


def _learner_with_a_validated_sheet(portfolio, day: int):
    """A new learner of the second year whose validated E4 sheet shows BC01-C3-S1-PC1 performed
    and BC01-C3-S2-PC1 observed."""
    admin = portfolio.users["admin"]
    cohort = portfolio.second_year
    learner = learner_services.create_learner(
        cohort=cohort,
        first_name=f"Nouvel{day}",
        last_name="Zidane",
        birth_date=date(2005, 1, day),
        category="scolaire",
        category_start=cohort.first_year_start,
        on=date(2026, 1, 10),
        by=admin,
    )
    sheet = services.create_sheet(
        learner=learner,
        exam="E4",
        title="Salon des artisans",
        nature="event",
        start=date(2026, 9, 1),
        company=portfolio.companies["assur"],
        context="Stand de la mutuelle.",
        upstream_analysis="Invitations.",
        information_analysis="Questionnaire.",
        reflective_analysis="À refaire plus tôt.",
        by=admin,
    )
    services.set_tags(
        sheet=sheet, tags={"BC01-C3-S1-PC1": "performed", "BC01-C3-S2-PC1": "observed"}, by=admin
    )
    services.submit_sheet(sheet=sheet, on=date(2026, 9, 10), by=admin)
    services.validate_sheet(sheet=sheet, on=date(2026, 9, 14), by=portfolio.users["enseignant"])
    return learner


def _cohort_map(client, cohort) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        page = client.get(f"/portfolio/promotions/{cohort.pk}/couverture/")
    assert page.status_code == 200
    return len(captured.captured_queries), page.content.decode()


def _counts(portfolio, code: str) -> tuple[int, int, int]:
    coverage = cohort_coverage(portfolio.users["responsable"], portfolio.second_year)
    counts = {row.criterion.code: row.counts for row in coverage.rows}[code]
    return counts.performed, counts.observed, counts.missing


def test_the_cohort_map_reads_the_same_few_queries_for_more_learners_and_sheets(
    portfolio, client_of
):
    client = client_of(portfolio.users["responsable"])
    before, _html = _cohort_map(client, portfolio.second_year)
    performed, observed, missing = _counts(portfolio, "BC01-C3-S2-PC1")
    added = [_learner_with_a_validated_sheet(portfolio, day) for day in (1, 2, 3)]
    queries, html = _cohort_map(client, portfolio.second_year)
    # The tags of every learner's sheets are read at once, none of their sheets loaded.
    assert queries <= before and queries <= 7
    # Each new learner has a column, and their cells say what their validated sheet shows.
    for learner in added:
        link = f"/portfolio/apprenants/{learner.pk}/couverture/"
        assert f'<th class="learner"><a href="{link}">Zidane N.</a></th>' in html
        assert f'<a href="{link}#BC01-C3-S1-PC1" title="{learner.full_name}">✔</a>' in html
        assert f'<a href="{link}#BC01-C3-S2-PC1" title="{learner.full_name}">◐</a>' in html
        assert f'<a href="{link}#BC01-C1-S1-PC1" title="{learner.full_name}">✘</a>' in html
    assert _counts(portfolio, "BC01-C3-S2-PC1") == (performed, observed + 3, missing)
