"""A teacher enters marks with the keyboard alone and pastes a column from a spreadsheet; each
mark is saved without reloading the page (Playwright driving Debian's chromium)."""

import re
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


def saved_learner(request):
    """The learner whose mark a request saves (…/evaluations/<pk>/notes/<learner>/), or None."""
    found = re.search(r"/evaluations/\d+/notes/(\d+)/", request.url)
    return int(found[1]) if found else None


def hold_once(page, pattern):
    """Holds back the first request to `pattern` (the list gets it, to continue later)."""
    held = []

    def handle(route):
        if held:
            route.continue_()
        else:
            held.append(route)

    page.route(pattern, handle)
    return held


def strike(page, *strokes):
    """Types on the keyboard: a key's name (Enter, ArrowUp…) presses it, other text is typed."""
    for stroke in strokes:
        if stroke[0].isupper():
            page.keyboard.press(stroke)
        else:
            page.keyboard.type(stroke)


def wait_until(page, condition, seconds=10):
    """Lets the page run (its network events reach the test) until `condition()` holds."""
    for _ in range(seconds * 20):
        if condition():
            return
        page.wait_for_timeout(50)
    raise AssertionError("the page never got there")


def test_a_slow_save_neither_hides_the_later_ones_nor_undoes_a_newer_mark(
    live_server, grid, new_page
):
    """The network holds one save back: the marks typed meanwhile wait their turn, so the status
    names the last mark saved and a mark typed again over a slow save keeps its new value."""
    cookie, url, first, second, (arnaud, blanc, colin) = grid
    page = new_page(cookie)
    sent, answered = [], []
    page.on("request", lambda r: sent.append(saved_learner(r)) if saved_learner(r) else None)
    page.on(
        "requestfinished", lambda r: answered.append(saved_learner(r)) if saved_learner(r) else None
    )

    page.goto(live_server.url + url)

    # Hugo Blanc's save is slow; Zoé Colin's mark, typed after it, waits for its answer.
    held = hold_once(page, f"**/evaluations/{first}/notes/{blanc}/*")
    cell(page, first, arnaud).click()
    strike(page, "12", "Enter", "abs", "ArrowDown", "9,5", "Tab")
    expect(cell(page, second, colin)).to_be_focused()
    page.wait_for_timeout(500)
    assert sent == [arnaud, blanc]
    held[0].continue_()
    wait_until(page, lambda: len(answered) == 3)
    assert answered == [arnaud, blanc, colin]
    expect(page.locator(f"#avg-{colin}")).to_have_text("9,50")
    expect(page.locator("#grid-status")).to_contain_text("Enregistré : Zoé Colin, Devoir.")
    expect(page.locator(f"#col-{first}")).to_contain_text("10,75")  # (12 + 9.5) / 2

    # Lina Arnaud's oral mark is slow to save; the teacher types another one meanwhile.
    slow = f"**/evaluations/{second}/notes/{arnaud}/*"
    held = hold_once(page, slow)
    cell(page, second, arnaud).click()
    strike(page, "15", "Enter", "ArrowUp", "16", "Enter")
    held[0].continue_()
    wait_until(page, lambda: answered.count(arnaud) == 3)
    expect(page.locator(f"#avg-{arnaud}")).to_have_text("14,00")  # (12 + 16) / 2
    expect(cell(page, second, arnaud)).to_have_value("16")

    # Slow again, while the teacher is typing in the cell: the answer does not wipe it out.
    page.unroute(slow)
    held = hold_once(page, slow)
    strike(page, "ArrowUp", "17", "Enter", "ArrowUp", "18")
    held[0].continue_()
    wait_until(page, lambda: answered.count(arnaud) == 4)
    expect(page.locator(f"#avg-{arnaud}")).to_have_text("14,50")  # (12 + 17) / 2
    expect(cell(page, second, arnaud)).to_have_value("18")
    page.keyboard.press("Enter")
    expect(page.locator(f"#avg-{arnaud}")).to_have_text("15,00")  # (12 + 18) / 2
    expect(page.locator("#grid-status")).to_contain_text("Enregistré : Lina Arnaud, Oral.")
    page.reload()
    expect(cell(page, second, arnaud)).to_have_value("18")
    expect(cell(page, first, colin)).to_have_value("9,5")
