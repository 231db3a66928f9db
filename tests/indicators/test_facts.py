"""The facts of each session as ndrc gathers them, and the indicators computed from them, on the
demo population: what a training manager would count by hand from the same records."""

from datetime import date
from decimal import Decimal

from ndrc.indicators.selectors import indicator_facts, indicators_by_status, indicators_by_year

ON = date(2026, 12, 5)


def rates(row):
    return {item.name: item.rate for item in row.indicators.items}


def test_the_demo_shows_three_sessions_two_recorded_one_from_ndrc(indicators):
    rows = indicators_by_year(centre=indicators.centre, years=[2024, 2025, 2026], on=ON)
    assert [row.year for row in rows] == [2024, 2025, 2026]
    # 2025 is the GFS brochure's year: 13 present, 6 admitted, from the session run in ndrc.
    pass_2025 = rows[1].indicators["pass_rate"]
    assert (pass_2025.numerator, pass_2025.denominator, pass_2025.rate) == (6, 13, Decimal("46.15"))
    assert rows[0].source_of("pass_rate") == "recorded"
    assert rows[1].source_of("pass_rate") == "ndrc"
    assert rows[1].source_of("continuation_rate") == "recorded"  # its survey was on paper
    assert rows[2].source_of("pass_rate") == "recorded"  # the 2026 exam was held before ndrc
    assert rows[2].source_of("termination_rate") == "ndrc"
    assert rows[2].source_of("continuation_rate") == "ndrc"


def test_session_2026_counted_from_the_records(indicators):
    [row] = indicators_by_year(centre=indicators.centre, years=[2026], on=ON)
    assert rates(row) == {
        # 11 present (7 apprentices, 2 students, 2 trainees), 9 admitted; a student absent.
        "pass_rate": Decimal("81.82"),
        "apprentice_pass_rate": Decimal("85.71"),  # 6 / 7
        "graduation_rate": Decimal("75.00"),  # 9 / 12 registered
        # 14 entered, Lina Henry (no new employer) and Marius Denis (dropped out) left.
        "interruption_rate": Decimal("14.29"),
        # 12 leavers: 5 employed, 4 studying, 1 seeking, 2 unknown (left out).
        "continuation_rate": Decimal("40.00"),  # 4 / 10
        "employment_rate": Decimal("83.33"),  # 5 / (10 − 4)
        "favourable_outcome_rate": Decimal("90.00"),  # 9 / 10
        "added_value": None,
        # 9 contracts (Maxime Roussel's second one included), 2 terminated: Lina Henry's within
        # the first 45 days, Maxime Roussel's first by mutual agreement.
        "termination_rate": Decimal("22.22"),
        "learner_satisfaction_rate": Decimal("80.00"),  # 8 of 10 answers
        "company_satisfaction_rate": Decimal("75.00"),  # 3 of 4
    }
    termination = row.indicators["termination_rate"]
    cohort = indicators.centre.cohorts.get(exam_session=2026)
    terminated = cohort.learners.filter(pk__in=termination.numerator_refs)
    assert {learner.last_name for learner in terminated} == {"Henry", "Roussel"}
    assert any("45 premiers jours" in s.text for s in row.indicators.explanation)


def test_session_2025_from_the_published_exam_session(indicators):
    by_status = dict(indicators_by_status(centre=indicators.centre, year=2025, on=ON))
    every = by_status[None].indicators
    # 14 registered: 6 admitted (4 apprentices, 2 students), 7 failed, Zoé Gauthier absent.
    assert every["graduation_rate"].rate == Decimal("42.86")  # 6 / 14
    assert every["apprentice_pass_rate"].rate == Decimal("44.44")  # 4 / 9 apprentices
    assert by_status["student"].indicators["pass_rate"].rate == Decimal("66.67")  # 2 / 3
    assert by_status["continuing_education"].indicators["pass_rate"].rate == Decimal("0.00")
    cohort = indicators.centre.cohorts.get(exam_session=2025)
    behind = cohort.learners.filter(pk__in=every["pass_rate"].denominator_refs)
    assert behind.count() == 13 and not behind.filter(last_name="Gauthier").exists()
    admitted = cohort.learners.filter(pk__in=every["pass_rate"].numerator_refs)
    assert {learner.last_name for learner in admitted} == {
        "Lefebvre", "Morel", "Girard", "André", "Chevalier", "François"
    }  # fmt: skip


