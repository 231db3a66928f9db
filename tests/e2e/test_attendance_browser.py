"""Émargement in two browsers: the teacher shows the code, the learner signs on their phone and
the teacher sees it arrive; an expired code and a signature for someone else are refused; on
the teacher's phone, a learner without a phone is marked present with the reason."""

import datetime
import re
from datetime import date
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from ndrc.attendance import codes, services
from ndrc.attendance.demo import _learner_logins
from ndrc.timetable.demo import create_timetable_demo
from ndrc.timetable.models import Session

MONDAY = date(2026, 9, 14)


@pytest.fixture
def open_sheet(demo):
    create_timetable_demo(demo, last_week=MONDAY)
    _learner_logins(demo)
    session = Session.objects.get(cohort=demo.second_year, date=MONDAY, half_day="am")
    at = datetime.datetime.now(ZoneInfo("Europe/Paris"))
    sheet = services.open_sheet(session=session, by=session.teacher, at=at)
    for key in ("bernard", "petit"):
        demo.learners[key].refresh_from_db()
    return sheet


@pytest.fixture
def cookies(demo, open_sheet, session_cookie):
    """The logins of the teacher and of two learners, made before the browser starts."""
    return {
        "teacher": session_cookie(demo.users["enseignant"]),
        "bernard": session_cookie(demo.learners["bernard"].user),
        "petit": session_cookie(demo.learners["petit"].user),
    }


def test_a_learner_signs_with_the_code_the_teacher_shows(
    live_server, demo, open_sheet, cookies, new_page
):
    bernard_pk = demo.learners["bernard"].pk
    secret, sheet_pk = open_sheet.secret, open_sheet.pk

    teacher = new_page(cookies["teacher"])
    teacher.goto(f"{live_server.url}/emargement/feuilles/{sheet_pk}/")
    digits = teacher.locator(".code-digits")
    expect(digits).to_have_text(re.compile(r"^\d{6}$"))
    expect(teacher.locator("#code img")).to_have_attribute("src", re.compile("^data:image/svg"))

    # A code shown a minute ago is refused.
    learner = new_page(cookies["petit"])
    learner.goto(f"{live_server.url}/emargement/signer/")
    old = codes.code_at(
        secret, datetime.datetime.now(datetime.UTC) - datetime.timedelta(seconds=60)
    )
    learner.get_by_label("Code affiché dans la salle").fill(old)
    learner.get_by_role("button", name="Je suis présent(e)").click()
    expect(learner.locator("main")).to_contain_text("Code expiré ou erroné")

    # Signing for someone else (a tampered form naming Lucas Bernard) is refused.
    learner.locator("input[name=apprenant]").evaluate(f"e => e.value = '{bernard_pk}'")
    learner.get_by_label("Code affiché dans la salle").fill(digits.inner_text())
    learner.get_by_role("button", name="Je suis présent(e)").click()
    expect(learner.locator("main")).to_contain_text("Chacun signe pour soi-même")

    # Lucas Bernard signs on his own phone with the code on the board: the teacher sees it.
    phone = new_page(cookies["bernard"])
    phone.goto(f"{live_server.url}/emargement/signer/")
    phone.get_by_label("Code affiché dans la salle").fill(digits.inner_text())
    phone.get_by_role("button", name="Je suis présent(e)").click()
    expect(phone.locator(".messages")).to_contain_text("Présence enregistrée")
    line = teacher.locator("li[data-record]").filter(has_text="BERNARD Lucas")
    expect(line).to_contain_text("signé à", timeout=10_000)
    expect(teacher.locator("li[data-record]").filter(has_text="PETIT Emma")).to_contain_text(
        "pas encore signé"
    )

    # On the teacher's phone: Nathan Durand has no phone; the teacher types why while the list
    # keeps refreshing, and the reason being typed stays.
    teacher.set_viewport_size({"width": 390, "height": 844})
    assert teacher.evaluate("document.documentElement.scrollWidth") <= 390
    durand = teacher.locator("li[data-record]").filter(has_text="DURAND Nathan")
    durand.get_by_text("Sans téléphone").click()
    durand.get_by_label("Motif").fill("Téléphone oublié")
    with teacher.expect_response(lambda response: "/lignes/" in response.url):
        pass  # the list refreshed (every 3 s)
    expect(durand.get_by_label("Motif")).to_have_value("Téléphone oublié")
    durand.get_by_role("button", name="Présent").click()
    expect(durand).to_contain_text("✓ Téléphone oublié — Présent")
    expect(teacher.locator(".sheet-tally")).to_contain_text("présents : 2")

    teacher.get_by_role("button", name="Signer la feuille").click()
    expect(teacher.locator(".messages")).to_contain_text("Feuille signée et verrouillée")
    expect(teacher.locator("li[data-record]").filter(has_text="PETIT Emma")).to_contain_text(
        "Absence non justifiée"
    )
