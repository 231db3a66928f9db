from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "ndrc.assessments"
    verbose_name = _("Évaluations CCF")

    def ready(self) -> None:
        # Registers the access rules of situations and what the personal data export withholds.
        from ndrc.assessments import selectors  # noqa: F401
