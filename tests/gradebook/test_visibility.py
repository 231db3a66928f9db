"""A learner sees only published marks, and only their own; bulletins once published; an
apprenticeship master reads them only where the centre shares them."""

import html
from datetime import date

from ndrc.gradebook import services
from tests import factories
from tests.gradebook.conftest import assessment, marks


def _text(response) -> str:
    return html.unescape(response.content.decode())


def test_a_learner_sees_only_published_marks_and_only_their_own(klass, client):
    published = assessment(klass, "Négociation filmée", weight="2")
    hidden = assessment(klass, "Quiz surprise", day=date(2026, 10, 8))
    marks(klass, published, "14,5", "17", "6")
    marks(klass, hidden, "3", "18", "19")
    services.publish_assessment(assessment=published, published=True, by=klass.teacher)

    client.force_login(klass.learner_user)
    page = client.get("/notes/mes-notes/?periode=tout")
    text = _text(page)
    assert page.status_code == 200
    assert "Négociation filmée" in text and "14,5/20" in text
    assert "Quiz surprise" not in text and "3/20" not in text
    assert "17/20" not in text and "6/20" not in text  # the others' marks
    # The average counts the published mark only: 14.5, not (2×14.5 + 3)/3.
    assert "14,50" in text and "10,67" not in text


def test_a_learner_cannot_open_another_learners_pages(klass, client):
    other = klass.learners[1]
    client.force_login(klass.learner_user)
    for url in (
        f"/notes/apprenants/{other.pk}/livret/",
        f"/notes/apprenants/{other.pk}/competences/",
        f"/notes/apprenants/{other.pk}/bulletins/{klass.semester.pk}/",
        f"/notes/apprenants/{other.pk}/bulletins/",
    ):
        assert client.get(url).status_code == 404, url


def test_a_bulletin_reaches_the_learner_once_published(klass, client):
    arnaud = klass.learners[0]
    url = f"/notes/apprenants/{arnaud.pk}/bulletins/{klass.semester.pk}/"
    client.force_login(klass.learner_user)
    assert client.get(url).status_code == 404
    council = services.prepare_council(cohort=klass.cohort, period=klass.semester, by=klass.manager)
    services.publish_reports(council=council, published=True, by=klass.manager)
    assert client.get(url).status_code == 200
    assert klass.semester.name in _text(client.get(f"/notes/apprenants/{arnaud.pk}/bulletins/"))


def test_a_master_reads_published_bulletins_only_where_the_centre_shares_them(klass, client):
    arnaud = klass.learners[0]
    master_user = factories.person(
        "maitre-test", role="apprenticeship_master", training_centre=klass.centre
    )
    company = factories.company()
    contact = factories.contact(company, user=master_user)
    factories.supervision(arnaud, contact, role="apprenticeship_master")
    council = services.prepare_council(cohort=klass.cohort, period=klass.semester, by=klass.manager)
    services.publish_reports(council=council, published=True, by=klass.manager)
    url = f"/notes/apprenants/{arnaud.pk}/bulletins/{klass.semester.pk}/"
    client.force_login(master_user)
    assert client.get(url).status_code == 404  # not shared by default
    services.save_settings(
        training_centre=klass.centre,
        period_kind="semester",
        share_reports_with_masters=True,
        by=klass.manager,
    )
    assert client.get(url).status_code == 200
    # Another learner's bulletin stays out of reach, and so do the marks grid and the livret.
    other = klass.learners[1]
    assert (
        client.get(f"/notes/apprenants/{other.pk}/bulletins/{klass.semester.pk}/").status_code
        == 404
    )
    assert client.get(f"/notes/carnets/{klass.gradebook.pk}/").status_code == 404
    assert client.get(f"/notes/apprenants/{arnaud.pk}/livret/").status_code == 403


def test_a_learners_own_personal_data_export_holds_what_they_read_of_their_year(klass, client):
    published = assessment(klass, "Négociation filmée")
    hidden = assessment(klass, "Quiz surprise", day=date(2026, 10, 8))
    marks(klass, published, "14,5", "17", "6")
    marks(klass, hidden, "3", "18", "19")
    services.publish_assessment(assessment=published, published=True, by=klass.teacher)
    arnaud = klass.learners[0]
    url = f"/apprenants/{arnaud.pk}/donnees-personnelles.json"

    client.force_login(klass.learner_user)
    data = client.get(url).json()
    [mark] = data["records"]["gradebook.mark"]
    assert mark["assessment_id"] == published.pk
    # Nor does the history of the unpublished mark give it away.
    about_marks = {e["id"] for e in data["audit_trail"] if e["record"] == "gradebook.mark"}
    assert about_marks == {str(mark["id"])}

    # The teacher's appreciation and the general one wait for the period's bulletins.
    services.write_appreciation(
        gradebook=klass.gradebook,
        learner=arnaud,
        period=klass.semester,
        text="Argumentation solide.",
        by=klass.teacher,
    )
    services.write_report(
        learner=arnaud,
        period=klass.semester,
        changes={"general_appreciation": "Bon semestre."},
        by=klass.manager,
    )
    data = client.get(url).json()
    assert "gradebook.appreciation" not in data["records"]
    assert "gradebook.periodreport" not in data["records"]
    council = services.prepare_council(cohort=klass.cohort, period=klass.semester, by=klass.manager)
    services.publish_reports(council=council, published=True, by=klass.manager)
    data = client.get(url).json()
    [appreciation] = data["records"]["gradebook.appreciation"]
    assert appreciation["text"] == "Argumentation solide."
    assert data["records"]["gradebook.periodreport"][0]["general_appreciation"] == "Bon semestre."

    # The training manager's export, for the person's request, holds every record.
    client.force_login(klass.manager)
    data = client.get(url).json()
    assessments = {m["assessment_id"] for m in data["records"]["gradebook.mark"]}
    assert assessments == {published.pk, hidden.pk}
