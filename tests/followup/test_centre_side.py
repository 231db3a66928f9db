"""The centre's side of the follow-up, read from the apps that keep it: the hours a teacher
records in attendance, the sessions the training manager plans in the timetable, the students'
internship period of the training calendar — as the referent teacher, the apprenticeship master
and the training manager find them on their pages, in the early warning and in the digest.

The demo's day is Friday 4 December 2026; its four weeks of September are signed, October to
December are planned but not yet signed."""

import datetime
import html
import re
from datetime import date
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from ndrc.attendance import services as attendance
from ndrc.followup import selectors, services
from ndrc.followup.digest import digest_for
from ndrc.followup.selectors import Risk
from ndrc.learners.models import Learner
from ndrc.timetable import services as timetable
from ndrc.timetable.models import CalendarPeriod, Session
from ndrc.timetable.selectors import expected_learners
from tests.followup.conftest import ON, logbook_of

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
H = "\u00a0h"  # hours are written "15 h" with a no-break space


def _absent_on(learners, days):
    """Each teacher enters the paper sheets of the cohort's sessions on `days`: `learners`
    absent without justification, everyone else expected present."""
    cohort = learners[0].cohort
    absent = {learner.pk for learner in learners}
    for session in Session.objects.filter(cohort=cohort, date__in=days).select_related("teacher"):
        attendance.record_paper_sheet(
            session=session,
            statuses={
                learner.pk: "absent_unjustified" if learner.pk in absent else "present"
                for learner in expected_learners(session)
            },
            reason="Feuille papier signée en salle",
            by=session.teacher,
            at=datetime.datetime.combine(session.date, datetime.time(17), tzinfo=PARIS),
        )


