from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    name = "ndrc.portfolio"
    verbose_name = _("Portefeuille d'activités")

    def ready(self) -> None:
        # Registers the access rules of sheets and attachments.
        from ndrc.portfolio import selectors  # noqa: F401
