from django.apps import AppConfig


class LearnersConfig(AppConfig):
    name = "ndrc.learners"
    verbose_name = "Apprenants"
