"""Every role × every page, on the demo population: who gets 200, 403 or 404 (the API's
endpoints, with a second centre's people: `tests/api/test_access_matrix.py`).

A record out of a role's reach is answered 404 (it does not exist for them), a reachable record
with an action the role may not do 403. Anonymous visitors are sent to the login page. The
demo's supervisions run on the day the tests run (they started in September 2025 and 2026 and
have no end), so access "today" is the demo's access.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

ROLES = (
    "admin",
    "responsable",
    "enseignant",  # teaches the 2nd-year cohort
    "enseignante",  # teaches the 1st-year cohort
    "examens",
    "apprenant",  # Lucas Bernard, 2nd-year apprentice of Sophie Laurent (Rhône Distribution)
    "maitre",  # Sophie Laurent: Bernard, Petit (2nd y.), André (1st y.)
    "tuteur",  # Marc Dubois (Optique Bellecour): Durand, Leroy (2nd y.), Morel (1st y.)
)
STAFF = ("admin", "responsable", "enseignant", "enseignante", "examens")


def answers(default: int, **by_role: int) -> dict[str, int]:
    """The expected status of each role: `default`, except the roles named."""
    unknown = set(by_role) - set(ROLES)
    assert not unknown, unknown
    return {role: by_role.get(role, default) for role in ROLES}


def only(status: int, roles: tuple[str, ...], *, otherwise: int, **by_role: int) -> dict[str, int]:
    return answers(otherwise, **{role: status for role in roles}, **by_role)


EVERYONE = answers(200)
SECOND_YEAR_STAFF = ("admin", "responsable", "enseignant", "examens")
MANAGERS = ("admin", "responsable")

# name: (path template, expected status by role). Ids come from the demo population.
PAGES = {
    "accueil (tableau de bord)": ("/", EVERYONE),
    "recherche": ("/recherche/?q=Bernard", EVERYONE),
    "liste des apprenants": ("/apprenants/", EVERYONE),
    "export CSV des apprenants": ("/apprenants/export.csv", EVERYONE),
    "liste des promotions": ("/apprenants/promotions/", EVERYONE),
    "promotion de 2e année": (
        "/apprenants/promotions/{second_year}/",
        only(200, SECOND_YEAR_STAFF, otherwise=404),
    ),
    "export XLSX de la promotion de 2e année": (
        "/apprenants/promotions/{second_year}/export.xlsx",
        only(200, SECOND_YEAR_STAFF, otherwise=404),
    ),
    "promotion de 1re année": (
        "/apprenants/promotions/{first_year}/",
        only(200, ("admin", "responsable", "enseignante", "examens"), otherwise=404),
    ),
    "dossier de Bernard (l'apprenant, apprenti de la maîtresse)": (
        "/apprenants/{bernard}/",
        only(200, (*SECOND_YEAR_STAFF, "apprenant", "maitre"), otherwise=404),
    ),
    "dossier de Petit (apprentie de la maîtresse, pas l'apprenant)": (
        "/apprenants/{petit}/",
        only(200, (*SECOND_YEAR_STAFF, "maitre"), otherwise=404),
    ),
    "dossier de Durand (stagiaire du tuteur)": (
        "/apprenants/{durand}/",
        only(200, (*SECOND_YEAR_STAFF, "tuteur"), otherwise=404),
    ),
    "dossier de Robert (apprenti d'un autre maître)": (
        "/apprenants/{robert}/",
        only(200, SECOND_YEAR_STAFF, otherwise=404),
    ),
    "dossier de Dupont (1re année, mineure)": (
        "/apprenants/{dupont}/",
        only(200, ("admin", "responsable", "enseignante", "examens"), otherwise=404),
    ),
    "modifier le dossier de Bernard": (
        "/apprenants/{bernard}/modifier/",
        answers(403, admin=200, responsable=200, enseignante=404, tuteur=404),
    ),
    "exporter les données personnelles de Bernard": (
        "/apprenants/{bernard}/donnees-personnelles.json",
        answers(403, admin=200, responsable=200, apprenant=200, enseignante=404, tuteur=404),
    ),
    "effacer les données de Bernard (confirmation)": (
        "/apprenants/{bernard}/effacer/",
        answers(403, admin=200, responsable=200, enseignante=404, tuteur=404),
    ),
    "liste des entreprises": ("/entreprises/", EVERYONE),
    "export CSV des entreprises": ("/entreprises/export.csv", EVERYONE),
    "Rhône Distribution (entreprise de la maîtresse et de l'apprenant)": (
        "/entreprises/{rhone}/",
        only(200, (*STAFF, "apprenant", "maitre"), otherwise=404),
    ),
    "Optique Bellecour (entreprise du tuteur)": (
        "/entreprises/{optique}/",
        only(200, (*STAFF, "tuteur"), otherwise=404),
    ),
    "modifier Rhône Distribution": (
        "/entreprises/{rhone}/modifier/",
        answers(403, admin=200, responsable=200, tuteur=404),
    ),
    "nouvelle entreprise": ("/entreprises/nouvelle/", only(200, MANAGERS, otherwise=403)),
    "nouvelle promotion": ("/apprenants/promotions/nouvelle/", only(200, MANAGERS, otherwise=403)),
    "nouvel apprenant en 2e année": (
        "/apprenants/promotions/{second_year}/nouvel-apprenant/",
        answers(404, admin=200, responsable=200, enseignant=403, examens=403),
    ),
    "enseignants de la 2e année": (
        "/apprenants/promotions/{second_year}/enseignants/",
        answers(404, admin=200, responsable=200, enseignant=403, examens=403),
    ),
    "nouvel encadrement de Bernard": (
        "/apprenants/{bernard}/encadrement/",
        answers(403, admin=200, responsable=200, enseignante=404, tuteur=404),
    ),
    "fin de l'encadrement de Bernard par la maîtresse": (
        "/apprenants/{bernard}/encadrement/{bernard_supervision}/fin/",
        answers(403, admin=200, responsable=200, enseignante=404, tuteur=404),
    ),
    "nouveau contact chez Rhône Distribution": (
        "/entreprises/{rhone}/contacts/nouveau/",
        answers(403, admin=200, responsable=200, tuteur=404),
    ),
    "modifier Sophie Laurent (maîtresse d'apprentissage)": (
        "/entreprises/contacts/{laurent}/modifier/",
        answers(403, admin=200, responsable=200, tuteur=404),
    ),
    "export pour réimport de la 2e année": (
        "/apprenants/promotions/{second_year}/reimport.csv",
        answers(404, admin=200, responsable=200, enseignant=403, examens=403),
    ),
    # Alternance, portfolio, CCF and imports: the learner's pages follow the learner's reach.
    "alternance (index)": ("/alternance/", EVERYONE),
    "alternance de Bernard": (
        "/alternance/apprenant/{bernard}/",
        only(200, (*SECOND_YEAR_STAFF, "apprenant", "maitre"), otherwise=404),
    ),
    "alternance de Durand": (
        "/alternance/apprenant/{durand}/",
        only(200, (*SECOND_YEAR_STAFF, "tuteur"), otherwise=404),
    ),
    "nouveau contrat de Bernard": (
        "/alternance/apprenant/{bernard}/contrats/nouveau/",
        answers(403, admin=200, responsable=200, enseignante=404, tuteur=404),
    ),
    "nouvelle convention de stage de Durand": (
        "/alternance/apprenant/{durand}/conventions/nouvelle/",
        answers(403, admin=200, responsable=200, enseignante=404, apprenant=404, maitre=404),
    ),
    "portfolio de Bernard": (
        "/portfolio/apprenants/{bernard}/",
        only(200, (*SECOND_YEAR_STAFF, "apprenant", "maitre"), otherwise=404),
    ),
    "couverture du référentiel de Bernard (pas pour la maîtresse)": (
        "/portfolio/apprenants/{bernard}/couverture/",
        answers(404, maitre=403, **dict.fromkeys((*SECOND_YEAR_STAFF, "apprenant"), 200)),
    ),
    "dossier E4 de Durand (pas pour le tuteur)": (
        "/portfolio/apprenants/{durand}/dossier/E4/",
        answers(404, tuteur=403, **dict.fromkeys(SECOND_YEAR_STAFF, 200)),
    ),
    "nouvelle fiche E4 de Bernard (l'apprenant seul la rédige)": (
        "/portfolio/apprenants/{bernard}/fiches/nouvelle/?exam=E4",
        answers(403, admin=200, apprenant=200, enseignante=404, tuteur=404),
    ),
    "couverture de la 2e année": (
        "/portfolio/promotions/{second_year}/couverture/",
        only(200, SECOND_YEAR_STAFF, otherwise=404),
    ),
    "conformité des dossiers E4 de la 2e année": (
        "/portfolio/promotions/{second_year}/conformite/E4/",
        only(200, SECOND_YEAR_STAFF, otherwise=404),
    ),
    "plan CCF de la 2e année": (
        "/evaluations/promotions/{second_year}/",
        only(200, SECOND_YEAR_STAFF, otherwise=404),
    ),
    "imports": ("/imports/", only(200, MANAGERS, otherwise=403)),
    "import d'apprenants en 2e année": (
        "/imports/promotions/{second_year}/apprenants/",
        answers(404, admin=200, responsable=200, enseignant=403, examens=403),
    ),
}

# Records of the alternance, portfolio and CCF demos (fixture `records`), their PDFs and files.
# Contracts and agreements: managers, exam office and the cohort's teachers read; the learner their
# own; a master the contracts naming them, a tutor the agreements naming them (docs/contracts.md).
# Sheets: a master or tutor those of the learners they supervise about their own company
# (docs/portfolio.md). CCF: the staff and the learner see the situation, a commission member the
# ones they sit in; the grid and its documents need `view_grades` (docs/assessments.md).
BERNARD_READERS = (*SECOND_YEAR_STAFF, "apprenant", "maitre")
DURAND_READERS = (*SECOND_YEAR_STAFF, "tuteur")
# A confirmed CCF grade is a proposal to the jury: the learner reads it once the results of
# their exam session are published (ndrc.exams), which they are not in the demo.
GRADES_OF_CONFIRMED = answers(
    404, maitre=403, apprenant=403, **dict.fromkeys(SECOND_YEAR_STAFF, 200)
)
GRADES_OF_UNCONFIRMED = answers(404, apprenant=403, **dict.fromkeys(SECOND_YEAR_STAFF, 200))

RECORD_PAGES = {
    "contrat d'apprentissage de Bernard": (
        "/alternance/contrats/{bernard_contract}/",
        only(200, BERNARD_READERS, otherwise=404),
    ),
    "échéancier de Bernard (PDF déjà édité)": (
        "/documents/{pay_schedule_pdf}/",
        only(200, BERNARD_READERS, otherwise=404),
    ),
    "convention de Durand chez Optique Bellecour (tuteur nommé)": (
        "/alternance/conventions/{durand_agreement}/",
        only(200, DURAND_READERS, otherwise=404),
    ),
    "convention de Durand (PDF déjà édité)": (
        "/documents/{agreement_pdf}/",
        only(200, DURAND_READERS, otherwise=404),
    ),
    "convention de Durand chez un autre tuteur (pas pour son tuteur)": (
        "/alternance/conventions/{durand_other_agreement}/",
        only(200, SECOND_YEAR_STAFF, otherwise=404),
    ),
    "fiche E4 de Bernard (négociation, attestée par la maîtresse)": (
        "/portfolio/fiches/{bernard_sheet}/",
        only(200, BERNARD_READERS, otherwise=404),
    ),
    "fiche E4 de Durand (Optique Bellecour)": (
        "/portfolio/fiches/{durand_sheet}/",
        only(200, DURAND_READERS, otherwise=404),
    ),
    "pièce jointe de la fiche de Leroy (stagiaire du tuteur)": (
        "/portfolio/pieces/{leroy_attachment}/",
        only(200, DURAND_READERS, otherwise=404),
    ),
    "situation E4 A de Bernard (la maîtresse y siège)": (
        "/evaluations/situations/{bernard_e4a}/",
        only(200, BERNARD_READERS, otherwise=404),
    ),
    "situation E6 B de Bernard (la maîtresse n'y siège pas)": (
        "/evaluations/situations/{bernard_e6b}/",
        only(200, (*SECOND_YEAR_STAFF, "apprenant"), otherwise=404),
    ),
    "situation E4 A de Durand (son tuteur n'y siège pas)": (
        "/evaluations/situations/{durand_e4a}/",
        only(200, SECOND_YEAR_STAFF, otherwise=404),
    ),
    "grille de la situation E4 A en GET (elle s'édite par POST)": (
        "/evaluations/situations/{bernard_e4a}/grille.pdf",
        answers(405),
    ),
    "grille E4 A de Bernard, note confirmée (PDF déjà édité)": (
        "/documents/{e4a_grid_pdf}/",
        GRADES_OF_CONFIRMED,
    ),
    "grille E6 B de Bernard, note non confirmée (PDF déjà édité)": (
        "/documents/{e6b_grid_pdf}/",
        GRADES_OF_UNCONFIRMED,
    ),
    "document du dossier d'évaluation E4 A de Bernard": (
        "/evaluations/documents/{e4a_document}/",
        GRADES_OF_CONFIRMED,
    ),
}

# PDFs made on demand by a POST: 302 to the checked download when allowed.
ISSUED = 302
RECORD_PDFS = {
    "éditer l'échéancier de Bernard": (
        "/alternance/contrats/{bernard_contract}/echeancier.pdf",
        only(ISSUED, BERNARD_READERS, otherwise=404),
    ),
    "éditer la convention de Durand": (
        "/alternance/conventions/{durand_agreement}/convention.pdf",
        only(ISSUED, DURAND_READERS, otherwise=404),
    ),
    "éditer l'attestation de stage de Durand": (
        "/alternance/conventions/{durand_agreement}/attestation.pdf",
        only(ISSUED, DURAND_READERS, otherwise=404),
    ),
    "éditer le dossier E4 de Bernard (pas pour la maîtresse)": (
        "/portfolio/apprenants/{bernard}/dossier/E4/pdf/",
        answers(404, maitre=403, **dict.fromkeys((*SECOND_YEAR_STAFF, "apprenant"), ISSUED)),
    ),
    "éditer la grille E4 A de Bernard, note confirmée": (
        "/evaluations/situations/{bernard_e4a}/grille.pdf",
        answers(404, maitre=403, apprenant=403, **dict.fromkeys(SECOND_YEAR_STAFF, ISSUED)),
    ),
    "éditer la grille E6 B de Bernard, note non confirmée": (
        "/evaluations/situations/{bernard_e6b}/grille.pdf",
        answers(404, apprenant=403, **dict.fromkeys(SECOND_YEAR_STAFF, ISSUED)),
    ),
}


@pytest.fixture
def records(demo, settings, tmp_path, during_the_internships, built_once):
    """The demo population with the alternance, portfolio and CCF demos, a file joined to a
    sheet and to an evaluation file, and PDFs already issued by the staff; on a day of the
    internships at Optique Bellecour (the tutor reaches Durand and Leroy while they run)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    demo.record_ids = built_once(lambda: _records(demo))
    return demo


