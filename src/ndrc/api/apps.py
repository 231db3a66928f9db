from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "ndrc.api"
    verbose_name = "API"

    def ready(self) -> None:
        from ndrc.accounts.services import user_deactivated
        from ndrc.api import selectors  # noqa: F401  (registers the access rule of tokens)
        from ndrc.api.services import revoke_tokens_of

        # A person who leaves loses their API access with their login.
        user_deactivated.connect(revoke_tokens_of, dispatch_uid="ndrc.api.revoke_tokens_of")
