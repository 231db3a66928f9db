from django.apps import AppConfig


class ExamsConfig(AppConfig):
    name = "ndrc.exams"
    verbose_name = "Examens"
