"""A cohort's calendar page as its readers see it, pinned on the demo: each group's months and
days (the place of each day and why), the public holidays, the internship period, the hours
planned per module; in French and in English; and read in a fixed number of queries however
many learners, groups and periods the cohort has (issue 12)."""

import re
from collections import Counter
from datetime import date

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ndrc.learners import services as learner_services
from ndrc.timetable import services
from ndrc.timetable.models import TrainingCalendar
from tests.dashboard.test_english import (  # noqa: F401 (the fixture compiles the catalogues)
    english_catalogue,
)

DAY = re.compile(r'<li class="place-(\w+)( start-(\d))?" title="([^"]*)">(\d+)</li>')


def _page(demo, login="responsable", language="fr") -> str:
    client = Client()
    client.force_login(demo.users[login])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("timetable:cohort_calendar", args=[demo.second_year.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _groups(page: str) -> dict[str, dict]:
    """Each group's section: its name, its months' names and its days."""
    groups = {}
    for body in re.findall(r'<section class="card-section" data-group="\d+">(.*?)</section>',
                           page, re.S):  # fmt: skip
        name = re.search(r"<h2>(.*?)</h2>", body).group(1)
        months = re.findall(r'<div class="month"><h3>(.*?)</h3><ol>(.*?)</ol></div>', body, re.S)
        groups[name] = {
            "text": body,
            "months": [month for month, _ in months],
            "days": [[m.groups() for m in DAY.finditer(days)] for _, days in months],
        }
    return groups


def test_each_groups_days_months_and_holidays_are_shown(timetabled):
    groups = _groups(_page(timetabled))
    assert list(groups) == ["Apprentis et formation continue", "Étudiants"]
    for group in groups.values():
        # 1 September 2025 to 30 June 2027, a month after the other, every day numbered.
        assert len(group["months"]) == 22
        assert group["months"][:2] == ["septembre 2025", "octobre 2025"]
        assert group["months"][-1] == "juin 2027"
        days = [day for month in group["days"] for day in month]
        assert len(days) == (date(2027, 6, 30) - date(2025, 9, 1)).days + 1
        for month in group["days"]:
            assert [int(day[4]) for day in month] == list(range(1, len(month) + 1))
            # Only a month's first day says which weekday it falls on, to be placed under it.
            first = date(*map(int, reversed(month[0][3][:10].split("/"))))
            assert month[0][2] == str(first.weekday())
            assert all(day[1] is None for day in month[1:])
        # Armistice day is a public holiday, named with its source.
        armistice = groups_day(group, "11/11/2025")
        assert armistice[0] == "holiday"
        assert armistice[3] == (
            "11/11/2025 : Jour férié : Armistice 1918 — Code du travail, L3133-1 "
            "(loi n° 2016-1088 du 8 août 2016)"
        )
    apprentices, students = groups["Apprentis et formation continue"], groups["Étudiants"]
    assert _places(apprentices) == {
        "centre": 136, "company": 201, "rest": 126, "holiday": 194, "exam": 11,
    }  # fmt: skip
    assert _places(students) == {
        "centre": 312, "rest": 117, "holiday": 194, "internship": 34, "exam": 11,
    }  # fmt: skip
    assert groups_day(apprentices, "01/09/2025")[3] == (
        "01/09/2025 : Rythme : lundi matin et lundi après-midi en centre"
    )
    assert groups_day(apprentices, "30/06/2027")[3] == "30/06/2027 : Rythme : jour en entreprise"
    # The students' internship and everyone's exams, from the calendar's periods.
    assert groups_day(students, "11/01/2027")[0] == "internship"
    assert groups_day(apprentices, "11/01/2027")[0] == "centre"
    assert groups_day(apprentices, "10/05/2027")[0] == "exam"
    # The first of May 2026 is a Friday: its month starts under the fifth column.
    assert groups_day(students, "01/05/2026")[:3] == ("holiday", " start-4", "4")
    assert "272 demi-journées en centre au calendrier" in apprentices["text"]
    assert "624 demi-journées en centre au calendrier" in students["text"]


def groups_day(group: dict, when: str) -> tuple:
    (day,) = [d for month in group["days"] for d in month if d[3].startswith(when)]
    return day


def _places(group: dict) -> dict[str, int]:
    return dict(Counter(day[0] for month in group["days"] for day in month))


def test_the_periods_and_the_hours_planned_are_listed(timetabled):
    page = _page(timetabled)
    assert "Période de stage : Stage en entreprise du 11/01/2027 au 19/02/2027 (Étudiants)" in page
    students = _groups(page)["Étudiants"]["text"]
    rows = re.findall(r"<tr><td>(\w+)</td><td>([\d,]+)</td><td>([\d—]+)</td></tr>", students)
    assert [module for module, _, _ in rows] == [
        "ATELIER", "CEJM", "CEJMA", "CGE", "LV1", "RCAR", "RCDD", "RCNV",
    ]  # fmt: skip
    assert {planned for _, planned, _ in rows} == {"11,25"}  # the three weeks' sessions
    assert dict((module, promised) for module, _, promised in rows)["RCNV"] == "360"
    assert "Séances prévues : 90\xa0h pour 1\u202f740\xa0h promises" in students
    apprentices = _groups(page)["Apprentis et formation continue"]["text"]
    assert "Séances prévues : 45\xa0h pour 1\u202f350\xa0h promises" in apprentices
    assert "Épreuves ponctuelles du BTS (dates indicatives) du 10/05/2027 au 21/05/2027" in page


def test_an_english_reader_and_a_teacher_see_the_same_days(timetabled):
    french = _groups(_page(timetabled))
    english = _groups(_page(timetabled, language="en"))
    assert english["Étudiants"]["months"][:2] == ["September 2025", "October 2025"]
    assert english["Étudiants"]["months"][-1] == "June 2027"
    # The same places on the same days, each reason in English.
    assert groups_day(english["Étudiants"], "11/11/2025")[3] == (
        "11/11/2025 : Public holiday: Armistice Day 1918 — Code du travail, L3133-1 "
        "(loi n° 2016-1088 du 8 août 2016)"
    )
    assert groups_day(english["Étudiants"], "01/09/2025")[3] == (
        "01/09/2025 : Rhythm: Monday morning and Monday afternoon in the centre"
    )
    teacher = _groups(_page(timetabled, login="enseignant"))
    for name, group in french.items():
        without_why = [[day[:3] + day[4:] for day in month] for month in group["days"]]
        assert [[day[:3] + day[4:] for day in month] for month in english[name]["days"]] == (
            without_why
        )
        assert teacher[name]["days"] == group["days"]
        assert teacher[name]["months"] == group["months"]


def _queries(demo) -> int:
    with CaptureQueriesContext(connection) as captured:
        _page(demo)
    return len(captured)


def test_the_calendar_page_costs_the_same_queries_with_more_learners_groups_periods(timetabled):
    before = _queries(timetabled)
    cohort = timetabled.second_year
    manager = timetabled.users["responsable"]
    for day in (1, 2, 3):
        learner_services.create_learner(
            cohort=cohort, first_name=f"Nouvel{day}", last_name="Inscrit",
            birth_date=date(2005, 1, day), category="scolaire",
            category_start=cohort.first_year_start, on=date(2026, 1, 10),
            by=timetabled.users["admin"],
        )  # fmt: skip
    calendar = TrainingCalendar.objects.get(cohort=cohort)
    services.add_rhythm(
        calendar=calendar, by=manager, name="Formation continue hors contrat",
        categories=["fpc_non_habilite"], pattern=calendar.rhythms.first().pattern,
        away_place="off", promised_hours=1100, promise_source="Programme du centre",
    )  # fmt: skip
    for month in (3, 4):
        services.add_period(
            calendar=calendar, kind="closure", start=date(2027, month, 1),
            end=date(2027, month, 5), label=f"Fermeture {month}", by=manager,
        )  # fmt: skip
    page = _page(timetabled)
    assert "Formation continue hors contrat" in page and "Fermeture 4" in page
    assert _queries(timetabled) <= before
