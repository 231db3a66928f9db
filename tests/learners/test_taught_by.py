"""A teacher reaches the records of the cohorts they are assigned to through one rule,
`learners.selectors.taught_by` (an EXISTS): Nicolas Martin, assigned to the second year for
two blocs, finds each record once without the database sorting out duplicates (DISTINCT)."""

import pytest
from django.db.models import Q

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


def _empty_branches(node) -> int:
    """The lookups `pk__in=()` (a branch that cannot match) in a query's WHERE tree."""
    from django.db.models.lookups import In

    if isinstance(node, In):
        return int(not node.rhs)
    return sum(_empty_branches(child) for child in getattr(node, "children", ()))


def test_who_teaches_nowhere_and_holds_no_record_has_no_branch_of_either_built(demo):
    """A master (assigned to no cohort, holding no learner record, as the page's first reads
    tell: `read_cohorts_with_counts`, `own_learner`): the reach of their learners, companies,
    contracts and agreements is built without the teacher's and the learner's branches, not
    with branches that cannot match (each a tenth of a millisecond to build and compile), and
    reaches what it reached."""
    from ndrc.companies.selectors import visible_companies
    from ndrc.contracts.selectors import visible_agreements, visible_contracts
    from ndrc.learners.selectors import (
        own_learner,
        read_cohorts_with_counts,
        visible_learners,
    )

    reach = (visible_learners, visible_companies, visible_contracts, visible_agreements)
    master = demo.users["maitre"]
    reached = {s: set(s(master).values_list("pk", flat=True)) for s in reach}
    assert reached[visible_learners] and reached[visible_companies]
    master = type(master).objects.get(pk=master.pk)  # a new request's user
    assert read_cohorts_with_counts(master) == () and own_learner(master) is None
    for selector in reach:
        records = selector(master)
        assert _empty_branches(records.query.where) == 0, selector.__name__
        assert set(records.values_list("pk", flat=True)) == reached[selector]


def test_a_teacher_of_no_cohort_is_asked_once_and_who_teaches_nowhere_never(demo):
    """Who holds the teacher role is asked their assignments until the page's read of the
    cohorts found none (`read_cohorts_with_counts`); who holds it in no centre is never asked:
    assigned only while a teacher (`assign_teacher`; taking the role back ends them)."""
    from ndrc.core.models import Membership, Role
    from ndrc.learners.selectors import read_cohorts_with_counts, taught_by

    master = demo.users["maitre"]
    assert taught_by(master) == Q(pk__in=())
    Membership.objects.create(user=master, training_centre=demo.centre, role=Role.TEACHER)
    master = type(master).objects.get(pk=master.pk)  # a new request's user
    assert taught_by(master) != Q(pk__in=())  # an EXISTS of their assignments
    assert read_cohorts_with_counts(master) == ()
    assert taught_by(master) == Q(pk__in=())


def test_given_the_assignments_read_the_teacher_reaches_the_same_cohorts_without_a_subquery(demo):
    """A page that read the teacher's assignments once (`assignments_taught`) gives them to
    `taught_by`: the cohorts of the assignments (for the subjects asked), matched by their keys
    with no subquery of the assignments, are those the subquery finds; who is assigned to none
    has no branch built."""
    from ndrc.learners.models import Cohort
    from ndrc.learners.selectors import NO_BRANCH, Taught, assignments_taught, taught_by

    teacher, other = demo.users["enseignant"], demo.users["enseignante"]
    taught = assignments_taught(teacher)
    assert sorted(subject for _cohort, subject in taught.assignments) == ["BC01", "BC03"]
    cohorts = Cohort.objects.order_by("pk")
    for subjects in (None, ("BC01",), ("", "BC03"), ("U3",)):
        branch = taught_by(teacher, "pk", subjects=subjects, taught=taught)
        asked = cohorts.filter(taught_by(teacher, "pk", subjects=subjects))
        if subjects == ("U3",):
            assert branch is NO_BRANCH and not asked.exists()
            continue
        assert "EXISTS" not in str(cohorts.filter(branch).query)
        assert list(cohorts.filter(branch)) == list(asked) == [demo.second_year], subjects
    assert taught_by(other, "pk", subjects=("BC01",), taught=assignments_taught(other)) is NO_BRANCH
    assert taught_by(teacher, "pk", taught=Taught(())) is NO_BRANCH
