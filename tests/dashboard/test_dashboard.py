"""What each person sees on their dashboard, counted by hand from the demo population.

The demo (`ndrc demo`: core, CCF situations, portfolio, alternance) seen on Monday
4 January 2027: the E4 and E6 dossiers of the 2nd-year cohort are due on 31 March 2027 (86 days
later), the 1st-year cohort has no deadline yet; Emma Petit's E4 situation A is on 12 January
(within 30 days), Lucas Bernard's E6 situations in March (beyond).
"""

import html as html_text
import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ndrc.assessments.demo import create_demo_assessments
from ndrc.assessments.models import AssessmentSituation, Level
from ndrc.assessments.selectors import grid_of
from ndrc.assessments.services import plan_situation, propose_grade, rate_criterion
from ndrc.contracts.demo import ANNEX, CLAUSES, create_demo_alternance
from ndrc.contracts.models import Contract
from ndrc.contracts.services import (
    create_agreement,
    record_certificate,
    terminate_contract,
    update_contract,
)
from ndrc.dashboard.selectors import dashboard_for
from ndrc.dashboard.stored import store_dashboards
from ndrc.learners.services import create_learner
from ndrc.portfolio.demo import create_portfolio_demo
from ndrc.portfolio.models import ActivitySheet
from ndrc.portfolio.services import create_sheet, return_sheet, submit_sheet, validate_sheet

ON = date(2027, 1, 4)


@pytest.fixture
def population(demo, settings, tmp_path, built_once):
    settings.MEDIA_ROOT = tmp_path / "media"
    return with_records(demo, built_once)


def with_records(demo, built_once):
    """The demo population with its CCF situations, sheets, contracts and agreements (built
    once per run, put back in each test: tests/conftest.py). The dashboard's tests share it
    (test_list_queries.py, test_stored_dashboard.py): one build, one function, whatever day a
    test sets (the demo's records name their dates: the same rows on any day)."""

    def build():
        create_demo_assessments(demo)
        create_portfolio_demo(demo)
        create_demo_alternance(demo)

    built_once(build)
    return demo


@pytest.fixture
def dashboard_of(client, monkeypatch):
    """`dashboard_of(user)`: the home page's HTML for that user, on 4 January 2027."""
    # Time enters in the view (timezone.localdate()): the test fixes the day there.
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: ON)

    def page(user) -> str:
        client.force_login(user)
        response = client.get("/")
        assert response.status_code == 200
        return response.text

    return page


def section(html: str, marker: str) -> str:
    """The dashboard section carrying `marker` (e.g. 'data-role="teacher"')."""
    start = html.index(marker)
    return html[start : html.index("</section>", start)]


def items(html: str, attribute: str) -> list[str]:
    """The text of each list item carrying `attribute`, tags removed, spaces collapsed."""
    found = re.findall(rf"<li[^>]*{attribute}[^>]*>(.*?)</li>", html, flags=re.S)
    return [html_text.unescape(" ".join(re.sub(r"<[^>]+>", " ", text).split())) for text in found]


def names(checks) -> list[str]:
    return sorted(check.learner.last_name for check in checks)


def e4_event_sheet(learner, *, population, submitted_on):
    """A complete E4 event sheet of `learner`, submitted on `submitted_on`."""
    admin = population.users["admin"]
    sheet = create_sheet(
        learner=learner,
        by=admin,
        exam="E4",
        title="Salon des artisans",
        nature="event",
        start=submitted_on - timedelta(days=30),
        company=population.companies["assur"],
        context="Stand de la mutuelle.",
        upstream_analysis="Invitations.",
        information_analysis="Questionnaire.",
        reflective_analysis="À refaire plus tôt.",
    )
    return submit_sheet(sheet=sheet, on=submitted_on, by=admin)


# --- Training manager ---------------------------------------------------------------------


