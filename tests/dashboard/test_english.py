"""A user who picks English in the footer reads the interface in English, and stays so.

The French interface texts are the msgids of `src/ndrc/locale/en/LC_MESSAGES/django.po` and of
the apps' own catalogues (`src/ndrc/<app>/locale/en/LC_MESSAGES/django.po`). A page in
English must show none of the French texts that the catalogue translates; the regulation's own
wording (the arrêté's titles stored as framework data) stays French by design. The engine's
sentences written as `Message` are in the catalogue too, shown in English with English numbers.
"""

import html
import os
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.exams.test_simulator import PASSING

PO = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po"
# The main catalogue, then those of the apps that keep their own (src/ndrc/<app>/locale/).
CATALOGUES = [PO, *sorted(PO.parents[3].glob("*/locale/en/LC_MESSAGES/django.po"))]


def parse_po(text: str) -> list[dict]:
    """The entries of a .po file: msgid, msgid_plural, msgstr (list), flags, obsolete."""
    entries, entry, field = [], None, None

    def unquote(line: str) -> str:
        return line[1:-1].encode().decode("unicode_escape").encode("latin-1").decode()

    for line in [*text.splitlines(), ""]:
        line = line.strip()
        if not line:
            if entry is not None:
                entries.append(entry)
            entry, field = None, None
            continue
        if entry is None:
            entry = {"flags": set(), "msgstr": {}, "obsolete": False, "msgid_plural": None}
        if line.startswith("#~"):
            entry["obsolete"] = True
        elif line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if field[0] == "msgstr":
                entry["msgstr"][field[1]] += unquote(line)
            else:
                entry[field[0]] += unquote(line)
        else:
            keyword, _space, value = line.partition(" ")
            match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            if match or keyword == "msgstr":
                field = ("msgstr", int(match.group(1)) if match else 0)
                entry["msgstr"][field[1]] = unquote(value)
            else:
                field = (keyword, None)
                entry[keyword] = unquote(value)
    return [e for e in entries if "msgid" in e]


ENTRIES = [
    e
    for catalogue in CATALOGUES
    for e in parse_po(catalogue.read_text(encoding="utf-8"))
    if not e["obsolete"]
]


