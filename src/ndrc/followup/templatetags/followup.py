"""Template filters of the follow-up pages."""

from django import template

register = template.Library()


@register.filter
def title_of(code: str, titles: dict[str, str]) -> str:
    """The title of a référentiel code (activity, competence) from a {code: title} mapping."""
    return titles.get(code, code)