def test_the_manager_sees_which_dossiers_are_at_risk_why_and_by_when(population, dashboard_of):
    manager = dashboard_for(population.users["responsable"], on=ON).manager
    watch = {line.cohort: line for line in manager.cohorts}
    e4, e6 = watch[population.second_year].conformity
    assert (e4.exam, e4.deadline, e4.days_left) == ("E4", date(2027, 3, 31), 86)
    # NV: the students and trainees whose certified and planned internship falls short.
    short = ["Bertrand", "David", "Durand", "Fournier", "Garcia", "Leroy", "Michel", "Simon"]
    assert names(e4.at_risk) == [*short, "Vincent"]
    # Penalised: the apprentices (their contract is their proof) short of E4 sheets.
    assert names(e4.penalised) == ["Bernard", "Moreau", "Petit", "Richard", "Robert", "Roux"]
    # Lucas Bernard's E6 distributors sheet is validated but not attested by his master.
    assert names(e6.at_risk) == sorted([*short, "Vincent", "Bernard"])
    assert names(e6.penalised) == ["Moreau", "Petit", "Richard", "Robert", "Roux"]

    durand = next(c for c in e4.at_risk if c.learner.last_name == "Durand")
    # Two certified periods of 6 weeks at Optique Bellecour and the Mutuelle: 12 < 16; his
    # event sheet is not attested by the company, so the dossier is not signed.
    assert [f.code for f in durand.findings] == ["practice_too_short", "dossier_unsigned"]

    html = section(dashboard_of(population.users["responsable"]), 'data-role="training_manager"')
    assert "Dossier E4 : dépôt au plus tard le 31/03/2027 (dans 86 jours)" in html
    learner = population.learners["durand"]
    row = items(html, f'data-dossier="{learner.pk}-E4"')[0]
    assert row.startswith("Nathan Durand — dossier E4 non valide (NV)")
    assert "12 semaine(s) de stage, requis : 16 semaines" in row
    assert f'href="/portfolio/apprenants/{learner.pk}/dossier/E4/"' in html


def test_a_cohort_without_deadline_says_so_and_lists_no_dossier(population, dashboard_of):
    html = dashboard_of(population.users["responsable"])
    first_year = section(html, f'data-cohort="{population.first_year.pk}"')
    assert "Dossier E4 : date limite de dépôt non fixée" in first_year
    for learner in population.first_year.learners.all():
        assert f'data-dossier="{learner.pk}-' not in html


def test_the_manager_sees_the_counts_first_then_each_list_folded(population, dashboard_of):
    html = section(dashboard_of(population.users["responsable"]), 'data-role="training_manager"')
    counts = dict(re.findall(r'data-count="(\w+)"><strong>(\d+)</strong>', html))
    # 19 dossiers at risk of NV (E4 and E6 of the second year), 11 penalised.
    assert counts["at_risk"] == "19" and counts["penalised"] == "11"
    assert html.index('data-count="at_risk"') < html.index("data-dossier=")
    # Five lines shown, the other 25 folded: loaded when unfolded, and on the list's own page
    # without script.
    assert len(items(html, "data-dossier=")) == 5
    assert "25 autres" in html
    assert 'hx-get="/tableau-de-bord/dossiers/"' in html
    assert 'href="/tableau-de-bord/dossiers/" data-list' in html


def test_every_line_of_a_folded_list_is_reached(population, client, dashboard_of):
    manager = population.users["responsable"]
    shown = items(dashboard_of(manager), "data-dossier=")
    client.force_login(manager)
    unfolded = client.get("/tableau-de-bord/dossiers/", headers={"HX-Request": "true"})
    page = client.get("/tableau-de-bord/dossiers/")
    assert unfolded.status_code == 200 and page.status_code == 200
    # Unfolded, the 25 other lines follow the 5 shown; the page holds the 30.
    assert shown + items(unfolded.text, "data-dossier=") == items(page.text, "data-dossier=")
    assert len(items(page.text, "data-dossier=")) == 30
    assert "<h1>Dossiers E4 et E6 non valides (NV) ou pénalisés</h1>" in page.text


