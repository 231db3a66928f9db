"""Follow-up visits: at least two per training year (the centre may require more), due, late
and done per teacher and per cohort; a teacher plans a week from a list sorted by place; the
report follows the centre's grid, is countersigned by the master and kept with its history."""

import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from ndrc.core.selectors import history_of
from ndrc.followup import selectors, services
from ndrc.followup.models import Visit, VisitStatus
from ndrc.learners.models import Learner
from tests.followup.conftest import ON

pytestmark = pytest.mark.django_db


def _totals(groups):
    return {g.label: (g.learners, g.done, g.late, g.due, g.planned) for g in groups}


def test_visits_due_late_and_done_per_teacher_and_per_cohort(followup):
    view = selectors.manager_overview(followup.users["responsable"], on=ON)
    # Paul Girard (2nd year, 2 visits each): Bernard and Petit 1 done and 1 due each; Moreau's
    # visit of 19/11 never reported: 1 late, 1 due; Robert (planned 10/12), Richard, Roux:
    # 2 due each. Done 2, late 1, due 1 + 1 + 1 + 2 + 2 + 2 = 9, planned 1.
    # Hélène Roux (1st year): André 1 done, 1 due; Lefèvre's visit of 26/11 not reported:
    # 1 late, 1 due; Lambert, Legrand and Morin (enrolled by the admissions' demo) 2 due each.
    # Done 1, late 1, due 8.
    assert _totals(view.by_teacher) == {
        "Hélène Roux": (5, 1, 1, 8, 0),
        "Paul Girard": (6, 2, 1, 9, 1),
    }
    assert _totals(view.by_cohort) == {
        "BTS NDRC 1re année (session 2028)": (5, 1, 1, 8, 0),
        "BTS NDRC 2e année (session 2027)": (6, 2, 1, 9, 1),
    }


def test_a_visit_is_late_once_its_share_of_the_year_has_passed(followup):
    # Training year 01/09/2026 – 31/08/2027, 2 visits: the first is due by 01/09 + 364 × 1/2
    # days = 02/03/2027. On 03/03/2027 Chloé Richard (none done) has 1 late, 1 due.
    richard = Learner.objects.filter(pk=followup.learners["richard"].pk)
    (tally,) = selectors.visit_tallies(richard, on=date(2027, 3, 3))
    assert tally.deadlines == (date(2027, 3, 2), date(2027, 8, 31))
    assert (tally.done, tally.late, tally.due) == (0, 1, 1)
    (tally,) = selectors.visit_tallies(richard, on=date(2027, 3, 2))
    assert (tally.done, tally.late, tally.due) == (0, 0, 2)


def test_a_centre_requiring_three_visits_is_heard(followup):
    services.update_settings(
        training_centre=followup.centre, changes={"visits_per_year": 3},
        by=followup.users["responsable"],
    )  # fmt: skip
    (tally,) = selectors.visit_tallies(
        Learner.objects.filter(pk=followup.learners["bernard"].pk), on=ON
    )
    assert (tally.required, tally.done, tally.due) == (3, 1, 2)


def test_the_teacher_plans_a_week_from_a_list_sorted_by_place(followup, client_of, today):
    rows = selectors.visits_to_plan(followup.users["enseignant"], on=ON)
    # Rhône Distribution (69002), Mutuelle (69006), Télécom Saône Services (69007).
    assert [r.tally.learner.last_name for r in rows] == [
        "Bernard", "Petit", "Richard", "Roux", "Moreau", "Robert",
    ]  # fmt: skip
    client = client_of(followup.users["enseignant"])
    richard, roux = followup.learners["richard"], followup.learners["roux"]
    response = client.post(
        "/suivi/visites/",
        {
            "semaine": "2026-12-07",
            f"plan_{richard.pk}": "on", f"day_{richard.pk}": "2026-12-08",
            f"mode_{richard.pk}": "on_site",
            f"plan_{roux.pk}": "on", f"day_{roux.pk}": "2026-12-08", f"mode_{roux.pk}": "video",
        },
    )  # fmt: skip
    assert response.status_code == 302
    planned = Visit.objects.filter(learner__in=[richard, roux], planned_on=date(2026, 12, 8))
    assert planned.count() == 2
    on_site = planned.get(learner=richard)
    assert on_site.teacher == followup.users["enseignant"]
    assert on_site.place == "Mutuelle des Monts du Lyonnais, 8 avenue Foch, 69006 Lyon"
    assert "Julie Fabre" in on_site.participants