def _records(demo) -> dict[str, int]:
    from ndrc.assessments.demo import create_demo_assessments
    from ndrc.assessments.services import add_document, grid_document
    from ndrc.contracts.demo import create_demo_alternance
    from ndrc.contracts.services import issue_agreement_pdf, issue_pay_schedule_pdf
    from ndrc.portfolio.demo import create_portfolio_demo
    from ndrc.portfolio.services import add_attachment

    create_demo_alternance(demo)
    create_portfolio_demo(demo)
    situations = {
        (s.learner.last_name, s.exam, s.situation): s for s in create_demo_assessments(demo)
    }
    admin, manager, teacher = (demo.users[k] for k in ("admin", "responsable", "enseignant"))
    bernard, durand, leroy = (demo.learners[k] for k in ("bernard", "durand", "leroy"))
    contract = bernard.contracts.get()
    agreement = durand.internship_agreements.get(host=demo.companies["optique"])
    pdf = b"%PDF-1.4 piece"
    e4a, e6b = situations[("Bernard", "E4", "A")], situations[("Bernard", "E6", "B")]
    return {
        "bernard_contract": contract.pk,
        "durand_agreement": agreement.pk,
        "durand_other_agreement": durand.internship_agreements.exclude(pk=agreement.pk).get().pk,
        "bernard_sheet": bernard.activity_sheets.get(nature="negotiation").pk,
        "durand_sheet": durand.activity_sheets.get(nature="negotiation").pk,
        "leroy_attachment": add_attachment(
            sheet=leroy.activity_sheets.get(),
            upload=SimpleUploadedFile("plan.pdf", pdf, content_type="application/pdf"),
            by=admin,
        ).pk,
        "bernard_e4a": e4a.pk,
        "bernard_e6b": e6b.pk,
        "durand_e4a": situations[("Durand", "E4", "A")].pk,
        "e4a_document": add_document(
            situation=e4a,
            title="Bilan de l'entreprise",
            file=SimpleUploadedFile("bilan.pdf", pdf, content_type="application/pdf"),
            by=manager,
        ).pk,
        "pay_schedule_pdf": issue_pay_schedule_pdf(
            contract=contract, by=manager, on=timezone.localdate()
        ).pk,
        "agreement_pdf": issue_agreement_pdf(agreement=agreement, by=manager).pk,
        "e4a_grid_pdf": grid_document(situation=e4a, by=teacher).pk,
        "e6b_grid_pdf": grid_document(situation=e6b, by=teacher).pk,
    }


