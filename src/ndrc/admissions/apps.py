from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdmissionsConfig(AppConfig):
    name = "ndrc.admissions"
    verbose_name = _("Admissions")

    def ready(self) -> None:
        # Registers the object-level rules of this app's models (core.permissions.rule).
        from ndrc.admissions import selectors  # noqa: F401
