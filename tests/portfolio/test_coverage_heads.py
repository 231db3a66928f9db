"""The cohort's coverage map: its learners' headings and counts, written as one string each
(`coverage_heads`, `coverage_counts`), are the HTML the template's loops wrote (issue 12)."""

from django.template import engines

from ndrc.learners.models import Learner
from ndrc.portfolio.selectors.coverage import CohortCoverage, Counts, CoverageColumn

# The headings and counts as the map's template wrote them, a node per learner, before.
BEFORE = """<tr>{% for item in coverage.learners %}<th class="learner"><a href="{{ item.href }}">{{ item.learner.last_name }} {{ item.learner.first_name|slice:":1" }}.</a></th>{% endfor %}</tr>
<tr>{% for item in coverage.learners %}<td class="counts">{{ item.counts.performed }}/{{ item.counts.observed }}/{{ item.counts.missing }}</td>{% endfor %}</tr>"""  # noqa: E501

AFTER = """{% load coverage_map %}<tr>{{ coverage|coverage_heads }}</tr>
<tr>{{ coverage|coverage_counts }}</tr>"""


def test_the_learners_headings_and_counts_are_the_html_the_template_wrote():
    columns = [
        CoverageColumn(
            Learner(pk=1, first_name="Éloïse", last_name="Dupré"), "/portfolio/a?b=1&c=2",
            Counts(12, 3, 1045),
        ),
        CoverageColumn(Learner(pk=2, first_name="&lt;Zoé", last_name="O'Neil <b>"), "/p/2/",
                       Counts()),
        CoverageColumn(Learner(pk=3, first_name="", last_name="Roy"), "/p/3/", Counts(1, 0, 0)),
    ]  # fmt: skip
    engine = engines["django"]
    for learners in (columns, []):
        context = {"coverage": CohortCoverage(None, learners, [])}
        after = engine.from_string(AFTER).render(context)
        assert after == engine.from_string(BEFORE).render(context)
    html = engine.from_string(AFTER).render({"coverage": CohortCoverage(None, columns, [])})
    assert "O&#x27;Neil &lt;b&gt; &amp;." in html and "12/3/1045" in html
