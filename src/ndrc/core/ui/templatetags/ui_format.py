"""Numbers, amounts and words as the reader's language writes them (`ndrc.core.ui.formats`):
`{{ amount|money }}`, `{{ total|hours }}`, `{{ rate|percent }}`, `{{ rank|year_of_training }}`,
`{{ title|elide }}`, `{{ count|number }}`, `{{ code|candidate_category }}`,
`{{ problem|stored_text:"message" }}`."""

from django import template

from ndrc.core.ui import formats

register = template.Library()

for _function in (
    formats.number,
    formats.money,
    formats.hours,
    formats.percent,
    formats.year_of_training,
    formats.candidate_category,
    formats.shown,
    formats.stored_text,
):
    register.filter(_function.__name__, _function)

# Elision keeps a safe text safe: it adds no markup.
register.filter("elide", formats.elide, is_safe=True)
