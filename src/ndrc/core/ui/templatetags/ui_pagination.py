"""`{% pagination page params name %}`: the links between the pages of a long list (`page`, a
Paginator page; `params`, the list's other query parameters, encoded and ending with "&": the
links keep its filters; `name`, the page's parameter, "page" by default), in one string: the
template's nodes took about 150 µs, twice on the alternance page. Nothing for a list of one
page."""

from django import template
from django.core.paginator import Page
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ndrc.core.ui.lines import filled

register = template.Library()


@register.simple_tag
def pagination(page: Page | None, params: str = "", name: str = "page") -> SafeString:
    if not isinstance(page, Page) or not page.has_other_pages():
        return mark_safe("")
    link = f"?{conditional_escape(params)}{conditional_escape(name or 'page')}="
    previous = next_ = ""
    if page.has_previous():
        previous = (
            f'<a href="{link}{page.previous_page_number()}" rel="prev">'
            f"{conditional_escape(_('‹ Précédente'))}</a>"
        )
    if page.has_next():
        next_ = (
            f'<a href="{link}{page.next_page_number()}" rel="next">'
            f"{conditional_escape(_('Suivante ›'))}</a>"
        )
    pages = page.paginator.num_pages
    at = filled(
        ngettext("Page %(number)s sur %(counter)s", "Page %(number)s sur %(counter)s", pages),
        number=localize(page.number),
        counter=localize(pages),
    )
    return mark_safe(  # noqa: S308  (every value escaped)
        f'<nav class="pagination" aria-label="{conditional_escape(_("Pages"))}">\n'
        f"  {previous}\n  <span>{at}</span>\n  {next_}\n</nav>"
    )
