"""A learner's alternance page: its contracts' and agreements' paragraphs written in one string
each (`learner_contract_lines`, `learner_agreement_lines`), read as the template wrote them, from
rows holding only what they show (issue 12)."""

from datetime import date

import pytest
from django.template import engines
from django.utils import translation

from ndrc.contracts.views import LearnerAgreementLine, LearnerContractLine

from .test_page_queries import _queries

CONTRACT_TEMPLATE = (
    "{% load i18n %}{% for contract in contracts %}<p><a href=\"{% url 'contracts:contract' "
    'contract.pk %}">{{ contract.get_kind_display }} — {{ contract.employer_name }}, '
    '{% blocktranslate with start=contract.start|date:"d/m/Y" end=contract.last_day|date:"d/m/Y" %}'
    "du {{ start }} au {{ end }}{% endblocktranslate %}</a></p>{% endfor %}"
)
AGREEMENT_TEMPLATE = (
    "{% load i18n %}{% for agreement in agreements %}<p><a href=\"{% url 'contracts:agreement' "
    'agreement.pk %}">{{ agreement.host_name }}, {% blocktranslate with '
    'start=agreement.start|date:"d/m/Y" end=agreement.end|date:"d/m/Y" %}du {{ start }} au '
    "{{ end }}{% endblocktranslate %}</a>{% if agreement.certificate_id %} — "
    '{% translate "attestation reçue" %}{% endif %}</p>{% endfor %}'
)


class _Shown(LearnerContractLine):
    def get_kind_display(self) -> str:  # as the model writes it, for the template above
        from ndrc.contracts.models import ContractKind

        return dict(ContractKind.choices).get(self.kind, self.kind)


def test_a_learners_contract_and_agreement_lines_read_as_the_template_wrote_them():
    contracts = [
        _Shown(3, "apprenticeship", date(2025, 9, 1), date(2027, 8, 31), None, None, "A & <b>"),
        _Shown(12, "professionalisation", date(2024, 9, 2), date(2025, 8, 31),
               date(2025, 12, 31), None, "Télécom"),
        _Shown(7, "apprenticeship", date(2023, 9, 1), date(2025, 8, 31), None,
               date(2024, 3, 15), "L'Optique"),
    ]  # fmt: skip
    agreements = [
        LearnerAgreementLine(5, date(2027, 1, 11), date(2027, 2, 19), "Optique <Bellecour>", 2),
        LearnerAgreementLine(9, date(2026, 5, 4), date(2026, 6, 12), "Brico & Co", None),
    ]
    django = engines["django"]
    lines = django.from_string(
        "{% load alternance_rows %}{% learner_contract_lines contracts %}|"
        "{% learner_agreement_lines agreements %}"
    )
    template = django.from_string(f"{CONTRACT_TEMPLATE}|{AGREEMENT_TEMPLATE}")
    context = {"contracts": contracts, "agreements": agreements}
    for language in ("fr", "en"):
        with translation.override(language):
            shown = lines.render(context)
            assert shown == template.render(context)
    assert "A &amp; &lt;b&gt;" in shown and "to 15/03/2024" in shown and "to 31/12/2025" in shown
    assert shown.count("certificate received") == 1


@pytest.mark.django_db
def test_a_managers_learner_alternance_reads_only_what_its_lines_show(alternance, client):
    """The manager reaches every record of the centre's learners: their contracts and agreements
    are read without the reach (no join to the supervisions), and without the learner's
    columns nor the tutor's, which no line shows."""
    client.force_login(alternance.users["responsable"])
    learner = alternance.learners["bernard"]
    queries = _queries(client, f"/alternance/apprenant/{learner.pk}/")
    listed = [
        q for q in queries
        if q.startswith(('SELECT "contracts_contract"', 'SELECT "contracts_internshipagreement"'))
        and " DESC" in q  # newest first, as the lists show them (the totals read oldest first)
    ]  # fmt: skip
    assert len(listed) == 2
    for query in listed:
        assert "supervision" not in query
        assert '"learners_learner"."birth_date"' not in query
        assert "companies_companycontact" not in query
    page = client.get(f"/alternance/apprenant/{learner.pk}/").content.decode()
    assert "Optique Bellecour" in page or "Aucune convention" in page
