from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "ndrc.accounts"
    verbose_name = _("Comptes et invitations")

    def ready(self) -> None:
        # Registers the object-level rules of this app's models (core.permissions.rule), and
        # what a person's erasure does to them (learners.personal_data: their sessions end).
        from ndrc.accounts import selectors, services  # noqa: F401
