from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TimetableConfig(AppConfig):
    name = "ndrc.timetable"
    verbose_name = _("Emploi du temps")

    def ready(self) -> None:
        # Registers the object-level rules of this app's models (core.permissions.rule).
        from ndrc.timetable import selectors  # noqa: F401
