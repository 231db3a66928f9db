"""The lists of a learner's record, written as one string each (`learner_record`), are the HTML
the record's template loops wrote: the same links, escaped names, dates, translated periods and
actions, in French and in English (issue 12)."""

from datetime import UTC, date, datetime

from django.template import engines
from django.utils import translation

from ndrc.assessments.models import AssessmentSituation
from ndrc.companies.models import Company, CompanyContact, Supervision
from ndrc.contracts.models import Contract, InternshipAgreement
from ndrc.documents.models import GeneratedDocument
from ndrc.learners.models import CategoryPeriod, Learner

# The record's loops as its template wrote them, a node per link, before.
BEFORE = """{% load i18n ui_routes %}{% for contract in about.contracts %}<a href="{% record_url 'contracts:contract' contract.pk %}">{{ contract.get_kind_display }} ({{ contract.employer.name }})</a>{% if not forloop.last %}, {% endif %}{% empty %}{% translate "aucun contrat" %}{% endfor %} ;
{% for agreement in about.agreements %}<a href="{% record_url 'contracts:agreement' agreement.pk %}">{% blocktranslate with host=agreement.host.name start=agreement.start|date:"d/m/Y" %}stage chez {{ host }} ({{ start }}){% endblocktranslate %}</a>{% if not forloop.last %}, {% endif %}{% empty %}{% translate "aucune convention de stage" %}{% endfor %}
{% for situation in about.situations %}<a href="{% record_url 'assessments:situation' situation.pk %}">{{ situation.label }} ({{ situation.date|date:"d/m/Y" }})</a>{% if not forloop.last %}, {% endif %}{% empty %}<span class="muted">{% translate "aucune situation" %}</span>{% endfor %}
{% for document in about.documents %}<a href="{% record_url 'documents:download' document.pk %}">{{ document.title }}</a> <span class="muted">({{ document.created_at|date:"d/m/Y" }})</span>{% if not forloop.last %}, {% endif %}{% endfor %}
<ul>{% for period, label in periods %}<li>{{ label }} — {% if period.end %}{% blocktranslate with start=period.start|date:"d/m/Y" end=period.end|date:"d/m/Y" %}du {{ start }} au {{ end }}{% endblocktranslate %}{% else %}{% blocktranslate with start=period.start|date:"d/m/Y" %}depuis le {{ start }}{% endblocktranslate %}{% endif %}</li>{% empty %}<li class="muted">{% translate "Aucun statut enregistré." %}</li>{% endfor %}</ul>
<tbody>{% for supervision, running, record in supervisions %}<tr{% if not running %} class="muted"{% endif %}>
      <td><a href="{% record_url 'companies:detail' supervision.contact.company_id %}">{{ supervision.contact.company.name }}</a></td>
      <td>{{ supervision.contact.full_name }}</td>
      <td>{{ supervision.get_role_display }}</td>
      <td>{% if supervision.end %}{% blocktranslate with start=supervision.start|date:"d/m/Y" end=supervision.end|date:"d/m/Y" %}du {{ start }} au {{ end }}{% endblocktranslate %}{% else %}{% blocktranslate with start=supervision.start|date:"d/m/Y" %}depuis le {{ start }}{% endblocktranslate %}{% endif %}</td>
      {% if allowed.change %}<td>{% if record %}{% if record.kind %}<a href="{% record_url 'contracts:contract' record.pk %}">{% translate "selon le contrat" %}</a>{% else %}<a href="{% record_url 'contracts:agreement' record.pk %}">{% translate "selon la convention" %}</a>{% endif %}{% elif not supervision.end %}<a href="{% record_url 'learners:supervision_end' learner.pk supervision.pk %}">{% translate "Terminer" %}</a>{% endif %}</td>{% endif %}
    </tr>{% empty %}<tr><td colspan="4" class="muted">{% translate "Aucun encadrement enregistré." %}</td></tr>{% endfor %}</tbody>"""  # noqa: E501

