"""Two people change a planned CCF situation's date or place (issue 10, hole 3): the training
manager and an administrator, each from the page they opened; as for a learner's record
(tests/core/test_edit_conflicts.py)."""

from django.urls import reverse

from ndrc.assessments.models import AssessmentSituation
from tests.core.test_edit_conflicts import (
    conflict_then_knowing_save,
    merged_beside,
    nothing_saved_without_version,
)


def _pages(ccf):
    situation = ccf.situations[("petit", "E4", "A")]  # planned on 12/01/2027
    page = reverse("assessments:situation", args=[situation.pk])
    return situation, page, reverse("assessments:action", args=[situation.pk, "reporter"])


def test_two_people_change_a_situations_place(ccf):
    situation, page, action = _pages(ccf)
    read = lambda: AssessmentSituation.objects.get(pk=situation.pk).place  # noqa: E731
    conflict_then_knowing_save(page, "place", "Salle C3", "Salle D4", read, post_url=action)(ccf)


def test_a_new_date_meanwhile_is_kept_beside_a_new_place(ccf):
    situation, page, action = _pages(ccf)

    def read():
        situation.refresh_from_db()
        return situation.date.isoformat(), situation.place

    merged_beside(page, "date", "2027-01-13", "place", "Salle D4", read, post_url=action)(ccf)


def test_a_new_place_without_the_version_is_not_saved(ccf):
    situation, page, action = _pages(ccf)
    read = lambda: AssessmentSituation.objects.get(pk=situation.pk).place  # noqa: E731
    nothing_saved_without_version(page, "place", "Salle Z", read, post_url=action)(ccf)
