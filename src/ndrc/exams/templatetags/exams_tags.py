"""Labels of the exam session's codes and French numbers."""

from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from ndrc.regulation.rounding import french_number

register = template.Library()

DECISIONS = {
    "admitted": _("Admis"),
    "failed": _("Ajourné"),
    "resit_eligible": _("Admis à se présenter aux épreuves de contrôle"),
    "incomplete": _("Incomplet"),
    "rejected": _("Inscription refusée"),
}
ORIGINS = {
    "session": _("session"),
    "parts": _("session, deux parties"),
    "carried": _("note conservée"),
    "exempted": _("dispensée"),
    "resit": _("épreuve de contrôle"),
    "excused": _("absence justifiée (0)"),
    "absent": _("absent"),
    "NV": _("non valide (NV)"),
    "missing": _("sans note"),
}


@register.filter
def decision_label(code: str) -> str:
    return DECISIONS.get(code, code)


@register.filter
def origin_label(code: str) -> str:
    return ORIGINS.get(code, code)


@register.filter
def fr(value: Any) -> str:
    """A decimal as the French write it (12,5; 216); "—" when there is none."""
    if value is None or value == "":
        return "—"
    return french_number(Decimal(str(value)))
