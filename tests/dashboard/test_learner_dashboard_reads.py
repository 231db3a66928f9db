"""The learner's dashboard reads what its lines show, and nothing twice: their marks' module
titles from their cohort read with their record, their sheets and situations without the texts
no line shows, their logbook periods without their own record joined again."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from ndrc.gradebook import services as gradebook_services
from tests.dashboard.test_list_queries import _more_of_own
from tests.dashboard.test_role_dashboard_queries import (
    ON,
    _columns,
    _home,
    _reads,
    centre,
    media_in_tmp,
    section_of,
)

# What the computation of a dashboard reads: each view computes it (tests/dashboard/conftest.py).
pytestmark = pytest.mark.usefixtures("computed_at_each_view")

__all__ = ["centre", "media_in_tmp"]  # the fixtures (on the day of those tests), used by name


def test_a_learner_s_latest_marks_are_shown_without_a_query_each(centre, client):
    """Three published marks of the learner in a gradebook of their cohort: each line names its
    module, its assessment and the mark, and none reads the gradebook's cohort on its own (the
    learner's cohort is read with their record)."""
    learner = centre.learners["bernard"]
    manager, teacher = centre.users["responsable"], centre.users["enseignant"]
    gradebook = gradebook_services.open_gradebook(
        cohort=learner.cohort, module="cge", teacher=teacher, by=manager
    )
    for day, title, raw in ((20, "Synthèse", "14.5"), (21, "Essai", "abs"), (22, "Débat", "9")):
        assessment = gradebook_services.create_assessment(
            gradebook=gradebook, title=title, date=date(2026, 12, day), kind="written", by=manager
        )
        gradebook_services.enter_mark(assessment=assessment, learner=learner, raw=raw, by=manager)
        gradebook_services.publish_assessment(assessment=assessment, published=True, by=manager)
    html, queries = _home(client, centre.users["apprenant"])
    panel = section_of(html, 'data-role="gradebook-learner"')
    title = gradebook.module_title
    assert f"<li>{title} — Débat (22/12/2026) : 9/20</li>" in panel
    assert f"<li>{title} — Essai (21/12/2026) : absent</li>" in panel
    assert f"<li>{title} — Synthèse (20/12/2026) : 14,5/20</li>" in panel
    assert not _reads(queries, "learners_cohort")
    marks = _reads(queries, "gradebook_mark")
    assert len(marks) == 1 and '"gradebook_assessment"."weight"' not in _columns(marks[0])


def test_a_learner_s_lists_read_what_their_lines_show(centre, client):
    """Sheets returned to the learner: their dashboard lists them, and reads of their sheets,
    situations, registrations and logbook periods what its lines show — not a sheet's analyses,
    a situation's observations, a registration's units, nor their own record again with their
    periods (read once, unordered)."""
    _more_of_own(centre, 3, 0)
    html, queries = _home(client, centre.users["apprenant"])
    assert "Salon n° 2" in section_of(html, 'data-role="learner"')
    sheets = _reads(queries, "portfolio_activitysheet")
    assert len(sheets) == 1
    assert '"title"' in _columns(sheets[0]) and "analysis" not in _columns(sheets[0])
    situations = _reads(queries, "assessments_assessmentsituation")
    assert situations and all('"observations"' not in _columns(sql) for sql in situations)
    registrations = _reads(queries, "exams_registration")
    assert len(registrations) == 1 and '"units"' not in _columns(registrations[0])
    periods = _reads(queries, "followup_logbookperiod")
    assert len(periods) == 1 and '"learners_learner"' not in periods[0]
    # Their own record, one at most: read without an ordering.
    (own,) = _reads(queries, "learners_learner")
    assert "ORDER BY" not in own


def test_a_learner_s_lines_are_written_without_a_template_each(centre, client, monkeypatch):
    """The learner's returned sheets, next situations and published CCF results are written
    one string per list (no template included per line), each value escaped, in French and in
    English."""
    from django.conf import settings
    from django.utils import timezone

    from ndrc.portfolio.models import ActivitySheet
    from ndrc.portfolio.services import return_sheet
    from tests.factories import published_results

    bernard = centre.learners["bernard"]
    sheet = ActivitySheet.objects.get(learner=bernard, nature="event")
    teacher = centre.users["enseignant"]
    return_sheet(sheet=sheet, comment="Chiffrez le budget.", by=teacher)
    ActivitySheet.objects.filter(pk=sheet.pk).update(title="<b>Tom & Jerry's</b>")
    sheet.comments.create(author=teacher, text="Et la date ?", at=timezone.now())
    with monkeypatch.context() as today:  # this year's session, published a minute ago
        today.setattr(timezone, "localdate", lambda *args, **kwargs: timezone.localtime().date())
        published_results(bernard, office=centre.users["examens"])
    client.force_login(centre.users["apprenant"])
    response = client.get("/")
    assert not [t.name for t in response.templates if t.name and "/items/" in t.name]
    html = section_of(response.text, 'data-role="learner"')
    title = "&lt;b&gt;Tom &amp; Jerry&#x27;s&lt;/b&gt;"
    assert (
        f'<li data-sheet="{sheet.pk}">E4 : « {title} » vous a été renvoyée (2 commentaires) — '
        f'<a href="/portfolio/fiches/{sheet.pk}/">reprendre la fiche</a></li>\n'
    ) in html
    situation = bernard.assessment_situations.get(exam="E6", situation="A")
    assert (
        f'<li data-situation="{situation.pk}">02/03/2027 : E6 — Situation A, Salle B12 — Lycée '
        f'Jean Monnet — <a href="/evaluations/situations/{situation.pk}/">détails</a></li>\n'
    ) in html
    graded = bernard.assessment_situations.get(exam="E4", situation="A")
    assert (
        f'<li data-situation="{graded.pk}">E4 — Situation A : 14,5/20, note proposée au jury — '
        "elle n'est définitive qu'après la délibération — "
        '<a href="/evaluations/mes-resultats/">mes résultats</a></li>\n'
    ) in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = section_of(client.get("/").text, 'data-role="learner"')
    assert f"E4: “{title}” was sent back to you (2 comments)" in html


