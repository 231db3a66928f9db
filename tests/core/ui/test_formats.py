"""Amounts, hours, rates, years and names as French and English readers write them."""

from decimal import Decimal

from django.utils import translation

from ndrc.core.ui import formats

NNBSP, NBSP = "\u202f", "\u00a0"


def test_a_french_reader_reads_french_numbers():
    with translation.override("fr"):
        assert formats.money(Decimal("1823.03")) == f"1{NNBSP}823,03{NBSP}€"
        assert formats.money(600) == f"600,00{NBSP}€"
        assert formats.hours(Decimal("350.00")) == f"350{NBSP}h"
        assert formats.hours(Decimal("12.5")) == f"12,5{NBSP}h"
        assert formats.percent(Decimal("0.43")) == f"43{NBSP}%"
        assert formats.percent(Decimal("62.5"), 100) == f"62,5{NBSP}%"
        assert formats.year_of_training(1) == "1re année"
        assert formats.year_of_training(2) == "2e année"
        assert formats.elide("Portefeuille de Inès Moreau") == "Portefeuille d'Inès Moreau"
        assert formats.elide("Portefeuille de Hugo Petit") == "Portefeuille de Hugo Petit"
        assert formats.candidate_category("apprenti_habilite") == (
            "Apprentissage (CFA ou section habilité)"
        )


def test_an_english_reader_reads_english_numbers():
    with translation.override("en"):
        assert formats.money(Decimal("1823.03")) == "€1,823.03"
        assert formats.hours(Decimal("12.5")) == f"12.5{NBSP}h"
        assert formats.percent(Decimal("0.43")) == "43%"
        assert formats.year_of_training(1) == "1st year"
        assert formats.year_of_training(2) == "2nd year"
        assert formats.elide("Portefeuille de Inès") == "Portefeuille de Inès"


def test_nothing_to_show_is_a_dash():
    assert formats.money(None) == formats.hours("") == formats.percent(None) == "—"


def test_the_start_without_contract_explanation_reads_in_the_readers_language():
    from datetime import date

    from ndrc.regulation.start_without_contract import check_start_without_contract

    result = check_start_without_contract(
        birth_date=date(2007, 3, 1),
        training_start=date(2026, 9, 1),
        on=date(2026, 12, 15),
        has_recognised_disability=False,
    )
    step = result.explanation[0].text
    assert step.startswith("Cycle commencé le 01/09/2026 : sans employeur")
    with translation.override("fr"):
        assert formats.engine_text(step) == str(step)
    with translation.override("en"):
        assert formats.engine_text(step).startswith(
            "Cycle begun on 01/09/2026: without an employer, the training may be followed for 3"
        )
