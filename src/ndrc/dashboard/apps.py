from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "ndrc.dashboard"
    verbose_name = _("Tableau de bord")

    def ready(self) -> None:
        from ndrc.dashboard.stored import connect

        connect()
