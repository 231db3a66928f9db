"""The rows of a list of learners, written as one string (`learner_table_rows`), are the HTML the
template's loop wrote: the same links, names, companies once in a row and dashes (issue 12)."""

from django.template import engines
from django.template.loader import render_to_string
from django.utils import translation

from ndrc.companies.models import Company, CompanyContact, Supervision
from ndrc.learners.models import Cohort, Learner
from ndrc.learners.selectors import LearnerRow

# The rows as the list's template wrote them, a node per cell, before.
TEMPLATE_ROWS = """{% load i18n ui_routes %}<div class="table-scroll"><table class="learners">
  <thead><tr><th scope="col">{% translate "Apprenant" %}</th>{% if show_cohort %}<th scope="col">{% translate "Promotion" %}</th>{% endif %}<th scope="col">{% translate "Statut" %}</th><th scope="col">{% translate "Entreprise" %}</th><th scope="col">{% translate "Maître d'apprentissage / tuteur" %}</th></tr></thead>
  <tbody>
  {% for row in rows %}<tr>
    <td><a href="{{ row.learner.pk|address:"learners:detail" }}">{{ row.learner.last_name }} {{ row.learner.first_name }}</a></td>
    {% if show_cohort %}<td>{{ row.learner.cohort.name }}</td>{% endif %}
    <td>{{ row.category_label|default:"—" }}</td>
    <td>{% for s in row.supervisions %}{% ifchanged s.contact.company_id %}<a href="{{ s.contact.company_id|address:"companies:detail" }}">{{ s.contact.company.name }}</a>{% if not forloop.last %}, {% endif %}{% endifchanged %}{% empty %}—{% endfor %}</td>
    <td>{{ row.supervisors|default:"—" }}</td>
  </tr>{% empty %}<tr><td colspan="{% if show_cohort %}5{% else %}4{% endif %}" class="muted">{% translate "Aucun apprenant." %}</td></tr>{% endfor %}
  </tbody>
</table></div>
"""  # noqa: E501


def _supervision(company: Company, first: str, last: str) -> Supervision:
    contact = CompanyContact(company=company, first_name=first, last_name=last)
    return Supervision(contact=contact, role="tutor")


def _rows() -> list[LearnerRow]:
    cohort = Cohort(pk=7, name="BTS NDRC <2026> & co")
    optique = Company(pk=3, name='Optique "Bellecour" & fils')
    telecom = Company(pk=4, name="Télécom <Sud>")
    people = [
        Learner(pk=11, cohort=cohort, first_name="Théo", last_name="Dupré"),
        Learner(pk=12, cohort=cohort, first_name="<b>Zoé</b>", last_name="O'Neil & Co"),
        Learner(pk=13, cohort=cohort, first_name="Inès", last_name="Martin"),
    ]
    return [
        LearnerRow(people[0], "scolaire", "Scolaire", ()),
        # The same company twice in a row (a tutor, then another): linked once.
        LearnerRow(
            people[1],
            "apprenti",
            "Apprenti <CFA>",
            (
                _supervision(optique, "Léa", "Perrin"),
                _supervision(optique, "Marc", "Dubois"),
                _supervision(telecom, "<i>Ana</i>", "Roy"),
            ),
        ),
        LearnerRow(
            people[2],
            "",
            "",
            (_supervision(telecom, "Ana", "Roy"), _supervision(optique, "Léa", "Perrin")),
        ),
    ]


def test_the_rows_are_the_html_the_template_wrote():
    before = engines["django"].from_string(TEMPLATE_ROWS)
    for rows in (_rows(), []):
        for show_cohort in (True, False):
            context = {"rows": rows, "show_cohort": show_cohort}
            for language in ("fr", "en"):
                with translation.override(language):
                    expected = before.render(context)
                    assert render_to_string("learners/_learner_table.html", context) == expected
    # The same company twice in a row: linked once.
    html = render_to_string("learners/_learner_table.html", {"rows": _rows()[1:2]})
    assert html.count('href="/entreprises/3/"') == 1 and "Optique &quot;Bellecour" in html
