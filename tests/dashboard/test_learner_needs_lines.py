"""What a learner's dossiers lack is written in one string on their dashboard
(`{% learner_needs_lines %}`): the same lines as the template's own nodes wrote them, whatever
each dossier lacks, in French and in English."""

from itertools import product
from types import SimpleNamespace

import pytest
from django.template import engines
from django.utils import translation

from ndrc.dashboard.templatetags.learner_lines import learner_needs_lines
from ndrc.portfolio.selectors.coverage import DossierNeeds

# The lines as the dashboard's template wrote them, one template node each (before the tag).
NODES = """{% load i18n ui_routes %}{% for need in tasks.needs %}<li data-needs="{{ need.exam }}">{% if need.missing_kinds %}{% blocktranslate with exam_code=need.exam kinds=need.missing_kinds|join:", " %}{{ exam_code }} : aucune fiche validée pour : {{ kinds }}{% endblocktranslate %}{% endif %}{% if need.real_network_experience_missing %}{% if need.missing_kinds %} ; {% else %}{{ need.exam }} : {% endif %}{% translate "aucune fiche validée ne relate une expérience vécue dans un réseau" %}{% endif %}{% if need.reflective_study_missing %} ; {% translate "étude réflexive réseau non déposée" %}{% endif %} — <a href="{% record_url 'portfolio:learner_dossier' tasks.learner.pk need.exam %}">{% translate "voir le dossier" %}</a></li>{% endfor %}"""  # noqa: E501


def _every_lack() -> list[DossierNeeds]:
    """A dossier for each combination of what it may lack (kinds, one with a character to
    escape, the experience, the study), E4 and E6 alike."""
    return [
        DossierNeeds(exam, kinds, experience, study)
        for exam, kinds, experience, study in product(
            ("E4", "E6"), ([], ["Réseau de partenaires", "<Salon & Co>"]), (False, True),
            (False, True),
        )
    ]  # fmt: skip


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_lines_are_those_the_template_s_nodes_wrote(language):
    tasks = SimpleNamespace(needs=_every_lack(), learner=SimpleNamespace(pk=42))
    with translation.override(language):
        expected = engines["django"].from_string(NODES).render({"tasks": tasks})
        written = learner_needs_lines(tasks)
    assert written == expected
    assert written.count("<li ") == 16
    assert "&lt;Salon &amp; Co&gt;" in written
    assert 'href="/portfolio/apprenants/42/dossier/E6/"' in written


def test_no_lack_no_line():
    assert learner_needs_lines(SimpleNamespace(needs=(), learner=None)) == ""
