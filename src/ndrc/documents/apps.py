from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "ndrc.documents"
    verbose_name = "Documents"