def test_a_long_list_is_read_by_pages(population, client, dashboard_of, monkeypatch):
    """At a centre's size a list holds hundreds of lines: its page shows one page of them, the
    dashboard's unfolding the rest of the first page and a link to the next."""
    monkeypatch.setattr("ndrc.core.ui.views.PAGE_SIZE", 12)  # the 30 dossiers in 3 pages
    manager = population.users["responsable"]
    shown = items(dashboard_of(manager), "data-dossier=")
    client.force_login(manager)
    pages = [client.get(f"/tableau-de-bord/dossiers/?page={n}").text for n in (1, 2, 3)]
    assert [len(items(page, "data-dossier=")) for page in pages] == [12, 12, 6]
    assert "Lignes 13 à 24 sur 30" in pages[1]
    assert 'href="?page=3" rel="next"' in pages[1] and 'href="?page=1" rel="prev"' in pages[1]
    unfolded = client.get("/tableau-de-bord/dossiers/", headers={"HX-Request": "true"}).text
    assert shown + items(unfolded, "data-dossier=") == items(pages[0], "data-dossier=")
    assert unfolded.endswith(
        '<li><a href="/tableau-de-bord/dossiers/?page=2" data-list>'
        "Voir la suite de la liste (30 lignes en tout)</a></li></ul>\n"
    )
    # Every line once, in the dashboard's order.
    every = [line for page in pages for line in items(page, "data-dossier=")]
    assert len(set(every)) == 30 and every[:5] == shown


def test_a_list_s_page_reads_that_list_alone(population, client):
    """The page of the contracts ending reads contracts, not the manager's other lists (the CCF
    situations, the internship agreements): each list is read when first asked."""
    client.force_login(population.users["responsable"])
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/tableau-de-bord/contrats-a-echeance/")
    assert page.status_code == 200
    read = " ".join(query["sql"] for query in queries.captured_queries)
    assert '"contracts_contract"' in read
    assert '"assessments_assessmentsituation"' not in read
    assert '"contracts_internshipagreement"' not in read


def test_only_a_training_manager_reaches_the_lists(population, client):
    client.force_login(population.users["enseignant"])
    assert client.get("/tableau-de-bord/dossiers/").status_code == 404
    client.force_login(population.users["responsable"])
    assert client.get("/tableau-de-bord/inconnue/").status_code == 404


def test_the_manager_sees_the_internships_to_chase(population, dashboard_of):
    html = section(dashboard_of(population.users["responsable"]), 'data-role="training_manager"')
    # Louis Simon's internship at Sport Vallée ended on 24 July 2026: no certificate recorded.
    assert items(html, "data-agreement=") == [
        "Louis Simon : stage chez Sport Vallée terminé le 24/07/2026, attestation de stage non "
        "enregistrée — enregistrer l'attestation"
    ]
    # A short internship is a dossier at risk of NV, with its weeks: 6 weeks certified at
    # Optique Bellecour (12/01–20/02/2026), reduced requirement of 10.
    garcia = population.learners["garcia"]
    row = items(html, f'data-dossier="{garcia.pk}-E4"')[0]
    assert "(6 semaine(s) de stage, requis : 10 semaines)" in row


def test_the_manager_sees_apprentices_without_a_contract(population, dashboard_of):
    """An apprentice whose contract is not recorded is counted and listed, with the link to
    record it; one whose contract has ended too."""
    admin = population.users["admin"]
    learner = create_learner(
        cohort=population.second_year,
        first_name="Inès",
        last_name="Sanscontrat",
        birth_date=date(2005, 1, 1),
        category="apprenti_habilite",
        category_start=population.second_year.first_year_start,
        on=ON,
        by=admin,
    )
    html = section(dashboard_of(population.users["responsable"]), 'data-role="training_manager"')
    assert 'data-count="without_contract"><strong>1</strong>' in html
    assert items(html, "data-without-contract=") == [
        "Inès Sanscontrat (BTS NDRC 2e année) : apprenti sans contrat en cours — enregistrer le "
        "contrat"
    ]
    assert f'href="/alternance/apprenant/{learner.pk}/contrats/nouveau/"' in html


def test_the_manager_sees_the_ccf_situations_to_plan(population, dashboard_of):
    html = section(dashboard_of(population.users["responsable"]), 'data-role="training_manager"')
    planned = set(
        AssessmentSituation.objects.filter(learner__cohort=population.second_year).values_list(
            "learner_id", "exam", "situation"
        )
    )
    to_plan = re.findall(r'data-to-plan="(\d+)-(E\d)(\w)"', html)
    assert to_plan and not planned & {(int(pk), exam, code) for pk, exam, code in to_plan}
    # Only the cohorts in their final year: the 1st year plans later.
    first_year = {learner.pk for learner in population.first_year.learners.all()}
    assert not first_year & {int(pk) for pk, _, _ in to_plan}