AFTER = """{% load learner_record %}{% contract_links about.contracts %} ;
{% agreement_links about.agreements %}
{% situation_links about.situations %}
{% document_links about.documents %}
<ul>{% period_lines periods %}</ul>
<tbody>{% supervision_rows supervisions learner allowed.change %}</tbody>"""


def _record() -> dict:
    learner = Learner(pk=11, first_name="Théo", last_name="Dupré")
    optique = Company(pk=3, name='Optique "Bellecour" & fils')
    telecom = Company(pk=4, name="Télécom <Sud>")
    master = CompanyContact(company=optique, first_name="<b>Léa</b>", last_name="O'Neil")
    tutor = CompanyContact(company=telecom, first_name="Ana", last_name="Roy & Co")
    contract = Contract(pk=5, kind="apprenticeship", employer=optique)
    agreement = InternshipAgreement(pk=6, host=telecom, start=date(2025, 5, 2))
    supervisions = [
        Supervision(pk=21, contact=master, role="apprenticeship_master", start=date(2024, 9, 2)),
        Supervision(
            pk=22, contact=tutor, role="internship_tutor", start=date(2025, 5, 2),
            end=date(2025, 6, 13),
        ),
        Supervision(pk=23, contact=tutor, role="internship_tutor", start=date(2025, 1, 6)),
        Supervision(
            pk=24, contact=master, role="apprenticeship_master", start=date(2023, 9, 1),
            end=date(2024, 6, 30),
        ),
    ]  # fmt: skip
    return {
        "learner": learner,
        "about": {
            "contracts": [contract, Contract(pk=7, kind="professionalisation", employer=telecom)],
            "agreements": [agreement, InternshipAgreement(pk=8, host=optique, start=None)],
            "situations": [
                AssessmentSituation(pk=9, exam="E4", situation="A", date=date(2026, 3, 9)),
                AssessmentSituation(pk=10, exam="E6", situation="B", date=None),
            ],
            # Written at 23:30 UTC: the next day in Paris, as the template's `date` wrote it.
            "documents": [
                GeneratedDocument(
                    pk=12,
                    title="Convention <stage> & avenant",
                    created_at=datetime(2025, 4, 30, 23, 30, tzinfo=UTC),
                ),
                GeneratedDocument(
                    pk=13, title="Attestation", created_at=datetime(2025, 6, 1, 8, tzinfo=UTC)
                ),
            ],
        },
        "periods": [
            (
                CategoryPeriod(
                    candidate_category="scolaire", start=date(2024, 9, 2), end=date(2025, 1, 5)
                ),
                "Scolaire <public>",
            ),
            (CategoryPeriod(candidate_category="apprenti", start=date(2025, 1, 6)), "Apprenti"),
        ],
        "supervisions": [
            (supervisions[0], True, contract),
            (supervisions[1], False, agreement),
            (supervisions[2], True, None),
            (supervisions[3], False, None),
        ],
    }


def _empty() -> dict:
    nothing = {"contracts": [], "agreements": [], "situations": [], "documents": []}
    return {"learner": Learner(pk=11), "about": nothing, "periods": [], "supervisions": []}


def test_the_record_lists_are_the_html_the_template_wrote():
    engine = engines["django"]
    before, after = engine.from_string(BEFORE), engine.from_string(AFTER)
    for context in (_record(), _empty()):
        for change in (True, False):
            context["allowed"] = {"change": change}
            for language in ("fr", "en"):
                with translation.override(language):
                    assert after.render(context) == before.render(context), (language, change)
    with translation.override("en"):
        html = after.render({**_record(), "allowed": {"change": True}})
    # Each action of its own row: the contract's, the agreement's, the running one's end.
    assert '<a href="/alternance/contrats/5/">' in html
    assert "/apprenants/11/encadrement/23/fin/" in html and "/encadrement/24/" not in html
    assert "(01/05/2025)" in html and "Optique &quot;Bellecour&quot; &amp; fils" in html
