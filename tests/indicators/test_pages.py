"""The indicators' pages as the training manager, the exam office and the public use them."""

import csv
import html
import io
import re
import xml.etree.ElementTree as ET

from django.core import mail

from ndrc.core.models import AuditEntry
from ndrc.indicators.models import (
    Interruption,
    Invitation,
    LeaverSituation,
    Response,
    Survey,
    YearFigures,
)
from ndrc.jobs.models import Job, State
from ndrc.learners.models import Learner
from tests.indicators.conftest import login

SVG = "{http://www.w3.org/2000/svg}"


def text_of(response) -> str:
    page = response.content.decode()
    page = re.sub(r"<[^>]+>", " ", page)
    return re.sub(r"\s+", " ", page)


def test_the_manager_reads_three_sessions_with_the_counts_behind_each_rate(indicators, client):
    login(client, indicators, "responsable")
    page = text_of(client.get("/indicateurs/"))
    assert "46,15 % 13 présentés, 6 reçus" in page
    assert "81,82 % 11 présentés, 9 reçus" in page
    assert "22,22 % 9 contrats, 2 rompus" in page
    assert "chiffres saisis" in page and "données ndrc" in page


def test_the_brochure_table_of_a_year_by_status(indicators, client):
    login(client, indicators, "responsable")
    response = client.get("/indicateurs/2026/")
    page = text_of(response)
    assert "Statistiques de la session 2026" in page
    # The apprentices' column: 6 of 7 admitted; the formula and its source under the table.
    assert "85,71 % 7 présentés, 6 reçus" in page
    assert "Nbr de candidats ayant réussi l'examen / Nbr de candidats présents" in (
        response.content.decode().replace("&#x27;", "'")
    )
    assert "L. 6111-8" in page


def test_an_indicator_lists_the_people_behind_it_to_the_staff(indicators, client):
    login(client, indicators, "responsable")
    page = text_of(client.get("/indicateurs/2026/termination_rate/"))
    assert "Au numérateur (2 personnes)" in page and "Au dénominateur (8 personnes)" in page
    assert "Lina Henry" in page and "Maxime Roussel" in page
    assert "dont 1 pendant les 45 premiers jours en entreprise" in page
    # A recorded figure has nobody behind it.
    page = text_of(client.get("/indicateurs/2024/pass_rate/"))
    assert "pas de liste nominative" in page


def test_who_reaches_the_indicators(indicators, client):
    assert client.get("/indicateurs/").status_code == 302  # to the login page
    login(client, indicators, "examens")
    assert client.get("/indicateurs/").status_code == 200
    assert client.get("/indicateurs/chiffres/saisir/").status_code == 403
    survey = Survey.objects.first()
    assert client.post(f"/indicateurs/enquetes/{survey.pk}/relancer/").status_code == 403
    for user in ("enseignant", "apprenant", "maitre"):
        login(client, indicators, user)
        assert client.get("/indicateurs/").status_code == 404
        assert client.get(f"/indicateurs/enquetes/{survey.pk}/").status_code == 404


def test_the_public_page_shows_counts_and_definitions_and_no_name(indicators, client):
    uai = indicators.centre.uai
    response = client.get(f"/resultats/{uai}/")
    assert response.status_code == 200
    page = text_of(response)
    assert "Session 2024" in page and "Session 2025" in page and "Session 2026" in page
    assert "Session 2027" not in page  # not over yet
    assert "46,15 % 13 présentés, 6 reçus" in page
    assert "petit effectif" in page and "moins de 20 personnes" in page
    assert "Chiffres arrêtés au" in page and "Définitions" in page
    for learner in Learner.objects.all():
        assert learner.full_name not in page, learner
        assert f"{learner.last_name.upper()} " not in page
        assert learner.email not in page
    assert client.get("/resultats/0000000A/").status_code == 404


def test_the_charts_carry_the_right_numbers(indicators, client):
    login(client, indicators, "responsable")
    response = client.get("/indicateurs/graphiques/pass_rate.svg")
    assert response["Content-Type"] == "image/svg+xml"
    svg = ET.fromstring(response.content)  # noqa: S314 (the page's own output)
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}title").text == "Taux de réussite"
    bars = {g.get("data-year"): g for g in svg.iter(f"{SVG}g") if g.get("class") == "bar"}
    assert {year: g.get("data-rate") for year, g in bars.items()} == {
        "2024": "87.50",
        "2025": "46.15",
        "2026": "81.82",
    }
    assert bars["2025"].find(f"{SVG}title").text == "2025 : 46,15\u00a0% (6 / 13), petit effectif"
    # Heights in proportion: 46.15 % of the 216 px of the plot.
    assert float(bars["2025"].find(f"{SVG}rect").get("height")) == 99.7
    page = client.get("/indicateurs/graphiques/").content.decode()
    charts = re.findall(r"<svg.*?</svg>", page, flags=re.S)
    assert len(charts) == 10  # every indicator but the added value (a national figure)
    # Nothing the Content-Security-Policy refuses: no style attribute, no script.
    assert not any("style=" in chart or "<script" in chart for chart in charts)


