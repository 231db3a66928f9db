from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "ndrc.documents"
    verbose_name = "Documents"

    def ready(self) -> None:
        # Registers the access rule of generated documents.
        from ndrc.documents import selectors  # noqa: F401