@pytest.fixture(autouse=True)
def english_catalogue(settings):
    """Compile the catalogues when a .mo is missing or older (`make test` compiles them too)."""
    for po in CATALOGUES:
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            # Written aside, then moved in place: another test process may be reading it.
            fresh = mo.with_name(f"{mo.name}.{os.getpid()}")
            subprocess.run(["msgfmt", "--check-format", "-o", str(fresh), str(po)], check=True)
            os.replace(fresh, mo)
    # Setting LOCALE_PATHS again makes Django drop the catalogues it already loaded.
    settings.LOCALE_PATHS = list(settings.LOCALE_PATHS)


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def visible_text(response) -> str:
    """The page's text as read; the engine's explanations, sources and formulas (French by
    design) are left out."""
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    page = response.content.decode()
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r'<(ol|details) class="explanation">.*?</\1>', " ", page, flags=re.S)
    page = re.sub(r'<span class="(source|formula)">.*?</span>', " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    return re.sub(r"\s+", " ", html.unescape(page))


# The French texts the catalogue translates, longest first. A text identical in both languages
# ("Session", "CSV") is no evidence, nor is a single word ("Candidat", "facultative"): the
# framework data quotes the arrêté, whose wording stays French.
FRENCH = sorted(
    {
        text
        for e in ENTRIES
        if e["msgid"]
        for text, translated in [(e["msgid"], e["msgstr"].get(0, ""))]
        if text != translated and "%(" not in text and len(text.split()) >= 2
    },
    key=len,
    reverse=True,
)


def leftover_french(text: str, msgids: list[str] = FRENCH) -> list[str]:
    found = []
    for msgid in msgids:
        # The plain search first: the pattern of each of the 2,500 msgids, past the 512 that
        # `re` keeps compiled, would be compiled again at each call.
        if msgid in text and re.search(rf"(?<!\w){re.escape(msgid)}(?!\w)", text):
            found.append(msgid)
            text = text.replace(msgid, " ")
    return found


def test_the_catalogue_has_no_untranslated_or_fuzzy_entry():
    assert len(ENTRIES) > 900
    headers = [e for e in ENTRIES if e["msgid"] == ""]
    messages = [e for e in ENTRIES if e["msgid"] != ""]
    assert len(headers) == len(CATALOGUES)
    assert all("fuzzy" not in header["flags"] for header in headers)
    fuzzy = [e["msgid"] for e in messages if "fuzzy" in e["flags"]]
    untranslated = [
        e["msgid"]
        for e in messages
        if not e["msgstr"] or not all(text.strip() for text in e["msgstr"].values())
    ]
    assert fuzzy == []
    assert untranslated == []


def test_the_indicators_app_has_its_own_catalogue():
    assert any(po.parents[3].name == "indicators" for po in CATALOGUES)


def test_translations_keep_every_placeholder_of_the_french_text():
    placeholder = re.compile(r"%\(\w+\)\d*[sd]|\{\w*\}|<[^>]+>")
    for e in ENTRIES:
        if not e["msgid"]:
            continue
        for index, text in e["msgstr"].items():
            source = e["msgid_plural"] if index and e["msgid_plural"] else e["msgid"]
            assert sorted(placeholder.findall(text)) == sorted(placeholder.findall(source)), e[
                "msgid"
            ]


def test_the_home_page_in_english(db, client):
    page = visible_text(english(client).get("/"))
    assert "BTS NDRC: from admission to diploma" in page
    assert "Deliberation simulator" in page and "Log in" in page
    assert leftover_french(page) == []


def test_the_framework_pages_in_english(db, client):
    english(client)
    page = visible_text(client.get("/referentiel/"))
    assert "Skill blocks" in page and "Units and exams" in page
    assert leftover_french(page) == []
    page = visible_text(client.get("/referentiel/unites/"))
    assert "Units of the diploma" in page and "Exams by candidate category" in page
    assert leftover_french(page) == []


def test_the_simulator_with_a_result_in_english(db, client):
    page = visible_text(english(client).get("/examen/simulateur/", PASSING))
    assert "Deliberation simulator" in page
    assert "Admitted" in page and "Overall average" in page and "10.88" in page
    assert "Candidate category" in page and "Resit exams" in page
    # The engine's explanation too (the deliberation's sentences are translated), its formulas'
    # numbers as the engine wrote them.
    explanation = re.search(
        r'<ol class="explanation">(.*?)</ol>',
        client.get("/examen/simulateur/", PASSING).content.decode(),
        flags=re.S,
    ).group(1)
    assert "≥ 10: admitted." in explanation and "Units obtained (grade ≥ 10)" in explanation
    assert "Moyenne =" not in explanation and "admis" not in explanation
    assert leftover_french(page) == []


def test_the_login_page_in_english(db, client):
    page = visible_text(english(client).get("/connexion/"))
    assert "Forgotten your password?" in page
    assert leftover_french(page) == []


def test_a_manager_reads_a_learner_page_in_english(demo, client):
    english(client).force_login(demo.users["responsable"])
    bernard = demo.learners["bernard"]
    page = visible_text(client.get(f"/apprenants/{bernard.pk}/"))
    assert "Lucas Bernard" in page
    assert "Identity and contact" in page and "Category history" in page
    assert "Company supervision" in page and "Change history" in page
    # The cohort's name ("BTS NDRC 2e année") is the establishment's data, not interface text.
    assert leftover_french(page.replace(bernard.cohort.name, " ")) == []


def test_a_french_user_still_reads_french(db, client):
    response = client.get("/")
    assert response["Content-Language"] == "fr"
    assert "BTS NDRC : de l'admission au diplôme" in html.unescape(response.content.decode())


def test_a_manager_reads_the_admissions_pages_in_english(db, client):
    from datetime import date

    from django.utils import timezone

    from ndrc.admissions import services
    from tests import factories

    centre = factories.centre()
    manager = factories.manager_of(centre)
    cohort = factories.cohort(centre)
    intake = services.create_intake(
        cohort=cohort,
        title="BTS NDRC",
        training_start=date(2026, 9, 1),
        default_category="apprenti_habilite",
        is_open=True,
        by=manager,
        now=timezone.now(),
    )
    application = services.create_application(
        intake=intake,
        by=manager,
        on=date(2026, 6, 1),
        now=timezone.now(),
        first_name="Maëlle",
        last_name="Fontaine",
        birth_date=date(2007, 3, 14),
        email="m@example.fr",
    )
    english(client).force_login(manager)
    for url, expected in (
        ("/admission/", "Intakes"),
        ("/admission/tableau/", "Applications board"),
        (f"/admission/candidatures/{application.pk}/", "The application's path"),
        ("/admission/entonnoir/", "Admissions funnel"),
        ("/admission/sans-contrat/", "Candidates without a contract"),
    ):
        page = visible_text(client.get(url))
        assert expected in page, url
        assert leftover_french(page.replace("BTS NDRC", " ")) == [], url
    english(client).logout()  # the test client's logout drops every cookie: choose again
    english(client)
    page = visible_text(client.get(f"/admission/candidater/{intake.public_key}/"))
    assert "Send my application" in page
    assert leftover_french(page.replace("BTS NDRC", " ")) == []


def test_a_manager_follows_a_background_job_in_english(demo, client, settings, tmp_path):
    from ndrc.jobs.models import Job, State

    settings.MEDIA_ROOT = tmp_path
    job = Job.objects.create(
        kind="k", title="Lot", function="x.y", started_by=demo.users["responsable"],
        state=State.FAILED, done=1, total=3, error="Refusé.",
    )  # fmt: skip
    english(client).force_login(demo.users["responsable"])
    page = visible_text(client.get(job.get_absolute_url()))
    assert "My jobs" in page and "Failed" in page and "Stopped at 1 of 3." in page
    assert leftover_french(page) == []


def test_the_timetable_and_attendance_pages_in_english(demo, client):
    from ndrc.timetable.demo import FIRST_WEEK, create_timetable_demo

    create_timetable_demo(demo, last_week=FIRST_WEEK)
    english(client).force_login(demo.users["responsable"])
    cohort = demo.second_year
    # The establishment's data (names, cohort, modules, rooms) and the framework's wording stay.
    data = [cohort.name, demo.first_year.name, "Apprentis et formation continue", "Étudiants"]
    data.append("Stage en entreprise")  # a period's label, typed by the manager
    for url, expected in (
        ("/emploi-du-temps/", "Timetable"),
        (f"/emploi-du-temps/promotion/{cohort.pk}/semaine/2026-09-07/", "Copy this week"),
        (f"/emploi-du-temps/promotion/{cohort.pk}/calendrier/", "Training calendar"),
        ("/emargement/", "Attendance"),
        (f"/emargement/apprenant/{demo.learners['bernard'].pk}/", "Hours attended"),
    ):
        page = visible_text(client.get(url))
        assert expected in page, url
        for value in data:
            page = page.replace(value, " ")
        assert leftover_french(page) == [], url


def test_the_exam_office_reads_the_jury_and_a_candidate_in_english(demo, session, client):
    """The demo's exam session (ndrc.exams.demo), as the exam tests share it."""
    from ndrc.regulation.framework import load_framework

    english(client).force_login(demo.users["examens"])
    page = visible_text(client.get(f"/examen/sessions/{session.pk}/notes/"))
    assert "Completeness by unit" in page and "Take the confirmed CCF grades" in page
    assert leftover_french(page) == []
    registration = session.registrations.first()
    page = visible_text(client.get(f"/examen/inscriptions/{registration.pk}/jury/"))
    assert "Grades of the session" in page and "School record and attendance" in page
    assert leftover_french(page) == []
    page = visible_text(client.get(f"/examen/sessions/{session.pk}/"))
    assert "Exam calendar" in page
    # The centre's data (its name, the calendar's titles) and the arrêté's exam titles stay.
    data = [session.training_centre.name, *(e.label for e in session.calendar.all())]
    data = [re.sub(r"\s+", " ", text) for text in data]  # as visible_text reads them
    data += [f"{code} — {exam.title}" for code, exam in load_framework().exams.items()]
    for text in data:
        page = page.replace(text, " ")
    assert leftover_french(page) == []


def test_the_indicators_and_the_public_results_in_english(indicators, client):
    """The demo's indicators (ndrc.indicators.demo), as the indicators' tests share them."""
    demo = indicators
    english(client)
    page = visible_text(client.get(f"/resultats/{demo.centre.uai}/"))
    assert "Pass rate" in page and "13 presented, 6 admitted" in page
    assert "Figures as of" in page and "small numbers" in page
    assert leftover_french(page) == []
    client.force_login(demo.users["responsable"])
    for url in (
        "/indicateurs/",
        "/indicateurs/2026/",
        "/indicateurs/2026/termination_rate/",
        "/indicateurs/graphiques/",
        "/indicateurs/sorties/2026/",
        "/indicateurs/enquetes/",
        "/indicateurs/chiffres/saisir/",
    ):
        page = visible_text(client.get(url))
        # The cohorts' names are the establishment's data, not interface text.
        for cohort in demo.centre.cohorts.all():
            page = page.replace(cohort.name, " ")
        assert (url, leftover_french(page)) == (url, [])
    page = visible_text(client.get("/indicateurs/"))
    assert "Termination rate of apprenticeship contracts" in page and "recorded figures" in page


def test_a_manager_reads_a_contracts_checks_and_pay_in_english(demo, client):
    """The engine writes French; its sentences are translated on the page, values included, the
    checks stored when the contract was saved too (kept with their templates)."""
    from ndrc.contracts.demo import create_demo_alternance
    from ndrc.contracts.models import Contract

    create_demo_alternance(demo)
    contract = Contract.objects.filter(learner=demo.learners["bernard"]).first()
    english(client).force_login(demo.users["responsable"])
    response = client.get(f"/alternance/contrats/{contract.pk}/")
    page = visible_text(response)
    assert "1st year" in page and "43%" in page
    assert re.search(r"€\d,\d{3}\.\d{2}", page)  # the schedule's total, written the English way
    sources = html.unescape(response.content.decode())
    assert "Monthly SMIC = €" in sources and "SMIC mensuel" not in sources
    assert "Each month: the legal minimum for the full month" in sources
    assert "Age used for 09/2025: " in sources and "(a birthday counts from" in sources
    checks = re.search(r"<h2>Checks[^<]*</h2><ul>(.*?)</ul>", sources, flags=re.S).group(1)
    checks = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", checks))
    assert "Age compliant." in checks
    assert "Sophie Laurent: qualifications not recorded on the contact's record" in checks
    assert "Sophie Laurent, on 01/09/2025: " in checks
    assert leftover_french(checks) == [] and "conforme" not in checks and "«" not in checks


def test_the_exam_plan_explains_itself_in_english(db, client):
    """The plan's steps (each exam's form, the optional unit, the extra time) are the engine's
    sentences, in the reader's language; the exams' titles are the arrêté's, kept French."""
    response = english(client).get(
        "/referentiel/unites/", {"category": "experience", "extra_time": "on"}
    )
    steps = re.search(
        r'<details class="explanation">(.*?)</details>', response.content.decode(), flags=re.S
    ).group(1)
    steps = re.sub(r'<span class="source">.*?</span>', " ", steps, flags=re.S)
    steps = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", steps)))
    assert "Accommodation: the time of the final exams is extended by" in steps
    assert "final exam, " in steps and "with extra time: duration: " in steps
    assert "is optional: its language must differ" in steps
    for french in ("épreuve ponctuelle", "avec majoration", "Aménagement", "est facultative"):
        assert french not in steps
    assert leftover_french(steps) == []
