"""The links between the pages of a long list, written as one string (`pagination`), are the HTML
the included template's nodes wrote: the previous and next pages, the page's number among them,
the list's other parameters escaped, in French and in English (issue 12)."""

from django.core.paginator import Paginator
from django.template import engines
from django.utils import translation

# `ui/_pagination.html` as it was, a node per part, before.
BEFORE = """{% load i18n %}{% if page.has_other_pages %}{% with name=page_param|default:"page" %}<nav class="pagination" aria-label="{% translate 'Pages' %}">
  {% if page.has_previous %}<a href="?{{ params }}{{ name }}={{ page.previous_page_number }}" rel="prev">{% translate "‹ Précédente" %}</a>{% endif %}
  <span>{% blocktranslate with number=page.number count counter=page.paginator.num_pages %}Page {{ number }} sur {{ counter }}{% plural %}Page {{ number }} sur {{ counter }}{% endblocktranslate %}</span>
  {% if page.has_next %}<a href="?{{ params }}{{ name }}={{ page.next_page_number }}" rel="next">{% translate "Suivante ›" %}</a>{% endif %}
</nav>{% endwith %}{% endif %}
"""  # noqa: E501

AFTER = '{% include "ui/_pagination.html" %}'


def test_the_links_are_the_html_the_template_wrote():
    engine = engines["django"]
    before, after = engine.from_string(BEFORE), engine.from_string(AFTER)
    compared = 0
    for rows in (0, 10, 50, 51, 152, 60_000):
        paginator = Paginator(range(rows), 50)
        for number in (1, 2, 3, paginator.num_pages):
            page = paginator.get_page(number)
            for params in ({}, {"params": ""}, {"params": "q=O%27Neil&x=<b>&"}):
                for name in ({}, {"page_param": "contrats"}):
                    context = {"page": page, **params, **name}
                    for language in ("fr", "en"):
                        with translation.override(language):
                            assert after.render(context) == before.render(context), context
                            compared += 1
    assert compared > 100
    assert after.render({}) == before.render({}) == "\n"  # no page: nothing but the line's end
    with translation.override("en"):
        links = after.render({"page": Paginator(range(152), 50).get_page(2), "params": "q=a&"})
    assert 'href="?q=a&amp;page=1" rel="prev">‹ Previous</a>' in links
    assert "<span>Page 2 of 4</span>" in links