def test_the_ccf_to_plan_reads_only_the_learners_lacking_a_situation(population, monkeypatch):
    """Once a learner's situations are all planned, they leave the list and the page no longer
    reads them: a centre whose plan is made costs nothing per learner at each view."""
    from ndrc.assessments import services as assessment_services
    from ndrc.assessments.selectors import situations_to_plan
    from ndrc.learners.models import Learner

    examined: set[int] = set()
    real = assessment_services.sits_ccf

    def counted(learner, exam, on):
        examined.add(learner.pk)
        return real(learner, exam, on)

    monkeypatch.setattr(assessment_services, "sits_ccf", counted)
    learners = Learner.objects.filter(cohort=population.second_year)
    to_plan = situations_to_plan(learners, on=ON)
    learner = to_plan[0].learner
    for line in [line for line in to_plan if line.learner == learner]:
        plan_situation(
            learner=learner, exam=line.exam, situation=line.situation, date=date(2027, 3, 1),
            by=population.users["responsable"],
        )  # fmt: skip
    examined.clear()
    after = situations_to_plan(learners, on=ON)
    assert learner not in {line.learner for line in after}
    assert {line.learner.pk for line in after} <= examined  # the others still read
    assert learner.pk not in examined


def test_the_manager_sees_contracts_ending_soon_and_terminated_this_month(population, dashboard_of):
    admin = population.users["admin"]
    roux = Contract.objects.get(learner=population.learners["roux"])
    update_contract(contract=roux, changes={"end": date(2027, 2, 26)}, by=admin)
    robert = Contract.objects.get(learner=population.learners["robert"])
    terminate_contract(contract=robert, on=date(2027, 1, 2), cause="mutual_agreement", by=admin)
    richard = Contract.objects.get(learner=population.learners["richard"])
    terminate_contract(contract=richard, on=date(2026, 12, 18), cause="mutual_agreement", by=admin)

    html = section(dashboard_of(population.users["responsable"]), 'data-role="training_manager"')
    assert items(html, "data-contract=") == [
        # 26 February 2027 is 53 days after 4 January: within the 60 days.
        "Sarah Roux : contrat chez Mutuelle des Monts du Lyonnais se terminant le 26/02/2027 "
        "— voir le contrat",
        # Terminated in January; Chloé Richard's, in December, is no longer news.
        "Hugo Robert : contrat chez Télécom Saône Services rompu le 02/01/2027 — voir le contrat",
    ]


def test_the_manager_sees_ccf_situations_soon_and_grades_not_confirmed(population, dashboard_of):
    teacher = population.users["enseignant"]
    durand = AssessmentSituation.objects.get(learner=population.learners["durand"], exam="E4")
    for row in grid_of(durand):
        if row.competence == "BC01-C4":
            rate_criterion(
                situation=durand, criterion=row.code, level=Level.SATISFACTORY, by=teacher
            )
    propose_grade(situation=durand, grade="11", by=teacher)

    html = section(dashboard_of(population.users["responsable"]), 'data-role="training_manager"')
    assert items(html, "data-situation=") == [
        "E4 — Situation A de Nathan Durand : note proposée, pas encore confirmée par la "
        "commission — voir la situation",
        "12/01/2027 : E4 — Situation A d'Emma Petit (prévue) — voir la situation",
    ]


def test_empty_sections_say_so_in_one_line(population, dashboard_of):
    html = section(dashboard_of(population.users["responsable"]), 'data-role="training_manager"')
    # No apprentice without a contract, no contract ending (all end in August 2027 or 2028).
    assert html.count("Rien à signaler.") == 2


# --- Teachers -------------------------------------------------------------------------------


