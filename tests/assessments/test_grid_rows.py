"""The rows of a situation's grid, written as one string (`grid_rows`, `grid_row`), are the HTML
the row's template wrote: the same cells, levels in words or a select of them, and a refused
rating's error (issue 12)."""

import pytest
from django.template import engines
from django.template.loader import render_to_string
from django.utils import translation

from ndrc.assessments.models import AssessmentSituation, Level
from ndrc.assessments.selectors import GridRow

# A critère's row as the grid's template wrote it, an include per row, before.
TEMPLATE_ROW = """{% load i18n %}<tr id="row-{{ row.code }}"{% if row.assessed %} class="assessed"{% endif %}>
  <td><span class="muted">{{ row.code }}</span><br>{{ row.text }}</td>
  <td>
  {% if may_rate %}
    <select name="level" aria-label="{% translate 'Niveau' %} {{ row.code }}"
            hx-post="{% url 'assessments:rate' situation.pk row.code %}" hx-trigger="change"
            hx-target="#row-{{ row.code }}" hx-swap="outerHTML">
      <option value="">{% translate "— non évalué —" %}</option>
      {% for value, label in levels %}<option value="{{ value }}"{% if row.level == value %} selected{% endif %}>{{ label }}</option>{% endfor %}
    </select>
    {% if error %}<p class="field-error">{{ error }}</p>{% endif %}
  {% else %}
    {% for value, label in levels %}{% if row.level == value %}{{ label }}{% endif %}{% endfor %}{% if not row.level %}<span class="muted">{% translate "non évalué" %}</span>{% endif %}
  {% endif %}
  </td>
</tr>
"""  # noqa: E501

ROWS = [
    GridRow("C1", "Cibler & prospecter", "C1.1", "Le <ciblage> est « pertinent »", "", True),
    GridRow("C1", "Cibler & prospecter", "C1.2", "Le plan d'action", Level.SATISFACTORY, True),
    GridRow("C2", "Négocier", "C2.1", "La découverte", Level.VERY_INSUFFICIENT, False),
    GridRow("C2", "Négocier", "C2.2", "L'argumentation", "", False),
]


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("may_rate", [True, False])
@pytest.mark.parametrize("error", [None, "Niveau <inconnu> : choisissez-en un."])
def test_the_rows_are_the_html_the_template_wrote(language, may_rate, error):
    before = engines["django"].from_string(TEMPLATE_ROW)
    context = {
        "situation": AssessmentSituation(pk=42),
        "levels": Level.choices,
        "may_rate": may_rate,
        "error": error,
    }
    with translation.override(language):
        expected = "".join(before.render({**context, "row": row}) for row in ROWS)
        rows = engines["django"].from_string("{% load grid_rows %}{% grid_rows rows %}")
        assert rows.render({**context, "rows": ROWS}) == expected
        for row in ROWS:  # one row, as a rating sends it back
            html = render_to_string("assessments/_grid_row.html", {**context, "row": row})
            assert html == before.render({**context, "row": row})