def _text(page: bytes) -> str:
    """The text a reader sees (no-break spaces kept)."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", page.decode()))
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def _section(page: bytes, learner) -> bytes:
    """The master's page's section about `learner`."""
    after = page.decode().split(f'data-learner="{learner.pk}"', 1)[1]
    return after.split("</section>", 1)[0].encode()


def _figure(page: bytes, name: str) -> str:
    return re.search(rf'data-total="{name}">([^<]*)<', page.decode()).group(1)


def test_absences_recorded_in_attendance_show_on_the_logbook_and_the_masters_page(
    followup, client_of, today
):
    bernard = followup.learners["bernard"]
    # Lucas Bernard, apprentice of the 2nd year, misses Monday 5 and Tuesday 6 October: 4
    # half-days of 3,75 h = 15 h without justification.
    _absent_on([bernard], [date(2026, 10, 5), date(2026, 10, 6)])

    # His referent (Paul Girard) reads the logbook, since the contract began (1 September 2025;
    # the timetable is kept in ndrc from 7 September 2026). Planned: Monday and Tuesday, 4
    # half-days of 3,75 h = 15 h a week, for the weeks of 7, 14, 21 and 28 September, 5 and 12
    # October, 2, 9, 16, 23 and 30 November (the All Saints' holidays, 17 October to 1
    # November, close the centre): 11 × 15 = 165 h. Attended: the four signed weeks of
    # September, 4 × 15 = 60 h (late on 21 September still counts). Not yet signed:
    # 165 − 60 − 15 = 90 h.
    page = client_of(followup.users["enseignant"]).get(
        reverse("followup:logbook", args=[logbook_of(followup, "bernard").pk])
    )
    assert page.status_code == 200
    figures = {
        name: _figure(page.content, name)
        for name in ("planned", "attended", "absent_justified", "absent_unjustified",
                     "unconfirmed")
    }  # fmt: skip
    assert figures == {
        "planned": "165" + H,
        "attended": "60" + H,
        "absent_justified": "0" + H,
        "absent_unjustified": "15" + H,
        "unconfirmed": "90" + H,
    }

    # His master (Sophie Laurent, login `maitre`) reads the training year so far, from
    # 1 September 2026: the same 15 h.
    page = client_of(followup.users["maitre"]).get(reverse("followup:master"))
    assert f"0{H} justifiées, 15{H} injustifiées cette année de formation." in _text(
        _section(page.content, bernard)
    )


def test_unjustified_absences_over_the_centres_threshold_are_a_risk(followup, client_of, today):
    bernard, richard = followup.learners["bernard"], followup.learners["richard"]
    # Lucas Bernard misses Monday and Tuesday (4 × 3,75 = 15 h), Chloé Richard Monday only
    # (2 × 3,75 = 7,5 h), both without justification.
    _absent_on([bernard, richard], [date(2026, 10, 5)])
    _absent_on([bernard], [date(2026, 10, 6)])
    reason = f"15{H} d'absences injustifiées depuis le 01/09/2026 (seuil du centre : 10{H})."

    found = selectors.risks(Learner.objects.filter(cohort=bernard.cohort), on=ON)
    assert found[bernard.pk] == [Risk("unjustified_absences", reason)]
    assert richard.pk not in found  # 7,5 h: under the centre's 10 h

    # The training manager's dashboard, the referent's digest, the class council say why.
    manager = client_of(followup.users["responsable"])
    assert reason in _text(manager.get("/").content)
    assert reason in _text(manager.get(reverse("followup:learner", args=[bernard.pk])).content)
    digest = digest_for(followup.users["enseignant"], on=ON)
    (at_risk,) = [s for s in digest.sections if s.title == "Apprentis à risque"]
    assert f"Lucas Bernard : {reason}" in [item.text for item in at_risk.items]
    from ndrc.gradebook.models import ClassCouncil

    council = ClassCouncil.objects.get(cohort=followup.second_year)
    page = manager.get(f"/notes/promotions/{council.cohort_id}/conseil/{council.period_id}/")
    assert reason in _text(page.content)

    # A centre that tolerates 15 h: Lucas Bernard is no longer over it.
    services.update_settings(
        training_centre=followup.centre, changes={"absence_threshold_hours": 15},
        by=followup.users["responsable"],
    )  # fmt: skip
    found = selectors.risks([bernard], on=ON)
    assert "unjustified_absences" not in [risk.code for risk in found.get(bernard.pk, [])]


def test_the_timetable_planned_shows_on_the_masters_page_and_the_logbook(
    followup, client_of, today
):
    bernard = followup.learners["bernard"]
    # The next two weeks from Friday 4 December: Monday and Tuesday 7-8 and 14-15 December, 2
    # half-days each, for the whole cohort: 8 sessions. The students' Wednesday to Friday
    # sessions are not an apprentice's.
    master = client_of(followup.users["maitre"])
    section = _section(master.get(reverse("followup:master")).content, bernard).decode()
    assert section.count("data-session=") == 8
    first = _text(section.encode()).split("Emploi du temps au centre (deux semaines)")[1]
    assert first.startswith(" lun 07/12 matin : RCNV Paul Girard · Salle 101 · en centre lun ")

    # The training manager cancels Monday 14 December afternoon: 7 sessions left, for the
    # master and on the logbook the referent reads.
    monday = Session.objects.get(cohort=bernard.cohort, date=date(2026, 12, 14), half_day="pm")
    timetable.cancel_session(
        session=monday, reason="Formation des enseignants", by=followup.users["responsable"]
    )
    section = _section(master.get(reverse("followup:master")).content, bernard).decode()
    assert section.count("data-session=") == 7
    assert f'data-session="{monday.pk}"' not in section
    page = client_of(followup.users["enseignant"]).get(
        reverse("followup:logbook", args=[logbook_of(followup, "bernard").pk])
    )
    assert page.content.decode().count("data-session=") == 7


def test_students_without_a_company_when_their_groups_internship_is_close(followup):
    first_year = followup.first_year
    # The training calendar of the 1st year sends its students on internship from 11 January
    # to 19 February 2027; on 20 December that is 22 days ahead, within the centre's 30 days.
    on = date(2026, 12, 20)
    found = selectors.risks(Learner.objects.filter(cohort=first_year), on=on)
    at_risk = {Learner.objects.get(pk=pk).last_name for pk, risks in found.items()
               if any(r.code == "no_company" for r in risks)}  # fmt: skip
    # Raphaël Morel and Alice Dupont have their agreement; apprentices and trainees are not in
    # the students' group.
    assert at_risk == {"Girard", "Mercier", "Bonnet", "François", "Garnier", "Faure", "Blanc"}
    (risk,) = found[followup.learners["blanc"].pk]
    assert risk.reason == (
        "Stage du 11/01/2027 au 19/02/2027 dans 22 jour(s) : aucune convention de stage."
    )
    # 45 days before, beyond the 30 days of notice: nobody yet.
    assert not selectors.risks(Learner.objects.filter(cohort=first_year), on=date(2026, 11, 5))

    # The training manager moves the internship to 1-26 March 2027: on 20 December it is 71
    # days ahead, nobody is warned; on 15 February (14 days ahead) the students are.
    manager = followup.users["responsable"]
    period = CalendarPeriod.objects.get(calendar__cohort=first_year, kind="internship")
    timetable.remove_period(period=period, by=manager)
    timetable.add_period(
        calendar=first_year.training_calendar, kind="internship", start=date(2027, 3, 1),
        end=date(2027, 3, 26), label="Stage en entreprise", rhythm=period.rhythm, by=manager,
    )  # fmt: skip
    found = selectors.risks([followup.learners["blanc"]], on=on)
    assert "no_company" not in [r.code for r in found.get(followup.learners["blanc"].pk, [])]
    found = selectors.risks([followup.learners["blanc"]], on=date(2027, 2, 15))
    assert (
        Risk(
            "no_company",
            "Stage du 01/03/2027 au 26/03/2027 dans 14 jour(s) : aucune convention de stage.",
        )
        in found[followup.learners["blanc"].pk]
    )
