from django.apps import AppConfig


class CompaniesConfig(AppConfig):
    name = "ndrc.companies"
    verbose_name = "Entreprises"

    def ready(self) -> None:
        # Registers the object-level rules of this app's models (core.permissions.rule).
        from ndrc.companies import selectors  # noqa: F401
