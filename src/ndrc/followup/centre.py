"""The centre's side of the follow-up, read from the apps that own it: CCF situations
(assessments), the timetable and internship periods (timetable), the hours of attendance
(attendance). The logbook, its PDF, the master's page, the early warning and the digest read
them through this module only, by the selectors those apps expose for it (FEATURES.md); none
of those apps reads the follow-up, so the imports look one way.
"""

from collections import defaultdict
from collections.abc import Iterable

from ndrc.assessments.models import AssessmentSituation
from ndrc.attendance.selectors import attendance_totals, unjustified_absentees
from ndrc.learners.models import Learner
from ndrc.timetable.selectors import (
    calendar_contexts,
    cohorts_with_internship_starting,
    internship_periods,
    sessions_for_learner,
    sessions_for_learners,
)

__all__ = [
    "attendance_totals",
    "calendar_contexts",
    "ccf_situations",
    "cohorts_with_internship_starting",
    "internship_periods",
    "sessions_for_learner",
    "sessions_for_learners",
    "unjustified_absentees",
]


def ccf_situations(learners: Iterable[Learner]) -> dict[int, list[AssessmentSituation]]:
    """learner id → their CCF situations (E4, E6), by date: the calendar of the evaluations
    only, never the grade (the logbook is read by the company too; see docs/followup.md)."""
    found: dict[int, list[AssessmentSituation]] = defaultdict(list)
    for situation in AssessmentSituation.objects.filter(learner__in=list(learners)).order_by(
        "date", "exam", "situation"
    ):
        found[situation.learner_id].append(situation)
    return found
