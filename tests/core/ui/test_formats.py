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
