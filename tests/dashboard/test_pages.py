"""What each role reads on the pages of the demo population (lists, records, search, exports)."""

import csv
import io
import json

from ndrc.learners.models import Learner


def names_in_table(html: str, names: list[str]) -> list[str]:
    return [name for name in names if name in html]


DEMO_NAMES = ["Bernard", "Petit", "Robert", "Durand", "Leroy", "Morel", "André", "Dupont"]


def test_a_tutor_sees_only_their_interns_on_the_dashboard(demo, client):
    client.force_login(demo.users["tuteur"])
    html = client.get("/").text
    assert names_in_table(html, DEMO_NAMES) == ["Durand", "Leroy", "Morel"]
    assert "Optique Bellecour" in html


def test_a_learner_sees_their_own_record_and_nobody_else(demo, client):
    client.force_login(demo.users["apprenant"])
    assert "Mon dossier" in client.get("/").text
    html = client.get("/apprenants/").text
    assert names_in_table(html, DEMO_NAMES) == ["Bernard"]
    assert "Aucune promotion ne vous est accessible." in client.get("/apprenants/promotions/").text


def test_the_cohort_page_shows_each_learners_status_company_and_tutor(demo, client):
    client.force_login(demo.users["enseignant"])
    html = client.get(f"/apprenants/promotions/{demo.second_year.pk}/").text
    row = html[html.index("Bernard Lucas") :].split("</tr>")[0]
    assert "Apprentissage (CFA ou section habilité)" in row
    assert "Rhône Distribution" in row
    assert "Sophie Laurent" in row
    # Inès Moreau became an apprentice on 5 January 2026, with Antoine Perrin as master.
    row = html[html.index("Moreau Inès") :].split("</tr>")[0]
    assert "Apprentissage" in row and "Antoine Perrin" in row


def test_an_apprenticeship_master_sees_identity_and_guardian_but_no_identifiers(demo, client):
    client.force_login(demo.users["maitre"])
    html = client.get(f"/apprenants/{demo.learners['bernard'].pk}/").text
    assert "Lucas Bernard" in html
    assert demo.learners["bernard"].ine not in html
    assert "Identifiants et adresse" not in html
    assert "Aménagement" not in html
    assert "Historique des modifications" not in html
    assert "Modifier" not in html


def test_a_teacher_sees_the_accommodation_but_not_the_ine(demo, client):
    client.force_login(demo.users["enseignant"])
    michel = demo.learners["michel"]
    html = client.get(f"/apprenants/{michel.pk}/").text
    assert "Tiers-temps aux épreuves écrites et orales" in html
    assert michel.ine not in html


def test_the_manager_sees_the_history_of_a_status_change(demo, client):
    client.force_login(demo.users["responsable"])
    html = client.get(f"/apprenants/{demo.learners['moreau'].pk}/").text
    assert "Historique des modifications" in html
    assert "— → 2026-01-04" in html  # the student period closed the day before the contract
    assert demo.learners["moreau"].ine in html


def test_a_minors_guardian_is_shown_to_the_teacher(demo, client):
    client.force_login(demo.users["enseignante"])
    html = client.get(f"/apprenants/{demo.learners['dupont'].pk}/").text
    assert "Catherine Dupont" in html
    assert "mineur" in html


def test_search_finds_only_what_the_role_may_reach(demo, client):
    client.force_login(demo.users["tuteur"])
    html = client.get("/recherche/?q=Bernard").text
    assert "Aucun apprenant trouvé." in html
    html = client.get("/recherche/?q=Leroy").text
    assert "Leroy Léa" in html
    client.force_login(demo.users["responsable"])
    assert "Bernard Lucas" in client.get("/recherche/?q=bern").text
    assert "Optique Bellecour" in client.get("/recherche/?q=522987").text


def test_search_by_htmx_returns_only_the_results(demo, client):
    client.force_login(demo.users["responsable"])
    response = client.get("/recherche/?q=Petit", headers={"HX-Request": "true"})
    assert "Petit Emma" in response.text
    assert "<html" not in response.text


def test_the_csv_export_of_a_tutor_holds_only_their_interns(demo, client):
    client.force_login(demo.users["tuteur"])
    response = client.get("/apprenants/export.csv")
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert sorted(r["Nom"] for r in rows) == ["Durand", "Leroy", "Morel"]
    assert {r["Maître d'apprentissage / tuteur"] for r in rows} == {"Marc Dubois"}


def test_the_xlsx_export_of_a_cohort_is_a_spreadsheet(demo, client):
    from openpyxl import load_workbook

    client.force_login(demo.users["examens"])
    response = client.get(f"/apprenants/promotions/{demo.first_year.pk}/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Nom", "Prénom", "Promotion", "Statut")
    assert len(rows) == 1 + 15


def test_an_unknown_export_format_is_not_found(demo, client):
    client.force_login(demo.users["responsable"])
    assert client.get("/apprenants/export.pdf").status_code == 404


def test_a_learner_downloads_their_personal_data_as_json(demo, client):
    client.force_login(demo.users["apprenant"])
    response = client.get(f"/apprenants/{demo.learners['bernard'].pk}/donnees-personnelles.json")
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["learner"]["last_name"] == "Bernard"
    assert data["supervisions"][0]["company"] == "Rhône Distribution"
    assert data["account"]["username"] == "apprenant"


def test_the_manager_erases_a_person_after_confirming(demo, client):
    client.force_login(demo.users["responsable"])
    petit = demo.learners["petit"]
    url = f"/apprenants/{petit.pk}/effacer/"
    response = client.post(url, {})
    assert response.status_code == 400
    assert "Ce champ est obligatoire." in response.text
    assert Learner.objects.get(pk=petit.pk).erased_on is None

    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 302
    erased = Learner.objects.get(pk=petit.pk)
    assert erased.erased_on is not None
    assert erased.last_name == f"Personne {petit.pk}"
    assert client.get(f"/apprenants/{petit.pk}/").status_code == 404
