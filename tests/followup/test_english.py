"""The follow-up pages read in English from the app's own catalogue, with no French interface
text left (the establishment's data — names, the visit grid's headings, entries — stays)."""

from datetime import date

import pytest

from ndrc.followup.demo import ACTIVITIES
from ndrc.followup.models import TripartiteMeeting
from tests.dashboard.test_english import (
    CATALOGUES,
    FRENCH,
    english,
    english_catalogue,  # noqa: F401 (autouse: the catalogues compiled)
    leftover_french,
    parse_po,
    visible_text,
)
from tests.followup.conftest import ON, logbook_of

pytestmark = pytest.mark.django_db

FOLLOWUP_PO = next(po for po in CATALOGUES if po.parts[-5] == "followup")
FOLLOWUP_FRENCH = sorted(
    {
        e["msgid"]
        for e in parse_po(FOLLOWUP_PO.read_text(encoding="utf-8"))
        if e["msgid"]
        and e["msgid"] != e["msgstr"].get(0)
        and "%(" not in e["msgid"]
        and len(e["msgid"].split()) >= 2
    }
    | set(FRENCH),
    key=len,
    reverse=True,
)


def leftover(text: str) -> list[str]:
    return leftover_french(text, FOLLOWUP_FRENCH)


def test_the_managers_follow_up_in_english(followup, client, today):
    english(client).force_login(followup.users["responsable"])
    page = visible_text(client.get("/suivi/"))
    assert "Follow-up visits of the training year" in page and "1 learner at risk" in page
    # The reasons are the engine's kind of text: computed French, like the explanations.
    page = page.split("Why")[0] + page.split("Centre settings")[-1]
    for cohort in (followup.first_year, followup.second_year):  # the centre's data
        page = page.replace(cohort.name, " ")
    assert leftover(page) == []


def test_the_logbook_in_english(followup, client, today):
    english(client).force_login(followup.users["maitre"])
    logbook = logbook_of(followup, "bernard")
    page = visible_text(client.get(f"/suivi/livret/{logbook.pk}/"))
    assert "Apprenticeship logbook — Lucas Bernard" in page and "Validate the period" in page
    # Entries, appraisals and comments are what people wrote, in French.
    for title, text, *_codes in ACTIVITIES:
        page = page.replace(title, " ").replace(text, " ")
    assert leftover(page) == []


def test_the_logbooks_history_in_english(followup, client, today):
    """The history lists an entry's codes, written the English way: "field: value"."""
    from ndrc.followup import services

    logbook = logbook_of(followup, "bernard")
    services.add_entry(
        logbook=logbook, day=date(2026, 12, 3), title="Salon professionnel", on=ON,
        by=followup.users["apprenant"], activities=["P1-A1", "P1-A2"], competences=["BC01-C1"],
    )  # fmt: skip
    english(client).force_login(followup.users["responsable"])
    page = client.get(f"/suivi/livret/{logbook.pk}/").content.decode()
    history = page.split('id="historique"')[1]
    assert "<strong>activities of the framework</strong>: P1-A1, P1-A2</li>" in history
    assert "<strong>competences used</strong>: BC01-C1</li>" in history
    assert "[&#x27;" not in history and "</strong> :" not in history
    # The tripartite meeting's grid: its skill blocks listed.
    meeting = TripartiteMeeting.objects.get(learner=followup.learners["bernard"])
    page = client.get(f"/suivi/entretiens/{meeting.pk}/").content.decode()
    history = page.split('id="historique"')[1]
    assert f"<strong>skill blocks assessed</strong>: {', '.join(meeting.blocks)}<" in history
    assert "[&#x27;" not in history and "</strong> :" not in history
