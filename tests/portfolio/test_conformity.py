"""The dossier conformity control run on what the application knows, per cohort.

Hand-checked against annexe II d, 4.1 and annexe III b (docs/conformity.md). Deadline of the
demo: 31/03/2027.
"""

from datetime import date
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ndrc.learners import services as learner_services
from ndrc.portfolio import services
from ndrc.portfolio.models import ActivitySheet
from ndrc.portfolio.selectors import (
    AT_RISK,
    ON_TRACK,
    PENALTY_RISK,
    check_learner_dossier,
    cohort_conformity,
)

BEFORE = date(2026, 9, 14)
DEADLINE = date(2027, 3, 31)


def codes(check):
    return [finding.code for finding in check.findings]


def test_a_student_with_twelve_weeks_of_internship_is_at_risk(portfolio):
    # His two internship certificates of the alternance demo: Mon 12/01 – Fri 20/02/2026 and
    # Mon 18/05 – Fri 26/06/2026, 30 working days each = 6 + 6 = 12 weeks.
    # scolaire: 16 weeks required (annexe III b, II.1); 12 < 16 → NV. His event sheet is not
    # attested by the company → the dossier is not signed → NV, even before the deadline.
    check = check_learner_dossier(portfolio.learners["durand"], "E4", on=BEFORE, deadline=DEADLINE)
    assert check.risk == AT_RISK
    assert codes(check) == ["practice_too_short", "dossier_unsigned"]
    assert "12 semaine(s) de stage, requis : 16 semaines" in check.findings[0].text
    assert "Dossier à déposer." in check.pending


def test_an_apprentice_missing_one_sheet_is_only_penalised_before_the_deadline(portfolio):
    # Contract copy signed; 1 validated sheet of 2 → penalty; not filed nor visaed: to do.
    check = check_learner_dossier(portfolio.learners["bernard"], "E4", on=BEFORE, deadline=DEADLINE)
    assert check.risk == PENALTY_RISK
    assert codes(check) == ["sheets_missing"]
    assert check.pending == ["Dossier à déposer.", "Dossier à faire viser par l'établissement."]


def test_after_the_deadline_a_dossier_not_filed_is_nv(portfolio):
    check = check_learner_dossier(
        portfolio.learners["bernard"], "E4", on=date(2027, 4, 1), deadline=DEADLINE
    )
    assert check.risk == AT_RISK
    assert codes(check) == ["not_filed", "dossier_unsigned", "sheets_missing"]


def test_a_complete_attested_filed_dossier_is_conforming(portfolio):
    bernard = portfolio.learners["bernard"]
    event = ActivitySheet.objects.get(learner=bernard, nature="event")
    services.validate_sheet(sheet=event, on=BEFORE, by=portfolio.users["enseignant"])
    services.attest_sheet(sheet=event, on=BEFORE, by=portfolio.users["maitre"])
    services.record_exam_dossier(
        learner=bernard,
        exam="E4",
        deposited_on=date(2027, 3, 20),
        signed=True,
        by=portfolio.users["responsable"],
    )
    check = check_learner_dossier(bernard, "E4", on=date(2027, 4, 1), deadline=DEADLINE)
    assert check.result.status == "conforming"
    assert (check.risk, check.findings, check.pending) == (ON_TRACK, [], [])
    assert [s.kind for s in check.sheets] == ["negotiation", "event"]


def test_an_e6_dossier_with_an_unattested_sheet_and_a_too_long_study(portfolio):
    bernard = portfolio.learners["bernard"]
    services.set_dossier_document(
        learner=bernard,
        kind="reflective_study",
        pages=Decimal("2.5"),
        by=portfolio.users["apprenant"],
    )
    check = check_learner_dossier(bernard, "E6", on=BEFORE, deadline=DEADLINE)
    # The distributors sheet is validated but not attested → not signed → NV; 1 of 3 sheets →
    # sheets_missing; 2.5 recto-verso pages > 2 → reflective_study_too_long.
    assert codes(check) == ["dossier_unsigned", "sheets_missing", "reflective_study_too_long"]
    assert check.risk == AT_RISK
    assert (
        "Fiche « Implantation de la gamme bio chez trois franchisés » : attestation de "
        "l'entreprise manquante." in check.notes
    )


def test_the_cohort_list_puts_those_at_risk_first(portfolio):
    checks = cohort_conformity(
        portfolio.users["enseignant"], portfolio.second_year, "E4", on=BEFORE
    )
    assert len(checks) == 15
    risks = [c.risk for c in checks]
    assert risks == sorted(risks, key=[AT_RISK, PENALTY_RISK, "unchecked", ON_TRACK].index)
    by_name = {c.learner.last_name: c.risk for c in checks}
    assert by_name["Durand"] == AT_RISK
    assert by_name["Bernard"] == PENALTY_RISK
    # No certificate recorded for the other students and trainees: NV on no_certificate.
    assert by_name["Garcia"] == AT_RISK


