"""Two people edit the same follow-up record (issue 10, hole 3): a visit's rescheduling or its
report, a tripartite meeting's grid, the centre's settings; from the pages they opened, as for
a learner's record (tests/core): a field both changed is a conflict shown next to it, nothing
saved, and saving again keeps the second's value; a change of another field is kept."""

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from ndrc.followup.models import FollowupSettings, TripartiteMeeting, Visit, VisitGridItem
from ndrc.followup.selectors import referent_values, teachers_of_centre
from tests.core.test_edit_conflicts import (
    conflict_then_knowing_save,
    merged_beside,
    nothing_saved_without_version,
)
from tests.forms import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(followup, today):
    """The learners' referent teacher and the training manager."""
    users = followup.users
    return SimpleNamespace(
        users={"responsable": users["responsable"], "admin": users["enseignant"]}
    )


def _visit(followup) -> Visit:
    """Moreau's visit of 19/11, planned, not reported."""
    return Visit.objects.get(learner=followup.learners["moreau"])


def _visit_urls(visit, action):
    return reverse("followup:visit", args=[visit.pk]), reverse(
        "followup:visit_action", args=[visit.pk, action]
    )


def test_two_people_change_where_a_visit_takes_place(followup, two):
    visit = _visit(followup)
    url, post_url = _visit_urls(visit, "reporter")
    read = lambda: Visit.objects.get(pk=visit.pk).place  # noqa: E731
    conflict_then_knowing_save(url, "place", "Magasin de Bron", "Siège", read, post_url=post_url)(
        two
    )


def test_two_people_change_a_visits_mode_shown_by_its_name(followup, two):
    visit = _visit(followup)
    url, post_url = _visit_urls(visit, "reporter")
    read = lambda: Visit.objects.get(pk=visit.pk).mode  # noqa: E731
    shown = ("Visioconférence", "Téléphone")
    conflict_then_knowing_save(url, "mode", "video", "phone", read, post_url=post_url, shown=shown)(
        two
    )


def test_one_moves_a_visits_place_the_other_its_mode_both_kept(followup, two):
    visit = _visit(followup)
    url, post_url = _visit_urls(visit, "reporter")
    read = lambda: (lambda v: (v.place, v.mode))(Visit.objects.get(pk=visit.pk))  # noqa: E731
    merged_beside(url, "place", "Magasin de Bron", "mode", "video", read, post_url=post_url)(two)


def _text(visit, code):
    return Visit.objects.get(pk=visit.pk).report.get(code, {}).get("text")


def test_two_people_write_the_same_heading_of_a_visits_report(followup, two):
    visit = _visit(followup)
    url, post_url = _visit_urls(visit, "compte-rendu")
    read = lambda: _text(visit, "missions")  # noqa: E731
    conflict_then_knowing_save(
        url, "item_missions", "Vente en rayon.", "Prospection.", read, post_url=post_url
    )(two)


def test_two_people_write_two_headings_of_a_visits_report_both_kept(followup, two):
    visit = _visit(followup)
    url, post_url = _visit_urls(visit, "compte-rendu")
    read = lambda: (_text(visit, "missions"), _text(visit, "actions"))  # noqa: E731
    first, second = ("item_missions", "Vente en rayon."), ("item_actions", "Revoir en mars.")
    merged_beside(url, *first, *second, read, post_url=post_url)(two)


@pytest.mark.parametrize(
    ("action", "field", "value"),
    [("reporter", "place", "Magasin de Bron"), ("compte-rendu", "item_missions", "Vente.")],
)
def test_a_visits_form_without_its_version_saves_nothing(followup, two, action, field, value):
    visit = _visit(followup)
    url, post_url = _visit_urls(visit, action)
    read = lambda: (lambda v: (v.place, v.status, v.report))(Visit.objects.get(pk=visit.pk))  # noqa: E731
    nothing_saved_without_version(url, field, value, read, post_url=post_url)(two)


def _meeting(followup) -> TripartiteMeeting:
    """Bernard's meeting of 10/11, its grid recorded, not signed."""
    return TripartiteMeeting.objects.get(learner=followup.learners["bernard"])


def _meeting_urls(meeting):
    return reverse("followup:meeting", args=[meeting.pk]), reverse(
        "followup:meeting_action", args=[meeting.pk, "grille"]
    )


def test_two_people_rewrite_a_meetings_summary(followup, two):
    meeting = _meeting(followup)
    url, post_url = _meeting_urls(meeting)
    read = lambda: TripartiteMeeting.objects.get(pk=meeting.pk).summary  # noqa: E731
    conflict_then_knowing_save(
        url, "summary", "Bon entretien.", "Entretien à reprendre.", read, post_url=post_url
    )(two)


def _level(meeting, code):
    return TripartiteMeeting.objects.get(pk=meeting.pk).ratings.filter(criterion=code).first()


def test_one_rewrites_a_meetings_summary_the_other_rates_a_criterion_both_kept(followup, two):
    meeting = _meeting(followup)
    url, post_url = _meeting_urls(meeting)
    code = "BC01-C1-S1-PC1"
    read = lambda: (  # noqa: E731
        TripartiteMeeting.objects.get(pk=meeting.pk).summary,
        _level(meeting, code).level,
    )
    first, second = ("summary", "Bon entretien."), (f"c_{code}", "very_insufficient")
    merged_beside(url, *first, *second, read, post_url=post_url)(two)


