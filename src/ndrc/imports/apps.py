from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "ndrc.imports"
    verbose_name = _("Imports et exports")

    def ready(self) -> None:
        # What a person's erasure does to the uploads waiting for confirmation.
        from ndrc.imports.services import jobs  # noqa: F401
