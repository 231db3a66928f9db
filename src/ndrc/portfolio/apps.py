from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    name = "ndrc.portfolio"
    verbose_name = "Portefeuille d'activités"
