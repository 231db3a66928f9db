"""Template filters shared by the pages: durations and exam forms in French."""

from django import template
from django.utils.translation import gettext as _

from ndrc.regulation.rounding import BEFORE_UNIT

register = template.Library()


@register.filter
def minutes(value: int | None) -> str:
    """240 → "4 h", 80 → "1 h 20", 53 → "53 min"; empty for None."""
    if value is None:
        return ""
    hours, rest = divmod(int(value), 60)
    if not hours:
        text = _("%(minutes)d min") % {"minutes": rest}
    elif not rest:
        text = _("%(hours)d h") % {"hours": hours}
    else:
        text = _("%(hours)d h %(minutes)02d") % {"hours": hours, "minutes": rest}
    return text.replace(" ", BEFORE_UNIT)  # "4 h 20" never parts at a line end


@register.filter
def exam_mode(mode: str | None) -> str:
    """The French name of a final exam's mode."""
    labels = {
        "written": _("écrite"),
        "oral": _("orale"),
        "practical": _("pratique"),
        "written+practical": _("écrite + pratique"),
    }
    return labels.get(mode or "", "")
