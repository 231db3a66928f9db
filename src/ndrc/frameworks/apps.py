from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrameworksConfig(AppConfig):
    name = "ndrc.frameworks"
    verbose_name = _("Référentiel")

    def ready(self) -> None:
        from ndrc.frameworks import checks  # noqa: F401  (registers the system check)
