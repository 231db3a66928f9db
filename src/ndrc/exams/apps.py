from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExamsConfig(AppConfig):
    name = "ndrc.exams"
    verbose_name = _("Examens")

    def ready(self) -> None:
        # Registers the access rules of sessions and registrations (core.permissions.rule).
        from ndrc.exams import selectors  # noqa: F401
