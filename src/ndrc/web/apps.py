from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "ndrc.web"
    verbose_name = "Interface"
