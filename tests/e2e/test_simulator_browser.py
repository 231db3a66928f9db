"""A student uses the deliberation simulator in a real browser (Playwright driving chromium)."""

from playwright.sync_api import expect


def test_a_student_sees_admis_then_ajourne_then_an_error_then_a_new_result(live_server, page):
    page.goto(f"{live_server.url}/examen/simulateur/")
    page.get_by_label("Catégorie de candidat").select_option("scolaire")
    grades = {
        "U1 — Culture générale et expression": "8",
        "U2 — Communication en langue vivante étrangère 1": "12,5",
        "U3 — Culture économique, juridique et managériale": "10",
        "U4 — Relation client et négociation-vente": "11",
        "U5 — partie écrite": "7",
        "U5 — partie pratique": "13",
        "U6 — Relation client et animation de réseaux": "14",
    }
    for label, grade in grades.items():
        page.get_by_label(label, exact=True).fill(grade)

    # (24 + 37.5 + 30 + 55 + 40 + 42) / 21 = 228.5 / 21 = 10.88…: admitted, updated as typed.
    decision = page.locator("#result .decision")
    expect(decision).to_have_text("Admis")
    expect(page.locator("#result")).to_contain_text("10.88")
    expect(page.locator("#result .explanation li").first).to_be_visible()
    expect(page.locator("#result .explanation")).to_contain_text("annexe II c")

    # U4 at 2: 183.5 / 21 = 8.73… and a professional average of 7.66… < 10: failed.
    page.get_by_label("U4 — Relation client et négociation-vente", exact=True).fill("2")
    expect(decision).to_have_text("Ajourné")
    expect(page.locator("#result")).to_contain_text("8.73")

    # 21 is off the scale: the error shows under the field and the old decision goes (shown next
    # to an invalid grade, it would mislead).
    u1 = page.get_by_label("U1 — Culture générale et expression", exact=True)
    u1.fill("21")
    expect(page.locator("#id_grade_U1-error")).to_have_text(
        "La note 21 est hors de l'échelle : elle doit être comprise entre 0 et 20."
    )
    expect(page.locator("#result")).to_contain_text("Corrigez les champs signalés")
    expect(decision).to_have_count(0)

    # Corrected to 9: 186.5 / 21 = 8.88…, still failed; the new result comes back, the error goes.
    u1.fill("9")
    expect(decision).to_have_text("Ajourné")
    expect(page.locator("#result")).to_contain_text("8.88")
    expect(page.locator("#id_grade_U1-error")).to_have_text("")
