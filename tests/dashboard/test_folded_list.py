"""A dashboard's list written in one string (`{% folded_list %}`, `dashboard/_folded.html`): its
first lines, the rest folded with their count, loaded from the list's page when it has one, or
that nothing is to report — in the reader's language, every value escaped."""

from datetime import date
from types import SimpleNamespace

from django.template import Context, Template
from django.utils import translation

from ndrc.core.ui.views import FIRST_LINES


def _situations(count: int) -> list[SimpleNamespace]:
    return [
        SimpleNamespace(pk=pk, date=date(2027, 1, pk), label=f"E4 — Situation {pk}", place="<B>")
        for pk in range(1, count + 1)
    ]


def _included(items, **more) -> str:
    template = Template(
        '{% include "dashboard/_folded.html" with item_template="learner_next_situations" %}'
    )
    return template.render(Context({"items": items, **more}))


def _line(pk: int) -> str:
    return (
        f'<li data-situation="{pk}">{pk:02}/01/2027 : E4 — Situation {pk}, &lt;B&gt; — '
        f'<a href="/evaluations/situations/{pk}/">détails</a></li>\n'
    )


def test_an_empty_list_says_nothing_is_to_report():
    assert _included([]) == '<p class="muted todo-empty">Rien à signaler.</p>\n\n'
    with translation.override("en"):
        assert _included(()) == '<p class="muted todo-empty">Nothing to report.</p>\n\n'


def test_a_short_list_shows_every_line():
    shown = _included(_situations(2))
    assert shown == f'<ul class="todo-list">{_line(1)}{_line(2)}</ul>\n\n'


def test_a_long_list_folds_the_lines_after_the_first():
    items = _situations(FIRST_LINES + 2)
    shown = _included(items)
    first = "".join(_line(pk) for pk in range(1, FIRST_LINES + 1))
    rest = "".join(_line(pk) for pk in range(FIRST_LINES + 1, FIRST_LINES + 3))
    assert shown == (
        f'<ul class="todo-list">{first}</ul>\n<details class="more">\n  <summary>2 autres'
        f'</summary>\n  <ul class="todo-list">{rest}</ul>\n</details>\n'
    )
    with translation.override("en"):
        assert "<summary>2 more</summary>" in _included(items)


def test_a_list_with_its_page_loads_the_folded_lines_from_it():
    shown = _included(_situations(FIRST_LINES + 1), list_url="/tableau/liste?a=1&b=2")
    assert shown.endswith(
        '<details class="more" hx-get="/tableau/liste?a=1&amp;b=2" hx-trigger="toggle once" '
        'hx-target="find ul" hx-swap="outerHTML">\n  <summary>1 autre</summary>\n  <ul '
        'class="todo-list"><li><a href="/tableau/liste?a=1&amp;b=2" data-list>Voir la liste '
        "entière</a></li></ul>\n</details>\n"
    )
    with translation.override("en"):
        assert ">See the whole list</a>" in _included(_situations(6), list_url="/l/")
