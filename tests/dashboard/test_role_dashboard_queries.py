"""The role dashboards (teacher, master, tutor, learner) at a real centre's size: each list
the dashboard folds is read with its count in one query, whatever its length."""

import re
from datetime import date
from unittest.mock import patch

import pytest
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Field
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ndrc.contracts.models import Contract
from ndrc.core.models import Role
from ndrc.core.services import grant_role
from ndrc.core.ui.views import first_lines
from ndrc.learners.models import Learner
from ndrc.portfolio.selectors import learner_coverage, learner_dossier_needs
from tests.dashboard.test_dashboard import with_records
from tests.dashboard.test_list_queries import _grow, _more_apprentices, _more_of_own

# What the computation of a dashboard reads: each view computes it (tests/dashboard/conftest.py).
pytestmark = pytest.mark.usefixtures("computed_at_each_view")

ON = date(2027, 1, 4)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: ON)


@pytest.fixture
def centre(demo, built_once):
    return with_records(demo, built_once)


def _home(client, user) -> tuple[str, list[str]]:
    """The dashboard's HTML for `user` and its queries (after a first view: roles, framework)."""
    client.force_login(user)
    client.get("/")
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/")
    assert response.status_code == 200
    return response.text, [query["sql"] for query in captured.captured_queries]


def _shown_count(html: str, name: str) -> int:
    return int(re.search(rf'data-count="{name}"><strong>(\d+)<', html).group(1))


def _counts_of(queries: list[str], table: str) -> list[str]:
    return [sql for sql in queries if sql.startswith("SELECT COUNT(") and f'FROM "{table}"' in sql]


def test_a_masters_sheets_to_attest_are_counted_with_their_first_lines(centre, client):
    """Nine more apprentices, each with a sheet to attest: the master's dashboard counts them
    all, shows the first five, and reads both in one query."""
    master = centre.users["maitre"]
    html, _queries = _home(client, master)
    shown = _shown_count(html, "to_attest")
    _more_apprentices(centre, 9, 0)
    html, queries = _home(client, master)
    assert _shown_count(html, "to_attest") == shown + 9
    assert len(re.findall(r"<li[^>]*data-sheet=", html)) == 5
    assert not _counts_of(queries, "portfolio_activitysheet")
    assert len(queries) <= len(_queries)


@pytest.mark.parametrize("login", ["maitre", "tuteur", "enseignant"])
def test_a_role_dashboard_compiles_no_query_known_to_find_nothing(centre, client, login):
    """A master, a tutor, a teacher: what their roles tell cannot be found (a
    master's cohorts: none is within their reach) is not built into a query and compiled, to
    find nothing (a query SQL knows empty before it runs: a tenth of a millisecond or more)."""
    compiled_empty = []
    as_sql = SQLCompiler.as_sql

    def recording(compiler, *args, **kwargs):
        try:
            return as_sql(compiler, *args, **kwargs)
        except EmptyResultSet:
            compiled_empty.append(compiler.query.model.__name__)
            raise

    client.force_login(centre.users[login])
    client.get("/")
    with patch.object(SQLCompiler, "as_sql", recording):
        assert client.get("/").status_code == 200
    assert compiled_empty == []


def test_a_teachers_lists_are_counted_with_their_first_lines(centre, client):
    """Seven more sheets submitted in the teacher's cohort: the sheets to review are counted
    with their first lines, as are the situations to grade (no count query of either)."""
    teacher = centre.users["enseignant"]
    html, before = _home(client, teacher)
    shown = _shown_count(html, "to_review")
    _grow(centre, centre.second_year, 7)
    html, queries = _home(client, teacher)
    assert _shown_count(html, "to_review") == shown + 7
    assert not _counts_of(queries, "portfolio_activitysheet")
    assert not _counts_of(queries, "assessments_assessmentsituation")
    assert len(queries) <= len(before)


def test_a_distinct_list_counts_each_row_once(centre):
    """A query made DISTINCT (a learner reached through two supervisions comes once) is counted
    row by row, not through the joined rows its window would see."""
    rows = Learner.objects.filter(supervisions__isnull=False).distinct().order_by("pk")
    first, count = first_lines(rows, 2)
    assert count == rows.count() == len(set(rows.values_list("pk", flat=True)))
    assert Learner.objects.filter(supervisions__isnull=False).count() > count  # joined: more
    assert first == tuple(rows[:2])


