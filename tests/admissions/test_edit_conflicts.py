"""Two people correct the same application (issue 10, hole 3): the training manager and an
administrator, from the pages they opened; as for a learner's record (tests/core)."""

from types import SimpleNamespace

from django.urls import reverse

from ndrc.admissions.models import Application
from tests import factories
from tests.core.test_edit_conflicts import conflict_then_knowing_save


def test_two_people_correct_an_applicants_city(applicant, manager):
    application = applicant()
    url = reverse("admissions:application_edit", args=[application.pk])
    read = lambda: Application.objects.get(pk=application.pk).city  # noqa: E731
    two = SimpleNamespace(users={"responsable": manager, "admin": factories.administrator()})
    conflict_then_knowing_save(url, "city", "Bron", "Caluire", read)(two)
