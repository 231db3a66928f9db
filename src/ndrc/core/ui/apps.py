from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UiConfig(AppConfig):
    name = "ndrc.core.ui"
    # The label of the former `ndrc.web` app: its table (web_loginfailure) and migrations stay.
    label = "web"
    verbose_name = _("Interface")

    def ready(self) -> None:
        from ndrc.core.ui.formats import engine_text
        from ndrc.regulation.explanation import show_messages

        # The engine's sentences on the pages, in the reader's language.
        show_messages(engine_text)
