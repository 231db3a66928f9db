from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "ndrc.assessments"
    verbose_name = "Évaluations CCF"
