from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "ndrc.jobs"
    verbose_name = _("Tâches de fond")

    def ready(self) -> None:
        from ndrc.jobs import selectors  # noqa: F401  (registers the access rule of jobs)