def test_results_not_yet_published_count_for_no_indicator(indicators):
    from ndrc.exams.models import ExamSession, SessionState

    ExamSession.objects.filter(year=2025).update(state=SessionState.JURY)
    [row] = indicators_by_year(centre=indicators.centre, years=[2025], on=ON)
    assert row.indicators["pass_rate"].rate is None
    assert row.source_of("pass_rate") == ""


def test_the_rates_of_one_status(indicators):
    by_status = dict(indicators_by_status(centre=indicators.centre, year=2026, on=ON))
    apprentices = by_status["apprentice"].indicators
    # 7 apprentice leavers (Lina Henry left): 3 employed, 3 studying, 1 seeking.
    assert apprentices["continuation_rate"].rate == Decimal("42.86")  # 3 / 7
    assert apprentices["employment_rate"].rate == Decimal("75.00")  # 3 / 4
    assert apprentices.get("apprentice_pass_rate") is None
    students = by_status["student"].indicators
    assert students["termination_rate"].rate is None
    assert students["termination_rate"].reason == "aucun contrat d'apprentissage"
    # Marius Denis left: 1 of 4 students.
    assert students["interruption_rate"].rate == Decimal("25.00")


def test_a_cohort_shows_only_its_own_records(indicators):
    cohort = indicators.centre.cohorts.get(exam_session=2026)
    [row] = indicators_by_year(centre=indicators.centre, years=[2026], on=ON, cohort=cohort)
    # The recorded figures are the centre's, not a cohort's: no exam result for this cohort.
    assert row.indicators["pass_rate"].rate is None
    assert row.indicators["termination_rate"].rate == Decimal("22.22")


def test_exam_results_from_the_exam_sessions(indicators, exam_results):
    second_year = indicators.second_year  # session 2027, no recorded figures
    learners = {learner.last_name: learner for learner in second_year.learners.all()}
    exam_results.add(learners["Bernard"], 2027, "apprenti_habilite", admitted=True)
    exam_results.add(learners["Petit"], 2027, "apprenti_habilite", admitted=True)
    exam_results.add(learners["Robert"], 2027, "apprenti_habilite", admitted=False)
    exam_results.add(learners["David"], 2027, "fpc_public", admitted=True)
    exam_results.add(learners["Durand"], 2027, "scolaire", present=False)
    [row] = indicators_by_year(centre=indicators.centre, years=[2027], on=ON)
    assert row.source_of("pass_rate") == "ndrc"
    pass_rate = row.indicators["pass_rate"]
    # The trainee counts in the global rate (3 / 4), not in the apprentices' (2 / 3); the
    # absent student in neither, but among the registered (3 / 5).
    assert (pass_rate.numerator, pass_rate.denominator, pass_rate.rate) == (3, 4, Decimal("75.00"))
    assert row.indicators["apprentice_pass_rate"].rate == Decimal("66.67")
    assert row.indicators["graduation_rate"].rate == Decimal("60.00")
    assert set(pass_rate.denominator_refs) == {
        learners[name].pk for name in ("Bernard", "Petit", "Robert", "David")
    }


def test_recorded_figures_replace_ndrc_facts_of_their_family_only(indicators, exam_results):
    cohort_2026 = indicators.centre.cohorts.get(exam_session=2026)
    exam_results.add(cohort_2026.learners.first(), 2026, "apprenti_habilite", admitted=False)
    facts = indicator_facts(centre=indicators.centre, years=[2026])[2026]
    # The candidates recorded by hand win over ndrc's one result; the contracts stay ndrc's.
    assert facts.sources["candidates"] == "recorded" and len(facts.candidates) == 12
    assert facts.sources["contracts"] == "ndrc" and len(facts.contracts) == 9