def test_a_teacher_sees_sheets_to_review_commissions_soon_and_grids_to_fill(
    population, dashboard_of
):
    html = section(dashboard_of(population.users["enseignant"]), 'data-role="teacher"')
    assert items(html, "data-sheet=") == [
        "Lucas Bernard (E4) : « Dégustation des nouveautés de printemps en magasin », soumise "
        "le 01/06/2026 — relire"
    ]
    assert items(html, "data-situation=") == [
        "12/01/2027 : E4 — Situation A d'Emma Petit, Salle B12 — Lycée Jean Monnet — voir la "
        "situation",
        "E4 — Situation A de Nathan Durand (réalisée le 17/11/2026) : grille à remplir et note à "
        "proposer — ouvrir la grille",
    ]


def test_a_teacher_of_u3_has_nothing_to_review_nor_grade(population, dashboard_of):
    html = section(dashboard_of(population.users["enseignante"]), 'data-role="teacher"')
    assert html.count("Rien à signaler.") == 3
    assert 'data-role="training_manager"' not in dashboard_of(population.users["enseignante"])


def test_a_teacher_assigned_to_u3_does_not_get_bloc_sheets_to_review(population, dashboard_of):
    # A 1st-year E4 sheet submitted: only a BC01 (or whole-class) teacher reviews it.
    e4_event_sheet(population.learners["morel"], population=population, submitted_on=ON)
    html = section(dashboard_of(population.users["enseignante"]), 'data-role="teacher"')
    assert "data-sheet=" not in html


# --- Learners -------------------------------------------------------------------------------


def test_a_learner_sees_returned_sheets_what_their_dossiers_lack_and_their_ccf(
    population, dashboard_of
):
    event = ActivitySheet.objects.get(learner=population.learners["bernard"], nature="event")
    return_sheet(sheet=event, comment="Chiffrez le budget.", by=population.users["enseignant"])
    html = section(dashboard_of(population.users["apprenant"]), 'data-role="learner"')
    assert items(html, "data-sheet=") == [
        "E4 : « Dégustation des nouveautés de printemps en magasin » vous a été renvoyée "
        "(1 commentaire) — reprendre la fiche"
    ]
    assert items(html, "data-needs=") == [
        "E4 : aucune fiche validée pour : Organisation et animation d'un évènement commercial "
        "— voir le dossier",
        "E6 : aucune fiche validée pour : Réseau de partenaires, Réseau de vente directe ; "
        "étude réflexive réseau non déposée — voir le dossier",
    ]
    assert items(html, "data-situation=") == [
        "02/03/2027 : E6 — Situation A, Salle B12 — Lycée Jean Monnet — détails",
        "16/03/2027 : E6 — Situation B, Salle B12 — Lycée Jean Monnet — détails",
    ]
    # His confirmed E4 grade is a proposal to the jury: hidden until the results are published.
    assert "14,5" not in html


def test_a_learner_s_returned_sheets_are_read_as_their_own(population):
    """The learner's dashboard asks for their own sheets alone, not for every sheet they may
    reach (the staff's, teachers' and supervisors' ways, a subquery and a DISTINCT for nothing):
    the same sheets (the test above)."""
    with CaptureQueriesContext(connection) as queries:
        dashboard_for(population.users["apprenant"], on=date(2026, 11, 2))
    sheets = [q["sql"] for q in queries if 'FROM "portfolio_activitysheet"' in q["sql"]]
    assert sheets and not [sql for sql in sheets if "SELECT DISTINCT" in sql]


def test_a_student_sees_the_internship_weeks_they_lack(population, dashboard_of):
    from ndrc.core.models import Role
    from ndrc.core.services import create_user, grant_role

    admin = population.users["admin"]
    user = create_user(username="nathan", password=None, by=admin)
    durand = population.learners["durand"]
    durand.user = user
    durand.save(update_fields=["user"])
    grant_role(
        user=user, training_centre=durand.cohort.training_centre, role=Role.LEARNER, by=admin
    )
    html = section(dashboard_of(user), 'data-role="learner"')
    assert "Stage : 12 semaines attestées ou prévues sur 16 exigées — mon alternance" in items(
        html, "data-needs="
    )
    # His E4 situation A (17/11/2026) is past and its grade not proposed: nothing to show.
    assert "data-situation=" not in html


# --- Company tutors -------------------------------------------------------------------------


