"""`{% account_rows page %}`: the rows of the accounts page's logins in one string, each login
with its roles and its last login (the rows' template nodes, a dozen a login, were most of the
page's rendering)."""

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from ndrc.core.models import Role
from ndrc.core.ui.lines import moment
from ndrc.core.ui.routes import record_addresses

register = template.Library()


def _moment(value: Any) -> str:
    """A login's last login as `{{ value|date:"d/m/Y H:i"|default:_("jamais") }}` writes it."""
    if value is None:
        return conditional_escape(gettext("jamais"))
    return moment(value)


def _roles(other: Any, roles: list[tuple[str, str]], labels: dict[str, str]) -> str:
    """Each role of the login in its centre, one a line; an administrator's, or none."""
    if roles:
        return "<br>".join(
            f"{labels.get(role) or conditional_escape(role)} — {conditional_escape(centre)}"
            for role, centre in roles
        )
    return conditional_escape(gettext("Administrateur")) if other.is_superuser else "—"


def _row(other: Any, address: str, roles: str, deactivated: str) -> str:
    """A login's row: its name linked to its page, its identifier, whether it is deactivated,
    its roles and its last login."""
    name = conditional_escape(other.get_full_name() or other.username)
    muted = "" if other.is_active else ' class="muted"'
    badge = "" if other.is_active else f' <span class="badge bad">{deactivated}</span>'
    return (
        f'<tr data-user="{int(other.pk)}"{muted}>\n'
        f'    <td><a href="{address}">{name}</a><br>'
        f'<span class="muted">{conditional_escape(other.username)}</span>{badge}</td>\n'
        f"    <td>{roles}</td>\n"
        f"    <td>{_moment(other.last_login)}</td>\n"
        "  </tr>"
    )


@register.simple_tag
def account_rows(logins: Iterable[Any], roles: dict[int, list[tuple[str, str]]]) -> SafeString:
    """The rows of `logins` (`selectors.user_rows`), with their `roles`
    (`selectors.roles_by_login`), or the row saying there is none."""
    address = record_addresses("accounts:user")
    deactivated = conditional_escape(gettext("désactivé"))
    labels = {role: conditional_escape(label) for role, label in Role.choices}  # once a page
    rows = "".join(
        _row(other, address(other.pk), _roles(other, roles.get(other.pk, []), labels), deactivated)
        for other in logins
    )
    if not rows:
        nothing = conditional_escape(gettext("Aucun compte."))
        rows = f'<tr><td colspan="3" class="muted">{nothing}</td></tr>'
    return mark_safe(rows)  # noqa: S308  (every value escaped)