def ids(demo) -> dict[str, int]:
    return {
        "centre": demo.centre.pk,
        "second_year": demo.second_year.pk,
        "first_year": demo.first_year.pk,
        **{key: learner.pk for key, learner in demo.learners.items()},
        **{key: company.pk for key, company in demo.companies.items()},
        **{key: contact.pk for key, contact in demo.contacts.items()},
        "bernard_supervision": demo.learners["bernard"].supervisions.get().pk,
        **getattr(demo, "record_ids", {}),
    }


def fill(value, values):
    if isinstance(value, str):
        filled = value.format(**values)
        return int(filled) if value.startswith("{") and filled.isdigit() else filled
    if isinstance(value, dict):
        return {k: fill(v, values) for k, v in value.items()}
    return value


@pytest.mark.parametrize("role", ROLES)
def test_each_page_answers_each_role_as_the_table_says(demo, client, role):
    client.force_login(demo.users[role])
    values = ids(demo)
    got = {name: client.get(fill(path, values)).status_code for name, (path, _e) in PAGES.items()}
    assert got == {name: expected[role] for name, (_p, expected) in PAGES.items()}


def status_of(response) -> int:
    """The status, with the file of a download read to its end, which closes it (an unread
    FileResponse keeps it open). Not `response.close()`: it fires request_finished, which drops
    the test's database connection on PostgreSQL."""
    if response.streaming:
        b"".join(response.streaming_content)
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_each_record_page_and_file_answers_each_role_as_the_table_says(records, client, role):
    client.force_login(records.users[role])
    values = ids(records)
    got = {
        name: status_of(client.get(fill(path, values))) for name, (path, _e) in RECORD_PAGES.items()
    }
    assert got == {name: expected[role] for name, (_p, expected) in RECORD_PAGES.items()}


