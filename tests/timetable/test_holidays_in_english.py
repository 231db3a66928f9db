"""The public and school holidays are named in the reader's language: the names of the calendar
data (`regulation/data/calendar/`) are msgids of the catalogue, French as the data writes them."""

import html
from pathlib import Path

from ndrc.regulation.framework import read_yaml
from ndrc.regulation.training_calendar import CALENDAR_DIR
from tests.dashboard.test_english import (  # noqa: F401 (the fixture compiles the catalogues)
    ENTRIES,
    english,
    english_catalogue,
    visible_text,
)


def _names() -> set[str]:
    public = read_yaml(CALENDAR_DIR / "public_holidays.yaml")
    names = {h["name"] for h in public["holidays"]}
    names |= {h["name"] for h in public["alsace_moselle"]["holidays"]}
    for path in sorted(Path(CALENDAR_DIR / "school_holidays").glob("*.yaml")):
        names |= {period["name"] for period in read_yaml(path)["periods"]}
    return names


def test_every_holiday_name_of_the_data_is_translated():
    """The data is read by the engine, not extracted by makemessages: each name must stay in
    the English catalogue (an entry makemessages made obsolete fails here)."""
    translated = {e["msgid"] for e in ENTRIES if e["msgstr"].get(0)}
    names = _names()
    assert {"Armistice 1918", "Vacances de Noël", "Saint-Étienne (26 décembre)"} <= names
    assert sorted(names - translated) == []


def test_the_holidays_read_in_english_on_the_timetable(timetabled, client):
    """The week's note on a public holiday, and each day's reason on a learner's calendar."""
    cohort = timetabled.second_year
    bernard = timetabled.learners["bernard"]
    client.force_login(timetabled.users["responsable"])
    week = f"/emploi-du-temps/promotion/{cohort.pk}/semaine/2026-11-09/"
    calendar = f"/emploi-du-temps/apprenant/{bernard.pk}/calendrier/"
    assert "Armistice 1918" in client.get(week).text
    days = client.get(calendar).text
    assert "11/11/2026 : Jour férié : Armistice 1918" in days
    english(client)
    page = visible_text(client.get(week))
    assert "Armistice Day 1918" in page and "Armistice 1918" not in page
    days = html.unescape(client.get(calendar).text)
    assert "11/11/2026 : Public holiday: Armistice Day 1918" in days
    assert "01/01/2027 : Public holiday: New Year's Day" in days
    assert "Jour de l'an" not in days and "Vacances" not in days
