"""A learner's portfolio writes each exam's table in one string (`{% portfolio_rows %}`): the
same rows as the template's own nodes wrote them, a row per sheet of the exam, in French and in
English."""

from datetime import date

import pytest
from django.template import engines
from django.utils import translation

from ndrc.portfolio.models import ActivitySheet
from ndrc.portfolio.templatetags.portfolio_lines import portfolio_rows

# The rows as the page's template wrote them, one template node each (before the tag).
NODES = """{% load i18n %}{% for sheet in sheets %}{% if sheet.exam == code %}<tr>
      <td><a href="{% url 'portfolio:sheet' sheet.pk %}">{{ sheet.title }}</a></td>
      <td>{{ sheet.kind_label|default:"—" }}</td>
      <td><span class="badge {{ sheet.status }}">{{ sheet.get_status_display }}</span></td>
      <td>{% if sheet.is_attested %}{% blocktranslate with day=sheet.attested_on|date:"d/m/Y" %}attestée le {{ day }}{% endblocktranslate %}{% else %}—{% endif %}</td>
    </tr>{% endif %}{% endfor %}"""  # noqa: E501


def _sheets() -> list[ActivitySheet]:
    return [
        ActivitySheet(
            pk=7, exam="E4", title="<b>Tom & Jerry's</b>", nature="event", status="validated",
            attested_by_id=3, attested_on=date(2026, 11, 5),
        ),
        ActivitySheet(pk=8, exam="E6", title="Réseau", network_type="partners", status="draft"),
        ActivitySheet(pk=9, exam="E4", title="Sans nature", status="returned"),
        ActivitySheet(  # attested by a contact, no day yet: not attested
            pk=10, exam="E6", title="Salon", network_type="direct_sales", status="submitted",
            attested_by_id=3,
        ),
    ]  # fmt: skip


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("exam", ["E4", "E6"])
def test_an_exam_s_rows_are_those_the_template_s_nodes_wrote(language, exam):
    sheets = _sheets()
    with translation.override(language):
        expected = engines["django"].from_string(NODES).render({"sheets": sheets, "code": exam})
        written = portfolio_rows(sheets, exam)
    assert written == expected
    assert written.count("<tr>") == 2


def test_the_rows_escape_the_title_and_say_the_attestation_s_day():
    with translation.override("en"):
        written = portfolio_rows(_sheets(), "E4")
    assert '<a href="/portfolio/fiches/7/">&lt;b&gt;Tom &amp; Jerry&#x27;s&lt;/b&gt;</a>' in written
    assert "<td>certified on 05/11/2026</td>" in written
    assert "<td>—</td>" in written  # the sheet without a kind, and not attested
