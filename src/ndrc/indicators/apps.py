from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "ndrc.indicators"
    verbose_name = _("Indicateurs et enquêtes")

    def ready(self) -> None:
        # Registers the access rules (core.permissions.rule) and what erasure clears
        # (learners.personal_data.erases).
        from ndrc.indicators import selectors  # noqa: F401
