"""Two people edit the same assessment or class council (issue 10, hole 3): the training
manager and an administrator, each from the page they opened; as for a learner's record
(tests/core/test_edit_conflicts.py)."""

import html

from django.urls import reverse

from ndrc.gradebook.models import Assessment, ClassCouncil, Period
from ndrc.regulation.framework import load_framework
from tests.core.test_edit_conflicts import (
    CONFLICT,
    _two_open_the_page,
    conflict_then_knowing_save,
    merged_beside,
    nothing_saved_without_version,
)
from tests.forms import form_data


def _assessment(year):
    return Assessment.objects.filter(gradebook__cohort=year.second_year).earliest("pk")


def _assessment_page(year):
    assessment = _assessment(year)
    return assessment, reverse("gradebook:assessment_edit", args=[assessment.pk])


def _council_page(year):
    cohort = year.second_year
    period = Period.objects.filter(training_centre=cohort.training_centre).earliest("start")
    return cohort, period, reverse("gradebook:council", args=[cohort.pk, period.pk])


def test_two_people_rename_an_assessment(year):
    assessment, url = _assessment_page(year)
    read = lambda: Assessment.objects.get(pk=assessment.pk).title  # noqa: E731
    conflict_then_knowing_save(url, "title", "Devoir de synthèse", "Contrôle commun", read)(year)


def test_a_renamed_assessment_keeps_a_level_chosen_from_an_older_page(year):
    """One renames the assessment; the other, from the page opened before, marks a compétence
    assessed: both kept (a compétence's level merges as a field of its own)."""
    assessment, url = _assessment_page(year)
    framework = load_framework(assessment.gradebook.cohort.framework)
    assessed = set(assessment.competences.values_list("competence", flat=True))
    code = next(c.code for c in framework.competences() if c.code not in assessed)

    def read():
        fresh = Assessment.objects.get(pk=assessment.pk)
        level = fresh.competences.filter(competence=code).values_list("level", flat=True)
        return fresh.title, level.first()

    merged_beside(url, "title", "Devoir de synthèse", f"competence-{code}", "mastery", read)(year)


def test_an_assessment_form_without_its_version_saves_nothing(year):
    assessment, url = _assessment_page(year)
    read = lambda: Assessment.objects.get(pk=assessment.pk).title  # noqa: E731
    nothing_saved_without_version(url, "title", "Devoir de synthèse", read)(year)


def test_two_people_change_who_chairs_a_class_council(year):
    cohort, period, url = _council_page(year)
    read = lambda: ClassCouncil.objects.get(cohort=cohort, period=period).chair  # noqa: E731
    conflict_then_knowing_save(url, "chair", "M. Girard", "Mme Lefèvre", read)(year)


def test_a_councils_chair_and_its_class_assessment_merge(year):
    cohort, period, url = _council_page(year)

    def read():
        council = ClassCouncil.objects.get(cohort=cohort, period=period)
        return council.chair, council.notes

    merged_beside(url, "chair", "M. Girard", "notes", "Classe sérieuse.", read)(year)


def test_a_council_form_without_its_version_saves_nothing(year):
    cohort, period, url = _council_page(year)
    read = lambda: ClassCouncil.objects.get(cohort=cohort, period=period).chair  # noqa: E731
    nothing_saved_without_version(url, "chair", "M. Girard", read)(year)


def test_two_people_choose_a_level_for_the_same_competence(year):
    """A compétence's level is a field of its own: a conflict shown next to it, in words (the
    levels' labels, not their codes), and saving again keeps the user's level."""
    assessment, url = _assessment_page(year)
    code = next(iter(load_framework(assessment.gradebook.cohort.framework).competences())).code
    field = f"competence-{code}"
    (first, mine), (second, theirs) = _two_open_the_page(year, url, field)
    assert first.post(url, {**mine, field: "mastery"}).status_code == 302
    response = second.post(url, {**theirs, field: "practice"})
    assert response.status_code == 400
    message = CONFLICT % ("Maîtrise (niveau de l'examen)", "Entraînement")
    assert message in html.unescape(response.text)

    def read():
        levels = Assessment.objects.get(pk=assessment.pk).competences.filter(competence=code)
        return levels.values_list("level", flat=True).first()

    assert read() == "mastery"
    assert second.post(url, form_data(response.text, having=field)).status_code == 302
    assert read() == "practice"