def test_two_people_rate_the_same_criterion_the_conflict_is_next_to_it(followup, two):
    meeting = _meeting(followup)
    url, post_url = _meeting_urls(meeting)
    code = "BC01-C1-S1-PC1"
    read = lambda: _level(meeting, code).level  # noqa: E731
    values = ("very_insufficient", "very_satisfactory")
    shown = ("Très insuffisant", "Très satisfaisant")  # the levels by their names
    conflict_then_knowing_save(url, f"c_{code}", *values, read, post_url=post_url, shown=shown)(two)


def test_a_meetings_grid_without_its_version_saves_nothing(followup, two):
    meeting = _meeting(followup)
    url, post_url = _meeting_urls(meeting)
    read = lambda: TripartiteMeeting.objects.get(pk=meeting.pk).summary  # noqa: E731
    nothing_saved_without_version(url, "summary", "Bon entretien.", read, post_url=post_url)(two)


def _settings(followup):
    return FollowupSettings.objects.filter(training_centre=followup.centre).first()


def test_two_managers_change_the_visits_per_year(followup, two):
    two.users["admin"] = followup.users["admin"]
    url = reverse("followup:settings", args=[followup.centre.pk])
    read = lambda: str(_settings(followup).visits_per_year)  # noqa: E731
    conflict_then_knowing_save(url, "visits_per_year", "3", "4", read)(two)


def test_one_changes_the_visits_per_year_the_other_the_logbook_delay_both_kept(followup, two):
    two.users["admin"] = followup.users["admin"]
    url = reverse("followup:settings", args=[followup.centre.pk])
    read = lambda: (  # noqa: E731
        str(_settings(followup).visits_per_year),
        str(_settings(followup).logbook_delay_days),
    )
    merged_beside(url, "visits_per_year", "3", "logbook_delay_days", "21", read)(two)


def test_the_settings_form_without_its_version_saves_nothing(followup, two):
    url = reverse("followup:settings", args=[followup.centre.pk])
    read = lambda: _settings(followup) and _settings(followup).visits_per_year  # noqa: E731
    nothing_saved_without_version(url, "visits_per_year", "5", read)(two)


def test_a_refused_heading_leaves_the_thresholds_form_as_it_was(followup, two):
    """The settings page's other forms (a heading of the visit grid) do not post the
    thresholds: a refused heading shows them as saved, with their version, not as refused."""
    client = Client()
    client.force_login(followup.users["responsable"])
    url = reverse("followup:settings", args=[followup.centre.pk])
    saved = form_data(client.get(url).text, having="visits_per_year")
    response = client.post(url, {"new-label": "", "new-guidance": ""})
    assert response.status_code == 400
    assert "rouvrez la page" not in response.text
    assert form_data(response.text, having="visits_per_year") == saved


def _heading(followup, code="integration"):
    return VisitGridItem.objects.filter(training_centre=followup.centre, code=code).first()


def test_two_managers_reword_the_same_heading_of_the_visit_grid(followup, two):
    two.users["admin"] = followup.users["admin"]
    url = reverse("followup:settings", args=[followup.centre.pk])
    read = lambda: _heading(followup).label  # noqa: E731
    conflict_then_knowing_save(url, "integration-label", "Intégration", "Accueil", read)(two)


def test_one_rewords_a_heading_the_other_its_guidance_both_kept(followup, two):
    two.users["admin"] = followup.users["admin"]
    url = reverse("followup:settings", args=[followup.centre.pk])
    read = lambda: (_heading(followup).label, _heading(followup).guidance)  # noqa: E731
    first, second = ("integration-label", "Intégration"), ("integration-guidance", "L'équipe.")
    merged_beside(url, *first, *second, read)(two)


def test_a_headings_form_without_its_version_saves_nothing(followup, two):
    url = reverse("followup:settings", args=[followup.centre.pk])
    read = lambda: _heading(followup) and _heading(followup).label  # noqa: E731
    nothing_saved_without_version(url, "integration-label", "Intégration", read)(two)


def _referents_page(followup):
    """The cohort's referents page, Moreau's row, and two teachers who are not her referent."""
    moreau = followup.learners["moreau"]
    url = reverse("followup:referents", args=[moreau.cohort.pk])
    field = f"learner_{moreau.pk}"
    read = lambda: referent_values(moreau.cohort)[field]  # noqa: E731
    teachers = list(teachers_of_centre(moreau.cohort.training_centre))
    return url, field, read, [t for t in teachers if str(t.pk) != read()][:2]


def test_two_people_choose_a_learners_referent(followup):
    url, field, read, (one, other) = _referents_page(followup)
    names = (one.get_full_name(), other.get_full_name())
    conflict_then_knowing_save(url, field, str(one.pk), str(other.pk), read, shown=names)(followup)


def test_a_referent_chosen_for_another_learner_keeps_the_first_ones_choice(followup):
    """The second, from the page opened before, names another learner's referent: the first's
    choice for Moreau is not undone by the old page."""
    url, field, _read, (one, _other) = _referents_page(followup)
    cohort = followup.learners["moreau"].cohort
    values = referent_values(cohort)
    other_row = next(name for name in values if name != field)
    teachers = teachers_of_centre(cohort.training_centre)
    another = next(str(t.pk) for t in teachers if str(t.pk) != values[other_row])

    def both():
        now = referent_values(cohort)
        return now[field], now[other_row]

    merged_beside(url, field, str(one.pk), other_row, another, both)(followup)


def test_a_referents_form_without_its_version_saves_nothing(followup):
    url, field, read, (one, _other) = _referents_page(followup)
    nothing_saved_without_version(url, field, str(one.pk), read)(followup)