def test_a_masters_apprentices_are_read_from_the_supervisions_already_read(centre, client):
    """The hours panel lists the master's apprentices from the supervisions the page read for
    the sheets to attest: no second read of them joining the learners to their supervisions."""
    html, queries = _home(client, centre.users["maitre"])
    assert 'data-panel="master-hours"' in html
    assert "Lucas Bernard" in section_of(html, 'data-panel="master-hours"')
    joined = 'FROM "learners_learner" INNER JOIN "companies_supervision"'
    assert not [sql for sql in queries if joined in sql]


def _columns(sql: str) -> str:
    """What a query reads: its SELECT's columns."""
    return sql[: sql.index(" FROM ")]


def _translated_blocks(monkeypatch, template_name: str) -> list:
    """The `{% blocktranslate %}` blocks of `template_name` rendered from now on, as a list
    growing with each."""
    from django.templatetags.i18n import BlockTranslateNode

    rendered = []
    node_render = BlockTranslateNode.render

    def counted(node, context):
        if node.origin.template_name == template_name:
            rendered.append(node)
        return node_render(node, context)

    monkeypatch.setattr(BlockTranslateNode, "render", counted)
    return rendered


def _reads(queries: list[str], table: str) -> list[str]:
    """The queries reading rows of `table` (not those that only join it or count)."""
    return [sql for sql in queries if sql.startswith(f'SELECT "{table}"."id"')]


@pytest.mark.parametrize("login", ["maitre", "tuteur"])
def test_a_supervisor_s_learners_and_supervisions_are_read_once(centre, client, login):
    """The learners a master or a tutor supervises, their statuses and their supervisions are
    read once for the page: for the rows of their learners, the sheets to attest, the bulletins
    and the master's hours panel (the user's own learner record aside: none here)."""
    html, queries = _home(client, centre.users[login])
    rows = section_of(html, "Les apprenants que vous encadrez")
    assert rows.count("<tr") > 1  # the heading and a row at least
    # Those they reach, their own record among them (none here): not read apart.
    assert len(_reads(queries, "learners_learner")) == 1
    assert len(_reads(queries, "learners_categoryperiod")) == 1
    assert len(_reads(queries, "companies_supervision")) == 1
    if login == "maitre":
        assert "Lucas Bernard" in section_of(html, 'data-panel="master-hours"')


@pytest.mark.parametrize("login", ["maitre", "tuteur", "apprenant"])
def test_who_teaches_in_no_centre_is_not_asked_their_teaching(centre, client, login):
    """A master, a tutor or a learner holds no teacher role, so no assignment (a teacher is
    assigned while a teacher of the centre: `assign_teacher`, `take_back_role`): their cohorts,
    learners, contracts and agreements are read without an EXISTS of the teachers'
    assignments."""
    html, queries = _home(client, centre.users[login])
    assert 'data-role="supervisor"' in html or 'data-role="learner"' in html
    assert not [sql for sql in queries if '"learners_teacherassignment"' in sql]


@pytest.mark.parametrize("login", ["maitre", "tuteur"])
def test_who_holds_no_learner_role_is_not_asked_their_own_record(centre, client, login):
    """A master or a tutor without the learner role reaches no record as their own
    (`holds_learner_role`): none of the page's reads (the learners within their reach, the
    companies, contracts and agreements) asks a branch of "the learner's own" (their login on a
    learner's record)."""
    html, queries = _home(client, centre.users[login])
    assert "Les apprenants que vous encadrez" in html
    asked = [sql for sql in queries if re.search(r'"learners_learner"\."user_id" = \d', sql)]
    assert asked == []


@pytest.mark.parametrize("login", ["maitre", "tuteur"])
def test_a_supervisor_s_learners_are_read_for_their_rows_alone(centre, client, login):
    """The learners a master or a tutor supervises are read once for the page: what a row
    shows (name, cohort, status), and what the panels reading the same learners ask (their
    cohort's centre and first year), not their contact details, identifiers nor address."""
    html, queries = _home(client, centre.users[login])
    assert "Les apprenants que vous encadrez" in html
    learners = [sql for sql in queries if sql.startswith('SELECT "learners_learner"."id"')]
    assert len(learners) == 1
    head = _columns(learners[0])
    assert '"learners_learner"."last_name"' in head and '"learners_cohort"."name"' in head
    for column in ("birth_date", "ine", "email", "phone", "street", "guardian_name", "uai"):
        assert f'."{column}"' not in head


