from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UiConfig(AppConfig):
    name = "ndrc.core.ui"
    # The label of the former `ndrc.web` app: its table (web_loginfailure) and migrations stay.
    label = "web"
    verbose_name = _("Interface")
