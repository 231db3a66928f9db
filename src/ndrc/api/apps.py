from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "ndrc.api"
    verbose_name = "API"
