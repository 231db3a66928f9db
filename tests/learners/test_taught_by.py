"""A teacher reaches the records of the cohorts they are assigned to through one rule,
`learners.selectors.taught_by` (an EXISTS): Nicolas Martin, assigned to the second year for
two blocs, finds each record once without the database sorting out duplicates (DISTINCT)."""

import pytest

from ndrc.assessments.selectors import visible_situations
from ndrc.attendance.selectors import visible_sheets as visible_attendance_sheets
from ndrc.followup.selectors import (
    followed_learners,
    visible_logbooks,
    visible_meetings,
    visible_visits,
)
from ndrc.gradebook.selectors import visible_gradebooks
from ndrc.portfolio.selectors import visible_sheets
from ndrc.timetable.selectors import timetable_cohorts, visible_sessions

SELECTORS = [
    visible_attendance_sheets, visible_sessions, timetable_cohorts, visible_sheets,
    visible_situations, visible_gradebooks, followed_learners, visible_logbooks, visible_visits,
    visible_meetings,
]  # fmt: skip


@pytest.mark.parametrize(
    "selector", SELECTORS, ids=lambda s: f"{s.__module__.split('.')[1]}.{s.__name__}"
)
def test_a_teacher_assigned_twice_reaches_each_record_once(demo, selector):
    teacher = demo.users["enseignant"]
    assert teacher.teacher_assignments.filter(cohort=demo.second_year).count() == 2
    records = selector(teacher)
    assert "DISTINCT" not in str(records.query)
    found = list(records.values_list("pk", flat=True))
    assert len(found) == len(set(found))