def test_a_week_plan_with_one_wrong_line_plans_nothing(followup):
    paul = followup.users["enseignant"]
    richard, petit = followup.learners["richard"], followup.learners["petit"]
    with pytest.raises(ValidationError, match=r"Ligne 2 .*pas de contrat en cours le 01/09/2027"):
        services.plan_visits(
            plans=[(richard, date(2026, 12, 8), "on_site"), (petit, date(2027, 9, 1), "phone")],
            by=paul,
        )
    assert not Visit.objects.filter(learner=richard, planned_on=date(2026, 12, 8)).exists()


def test_only_the_referent_or_the_manager_plans_a_visit(followup):
    with pytest.raises(Http404):  # Arthur André (1st year) is out of Paul Girard's reach
        services.plan_visit(
            learner=followup.learners["andre"], planned_on=ON, mode="phone",
            by=followup.users["enseignant"],
        )  # fmt: skip
    with pytest.raises(PermissionDenied):  # the exam office reads, does not plan
        services.plan_visit(
            learner=followup.learners["andre"], planned_on=ON, mode="phone",
            by=followup.users["examens"],
        )  # fmt: skip
    with pytest.raises(Http404):
        services.plan_visit(
            learner=followup.learners["andre"], planned_on=ON, mode="phone",
            by=followup.users["enseignant"],
        )  # fmt: skip
    visit = services.plan_visit(
        learner=followup.learners["andre"], planned_on=ON, mode="phone",
        by=followup.users["responsable"],
    )  # fmt: skip
    assert visit.teacher == followup.users["enseignante"]  # the referent makes it


def test_report_countersignature_and_history(followup):
    paul, master = followup.users["enseignant"], followup.users["maitre"]
    visit = Visit.objects.get(learner=followup.learners["bernard"], planned_on=date(2026, 11, 10))
    services.report_visit(
        visit=visit, held_on=date(2026, 11, 10), on=ON, by=paul,
        answers={"integration": "Très bien intégré.", "actions": "Fiche E4 à rédiger."},
    )  # fmt: skip
    services.countersign_visit(visit=visit, on=ON, by=master, remarks="Vu.")
    visit.refresh_from_db()
    assert visit.countersigned_by == followup.contacts["laurent"]
    assert visit.report["integration"] == {
        "label": "Intégration dans l'entreprise",
        "text": "Très bien intégré.",
    }
    with pytest.raises(ValidationError, match="contresigné"):
        services.report_visit(visit=visit, held_on=ON, answers={"actions": "x"}, on=ON, by=paul)
    # The demo's first report, the rewrite, the countersignature: all kept.
    updates = [e.actor.username for e in history_of(visit).filter(action="update")]
    assert updates == ["enseignant", "enseignant", "maitre"]