def test_exports_give_every_rate_with_its_counts(indicators, client):
    login(client, indicators, "responsable")
    response = client.get("/indicateurs/export.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    row = next(r for r in rows if r["Session"] == "2025" and r["Indicateur"] == "Taux de réussite")
    assert (row["Numérateur"], row["Dénominateur"], row["Taux (%)"]) == ("6", "13", "46,15")
    assert row["Origine des chiffres"] == "ndrc"  # the exam session 2025, published in ndrc
    row = next(r for r in rows if r["Session"] == "2025" and "insertion" in r["Indicateur"])
    assert row["Origine des chiffres"] == "saisi"
    response = client.get("/indicateurs/export.xlsx?statut=apprentice")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert client.get("/indicateurs/export.pdf").status_code == 404


def test_recording_a_year_refuses_inconsistent_figures(indicators, client):
    login(client, indicators, "responsable")
    data = {"year": 2023, "note": "Tableur 2023", "companies_answered": 5, "companies_satisfied": 4}
    data.update({"student__candidates_present": 3, "student__candidates_admitted": 4})
    response = client.post("/indicateurs/chiffres/saisir/", data)
    assert response.status_code == 400
    assert "plus de reçus que de présents" in response.content.decode()
    assert not YearFigures.objects.filter(year=2023).exists()
    data["student__candidates_admitted"] = 2
    before = AuditEntry.objects.count()
    assert client.post("/indicateurs/chiffres/saisir/", data).status_code == 302
    figures = YearFigures.objects.get(year=2023)
    assert figures.statuses.get(status="student").candidates_admitted == 2
    assert AuditEntry.objects.count() == before + 1
    page = text_of(client.get("/indicateurs/2023/"))
    assert "66,67 % 3 présentés, 2 reçus" in page
    response = client.post("/indicateurs/chiffres/saisir/", {**data, "year": 2030})
    assert response.status_code == 400  # a session not over


def test_a_situation_learned_by_phone_and_a_departure(indicators, client):
    login(client, indicators, "responsable")
    duval = Learner.objects.get(last_name="Duval")
    url = f"/indicateurs/sorties/apprenant/{duval.pk}/situation/"
    data = {
        "situation": "employed",
        "employment": "permanent",
        "related_to_training": "true",
        "detail": "Optique Bellecour, vendeuse",
        "source": "phone",
        "observed_on": "2026-12-04",
    }
    assert client.post(url, data).status_code == 302
    situation = LeaverSituation.objects.get(learner=duval)
    assert (situation.source, situation.recorded_by) == ("phone", indicators.users["responsable"])
    page = text_of(client.get("/indicateurs/sorties/2026/"))
    assert "Agathe Duval" in page and "Appel téléphonique" in page
    # A departure date outside the training is refused.
    url = f"/indicateurs/sorties/apprenant/{duval.pk}/depart/"
    response = client.post(url, {"left_on": "2023-01-01", "reason": "dropped_out"})
    assert response.status_code == 400
    assert not Interruption.objects.filter(learner=duval).exists()
    lemoine = Learner.objects.get(last_name="Lemoine")
    url = f"/indicateurs/sorties/apprenant/{lemoine.pk}/depart/"
    assert client.post(url, {"left_on": "2025-11-10", "reason": "reoriented"}).status_code == 302
    assert "10/11/2025 — Réorientation" in text_of(client.get("/indicateurs/sorties/2026/"))
    assert client.post(f"{url}annuler/").status_code == 302
    assert not Interruption.objects.filter(learner=lemoine).exists()


def test_a_survey_from_creation_to_reminders(indicators, client):
    login(client, indicators, "responsable")
    data = {"kind": "learners", "year": 2027, "title": "Bilan de mi-parcours", "anonymous": "on"}
    response = client.post("/indicateurs/enquetes/", data)
    survey = Survey.objects.get(title="Bilan de mi-parcours")
    assert response.url == f"/indicateurs/enquetes/{survey.pk}/"
    # It starts with the questions of the centre's latest learners' questionnaire.
    assert survey.questions.filter(overall=True).count() == 1
    response = client.post(survey_url := f"/indicateurs/enquetes/{survey.pk}/", {
        "text": "L'emploi du temps vous convient-il ?", "kind": "yes_no"})  # fmt: skip
    assert response.status_code == 302 and survey.questions.count() == 6
    mail.outbox = []
    # Sent as a background job (run at once in the tests), followed on its page.
    response = client.post(f"{survey_url}envoyer/")
    job = Job.objects.latest("pk")
    assert response.url == job.get_absolute_url() and job.state == State.DONE
    assert (job.done, job.total) == (15, 15)
    page = html.unescape(text_of(client.get(job.get_absolute_url())))
    assert "15 invitation(s) envoyée(s)." in page and "Voir l'enquête et ses réponses" in page
    assert len(mail.outbox) == 15  # the 2nd-year cohort's learners
    assert "/enquete/" in mail.outbox[0].body
    # The questions no longer change once sent.
    response = client.post(survey_url, {"text": "Trop tard ?", "kind": "text"})
    assert response.status_code == 400
    invitation = Invitation.objects.filter(survey=survey).first()
    mail.outbox = []
    response = client.post(f"{survey_url}relancer/")
    assert response.url == Job.objects.latest("pk").get_absolute_url()
    assert len(mail.outbox) == 15
    assert mail.outbox[0].subject == "Rappel : Bilan de mi-parcours"
    invitation.refresh_from_db()
    assert invitation.reminders == 1
    page = text_of(client.get(survey_url))
    assert "0 % (0 sur 15)" in page


def test_answering_an_anonymous_questionnaire_through_the_personal_link(indicators, client):
    login(client, indicators, "responsable")
    data = {"kind": "learners", "year": 2027, "title": "Avis", "anonymous": "on"}
    client.post("/indicateurs/enquetes/", data)
    survey = Survey.objects.get(title="Avis")
    client.post(f"/indicateurs/enquetes/{survey.pk}/envoyer/")
    client.logout()
    invitation = Invitation.objects.get(survey=survey, learner__last_name="Durand")  # a student
    url = f"/enquete/{invitation.token}/"
    page = client.get(url)
    assert page.status_code == 200 and "Vos réponses sont anonymes" in page.content.decode()
    overall = survey.questions.get(overall=True)
    assert client.post(url, {}).status_code == 400  # the overall question is required
    response = client.post(url, {f"q{overall.pk}": "4"})
    assert "Merci, vos réponses sont enregistrées." in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.answered_at is not None
    [answer] = Response.objects.filter(survey=survey)
    assert answer.satisfied and answer.answers == {str(overall.pk): 4}
    # Anonymous: linked to no invitation, not dated; only the status is kept.
    assert (answer.invitation, answer.submitted_on, answer.status) == (None, None, "student")
    assert "déjà répondu" in client.get(url).content.decode()
    client.post(url, {f"q{overall.pk}": "1"})
    assert Response.objects.filter(survey=survey).count() == 1
    assert client.get("/enquete/inconnu/").status_code == 404


def test_a_closed_survey_takes_no_more_answers(indicators, client):
    survey = Survey.objects.get(kind="learners", year=2026)  # closed on 19/06/2026
    invitation = Invitation.objects.filter(survey=survey, answered_at__isnull=True).first()
    page = client.get(f"/enquete/{invitation.token}/").content.decode()
    assert "Cette enquête est close." in page
    client.post(f"/enquete/{invitation.token}/", {"q1": "4"})
    assert Response.objects.filter(survey=survey).count() == 10


def test_the_six_month_survey_answered_through_the_link(indicators, client):
    survey = Survey.objects.get(kind="six_months", year=2026)
    lemoine = Learner.objects.get(last_name="Lemoine")
    invitation = Invitation.objects.get(survey=survey, learner=lemoine)
    url = f"/enquete/{invitation.token}/"
    response = client.post(url, {"situation": "further_studies", "employment": "permanent"})
    assert response.status_code == 400  # a contract type for someone studying
    assert "ne vaut que pour une personne en emploi" in response.content.decode()
    data = {"situation": "further_studies", "detail": "Licence professionnelle"}
    assert "Merci" in client.post(url, data).content.decode()
    situation = LeaverSituation.objects.get(learner=lemoine)
    assert (situation.situation, situation.source) == ("further_studies", "survey")
