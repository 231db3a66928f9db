from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ndrc.core"
    verbose_name = "Noyau"