def test_the_grid_the_centre_edits_applies_to_new_reports_only(followup):
    manager, paul = followup.users["responsable"], followup.users["enseignant"]
    services.add_grid_item(
        training_centre=followup.centre, label="Sécurité au poste de travail", by=manager
    )
    services.update_grid_item(
        training_centre=followup.centre, code="integration",
        changes={"label": "Accueil et intégration"}, by=manager,
    )  # fmt: skip
    old = Visit.objects.get(learner=followup.learners["petit"])
    assert old.report["integration"]["label"] == "Intégration dans l'entreprise"
    moreau = Visit.objects.get(learner=followup.learners["moreau"])
    services.report_visit(
        visit=moreau, held_on=date(2026, 11, 19), on=ON, by=paul,
        answers={"securite-au-poste-de-travail": "Équipements fournis."},
    )  # fmt: skip
    moreau.refresh_from_db()
    assert moreau.status == VisitStatus.HELD
    assert moreau.report["integration"]["label"] == "Accueil et intégration"
    assert moreau.report_rows[-1] == ("Sécurité au poste de travail", "Équipements fournis.")
    with pytest.raises(ValidationError, match="Rubrique"):
        services.report_visit(visit=moreau, held_on=ON, answers={"meteo": "x"}, on=ON, by=paul)


def test_a_visit_is_not_reported_before_it_happens(followup):
    robert = Visit.objects.get(learner=followup.learners["robert"])
    with pytest.raises(ValidationError) as error:
        services.report_visit(
            visit=robert, held_on=date(2026, 12, 10), answers={"actions": "x"}, on=ON,
            by=followup.users["enseignant"],
        )  # fmt: skip
    assert "held_on" in error.value.message_dict


def test_the_visit_page_shows_the_report_and_the_master_countersigns_it(followup, client_of, today):
    visit = Visit.objects.get(learner=followup.learners["petit"])
    client = client_of(followup.users["maitre"])
    page = client.get(f"/suivi/visites/{visit.pk}/").content.decode()
    assert "Risque de rupture" in page and "Élevé" in page
    assert "Contresigner" in page and "Écrire le compte rendu" not in page
    response = client.post(f"/suivi/visites/{visit.pk}/contresigner/", {"remarks": "Vu."})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.countersigned_on == ON


def test_a_reports_default_headings_read_in_the_readers_language(followup, client_of, settings):
    """The default grid's headings are the application's wording: an English reader reads them
    in English, on the report and in its history (its headings and texts, not its stored
    form); a heading the centre wrote is shown as typed."""
    manager = followup.users["responsable"]
    services.update_grid_item(
        training_centre=followup.centre, code="conditions",
        changes={"label": "Conditions d'accueil en magasin"}, by=manager,
    )  # fmt: skip
    visit = Visit.objects.get(learner=followup.learners["bernard"], planned_on=date(2026, 11, 10))
    report = {item.code: f"Texte {item.code}" for item in selectors.grid_of(followup.centre)}
    services.report_visit(
        visit=visit, held_on=date(2026, 11, 10), on=ON, by=followup.users["enseignant"],
        answers=report,
    )  # fmt: skip
    client = client_of(manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/suivi/visites/{visit.pk}/").content.decode()
    report = page.split('<dl class="report">')[1].split("</dl>")[0]
    assert "<dt>Integration in the company</dt>" in report and "Working conditions" not in report
    assert "<dt>Conditions d&#x27;accueil en magasin</dt>" in report
    assert "Intégration dans l&#x27;entreprise" not in page
    assert "Integration in the company: Texte integration; " in page  # the history
    assert "{&#x27;" not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = client.get(f"/suivi/visites/{visit.pk}/").content.decode()
    assert "Intégration dans l&#x27;entreprise : Texte integration ; " in page


def test_the_masters_dashboard_counts_her_apprentices_and_the_reports_to_countersign(
    followup, client_of, today
):
    """Counted together (one query): each apprentice once, each report waiting once."""
    master = followup.users["maitre"]
    client = client_of(master)

    def counts() -> tuple[str, str]:
        page = client.get("/").content.decode()
        return re.search(r">(\d+ apprentis)</a> · (\d+) compte", page).group(1, 2)

    assert counts() == ("4 apprentis", "2")  # Lucas Bernard's and Emma Petit's visits
    petit = Visit.objects.get(learner=followup.learners["petit"])
    services.countersign_visit(visit=petit, on=ON, by=master, remarks="Vu.")
    assert counts() == ("4 apprentis", "1")
