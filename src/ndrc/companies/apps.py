from django.apps import AppConfig


class CompaniesConfig(AppConfig):
    name = "ndrc.companies"
    verbose_name = "Entreprises"