@pytest.mark.parametrize("role", ROLES)
def test_each_pdf_is_issued_to_each_role_as_the_table_says_and_its_download_follows(
    records, client, role
):
    client.force_login(records.users[role])
    values = ids(records)
    got = {}
    for name, (path, _expected) in RECORD_PDFS.items():
        response = client.post(fill(path, values))
        got[name] = response.status_code
        if response.status_code == ISSUED:
            assert response["Location"].startswith("/documents/"), name
            download = client.get(response["Location"])
            assert download.status_code == 200, name
            assert b"".join(download.streaming_content).startswith(b"%PDF"), name
    assert got == {name: expected[role] for name, (_p, expected) in RECORD_PDFS.items()}


def test_an_anonymous_visitor_is_sent_to_the_login_page_from_every_record_and_file(records, client):
    values = ids(records)
    for name, (path, _expected) in RECORD_PAGES.items():
        response = client.get(fill(path, values))
        assert response.status_code == 302, name
        assert response["Location"].startswith("/connexion/?next="), name
    for name, (path, _expected) in RECORD_PDFS.items():
        response = client.post(fill(path, values))
        assert response.status_code == 302, name
        assert response["Location"].startswith("/connexion/?next="), name


def test_an_anonymous_visitor_is_sent_to_the_login_page_from_every_private_page(demo, client):
    values = ids(demo)
    for name, (path, _expected) in PAGES.items():
        response = client.get(fill(path, values))
        if path == "/":
            assert response.status_code == 200, name
            assert "Se connecter" in response.text
        else:
            assert response.status_code == 302, name
            assert response["Location"].startswith("/connexion/?next="), name
