"""`ndrc admissions-alerts [--on AAAA-MM-JJ]`: queue the job that e-mails the training managers
about the apprentices-to-be whose period without a contract ends soon. Run it daily (a systemd
timer or cron, docs/deploy.md); a job worker (`ndrc db_worker`) sends the e-mails, and the job's
page (/taches/, for the administrators) shows how many were alerted, or the error."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext_noop

from ndrc.admissions.alerts import deadline_alerts_job
from ndrc.jobs.models import State
from ndrc.jobs.services import start_job
from ndrc.regulation.explanation import Message


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
        job = start_job(
            deadline_alerts_job,
            by=None,
            title=Message(gettext_noop("Alertes des candidats sans contrat — %(on)s"), on=on),
            arguments={"on": on},
        )
        if job.state == State.DONE:  # a backend that runs jobs at once
            self.stdout.write(job.message)
        elif job.state == State.FAILED:
            raise CommandError(job.error)
        else:
            self.stdout.write(f"Tâche n° {job.pk} en file d'attente : un worker l'exécutera.")
