"""`ndrc demo`: load the demo population and say how to reach the application."""

from django.core.management.base import BaseCommand

from ndrc.core.demo import demo_logins
from ndrc.demo.population import create_demo
from ndrc.exams.demo import CANDIDATE_LOGIN


class Command(BaseCommand):
    help = "Charge les données de démonstration et affiche les accès."

    def handle(self, *args, **options) -> None:
        population = create_demo()
        self.stdout.write(
            f"Centre : {population.centre.name} — {len(population.learners)} apprenants, "
            f"{len(population.companies)} entreprises."
        )
        self.stdout.write("Application : http://127.0.0.1:8000/")
        self.stdout.write("Comptes de démonstration (identifiant / mot de passe — rôle) :")
        for login, password, role in demo_logins():
            self.stdout.write(f"  {login} / {password} — {role}")
        self.stdout.write(
            f"  {CANDIDATE_LOGIN} / {password} — Apprenant, candidat de la session 2026"
        )
