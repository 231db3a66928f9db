from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ndrc.core"
    verbose_name = _("Noyau")

    def ready(self) -> None:
        from ndrc.core.text import register_sqlite_function

        # Searches fold accents the same way on SQLite as on PostgreSQL (core.text).
        connection_created.connect(register_sqlite_function, dispatch_uid="ndrc.core.text")
