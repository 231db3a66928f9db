"""A teacher enters marks with the keyboard alone and pastes a column from a spreadsheet; each
mark is saved without reloading the page (Playwright driving Debian's chromium)."""

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.gradebook.conftest import assessment, make_klass


@pytest.fixture
def grid(db, session_cookie):
    klass = make_klass()
    first = assessment(klass, "Devoir")
    second = assessment(klass, "Oral", day=date(2026, 10, 8))
    learners = [learner.pk for learner in klass.learners]
    url = f"/notes/carnets/{klass.gradebook.pk}/?periode={klass.semester.pk}"
    return session_cookie(klass.teacher), url, first.pk, second.pk, learners


def cell(page, assessment_pk, learner_pk):
    return page.locator(f"#c-{assessment_pk}-{learner_pk} input.mark")


def test_a_teacher_enters_marks_with_the_keyboard_and_pastes_a_column(live_server, grid, new_page):
    cookie, url, first, second, (arnaud, blanc, colin) = grid
    page = new_page(cookie)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.goto(live_server.url + url)
    loaded = page.evaluate("performance.getEntriesByType('navigation').length")

    # Keyboard alone: type, Enter goes down, an arrow goes down, Tab goes to the next column.
    cell(page, first, arnaud).click()
    page.keyboard.type("12")
    page.keyboard.press("Enter")
    expect(cell(page, first, blanc)).to_be_focused()
    page.keyboard.type("abs")
    page.keyboard.press("ArrowDown")
    expect(cell(page, first, colin)).to_be_focused()
    page.keyboard.type("9,5")
    page.keyboard.press("Tab")
    expect(cell(page, second, colin)).to_be_focused()
    expect(page.locator(f"#avg-{arnaud}")).to_have_text("12,00")
    expect(page.locator(f"#avg-{colin}")).to_have_text("9,50")
    expect(page.locator(f"#avg-{blanc}")).to_have_text("—")  # absent: no average
    expect(page.locator("#grid-status")).to_contain_text("Enregistré : Zoé Colin, Devoir.")

    # A refused value stays in its cell, marked, with the message; nothing else moves.
    page.keyboard.press("ArrowLeft")  # the whole "9,5" is selected: left goes to the column
    expect(cell(page, first, colin)).to_be_focused()
    page.keyboard.type("21")
    page.keyboard.press("ArrowUp")
    expect(page.locator("#grid-status")).to_contain_text(
        "Zoé Colin : La note 21 n'est pas comprise entre 0 et 20"
    )
    expect(page.locator(f"#c-{first}-{colin}")).to_have_class("mark-cell has-error")
    expect(page.locator(f"#avg-{colin}")).to_have_text("9,50")

    # A column copied from a spreadsheet, pasted in its first cell: saved in one go.
    page.evaluate("navigator.clipboard.writeText('14\\n16,5\\nDISP\\n')")
    cell(page, second, arnaud).click()
    page.keyboard.press("Control+V")
    expect(page.locator("#grid-status")).to_contain_text("3 notes enregistrées dans « Oral »")
    expect(cell(page, second, blanc)).to_have_value("16,5")
    expect(cell(page, second, colin)).to_have_value("disp")
    expect(page.locator(f"#avg-{arnaud}")).to_have_text("13,00")  # (12 + 14) / 2
    expect(page.locator(f"#avg-{blanc}")).to_have_text("16,50")

    # A column with a refused value saves nothing.
    page.evaluate("navigator.clipboard.writeText('10\\n25\\n')")
    cell(page, second, arnaud).click()
    page.keyboard.press("Control+V")
    expect(page.locator("#grid-status")).to_contain_text("Rien n'a été enregistré.")
    expect(page.locator("#grid-status")).to_contain_text("Ligne 2 (Hugo Blanc)")

    # Never a full reload; and what was saved is what a reload shows.
    assert page.evaluate("performance.getEntriesByType('navigation').length") == loaded
    page.reload()
    expect(cell(page, first, arnaud)).to_have_value("12")
    expect(cell(page, first, blanc)).to_have_value("abs")
    expect(cell(page, first, colin)).to_have_value("9,5")
    expect(cell(page, second, arnaud)).to_have_value("14")
    expect(cell(page, second, blanc)).to_have_value("16,5")
