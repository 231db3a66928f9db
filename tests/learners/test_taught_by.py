"""A teacher reaches the records of the cohorts they are assigned to through one rule,
`learners.selectors.taught_by` (an EXISTS): Nicolas Martin, assigned to the second year for
two blocs, finds each record once without the database sorting out duplicates (DISTINCT)."""

import pytest
from django.contrib.auth import get_user_model

from ndrc.assessments.selectors import visible_situations
from ndrc.attendance.selectors import visible_sheets as visible_attendance_sheets
from ndrc.core.permissions import kept
from ndrc.followup.selectors import (
    followed_learners,
    visible_logbooks,
    visible_meetings,
    visible_visits,
)
from ndrc.gradebook.selectors import visible_gradebooks
from ndrc.learners.selectors import read_cohorts_with_counts
from ndrc.portfolio.selectors import sheets_to_review, visible_sheets
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


@pytest.mark.parametrize(
    "selector",
    [*SELECTORS, sheets_to_review],
    ids=lambda s: f"{s.__module__.split('.')[1]}.{s.__name__}",
)
def test_once_their_cohorts_are_read_a_teacher_reaches_the_same_records(demo, selector):
    """A teacher staff of no centre sees the cohorts they are assigned to, and no other: once
    the page has read them (`read_cohorts_with_counts`), the records of those cohorts are found
    by their ids, and they are the same records."""
    teacher = demo.users["enseignant"]
    told = get_user_model().objects.get(pk=teacher.pk)
    read_cohorts_with_counts(told)
    assert kept(told, "assigned_cohorts") == {demo.second_year.pk}
    alone = get_user_model().objects.get(pk=teacher.pk)
    assert "learners_teacherassignment" not in str(timetable_cohorts(told).query)
    assert sorted(selector(told).values_list("pk", flat=True)) == sorted(
        selector(alone).values_list("pk", flat=True)
    )


def test_staff_of_a_centre_are_not_told_their_cohorts(demo):
    """A manager sees every cohort of their centre, not only those they would be assigned to:
    nothing is told `taught_by` of them."""
    manager = get_user_model().objects.get(pk=demo.users["responsable"].pk)
    assert read_cohorts_with_counts(manager)
    assert kept(manager, "assigned_cohorts") is None
