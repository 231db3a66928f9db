"""`ndrc admissions-alerts [--on AAAA-MM-JJ]`: e-mail the training managers about the
apprentices-to-be whose period without a contract ends soon (run it daily)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ndrc.admissions.alerts import send_deadline_alerts


class Command(BaseCommand):
    help = "Alerte les responsables de formation des échéances sans contrat (L. 6222-12-1)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--on", help="date du jour (AAAA-MM-JJ), aujourd'hui par défaut")

    def handle(self, *args, **options) -> None:
        try:
            on = date.fromisoformat(options["on"]) if options["on"] else timezone.localdate()
        except ValueError as error:
            raise CommandError(
                f"--on : date AAAA-MM-JJ attendue, reçu « {options['on']} »"
            ) from error
        count = send_deadline_alerts(on=on)
        self.stdout.write(f"{count} candidat(s) signalé(s) au {on:%d/%m/%Y}.")
