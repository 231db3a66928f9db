"""Two people edit the same assessment or class council (issue 10, hole 3): the training
manager and an administrator, each from the page they opened; as for a learner's record
(tests/core/test_edit_conflicts.py)."""

import html
import re
from decimal import Decimal

from django.urls import reverse

from ndrc.gradebook.models import (
    Appreciation,
    Assessment,
    CentreSettings,
    ClassCouncil,
    Gradebook,
    Period,
    PeriodReport,
    RecordAppreciation,
    RecordObservations,
    Referent,
)
from ndrc.learners.selectors import assignable_teachers
from ndrc.regulation.framework import load_framework
from tests.core.test_edit_conflicts import (
    CONFLICT,
    _logged_in,
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


# --- A learner's line of the class council, saved as it is typed (htmx) ---------------------------


def _council_line(year):
    """Two who lead the council open its screen; each has a learner's line as their page shows
    it (its fields prefixed `l<pk>-`)."""
    cohort, period, url = _council_page(year)
    learner = cohort.learners.filter(erased_on__isnull=True).earliest("pk")
    prefix = f"l{learner.pk}-"
    entry = reverse("gradebook:council_entry", args=[cohort.pk, period.pk, learner.pk])
    tabs = _two_open_the_page(year, url, f"{prefix}decision")

    def read():
        report = PeriodReport.objects.filter(learner=learner, period=period).first()
        return (report.general_appreciation, report.decision) if report else ("", "")

    return entry, prefix, tabs, read


def _version_given_back(response, prefix):
    """The version the answer puts in the page (htmx swaps it in, out of band)."""
    match = re.search(rf'name="{prefix}version"[^>]*value="([^"]+)"', response.text)
    return match.group(1)


def test_two_people_decide_differently_for_the_same_learner(year):
    """The decision is a conflict, shown next to its label with both decisions in words;
    nothing saved; changing it again keeps the second one's, knowingly."""
    entry, prefix, ((first, mine), (second, theirs)), read = _council_line(year)
    field = f"{prefix}decision"
    assert first.post(entry, {**mine, field: "compliments"}).status_code == 200
    response = second.post(entry, {**theirs, field: "work_warning"})
    assert response.status_code == 422
    message = "Décision du conseil : " + CONFLICT % ("Compliments", "Mise en garde sur le travail")
    assert message in html.unescape(response.text)
    assert read()[1] == "compliments"
    again = {
        **theirs,
        field: "work_warning",
        f"{prefix}version": _version_given_back(response, prefix),
    }
    assert second.post(entry, again).status_code == 200
    assert read()[1] == "work_warning"


def test_an_appreciation_and_a_decision_typed_in_two_tabs_merge(year):
    entry, prefix, ((first, mine), (second, theirs)), read = _council_line(year)
    text = "Trimestre sérieux."
    assert first.post(entry, {**mine, f"{prefix}general_appreciation": text}).status_code == 200
    # The second page still shows no appreciation: the second person chooses the decision only.
    assert second.post(entry, {**theirs, f"{prefix}decision": "compliments"}).status_code == 200
    assert read() == (text, "compliments")


def test_a_line_changed_twice_from_the_same_page_is_no_conflict(year):
    """Each save gives the page the line's new version: typing on is not a conflict with
    oneself."""
    entry, prefix, ((first, mine), _second), read = _council_line(year)
    field = f"{prefix}general_appreciation"
    response = first.post(entry, {**mine, field: "Bon début."})
    assert response.status_code == 200
    mine[f"{prefix}version"] = _version_given_back(response, prefix)
    assert first.post(entry, {**mine, field: "Bon début, à confirmer."}).status_code == 200
    assert read()[0] == "Bon début, à confirmer."


def test_a_council_line_without_its_version_saves_nothing(year):
    entry, prefix, ((first, mine), _second), read = _council_line(year)
    del mine[f"{prefix}version"]
    response = first.post(entry, {**mine, f"{prefix}decision": "compliments"})
    assert response.status_code == 422
    assert "rouvrez la page" in response.text
    assert read() == ("", "")


# --- A text about a learner saved as typed: appreciations, the livret's elements ----------------


def _text_version(page, key):
    return re.search(rf'id="version-{key}" value="([^"]+)"', page).group(1)


def _two_type_the_same_text(year, page, post, key, read):
    """Two open `page`; each types a text posted to `post` (its version `version-<key>`): the
    second gets the conflict, nothing saved, and saving again keeps theirs; a text posted
    without its version saves nothing."""
    first = _logged_in(year.users["responsable"])
    second = _logged_in(year.users["admin"])
    mine, theirs = (_text_version(c.get(page).text, key) for c in (first, second))
    assert first.post(post, {"text": "Sérieux.", "version": mine}).status_code == 200
    response = second.post(post, {"text": "Peut mieux faire.", "version": theirs})
    assert response.status_code == 422
    assert CONFLICT % ("Sérieux.", "Peut mieux faire.") in html.unescape(response.text)
    assert read() == "Sérieux."
    again = {"text": "Peut mieux faire.", "version": _version_given_back(response, "")}
    assert second.post(post, again).status_code == 200
    assert read() == "Peut mieux faire."
    response = first.post(post, {"text": "Sans version."})
    assert response.status_code == 422
    assert "rouvrez la page" in response.text
    assert read() == "Peut mieux faire."


def _gradebook_learner(year):
    gradebook = Gradebook.objects.filter(cohort=year.second_year).earliest("pk")
    learner = gradebook.cohort.learners.filter(erased_on__isnull=True).earliest("pk")
    period = Period.objects.filter(training_centre=gradebook.cohort.training_centre)
    return gradebook, learner, period.earliest("start")


def test_two_people_write_the_same_appreciation(year):
    gradebook, learner, period = _gradebook_learner(year)
    page = reverse("gradebook:appreciations", args=[gradebook.pk, period.pk])
    post = reverse("gradebook:appreciation_save", args=[gradebook.pk, period.pk, learner.pk])
    written = Appreciation.objects.filter(gradebook=gradebook, learner=learner, period=period)
    read = lambda: written.values_list("text", flat=True).first()  # noqa: E731
    _two_type_the_same_text(year, page, post, learner.pk, read)


def test_two_people_write_the_same_appreciation_of_the_livret(year):
    _gradebook, learner, _period = _gradebook_learner(year)
    page = reverse("gradebook:school_record", args=[learner.pk])
    unit = re.search(r'id="version-(U\w+)"', _logged_in(year.users["admin"]).get(page).text)[1]
    post = reverse("gradebook:record_appreciation", args=[learner.pk, unit])
    written = RecordAppreciation.objects.filter(learner=learner, unit=unit)
    read = lambda: written.values_list("text", flat=True).first()  # noqa: E731
    _two_type_the_same_text(year, page, post, unit, read)


def test_two_people_write_the_livrets_complementary_elements(year):
    _gradebook, learner, _period = _gradebook_learner(year)
    page = reverse("gradebook:school_record", args=[learner.pk])
    post = reverse("gradebook:record_observations", args=[learner.pk])
    read = lambda: RecordObservations.objects.get(learner=learner).text  # noqa: E731
    _two_type_the_same_text(year, page, post, "observations", read)


def _settings(year):
    centre = year.second_year.training_centre
    url = f"{reverse('gradebook:periods')}?centre={centre.pk}"

    def read():
        """The settings as the page's form sends them (its box ticked: "on")."""
        settings = CentreSettings.objects.filter(training_centre=centre).first()
        shared = settings.share_reports_with_masters if settings else False
        return (settings.period_kind if settings else None, "on" if shared else "")

    return url, read


def test_a_centres_period_kind_and_its_sharing_of_the_bulletins_merge(year):
    """One switches to trimesters; the other, from the page opened before, shares the
    bulletins with the masters: both kept (the old page's semesters are not written back)."""
    url, read = _settings(year)
    share = "share_reports_with_masters"
    merged_beside(url, "period_kind", "trimester", share, "on", read)(year)


def test_a_settings_form_without_its_version_saves_nothing(year):
    url, read = _settings(year)
    nothing_saved_without_version(url, "period_kind", "trimester", read)(year)


def test_two_people_change_a_gradebooks_coefficient(year):
    """The second, from the page opened before, is told both coefficients; nothing saved;
    from the page opened again, their coefficient is saved knowingly."""
    gradebook = Gradebook.objects.filter(cohort=year.second_year).earliest("pk")
    page = reverse("gradebook:gradebook", args=[gradebook.pk])
    post = reverse("gradebook:coefficient", args=[gradebook.pk])
    read = lambda: Gradebook.objects.get(pk=gradebook.pk).coefficient  # noqa: E731
    (first, mine), (second, theirs) = _two_open_the_page(year, page, "coefficient")
    assert first.post(post, {**mine, "coefficient": "4"}).status_code == 302
    answer = second.post(post, {**theirs, "coefficient": "2,5"}, follow=True)
    assert CONFLICT % ("4", "2,5") in html.unescape(answer.content.decode())
    assert read() == 4
    again = form_data(second.get(page).text, having="coefficient")
    assert second.post(post, {**again, "coefficient": "2,5"}).status_code == 302
    assert read() == Decimal("2.5")
    del again["version"]
    answer = second.post(post, {**again, "coefficient": "5"}, follow=True)
    assert "rouvrez la page" in answer.content.decode()
    assert read() == Decimal("2.5")


def _referent_page(year):
    """The cohort's page; two teachers who are not its referent."""
    cohort = year.second_year
    url = reverse("gradebook:cohort", args=[cohort.pk])
    read = lambda: str(  # noqa: E731
        Referent.objects.filter(cohort=cohort).values_list("teacher_id", flat=True).first() or ""
    )
    teachers = [t for t in assignable_teachers(cohort) if str(t.pk) != read()]
    return teachers[:2], url, read


def test_two_people_choose_a_cohorts_referent(year):
    """Both choices shown by the teachers' names, as the list shows them."""
    (one, other), url, read = _referent_page(year)
    names = (one.get_full_name(), other.get_full_name())
    conflict_then_knowing_save(url, "teacher", str(one.pk), str(other.pk), read, shown=names)(year)


def test_a_referent_form_without_its_version_saves_nothing(year):
    (one, _other), url, read = _referent_page(year)
    nothing_saved_without_version(url, "teacher", str(one.pk), read)(year)
