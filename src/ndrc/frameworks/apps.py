from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "ndrc.frameworks"
    verbose_name = "Référentiel"

    def ready(self) -> None:
        from ndrc.frameworks import checks  # noqa: F401  (registers the system check)
