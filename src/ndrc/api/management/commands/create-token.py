"""`ndrc create-token USERNAME [--name NAME]`: issue an API token and print it, once."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ndrc.api.services import issue_token
from ndrc.core import audit


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
            record, token = issue_token(user=user, name=name, by=None, now=timezone.now())
        self.stdout.write(token)
        self.stderr.write(
            f"Jeton {record.prefix}… créé pour {username}. "
            "Conservez-le : il ne sera plus affiché.\n"
            "Utilisation : en-tête « Authorization: Bearer <jeton> »."
        )
