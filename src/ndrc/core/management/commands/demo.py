"""`ndrc demo`: load the demo population and say how to reach the application."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Charge les données de démonstration et affiche les accès."

    def handle(self, *args, **options) -> None:
        self.stdout.write("Application : http://127.0.0.1:8000/")
