from django.apps import AppConfig


class LearnersConfig(AppConfig):
    name = "ndrc.learners"
    verbose_name = "Apprenants"

    def ready(self) -> None:
        # Registers the object-level rules of this app's models (core.permissions.rule).
        from ndrc.learners import selectors  # noqa: F401
