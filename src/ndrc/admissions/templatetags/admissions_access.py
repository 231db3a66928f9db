"""Who sees what in the admissions' own templates."""

from typing import Any

from django import template

from ndrc.admissions.access import may_manage

register = template.Library()


@register.filter
def manages_admissions(user: Any) -> bool:
    """Whether `user` manages the admissions of a centre (the nav's offers and settings)."""
    return may_manage(user)
