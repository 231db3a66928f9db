"""Numbers, amounts and words as the reader's language writes them (`ndrc.core.ui.formats`):
`{{ amount|money }}`, `{{ total|hours }}`, `{{ rate|percent }}`, `{{ rank|year_of_training }}`,
`{{ title|elide }}`, `{{ count|number }}`."""

from django import template

from ndrc.core.ui import formats

register = template.Library()

for _function in (
    formats.number,
    formats.money,
    formats.hours,
    formats.percent,
    formats.year_of_training,
    formats.elide,
    formats.shown,
):
    register.filter(_function.__name__, _function)
