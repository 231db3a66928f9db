from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "ndrc.followup"
    verbose_name = _("Suivi en entreprise")

    def ready(self) -> None:
        # Registers the object-level rules of this app's models (core.permissions.rule).
        from ndrc.followup import selectors  # noqa: F401
