from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    name = "ndrc.portfolio"
    verbose_name = "Portefeuille d'activités"

    def ready(self) -> None:
        # Registers the access rules of sheets and attachments.
        from ndrc.portfolio import selectors  # noqa: F401
