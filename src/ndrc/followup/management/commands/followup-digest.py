"""`ndrc followup-digest [--on AAAA-MM-JJ]`: e-mail the weekly digest of the follow-up to each
apprenticeship master and referent teacher (see `followup.services.send_weekly_digests`).

Meant to run once a week (cron, or the job queue); with the console e-mail backend (the
default), the messages are printed."""

import sys
from argparse import ArgumentParser
from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from ndrc.followup.services import send_weekly_digests
from ndrc.regulation.errors import EXIT_BAD_INPUT


class Command(BaseCommand):
    help = "Envoie le récapitulatif hebdomadaire du suivi en entreprise aux maîtres et référents."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--on", help="date du récapitulatif (AAAA-MM-JJ ; par défaut aujourd'hui)"
        )

    def handle(self, *args, **options) -> None:
        on = timezone.localdate()  # time enters here, at the edge
        if options["on"]:
            try:
                on = date.fromisoformat(options["on"])
            except ValueError:
                self.stderr.write(
                    f"ndrc : erreur : --on : date AAAA-MM-JJ attendue, reçu « {options['on']} »"
                )
                sys.exit(EXIT_BAD_INPUT)
            if abs((on - timezone.localdate()).days) > 366:
                self.stderr.write("ndrc : erreur : --on : date à plus d'un an d'aujourd'hui")
                sys.exit(EXIT_BAD_INPUT)
        sent = send_weekly_digests(on=on)
        self.stdout.write(f"{sent} récapitulatif(s) envoyé(s) au {on:%d/%m/%Y}.")