def test_the_page_lists_who_is_at_risk_and_why(portfolio, client_of):
    url = f"/portfolio/promotions/{portfolio.second_year.pk}/conformite/E4/"
    page = client_of(portfolio.users["enseignant"]).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Date limite de dépôt : 31/03/2027" in html
    assert "Nathan Durand" in html and "12 semaine(s) de stage, requis : 16 semaines" in html
    assert client_of(portfolio.users["tuteur"]).get(url).status_code == 404


def test_the_manager_sets_the_deadline_and_a_teacher_may_not(portfolio, client_of):
    url = f"/portfolio/promotions/{portfolio.second_year.pk}/conformite/E6/"
    response = client_of(portfolio.users["enseignant"]).post(url, {"deadline": "2027-04-15"})
    assert response.status_code == 403
    response = client_of(portfolio.users["responsable"]).post(url, {"deadline": "2027-04-15"})
    assert response.status_code == 302
    from ndrc.portfolio.selectors import deadline_of

    assert deadline_of(portfolio.second_year, "E6").date == date(2027, 4, 15)


def _conformity_page(client, cohort) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        page = client.get(f"/portfolio/promotions/{cohort.pk}/conformite/E4/")
    assert page.status_code == 200
    return len(captured.captured_queries), page.content.decode()


def test_the_cohort_page_reads_the_same_few_queries_for_more_learners(portfolio, client_of):
    client = client_of(portfolio.users["responsable"])
    cohort = portfolio.second_year
    before, _html = _conformity_page(client, cohort)
    added = [
        learner_services.create_learner(
            cohort=cohort,
            first_name=f"Nouvel{day}",
            last_name="Zidane",
            birth_date=date(2005, 1, day),
            category="scolaire",
            category_start=cohort.first_year_start,
            on=date(2026, 1, 10),
            by=portfolio.users["admin"],
        )
        for day in (1, 2, 3)
    ]
    queries, html = _conformity_page(client, cohort)
    # Only the E4 checks are read (the E6 ones are the other page's), the deadline once, the
    # cohort once (found among those the reader sees, not asked again whether they see it or
    # may change it).
    assert queries <= before and queries <= 7
    # A row each, at risk: no certificate of internship recorded for these students.
    for learner in added:
        link = f"/portfolio/apprenants/{learner.pk}/dossier/E4/"
        assert f'<tr data-risk="at_risk">\n    <td><a href="{link}">{learner.full_name}</a>' in html


def _learner_queries(client, cohort) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"/portfolio/promotions/{cohort.pk}/conformite/E4/").status_code == 200
    return [q["sql"] for q in captured.captured_queries if 'FROM "learners_learner"' in q["sql"]]


def test_a_manager_reads_the_cohorts_learners_without_asking_whom_they_reach(portfolio, client_of):
    """Every learner of a cohort of the centre a manager runs is theirs to see (their roles say
    so): the page reads the cohort's learners with no teacher's nor supervisor's reach to ask;
    a teacher's, with it."""
    cohort = portfolio.second_year
    (read,) = _learner_queries(client_of(portfolio.users["responsable"]), cohort)
    assert "learners_teacherassignment" not in read and "companies_supervision" not in read
    (read,) = _learner_queries(client_of(portfolio.users["enseignant"]), cohort)
    assert "learners_teacherassignment" in read


def test_with_every_check_stored_no_query_is_built_for_the_learners_left_to_check(
    portfolio, client_of, monkeypatch
):
    """Every learner's check is stored (as the changes keep them): none is left to check, and
    no query is built (compiled, then found empty) to read them; each query built is run."""
    from django.db.models.sql.compiler import SQLCompiler

    from ndrc.portfolio.models import StoredDossierCheck

    cohort = portfolio.second_year
    assert StoredDossierCheck.objects.filter(learner__cohort=cohort, exam="E4").count() == (
        cohort.learners.count()
    )
    client = client_of(portfolio.users["responsable"])
    client.get(f"/portfolio/promotions/{cohort.pk}/conformite/E4/")
    built = []
    execute_sql = SQLCompiler.execute_sql

    def counted(compiler, *args, **kwargs):
        built.append(compiler.query.model)
        return execute_sql(compiler, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "execute_sql", counted)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(f"/portfolio/promotions/{cohort.pk}/conformite/E4/")
    assert page.status_code == 200
    assert len(built) == len(captured.captured_queries)
