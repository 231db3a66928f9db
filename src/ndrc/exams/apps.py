from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExamsConfig(AppConfig):
    name = "ndrc.exams"
    verbose_name = _("Examens")

    def ready(self) -> None:
        # Registers the access rules of sessions and registrations (core.permissions.rule).
        from ndrc.exams import selectors
        from ndrc.gradebook.selectors import provide_section_results

        # The livret's "résultats de la section" (the gradebook sits below the exams).
        provide_section_results(selectors.section_results)
