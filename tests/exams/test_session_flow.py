"""The exam office runs the demo's session 2026 end to end through the services."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from ndrc.exams import services
from ndrc.exams.demo import grade_file
from ndrc.exams.models import Decision, SessionState
from ndrc.exams.selectors import session_table

PARIS = ZoneInfo("Europe/Paris")


def test_the_demo_session_runs_to_its_published_results(session, office, demo):
    assert session.state == SessionState.GRADING
    table = session_table(session)
    assert len(table.rows) == 8 and all(row.registration.valid for row in table.rows)
    services.import_grades(
        session=session, data=grade_file(session), filename="notes.csv", by=office
    )
    assert session_table(session).incomplete == ()
    services.change_state(session=session, to=SessionState.JURY, by=office)
    services.deliberate_session(session=session, by=office)
    decisions = {r.registration.learner.last_name: r.decision for r in session_table(session).rows}
    assert {name: d.decision for name, d in decisions.items()} == {
        "Aubert": "admitted",
        "Barbier": "resit_eligible",
        "Caron": "admitted",
        "Colin": "failed",
        "Dumont": "admitted",
        "Gautier": "admitted",
        "Henry": "admitted",
        "Marchand": "admitted",
    }
    barbier = decisions["Barbier"].registration
    assert decisions["Barbier"].average == Decimal("9.50")
    services.sign_off(session=session, by=office)
    services.set_resit_grades(registration=barbier, grades={"U1": Decimal(12)}, by=office)
    services.deliberate_resits(session=session, by=office)
    services.sign_off(session=session, by=office)
    services.publish(session=session, at=datetime(2026, 7, 7, 10, tzinfo=PARIS), by=office)
    final = Decision.objects.filter(registration=barbier).order_by("-pk").first()
    assert final.decision == "admitted"
    assert session.state == SessionState.PUBLISHED
    assert date(2026, 7, 7) == session.publication_at.astimezone(PARIS).date()
