"""`ndrc followup-digest [--on AAAA-MM-JJ] [--sur-place]`: e-mail the weekly digest of the
follow-up to each apprenticeship master and referent teacher (`followup.services.weekly_digests`).

Meant to run once a week (a systemd timer or cron, docs/deploy.md). By default the command
queues a background job (`ndrc.jobs`) that a worker (`ndrc db_worker`) runs: its outcome, or
its error, is kept with the job (« Mes tâches » of an administrator). `--sur-place` sends the
messages from the command itself, without the queue. With the console e-mail backend (the
default), the messages are printed by whoever sends them."""

import sys
from argparse import ArgumentParser
from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext_noop, ngettext

from ndrc.followup.services import send_weekly_digests, weekly_digests
from ndrc.jobs.services import start_job
from ndrc.regulation.errors import EXIT_BAD_INPUT
from ndrc.regulation.explanation import Message


class Command(BaseCommand):
    help = "Envoie le récapitulatif hebdomadaire du suivi en entreprise aux maîtres et référents."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--on", help="date du récapitulatif (AAAA-MM-JJ ; par défaut aujourd'hui)"
        )
        parser.add_argument(
            "--sur-place",
            action="store_true",
            dest="here",
            help="envoyer depuis cette commande plutôt que par une tâche de fond",
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
        if options["here"]:
            sent = send_weekly_digests(on=on)
            done = ngettext(
                "%(count)s récapitulatif envoyé au %(day)s.",
                "%(count)s récapitulatifs envoyés au %(day)s.",
                sent,
            )
            self.stdout.write(done % {"count": sent, "day": f"{on:%d/%m/%Y}"})
            return
        job = start_job(
            weekly_digests,
            by=None,
            title=Message(gettext_noop("Récapitulatif hebdomadaire du suivi — %(on)s"), on=on),
            arguments={"on": on},
        )
        job.refresh_from_db()
        outcome = job.message or job.error or "en attente d'un processus de tâches (ndrc db_worker)"
        self.stdout.write(f"Tâche n° {job.pk} ({job.get_state_display()}) : {outcome}")
