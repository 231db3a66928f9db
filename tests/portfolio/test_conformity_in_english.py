"""A dossier's conformity findings read in English (the engine's sentences and the wordings of
`dossiers.yaml`, all in the catalogue), and in French exactly as the engine wrote them."""

import html
import re

from ndrc.regulation.conformity import dossier_rules
from tests.dashboard.test_english import (  # noqa: F401 (the fixture compiles the catalogues)
    ENTRIES,
    english,
    english_catalogue,
    leftover_french,
    visible_text,
)


def _findings(response) -> str:
    page = html.unescape(response.content.decode())
    findings = re.search(r'<ul id="findings">(.*?)</ul>', page, flags=re.S).group(1)
    findings = re.sub(r'<span class="source">.*?</span>', " ", findings, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", findings))


def test_a_dossier_at_risk_reads_in_english(portfolio, client):
    durand = portfolio.learners["durand"]
    english(client).force_login(portfolio.users["responsable"])
    response = client.get(f"/portfolio/apprenants/{durand.pk}/dossier/E4/")
    findings = _findings(response)
    assert (
        "internship or professional experience shorter than the exam regulations require "
        "(12 week(s) of internship, required: 16 weeks)"
    ) in findings
    assert "documents of the dossier not endorsed or not signed" in findings
    assert "semaine" not in findings and "requis" not in findings and "dossier non" not in findings
    # The establishment's data (the cohort's name, the sheets' titles) is not interface text.
    page = visible_text(response).replace(durand.cohort.name, " ")
    for sheet in durand.activity_sheets.all():
        page = page.replace(sheet.title, " ")
    assert leftover_french(page) == []


def test_a_cohorts_stored_checks_read_in_english(portfolio, client):
    from ndrc.learners.models import Learner
    from ndrc.portfolio.models import StoredDossierCheck
    from ndrc.portfolio.services import store_dossier_checks

    durand = portfolio.learners["durand"]
    store_dossier_checks(learners=Learner.objects.filter(cohort=durand.cohort))
    stored = StoredDossierCheck.objects.get(learner=durand, exam="E4")
    # The French text as the engine wrote it, and its template to write it in English.
    assert (
        "durée de stage ou d'expérience professionnelle inférieure à celle requise par la "
        "réglementation de l'examen (12 semaine(s) de stage, requis : 16 semaines)"
    ) in [finding["text"] for finding in stored.findings]
    assert all(finding["text_data"]["template"] for finding in stored.findings)
    english(client).force_login(portfolio.users["responsable"])
    page = visible_text(client.get(f"/portfolio/promotions/{durand.cohort_id}/conformite/E4/"))
    assert "(12 week(s) of internship, required: 16 weeks)" in page
    assert "semaine(s)" not in page and "non visés ou non signés" not in page


def test_in_french_the_findings_read_as_the_engine_wrote_them(portfolio, client):
    client.force_login(portfolio.users["responsable"])
    durand = portfolio.learners["durand"]
    findings = _findings(client.get(f"/portfolio/apprenants/{durand.pk}/dossier/E4/"))
    assert (
        "durée de stage ou d'expérience professionnelle inférieure à celle requise par la "
        "réglementation de l'examen (12 semaine(s) de stage, requis : 16 semaines)"
    ) in findings


def test_every_wording_of_the_dossier_rules_is_translated():
    """The wordings of `dossiers.yaml` are read by the engine, not extracted by makemessages:
    each must stay in the English catalogue (an entry makemessages made obsolete fails here)."""
    rules = dossier_rules()
    wordings = [*rules["proofs"].values()]
    for entries in (rules["invalidity_causes"], *(e["penalties"] for e in rules["exams"].values())):
        wordings += [
            text for entry in entries.values() for text in (entry["text"], entry["detail"])
        ]
    for exam in rules["exams"].values():  # the sheets' natures are names, kept French
        if exam["reflective_study"]:
            wordings.append(exam["reflective_study"]["unit"])
    translated = {e["msgid"] for e in ENTRIES if e["msgstr"].get(0)}
    missing = [text for text in wordings if text and text not in translated]
    assert len(wordings) > 35 and missing == []


def test_a_cohorts_stored_notes_read_in_english(portfolio, client):
    """The notes on the records read (a sheet's empty headings, a missing attestation) are
    stored with their template: shown in English whatever language stored them."""
    from django.utils import translation

    from ndrc.core.ui.formats import engine_text
    from ndrc.learners.models import Learner
    from ndrc.portfolio.models import StoredDossierCheck
    from ndrc.portfolio.selectors.conformity import read_stored
    from ndrc.portfolio.services import store_dossier_checks

    durand = portfolio.learners["durand"]
    with translation.override("en"):  # stored from an English page: the notes stay French
        store_dossier_checks(learners=Learner.objects.filter(cohort=durand.cohort))
    stored = StoredDossierCheck.objects.filter(learner__cohort=durand.cohort, exam="E4")
    notes = [note for check in stored for note in check.notes]
    assert any(note["text"].startswith("Fiche « ") for note in notes)
    assert all(note["text_data"]["template"] for note in notes)
    english(client).force_login(portfolio.users["responsable"])
    page = visible_text(client.get(f"/portfolio/promotions/{durand.cohort_id}/conformite/E4/"))
    with translation.override("en"):
        shown = {
            engine_text(n) for check in stored for n in read_stored(check, on=check.deadline).notes
        }
    assert shown and all(note in page for note in shown)
    assert "Fiche « " not in page and "Sheet “" in page


def test_a_stored_checks_error_reads_in_english(portfolio, client):
    """A check that could not be made (no deadline set) keeps its error's template: shown in
    English whatever language stored it, in French as written."""
    from django.utils import translation

    from ndrc.learners.models import Learner
    from ndrc.portfolio.models import DossierDeadline, StoredDossierCheck
    from ndrc.portfolio.services import store_dossier_checks

    durand = portfolio.learners["durand"]
    DossierDeadline.objects.filter(cohort=durand.cohort, exam="E6").delete()
    with translation.override("en"):  # stored from an English page: the error stays French
        store_dossier_checks(learners=Learner.objects.filter(cohort=durand.cohort))
    stored = StoredDossierCheck.objects.get(learner=durand, exam="E6")
    assert stored.error == "Date limite de dépôt non fixée pour cette promotion."
    url = f"/portfolio/promotions/{durand.cohort_id}/conformite/E6/"
    client.force_login(portfolio.users["responsable"])
    assert "Date limite de dépôt non fixée pour cette promotion." in client.get(url).text
    page = visible_text(english(client).get(url))
    assert "Submission deadline not set for this cohort." in page
    assert "non fixée" not in page


def test_a_learner_without_a_category_reads_in_english(portfolio):
    """The check of a learner with no candidate category on the deadline says so in the
    reader's language, stored or not."""
    from django.utils import translation

    from ndrc.core.ui.formats import engine_text
    from ndrc.portfolio.models import StoredDossierCheck
    from ndrc.portfolio.selectors.conformity import check_learner_dossier, read_stored, stored_check

    durand = portfolio.learners["durand"]
    durand.category_periods.all().delete()
    deadline = durand.cohort.dossier_deadlines.get(exam="E4").date
    check = check_learner_dossier(durand, "E4", on=deadline, deadline=deadline)
    with translation.override("en"):
        values = stored_check(durand, "E4", deadline=deadline)
    assert "aucune catégorie de candidat à la date limite du" in values["error"]
    assert values["error"] == str(check.error)
    stored = StoredDossierCheck(learner=durand, exam="E4", **values)
    with translation.override("en"):
        for error in (check.error, read_stored(stored, on=deadline).error):
            assert "has no candidate category on the deadline" in engine_text(error)
