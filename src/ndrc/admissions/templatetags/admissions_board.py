"""The cards of the board, written in one pass (a board holds a thousand of them: a template
include per card, or a dozen template variables each, would cost a quarter of a second)."""

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def board_cards(cards, selectable: bool) -> SafeString:
    """The `<li>` of each card; every value written is escaped."""
    base = reverse("admissions:list")
    select, days = _("Sélectionner"), _("jours à cette étape")
    until, exceeded = _("sans contrat jusqu'au"), _("période sans contrat dépassée")
    in_stage = _("%(days)s j")
    parts = []
    for card in cards:
        name = escape(card.name)
        alert = f" alert-{card.alert}" if card.alert else ""
        checkbox = (
            f'<input type="checkbox" name="applications" value="{card.ref}" form="bulk-move" '
            f'aria-label="{escape(select)} {name}">'
            if selectable
            else ""
        )
        deadline = ""
        if card.deadline_text:
            text = exceeded if card.deadline_text == "passed" else f"{until} {card.deadline_text}"
            deadline = f' <span class="deadline">{escape(text)}</span>'
        parts.append(
            f'<li class="card{alert}" data-application="{card.ref}">{checkbox} '
            f'<a href="{base}{card.ref}/">{name}</a> '
            f'<span class="tag">{escape(card.source_label)}</span> '
            f'<span class="muted" title="{escape(days)}">'
            f"{escape(in_stage % {'days': card.days_in_stage})}</span>"
            f"{deadline}</li>"
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped or ours