@pytest.mark.parametrize("login", ["maitre", "tuteur", "apprenant"])
def test_a_dashboard_s_companies_are_read_for_their_names(centre, client, login):
    """The companies a master, a tutor or a learner reaches are listed by name, a link each:
    neither their SIRET, headcount nor address is read."""
    html, queries = _home(client, centre.users[login])
    assert 'href="/entreprises/' in html
    companies = [sql for sql in queries if sql.startswith('SELECT DISTINCT "companies_company"')]
    assert len(companies) == 1
    head = _columns(companies[0])
    assert '"companies_company"."name"' in head
    for column in ("siret", "headcount", "street", "city"):
        assert f'."{column}"' not in head


def test_a_learner_who_supervises_keeps_her_own_record_and_panels(centre, client):
    """A learner who is also a company's master (a login holding both roles): the rows of the
    learners within her reach, read in part, are not taken for her record, read whole for her
    panels: her record, her hours, her sheets, as a learner alone sees them."""
    learner = centre.users["apprenant"]
    alone, _queries = _home(client, learner)
    grant_role(
        user=learner, training_centre=centre.second_year.training_centre,
        role=Role.APPRENTICESHIP_MASTER, by=centre.users["admin"],
    )  # fmt: skip
    html, _queries = _home(client, learner)
    assert "Mon dossier" in html and 'data-panel="learner-hours"' in html
    for marker in ('data-role="learner"', 'data-panel="learner-hours"'):
        assert section_of(html, marker) == section_of(alone, marker)


# The lists of each role's dashboard, by the table their query starts from.
LISTS = {
    "maitre": ("contracts_contract", "portfolio_activitysheet", "assessments_assessmentsituation"),
    "tuteur": ("contracts_internshipagreement",),
    "enseignant": ("portfolio_activitysheet", "assessments_assessmentsituation"),
}


@pytest.mark.parametrize("login", LISTS)
def test_a_role_s_lists_join_only_their_learner(centre, client, login):
    """A line of a teacher's or a company's list names the learner beside the record's own
    fields (dates, exam, title): the lists join the learner alone, not the cohort, the company,
    the people named nor the certificate."""
    _html, queries = _home(client, centre.users[login])
    for table in LISTS[login]:
        lists = [sql for sql in queries if sql.startswith(f'SELECT "{table}"."id"')]
        assert lists, table
        for sql in lists:
            head = _columns(sql)
            assert '"learners_learner"."last_name"' in head
            assert "learners_cohort" not in head and "companies_" not in head
            assert "certificate" not in head and "core_user" not in head
            # What the lines show: not the sheet's analyses, nor the situation's observations.
            assert "analysis" not in head and '"observations"' not in head


def test_a_learner_s_dashboard_reads_what_the_dossiers_lack_without_the_criteria(centre, client):
    """What the learner's dossiers lack comes from their sheets and documents: the page reads
    no tag of the criteria (the coverage map's, not shown there)."""
    html, queries = _home(client, centre.users["apprenant"])
    assert 'data-needs="E4"' in html or 'data-needs="E6"' in html
    assert not [sql for sql in queries if 'FROM "portfolio_criteriontag"' in sql]
    returned = [sql for sql in queries if "comment_count" in sql]
    assert returned
    for sql in returned:  # a returned sheet's line: its exam, title and comments, no join more
        assert "learners_cohort" not in sql and "companies_company" not in sql


def test_the_needs_of_a_dossier_are_those_of_the_coverage(centre):
    """Without the map of the criteria, every learner's dossiers lack what their coverage says."""
    for learner in Learner.objects.filter(erased_on__isnull=True):
        assert learner_dossier_needs(learner) == learner_coverage(learner).needs


def section_of(html: str, marker: str) -> str:
    start = html.index(marker)
    return html[start : html.index("</section>", start)]