def test_an_apprenticeship_master_sees_sheets_to_attest_contracts_and_commissions(
    population, dashboard_of
):
    html = section(dashboard_of(population.users["maitre"]), 'data-role="supervisor"')
    assert items(html, "data-sheet=") == [
        "Lucas Bernard (E4) : « Dégustation des nouveautés de printemps en magasin » — attester",
        "Lucas Bernard (E6) : « Implantation de la gamme bio chez trois franchisés » — attester",
    ]
    assert [text.split(" :")[0] for text in items(html, "data-contract=")] == [
        "Arthur André",
        "Lucas Bernard",
        "Emma Petit",
    ]
    assert items(html, "data-situation=") == [
        "12/01/2027 : E4 — Situation A d'Emma Petit, Salle B12 — Lycée Jean Monnet — voir la "
        "situation"
    ]


def test_a_master_sees_the_contracts_running_today_not_those_ended(population, dashboard_of):
    """A contract terminated before the day leaves the master's list; one terminated later
    stays in it until its last day."""
    manager = population.users["responsable"]
    for learner, last_day in (("petit", ON - timedelta(days=1)), ("andre", ON)):
        terminate_contract(
            contract=Contract.objects.get(learner=population.learners[learner]), on=last_day,
            cause="mutual_agreement", by=manager,
        )  # fmt: skip
    html = section(dashboard_of(population.users["maitre"]), 'data-role="supervisor"')
    assert [text.split(" :")[0] for text in items(html, "data-contract=")] == [
        "Arthur André",
        "Lucas Bernard",
    ]


def test_a_master_sees_the_first_sheets_to_attest_and_the_page_of_all_of_them(
    population, dashboard_of, client
):
    """Lucas Bernard hands in four more sheets at his company: his master's dashboard counts the
    six, shows the first five and links to the portfolio's page, which lists the six."""
    bernard = population.learners["bernard"]
    for n in range(4):
        sheet = create_sheet(
            learner=bernard, by=bernard.user, exam="E4", title=f"Salon n° {n}", nature="event",
            start=date(2026, 11, 2), company=population.companies["rhone"], context="Stand.",
            upstream_analysis="Invitations.", information_analysis="Questionnaire.",
            reflective_analysis="À refaire plus tôt.",
        )  # fmt: skip
        submit_sheet(sheet=sheet, on=ON, by=bernard.user)
    page = dashboard_of(population.users["maitre"])
    html = section(page, 'data-role="supervisor"')
    assert '<a href="#a-attester" data-count="to_attest"><strong>6</strong>' in html
    assert len(items(html, "data-sheet=")) == 5
    assert '<a href="/portfolio/" data-list>Voir la liste entière</a>' in html
    whole = client.get("/portfolio/").text
    assert whole.count("Lucas Bernard — ") == 6
    # The follow-up's part: her three apprentices under contract, no report to countersign.
    followup = section(page, 'data-role="followup"')
    assert '<a href="/suivi/maitre/">3 apprentis</a> · 0 comptes rendus à contresigner' in followup


def test_a_master_is_not_asked_to_attest_her_apprentices_activity_in_another_company(
    population, dashboard_of
):
    """Lucas Bernard hands in a sheet about an activity at another company (a previous job):
    his master attests the activity at her company only, and her count stays at two."""
    bernard = population.learners["bernard"]
    sheet = create_sheet(
        learner=bernard, by=bernard.user, exam="E4", title="Salon ailleurs", nature="event",
        start=date(2026, 11, 2), company=population.companies["sport"], context="Stand.",
        upstream_analysis="Invitations.", information_analysis="Questionnaire.",
        reflective_analysis="À refaire plus tôt.",
    )  # fmt: skip
    submit_sheet(sheet=sheet, on=ON, by=bernard.user)
    html = section(dashboard_of(population.users["maitre"]), 'data-role="supervisor"')
    assert '<a href="#a-attester" data-count="to_attest"><strong>2</strong>' in html
    assert "Salon ailleurs" not in html


