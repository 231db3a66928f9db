"""`{% attendance_panels %}`: the timetable and attendance panels of the dashboard, from this
app's selector, so the dashboard includes them with one line."""

from django import template
from django.utils import timezone

from ndrc.attendance.selectors import dashboard_panels

register = template.Library()


@register.inclusion_tag("attendance/_panels.html", takes_context=True)
def attendance_panels(context) -> dict:
    user = context["request"].user
    # Time enters here, at the edge of the page.
    return {"panels": dashboard_panels(user, on=timezone.localdate())}
