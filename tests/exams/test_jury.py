"""The jury: NV from the dossiers' conformity, decisions kept as taken, rectifications after the
sign-off, the statistics, and the jury's table in a fixed number of queries."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ndrc.exams import services
from ndrc.exams.demo import grade_file
from ndrc.exams.models import ChangeKind, Decision, GradeChange, GradeStatus, SessionState
from ndrc.exams.selectors import dashboard_panel, session_statistics, session_table
from ndrc.portfolio import services as portfolio_services


def _grades_in(session, office):
    services.import_grades(session=session, data=grade_file(session), filename="n.csv", by=office)


def _to_jury(session, office):
    _grades_in(session, office)
    services.change_state(session=session, to=SessionState.JURY, by=office)
    services.deliberate_session(session=session, by=office)


def test_an_unfiled_dossier_after_its_deadline_is_nv_from_the_conformity_control(
    session, office, demo
):
    # The centre recorded the 2026 cohort's E4 deadline: nobody filed a dossier in ndrc.
    cohort = session.training_centre.cohorts.get(exam_session=2026)
    portfolio_services.set_dossier_deadline(
        cohort=cohort, exam="E4", deadline=date(2026, 4, 1), by=demo.users["admin"]
    )
    before = services.collect_ccf_grades(session=session, on=date(2026, 3, 31), by=office)
    assert before.invalid == []  # before the deadline, the control does not decide yet
    done = services.collect_ccf_grades(session=session, on=date(2026, 4, 2), by=office)
    assert len(done.invalid) == 8 and all(who.endswith("U4") for who in done.invalid)
    grade = session.registrations.first().grades.get(unit="U4")
    assert grade.status == GradeStatus.INVALID and grade.value is None and grade.note
    _grades_in(session, office)
    services.change_state(session=session, to=SessionState.JURY, by=office)
    services.deliberate_session(session=session, by=office)
    decision = Decision.objects.filter(registration__session=session).first()
    assert decision.decision == "failed"
    assert any(step["rule"] == "invalid" for step in decision.explanation)


def test_the_statistics_by_category_computed_by_hand(session, office):
    _to_jury(session, office)
    rows = {(r.category): r for r in session_statistics(exam_sessions=[session])}
    # 8 registered, all present; admitted: Aubert, Caron, Dumont, Gautier, Henry, Marchand = 6
    # (Barbier: épreuves de contrôle, Colin: failed). 6/8 = 75 %.
    total = rows[""]
    assert (total.registered, total.present, total.admitted) == (8, 8, 6)
    assert total.pass_rate == Decimal("75.00")
    # Apprentices: Caron, Colin, Dumont → 2 of 3 = 66.67 %.
    assert (rows["apprenti_habilite"].admitted, rows["apprenti_habilite"].present) == (2, 3)
    assert rows["apprenti_habilite"].pass_rate == Decimal("66.67")
    assert rows["fpc_public"].pass_rate == Decimal("100.00")


def test_an_absent_candidate_is_not_present(session, office):
    # Henry absent everywhere he sits at this session (U3, U5, U4, U6).
    _grades_in(session, office)
    henry = session.registrations.get(learner__last_name="Henry")
    grades = [
        services.GradeInput(henry, unit, part, "absent", "henry")
        for unit, part in (("U3", ""), ("U4", ""), ("U5", "written"), ("U5", "practical"),
                           ("U6", ""))
    ]  # fmt: skip
    services.set_grades(session=session, grades=grades, source="typed", by=office)
    services.change_state(session=session, to=SessionState.JURY, by=office)
    services.deliberate_session(session=session, by=office)
    total = {r.category: r for r in session_statistics(exam_sessions=[session])}[""]
    assert (total.registered, total.present) == (8, 7)


def test_decisions_are_kept_and_a_later_correction_is_a_rectification(session, office, demo):
    _to_jury(session, office)
    services.sign_off(session=session, by=office)
    barbier = session.registrations.get(learner__last_name="Barbier")
    services.set_resit_grades(registration=barbier, grades={"U2": "absent"}, by=office)
    services.deliberate_resits(session=session, by=office)
    assert Decision.objects.filter(registration=barbier).first().decision == "failed"
    services.sign_off(session=session, by=office)
    colin = session.registrations.get(learner__last_name="Colin")
    first = list(Decision.objects.filter(registration=colin).values_list("pk", "decision"))
    with pytest.raises(ValidationError, match="rectification"):
        services.raise_grade(registration=colin, unit="U3", value=Decimal(9), reason="Après",
                             by=office)  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.rectify(registration=colin, unit="U3", value=Decimal(9), reason="Erreur de "
                         "report de la copie", by=demo.users["admin"])  # fmt: skip
    services.rectify(
        registration=colin, unit="U3", value=Decimal(16), reason="Erreur de report : 16 et non 6",
        by=office,
    )  # fmt: skip
    change = GradeChange.objects.get(registration=colin)
    assert (change.kind, change.before, change.after) == (ChangeKind.RECTIFICATION, "6", "16")
    decisions = list(Decision.objects.filter(registration=colin).values_list("pk", "decision"))
    assert decisions[1:] == first  # nothing earlier changed
    assert Decision.objects.filter(registration=colin).first().kind == "rectification"


def test_the_jury_table_reads_in_a_fixed_number_of_queries(client, session, office, demo):
    _to_jury(session, office)
    client.force_login(office)
    url = f"/examen/sessions/{session.pk}/jury/"
    client.get(url)
    with CaptureQueriesContext(connection) as eight:
        assert client.get(url).status_code == 200
    table = session_table(session)
    assert [row.decision is not None for row in table.rows] == [True] * 8
    # The demo's session 2027 with the 30 learners of the two other cohorts: as many queries.
    other = session.training_centre.exam_sessions.get(year=2027)
    data = services.RegistrationInput(units=("U4",), form="progressive")
    learners = list(demo.second_year.learners.all()) + list(demo.first_year.learners.all())
    for learner in learners:
        services.register(session=other, learner=learner, data=data, on=date(2026, 10, 1),
                          by=office)  # fmt: skip
    with CaptureQueriesContext(connection) as thirty:
        assert client.get(f"/examen/sessions/{other.pk}/jury/").status_code == 200
    assert len(thirty) == len(eight)


def test_the_dashboard_panels(session, office, demo):
    panel = dashboard_panel(office, on=date(2026, 5, 1))
    summary = next(s for s in panel.sessions if s.session == session)
    assert (summary.registered, summary.invalid, summary.missing_grades) == (8, 0, 8)
    assert [e.starts_on for e in summary.next_dates] == [
        date(2026, 5, 11),
        date(2026, 5, 12),
        date(2026, 5, 13),
    ]
    candidate = session.registrations.get(learner__last_name="Aubert").learner.user
    own = dashboard_panel(candidate).own
    assert len(own) == 1 and not own[0].published and own[0].decision is None
    _to_jury(session, office)
    services.sign_off(session=session, by=office)
    barbier = session.registrations.get(learner__last_name="Barbier")
    services.set_resit_grades(registration=barbier, grades={"U1": Decimal(12)}, by=office)
    services.deliberate_resits(session=session, by=office)
    services.sign_off(session=session, by=office)
    services.publish(session=session, at=timezone.now() - timedelta(minutes=1), by=office)
    # The candidate's next visit: a new request, whose user reads their registrations anew.
    candidate = type(candidate).objects.get(pk=candidate.pk)
    own = dashboard_panel(candidate).own
    assert own[0].published and own[0].decision.decision == "admitted"


def test_the_candidates_file_shows_the_livret_scolaire_where_the_centre_keeps_one(
    client, session, office, demo
):
    """gradebook.selectors.school_record (issue 16), read by the jury on the candidate's file."""
    from ndrc.gradebook import services as gradebook

    aubert = session.registrations.get(learner__last_name="Aubert")
    barbier = session.registrations.get(learner__last_name="Barbier")
    manager = demo.users["responsable"]
    gradebook.write_record_appreciation(
        learner=aubert.learner, unit="U4", text="Très bonne progression en négociation.",
        by=manager,
    )  # fmt: skip
    client.force_login(office)
    page = client.get(f"/examen/inscriptions/{aubert.pk}/jury/").content.decode()
    record = page.split('id="school-record"')[1].split("</table>")[0]
    assert 'data-unit="U4"' in record and "Très bonne progression en négociation." in record
    assert reverse("gradebook:school_record", args=[aubert.learner.pk]) in page
    page = client.get(f"/examen/inscriptions/{barbier.pk}/jury/").content.decode()
    assert 'id="school-record"' not in page
    assert "Livret scolaire non tenu dans ndrc pour ce candidat." in page