def test_a_learner_s_dashboard_reads_each_record_once_and_asks_nothing_they_cannot_have(
    centre, client
):
    """The learner's dashboard reads their record, sheets, registrations and calendar once for
    all its panels, and does not look for what a learner cannot have: a cohort's list, other
    learners they would supervise, the learners they would refer or the contracts naming them
    master; nor the periods of their calendar, which their hours do not read."""
    html, queries = _home(client, centre.users["apprenant"])
    assert 'data-role="learner"' in html and 'data-panel="learner-hours"' in html

    def reading(table: str) -> list[str]:
        return [sql for sql in queries if sql.startswith("SELECT") and f'FROM "{table}"' in sql]

    assert len(reading("portfolio_activitysheet")) == 1
    assert len(reading("exams_registration")) == 1
    # The publication of their results, from the registrations' session; the one session read,
    # the next publication of any, until when the dashboard is stored (`dashboard.stored`).
    (next_publication,) = reading("exams_examsession")
    assert '"exams_examsession"."publication_at" >' in next_publication
    assert not reading("timetable_trainingcalendar")  # read with their record, below
    assert not reading("timetable_calendarperiod")
    assert not reading("learners_cohort")  # no cohort list
    (own,) = reading("learners_learner")  # their own record, not the others in reach
    assert '"timetable_trainingcalendar"' in own
    assert not [sql for sql in queries if "followup_referent" in sql]
    assert not [sql for sql in queries if 'FROM "core_user"' in sql and "EXISTS" in sql]


def test_more_learners_and_records_cost_a_learner_s_dashboard_no_more_queries(centre, client):
    """Five more learners in the learner's cohort, each with a sheet, and five more sheets of
    the learner returned to them: the learner's dashboard shows them in as many queries."""
    learner = centre.users["apprenant"]
    _html, before = _home(client, learner)
    _grow(centre, centre.second_year, 5)
    _more_of_own(centre, 5, 0)
    html, after = _home(client, learner)
    assert _shown_count(html, "returned") >= 5
    assert len(after) <= len(before) <= 18


def test_a_teacher_s_lines_are_written_without_a_template_each(centre, client):
    """Seven more sheets to review: the teacher's lists are written one string per list, not a
    template per line (the item templates of the dashboard's lines are not rendered), each
    value escaped."""
    from ndrc.portfolio.models import ActivitySheet, SheetStatus

    _grow(centre, centre.second_year, 7)
    sheet = (
        ActivitySheet.objects.filter(status=SheetStatus.SUBMITTED)
        .order_by("submitted_on", "pk")
        .first()
    )
    sheet.title = "<b>Tom & Jerry's</b>"
    sheet.save(update_fields=["title"])
    client.force_login(centre.users["enseignant"])
    response = client.get("/")
    html = response.text
    assert len(re.findall(r"<li[^>]*data-sheet=", section_of(html, 'data-role="teacher"'))) == 5
    rendered = [t.name for t in response.templates if t.name and "/items/" in t.name]
    assert rendered == []
    day = sheet.submitted_on.strftime("%d/%m/%Y")
    assert (
        f'<li data-sheet="{sheet.pk}">{sheet.learner.full_name} ({sheet.exam}) : '
        f"« &lt;b&gt;Tom &amp; Jerry&#x27;s&lt;/b&gt; », soumise le {day} — "
        f'<a href="/portfolio/fiches/{sheet.pk}/">relire</a></li>\n'
    ) in html


def test_a_teacher_s_gradebooks_take_the_learners_counted_with_the_cohorts(centre, client):
    """The marks still to enter in a teacher's gradebooks: the learners of their cohorts are
    those the page's read of the cohorts counted (no second count of them by cohort), and the
    marks missing are the same as counted on their own."""
    from django.contrib.auth import get_user_model

    from ndrc.gradebook import services as gradebook_services
    from ndrc.gradebook.selectors import teacher_panel
    from ndrc.learners.selectors import read_cohorts_with_counts

    teacher, manager = centre.users["enseignant"], centre.users["responsable"]
    gradebook = gradebook_services.open_gradebook(
        cohort=centre.second_year, module="cge", teacher=teacher, by=manager
    )
    gradebook_services.create_assessment(
        gradebook=gradebook, title="Synthèse", date=date(2026, 12, 1), kind="written", by=manager
    )
    html, queries = _home(client, teacher)
    assert 'data-role="teacher"' in html
    grouped = 'SELECT "learners_learner"."cohort_id" AS "cohort_id", COUNT('
    assert not [sql for sql in queries if sql.startswith(grouped)]
    alone = teacher_panel(get_user_model().objects.get(pk=teacher.pk), on=ON)
    assert alone is not None and alone.to_enter
    reader = get_user_model().objects.get(pk=teacher.pk)
    read_cohorts_with_counts(reader)
    with CaptureQueriesContext(connection) as captured:
        panel = teacher_panel(reader, on=ON)
    assert not [q for q in captured.captured_queries if q["sql"].startswith(grouped)]
    assert [(m.assessment.pk, m.missing) for m in panel.to_enter] == [
        (m.assessment.pk, m.missing) for m in alone.to_enter
    ]