def test_an_apprentice_s_dashboard_reads_no_internship_their_contract_proves_the_practice(
    centre, client
):
    """An apprentice's practice is proved by their contract (annexe III b, II.2): no internship
    agreement nor reduction can make their dossiers lack weeks, and none is read. Become a
    student (scolaire), the learner lacks the weeks of the internships they have not done: the
    line says so, read from their agreements."""
    from ndrc.learners import services as learner_services

    html, queries = _home(client, centre.users["apprenant"])
    assert 'data-needs="internship"' not in html
    assert not _reads(queries, "contracts_internshipagreement")
    assert not _reads(queries, "contracts_internshipreduction")
    learner_services.change_category(
        learner=centre.learners["bernard"], category="scolaire", start=date(2026, 12, 1),
        by=centre.users["responsable"],
    )  # fmt: skip
    html, queries = _home(client, centre.users["apprenant"])
    assert 'data-needs="internship"' in section_of(html, 'data-role="learner"')
    assert len(_reads(queries, "contracts_internshipagreement")) == 1


def test_a_learner_s_own_records_are_read_by_their_record_s_key(centre, client):
    """Their record read once for the page, the learner's situations, registrations and the
    companies supervising them are read by its key: no join to the learners to find them."""
    html, queries = _home(client, centre.users["apprenant"])
    learner = centre.learners["bernard"]
    assert "Mes prochaines situations de CCF" in html
    for table in ("assessments_assessmentsituation", "exams_registration"):
        (read,) = _reads(queries, table)
        assert '"learners_learner"' not in read and f'"learner_id" = {learner.pk}' in read
    (companies,) = [sql for sql in queries if 'FROM "companies_company"' in sql]
    assert '"learners_learner"' not in companies
    assert 'href="/entreprises/' in section_of(html, "<h2>Entreprises</h2>")


@pytest.mark.parametrize("login", ["apprenant", "responsable"])
def test_a_learner_s_portfolio_reads_their_sheets_without_asking_the_reach(centre, client, login):
    """The learner themselves, or the staff of their centre, reach every sheet of the learner:
    the portfolio's page lists them read by the learner's key alone, no supervision nor
    teacher's assignment asked of each sheet."""
    bernard = centre.learners["bernard"]
    client.force_login(centre.users[login])
    page = f"/portfolio/apprenants/{bernard.pk}/"
    client.get(page)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(page)
    assert response.status_code == 200
    for sheet in bernard.activity_sheets.all():
        assert f'<a href="/portfolio/fiches/{sheet.pk}/">' in response.text
    (sheets,) = _reads([q["sql"] for q in captured.captured_queries], "portfolio_activitysheet")
    assert f'"learner_id" = {bernard.pk}' in sheets
    assert '"companies_supervision"' not in sheets
    assert '"learners_teacherassignment"' not in sheets


def test_a_learner_s_portfolio_reads_of_their_sheets_what_a_line_shows(centre, client):
    """A line of the portfolio shows a sheet's title, kind, status and attestation: its texts,
    its company and who attested it are not read (nor the learner again, the page's)."""
    bernard = centre.learners["bernard"]
    client.force_login(centre.users["apprenant"])
    page = f"/portfolio/apprenants/{bernard.pk}/"
    client.get(page)
    with CaptureQueriesContext(connection) as captured:
        html = client.get(page).text
    sheet = bernard.activity_sheets.filter(exam="E4").first()
    assert f'<a href="/portfolio/fiches/{sheet.pk}/">{escape(sheet.title)}</a>' in html
    assert f"<td>{sheet.kind_label()}</td>" in html
    (sheets,) = _reads([q["sql"] for q in captured.captured_queries], "portfolio_activitysheet")
    columns = _columns(sheets)
    assert '"title"' in columns and '"attested_on"' in columns
    assert "analysis" not in columns and '"learners_learner"."birth_date"' not in columns
    assert '"companies_company"' not in sheets and '"companies_companycontact"' not in sheets


def test_a_learner_s_calendar_and_centre_settings_are_read_with_their_record(centre, client):
    """The learner's hours (their cohort's calendar: its start, its groups) and their logbook's
    periods left empty (their centre's delay) are shown from their cohort's calendar and their
    centre's follow-up settings read with their own record: no query of their own, two fewer
    for the page."""
    from ndrc.contracts.models import Contract
    from ndrc.followup import services as followup_services

    contract = Contract.objects.get(learner=centre.learners["bernard"])
    followup_services.open_logbook(contract=contract, on=ON, by=centre.users["responsable"])
    html, queries = _home(client, centre.users["apprenant"])
    assert "suivies sur" in section_of(html, 'data-panel="learner-hours"')
    assert "Mon livret d'apprentissage" in section_of(html, 'data-role="followup"')
    assert not _reads(queries, "timetable_trainingcalendar")
    assert not _reads(queries, "followup_followupsettings")
    (own,) = _reads(queries, "learners_learner")
    assert '"timetable_trainingcalendar"' in own and '"followup_followupsettings"' in own
    # 17 when each was read on its own; and the next publication of results, until when the
    # dashboard computed is stored.
    assert len(queries) == 16