def test_a_candidates_file_reads_its_grade_changes_with_the_table_in_fixed_queries(
    client, session, office
):
    """The jury's changes and rectifications, with who made them, come with the candidate's
    row of the table (no query of their own): as many queries with one or three of them."""
    _to_jury(session, office)
    colin = session.registrations.get(learner__last_name="Colin")
    url = f"/examen/inscriptions/{colin.pk}/jury/"
    client.force_login(office)

    def page() -> tuple[str, int]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return response.content.decode(), len(captured)

    services.raise_grade(registration=colin, unit="U3", value=Decimal(8), reason="Harmonisation",
                         by=office)  # fmt: skip
    client.get(url)
    one, before = page()
    for value in (9, 10):
        services.raise_grade(registration=colin, unit="U3", value=Decimal(value),
                             reason=f"Harmonisation {value}", by=office)  # fmt: skip
    three, after = page()
    name = office.get_full_name()
    assert one.count(f"({name}, ") == 1 and three.count(f"({name}, ") == 3
    assert "Harmonisation 10" in three
    # The session, the user, their roles, the registration found and its session's access; the
    # table's row (its grades, decisions, carried grades and changes); the dossiers' deadlines
    # and checks, the CCF situations, the livret, the attendance; the menu.
    assert after == before <= 29