def test_a_tutor_sees_only_their_own_interns(population, dashboard_of):
    page = dashboard_of(population.users["tuteur"])
    assert "Ce qui demande votre attention au lundi 4 janvier 2027." in page
    html = section(page, 'data-role="supervisor"')
    # Durand's and Leroy's internships at his company ended on 20 February 2026: their sheets
    # are no longer his to read. Morel's agreement, signed on 28 December, makes him her tutor.
    assert items(html, "data-sheet=") == []
    assert items(html, "data-agreement=") == [
        "Raphaël Morel : convention de stage du 11/01/2027 au 19/02/2027 — voir"
    ]
    assert "Rien à signaler." in html  # no commission
    for other in ("Durand", "Leroy", "Bernard", "Petit", "André", "Michel", "Simon", "Dupont"):
        assert other not in page


# --- Exam office ----------------------------------------------------------------------------


def test_the_exam_office_sees_the_conformity_counts_and_confirmed_grades(population, dashboard_of):
    page = dashboard_of(population.users["examens"])
    second_year = section(page, f'data-cohort="{population.second_year.pk}"')

    def counts(html: str, exam: str) -> list[str]:
        row = html[html.index(f'data-exam="{exam}"') :].split("</tr>")[0]
        return re.findall(r'data-count="(\w+)">(\d+)<', row)

    assert counts(second_year, "E4") == [
        ("on_track", "0"),
        ("penalised", "6"),
        ("invalid", "9"),
        ("unchecked", "0"),
    ]
    assert counts(second_year, "E6") == [
        ("on_track", "0"),
        ("penalised", "5"),
        ("invalid", "10"),
        ("unchecked", "0"),
    ]
    assert items(second_year, "data-situation=") == [
        "E4 — Situation A de Lucas Bernard (17/11/2026) : 14,5/20, proposée au jury — grille"
    ]
    first_year = section(page, f'data-cohort="{population.first_year.pk}"')
    assert counts(first_year, "E6")[-1] == ("unchecked", "15")  # no deadline set
    assert "Rien à signaler." in first_year
    assert 'data-role="training_manager"' not in page


# --- Queries --------------------------------------------------------------------------------


def _queries(client, user) -> tuple[int, int]:
    """The queries of the dashboard's sections computed (as the background job stores them),
    and of the page that shows them stored."""
    with CaptureQueriesContext(connection) as computed:
        store_dashboards(users=[user.pk])
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    return len(computed.captured_queries), len(captured.captured_queries)


def test_the_managers_dashboard_needs_a_bounded_number_of_queries(
    population, dashboard_of, client, django_assert_max_num_queries
):
    dashboard_of(population.users["responsable"])  # sets the day
    with django_assert_max_num_queries(80):
        client.get("/")


def test_more_learners_do_not_mean_more_queries(population, dashboard_of, client):
    """Four more learners, each with a sheet, an internship and a CCF situation, cost nothing."""
    manager = population.users["responsable"]
    dashboard_of(manager)  # sets the day
    before = _queries(client, manager)
    admin, teacher = population.users["admin"], population.users["enseignant"]
    for index in range(4):
        learner = create_learner(
            cohort=population.second_year,
            first_name="Test",
            last_name=f"Nouveau{index}",
            birth_date=date(2005, 1, 1),
            category="scolaire",
            category_start=population.second_year.first_year_start,
            on=ON,
            by=admin,
        )
        sheet = e4_event_sheet(learner, population=population, submitted_on=ON)
        validate_sheet(sheet=sheet, on=ON, by=teacher)
        start = date(2026, 9, 7) + timedelta(weeks=6 * index)
        agreement = create_agreement(
            learner=learner,
            host=population.companies["assur"],
            tutor=population.contacts["fabre"],
            start=start,
            end=start + timedelta(days=25),
            clauses=CLAUSES,
            pedagogical_annex=ANNEX,
            signed_on=start - timedelta(days=14),
            by=admin,
        )
        record_certificate(
            agreement=agreement,
            start=agreement.start,
            end=agreement.end,
            signed_on=agreement.end,
            signatory="Julie Fabre",
            by=admin,
        )
        plan_situation(
            learner=learner, exam="E4", situation="A", date=ON + timedelta(days=3),
            place="B12", members=[teacher], by=manager,
        )  # fmt: skip
    assert _queries(client, manager) == before
