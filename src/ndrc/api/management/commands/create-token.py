"""`ndrc create-token USERNAME [--name NAME]`: issue an API token and print it, once."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ndrc.api.models import ApiToken
from ndrc.core import audit
from ndrc.core.models import AuditAction


class Command(BaseCommand):
    help = "Crée un jeton d'API pour un utilisateur et l'affiche (une seule fois)."

    def add_arguments(self, parser):
        parser.add_argument("username", help="identifiant de l'utilisateur")
        parser.add_argument("--name", default="", help="à quoi sert le jeton (ex. « tableur »)")

    def handle(self, *args, username: str, name: str, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Utilisateur « {username} » introuvable.")
        if not user.is_active:
            raise CommandError(f"L'utilisateur « {username} » est désactivé.")
        with audit.acting_as(None, "ndrc create-token"):
            record, token = ApiToken.issue(user=user, name=name, now=timezone.now())
            audit.record(
                action=AuditAction.CREATE,
                obj=record,
                by=None,
                after=audit.snapshot(record, exclude=("key_hash",)),
            )
        self.stdout.write(token)
        self.stderr.write(
            f"Jeton {record.prefix}… créé pour {username}. "
            "Conservez-le : il ne sera plus affiché.\n"
            "Utilisation : en-tête « Authorization: Bearer <jeton> »."
        )
