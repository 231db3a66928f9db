from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GradebookConfig(AppConfig):
    name = "ndrc.gradebook"
    verbose_name = _("Notes et bulletins")

    def ready(self) -> None:
        # Registers the object-level rules of this app's models (core.permissions.rule).
        from ndrc.gradebook import selectors  # noqa: F401
