"""The centre's side of the follow-up, read from the other apps: CCF situations (assessments),
and the timetable, attendance and internship periods built at the same time by issue 13.

Each call to an app of issue 13 is ONE function below that returns nothing until the lead wires
it at merge (`# wired at merge:` names the agreed function, FEATURES.md); the pages, the PDF,
the master's page and the early warning already read them through these functions.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from ndrc.assessments.models import AssessmentSituation
from ndrc.learners.models import Cohort, Learner


def sessions_for_learner(learner: Learner, *, start: date, end: date) -> list[Any]:
    """The learner's half-day sessions in the centre from `start` to `end` (timetable)."""
    # wired at merge: return ndrc.timetable.selectors.sessions_for_learner(
    #     learner, start=start, end=end)
    return []


def attendance_totals(learners: Iterable[Learner], *, start: date, end: date) -> dict[int, Any]:
    """learner id → AttendanceTotals (planned, attended, absent_justified, absent_unjustified
    hours as Decimal, and per module) from `start` to `end`; absent when nothing is recorded."""
    # wired at merge: return ndrc.attendance.selectors.attendance_totals(
    #     learners, start=start, end=end)
    return {}


def internship_periods(cohorts: Iterable[Cohort]) -> dict[int, list[tuple[date, date]]]:
    """cohort id → the internship periods (first day, last day) of its students, from the
    cohort's training calendar."""
    # wired at merge: the internship periods of the training calendar of issue 13
    # (ndrc.timetable, "the internship periods of students"), by cohort id.
    return {}


def ccf_situations(learners: Iterable[Learner]) -> dict[int, list[AssessmentSituation]]:
    """learner id → their CCF situations (E4, E6), by date: the calendar of the evaluations
    only, never the grade (the logbook is read by the company too; see docs/followup.md)."""
    found: dict[int, list[AssessmentSituation]] = defaultdict(list)
    for situation in AssessmentSituation.objects.filter(learner__in=list(learners)).order_by(
        "date", "exam", "situation"
    ):
        found[situation.learner_id].append(situation)
    return found
