from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "ndrc.documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        # Registers the access rule of generated documents.
        from ndrc.documents import selectors  # noqa: F401