def test_a_teacher_s_lists_read_what_their_lines_show(centre, client):
    """The teacher's lists read of a sheet and of a situation what their lines show (the sheet's
    analyses and the situation's observations are not read), each list in one query: no field
    left out is read line by line."""
    _grow(centre, centre.second_year, 7)
    html, queries = _home(client, centre.users["enseignant"])
    assert len(re.findall(r"<li[^>]*data-sheet=", section_of(html, 'data-role="teacher"'))) == 5
    sheets = _reads(queries, "portfolio_activitysheet")
    situations = _reads(queries, "assessments_assessmentsituation")
    assert len(sheets) == 1 and len(situations) == 2  # to review; to grade, sitting soon
    head = _columns(sheets[0])
    assert '"title"' in head and "analysis" not in head and '"diagnosis"' not in head
    for sql in situations:
        assert '"observations"' not in _columns(sql)


def test_a_master_s_contracts_read_tell_the_follow_up_they_are_a_master(centre, client):
    """The master's running contracts, read for their list, tell the follow-up's panel they are
    a contract's master: it shows their counts without asking it again (an EXISTS of the
    contracts naming them); the tutor, naming none, is still asked."""

    def asked(queries: list[str]) -> list[str]:  # with the referent's question, or on its own
        alone = 'SELECT 1 AS "a" FROM "contracts_contract"'
        return [sql for sql in queries if 'AS "is_master"' in sql or sql.startswith(alone)]

    html, queries = _home(client, centre.users["maitre"])
    assert 'data-contract="' in html
    assert "Mes apprentis" in html and f'href="{reverse("followup:master")}"' in html
    assert not asked(queries)
    _html, queries = _home(client, centre.users["tuteur"])
    assert len(asked(queries)) == 1


@pytest.mark.parametrize(
    ("login", "table"),
    [("maitre", "contracts_contract"), ("tuteur", "contracts_internshipagreement")],
)
def test_a_supervisor_s_running_contracts_read_what_their_lines_show(centre, client, login, table):
    """A line of the supervisor's running contracts and agreements shows the learner's name,
    the contract's kind and its dates: neither the record's clauses, hours or pay, nor the
    learner's birth date or contact details are read."""
    html, queries = _home(client, centre.users[login])
    assert 'data-contract="' in html or 'data-agreement="' in html
    lists = [sql for sql in queries if sql.startswith(f'SELECT "{table}"."id"')]
    assert len(lists) == 1
    head = _columns(lists[0])
    assert f'"{table}"."start"' in head and '"learners_learner"."last_name"' in head
    for column in ("weekly_hours", "clauses", "qualification", "birth_date", "email", "phone"):
        assert f'."{column}"' not in head


def test_a_master_s_running_contracts_are_written_without_a_template_node_each(
    centre, client, monkeypatch
):
    """Nine more apprentices under contract: the master's running contracts are written one
    string for the list (`dashboard_folding.LINES`), not a translated block and a route per
    line, each kind's name translated once, each value escaped."""
    rendered = _translated_blocks(monkeypatch, "dashboard/_dashboard_supervisor.html")
    master = centre.users["maitre"]
    html, _queries = _home(client, master)
    before = len(rendered)
    _more_apprentices(centre, 9, 0)
    contract = Contract.objects.filter(apprenticeship_master__user=master).order_by("-pk")[0]
    contract.learner.last_name = "<b>O'Neil & fils</b>"
    contract.learner.save(update_fields=["last_name"])
    rendered.clear()
    kinds_read = []
    flatchoices = Field.flatchoices

    def counted_choices(field):
        if field.model is Contract and field.name == "kind":
            kinds_read.append(field)
        return flatchoices.fget(field)

    monkeypatch.setattr(Field, "flatchoices", property(counted_choices))
    html, _queries = _home(client, master)
    assert len(rendered) == before
    # Each kind's name translated once for the list (all of them under an apprenticeship
    # contract here), not once per line (each a lookup of every choice, translated).
    assert len(kinds_read) == 2  # once per view of the page (`_home` views it twice)
    assert (
        f'<li data-contract="{contract.pk}">{contract.learner.first_name} '
        "&lt;b&gt;O&#x27;Neil &amp; fils&lt;/b&gt; : Contrat d&#x27;apprentissage du "
        f"01/09/2025 au 31/08/2027 — "
        f'<a href="{reverse("contracts:contract", args=[contract.pk])}">voir</a></li>'
    ) in html


