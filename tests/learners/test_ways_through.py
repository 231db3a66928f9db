"""Ways through: a learner's page links to everything about them that the reader may open, and
offers the first contract or internship agreement when there is none; the learner's menu shows
only what a learner has."""

import re

from ndrc.assessments.demo import create_demo_assessments
from ndrc.contracts.demo import create_demo_alternance


def menu_of(client) -> list[str]:
    page = client.get("/").text
    nav = re.search(r'<nav aria-label="Navigation principale">(.*?)</nav>', page, re.S).group(1)
    return re.findall(r">([^<]+)</a>", nav)


def about(page: str) -> str:
    return re.search(r"<nav[^>]*data-about>(.*?)</nav>", page, re.S).group(1)


def test_the_learners_menu_shows_only_what_a_learner_has(client, demo):
    client.force_login(demo.users["apprenant"])
    assert menu_of(client) == [
        "Référentiel",
        "Simulateur de délibération",
        "Mon dossier",
        "Alternance",
        "Portfolio",
        "Évaluations",
        "Emploi du temps",  # their week and calendar (timetable)
        "Émargement",  # their hours and sheets to sign (attendance)
        "Suivi en entreprise",  # their apprenticeship logbook (followup)
        "Examens",  # their registration and results (exams:my_results)
        "Notes et bulletins",  # their marks (gradebook:my_marks)
    ]
    response = client.get("/apprenants/moi/")
    assert response["Location"] == f"/apprenants/{demo.learners['bernard'].pk}/"


def test_staff_menus_keep_the_lists_and_the_search(client, demo):
    client.force_login(demo.users["enseignant"])
    assert {"Apprenants", "Rechercher"} <= set(menu_of(client))
    assert "Mon dossier" not in menu_of(client)
    assert client.get("/apprenants/moi/").status_code == 404


def test_a_learners_page_links_to_all_about_them(client, demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    create_demo_alternance(demo)
    situations = create_demo_assessments(demo)
    bernard = demo.learners["bernard"]
    contract = bernard.contracts.get()
    client.force_login(demo.users["responsable"])
    client.post(f"/alternance/contrats/{contract.pk}/echeancier.pdf")  # a document about him
    links = about(client.get(f"/apprenants/{bernard.pk}/").text)
    for address in (
        f"/alternance/apprenant/{bernard.pk}/",
        f"/alternance/contrats/{contract.pk}/",
        f"/portfolio/apprenants/{bernard.pk}/",
        f"/portfolio/apprenants/{bernard.pk}/dossier/E4/",
        *(f"/evaluations/situations/{s.pk}/" for s in situations if s.learner == bernard),
        "/documents/",
        "#historique",
    ):
        assert f'href="{address}' in links, address
    assert "Nouveau contrat" not in links  # he has one


def test_the_first_contract_or_agreement_is_offered_where_there_is_none(client, demo):
    client.force_login(demo.users["responsable"])
    apprentice = demo.learners["andre"]  # 1st-year apprentice, no contract recorded yet
    links = about(client.get(f"/apprenants/{apprentice.pk}/").text)
    first = re.search(r'<a class="button" href="([^"]+)"', links).group(1)
    assert first == f"/alternance/apprenant/{apprentice.pk}/contrats/nouveau/"
    assert f"/alternance/apprenant/{apprentice.pk}/conventions/nouvelle/" in links
    student = demo.learners["girard"]
    links = about(client.get(f"/apprenants/{student.pk}/").text)
    first = re.search(r'<a class="button" href="([^"]+)"', links).group(1)
    assert first == f"/alternance/apprenant/{student.pk}/conventions/nouvelle/"
    # A teacher reads the page but records no contract: nothing offered.
    client.force_login(demo.users["enseignante"])
    assert "nouveau/" not in about(client.get(f"/apprenants/{student.pk}/").text)


def test_the_breadcrumb_names_the_cohort_as_a_link_only_for_who_may_open_it(client, demo):
    bernard = demo.learners["bernard"]
    client.force_login(demo.users["enseignant"])
    page = client.get(f"/apprenants/{bernard.pk}/").text
    assert f'href="/apprenants/promotions/{bernard.cohort_id}/"' in page
    client.force_login(demo.users["maitre"])
    page = client.get(f"/apprenants/{bernard.pk}/").text
    assert f'href="/apprenants/promotions/{bernard.cohort_id}/"' not in page
