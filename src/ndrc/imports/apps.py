from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "ndrc.imports"
    verbose_name = "Imports et exports"