def test_a_tutor_s_own_learner_record_is_shown_apart_from_their_learners(centre, client):
    """A tutor who is also a learner (their login on a learner's record): the record read with
    the learners within their reach is shown as theirs ("Mon dossier"), not among the learners
    they supervise, and their learners are listed as before."""
    tutor = centre.users["tuteur"]
    html, _queries = _home(client, tutor)
    supervised = section_of(html, "Les apprenants que vous encadrez").count("<tr")
    own = Learner.objects.filter(user__isnull=True, erased_on__isnull=True).order_by("pk")[0]
    own.user = tutor
    own.save(update_fields=["user"])
    # Their record reached as their own with the learner role (an invitation gives both).
    grant_role(
        user=tutor, training_centre=own.cohort.training_centre, role=Role.LEARNER,
        by=centre.users["admin"],
    )  # fmt: skip
    html, _queries = _home(client, tutor)
    assert f'href="{reverse("learners:detail", args=[own.pk])}">{own.full_name}' in html
    rows = section_of(html, "Les apprenants que vous encadrez")
    assert rows.count("<tr") == supervised and own.last_name not in rows


def test_a_supervisor_s_rows_read_of_the_supervisions_what_they_show(centre, client):
    """The rows of a master's learners show each supervision's company and person by name: the
    person's e-mail, phone and job, the company's SIRET and address are not read."""
    html, queries = _home(client, centre.users["maitre"])
    assert "Les apprenants que vous encadrez" in html
    (read,) = _reads(queries, "companies_supervision")
    head = _columns(read)
    assert '"companies_company"."name"' in head and '"companies_companycontact"."last_name"' in head
    for column in ("email", "phone", "job_title", "siret", "street", "city"):
        assert f'."{column}"' not in head


def test_a_master_s_apprentices_hours_are_written_without_a_template_node_each(
    centre, client, monkeypatch
):
    """Nine more apprentices: the lines of the master's apprentices' hours are written one
    string for the list (`attendance_lines`), not a translated block and a route per line,
    each value escaped."""
    rendered = _translated_blocks(monkeypatch, "attendance/_panels.html")
    master = centre.users["maitre"]
    html, _queries = _home(client, master)
    before, lines = len(rendered), html.count("<li data-learner=")
    _more_apprentices(centre, 9, 0)
    contract = Contract.objects.filter(apprenticeship_master__user=master).order_by("-pk")[0]
    learner = contract.learner
    learner.last_name = "<b>O'Neil & fils</b>"
    learner.save(update_fields=["last_name"])
    rendered.clear()
    html, _queries = _home(client, master)
    assert len(rendered) == before
    assert html.count("<li data-learner=") == lines + 9
    hours = section_of(html, 'data-panel="master-hours"')
    address = reverse("attendance:learner", args=[learner.pk])
    assert (
        f'<li data-learner="{learner.pk}"><a href="{address}">{learner.first_name} '
        "&lt;b&gt;O&#x27;Neil &amp; fils&lt;/b&gt;</a> : "
    ) in hours


def test_a_master_s_apprentices_attendance_is_read_in_no_order(centre, client):
    """The attendance records of the master's apprentices are counted per learner and session:
    read in no order, not joined to the learners to sort them by name (the model's order)."""
    html, queries = _home(client, centre.users["maitre"])
    assert 'data-panel="master-hours"' in html
    read = [sql for sql in queries if 'FROM "attendance_attendancerecord"' in sql]
    assert read
    for sql in read:
        assert "ORDER BY" not in sql and '"learners_learner"' not in sql
