"""`ndrc refresh-dossier-checks [--cohort ID]`: check every learner's E4 and E6 dossiers again
and store the results, as the background jobs do when a record changes (after an upgrade that
changes the framework data or the engine, or to fill them the first time)."""

from django.core.management.base import BaseCommand, CommandError

from ndrc.learners.models import Cohort, Learner
from ndrc.portfolio.services import store_cohort_dossiers, store_dossier_checks


class Command(BaseCommand):
    help = "Recalcule et enregistre le contrôle des dossiers E4 et E6 de chaque apprenant."

    def add_arguments(self, parser):
        parser.add_argument("--cohort", type=int, help="identifiant d'une promotion (toutes sinon)")

    def handle(self, *args, cohort: int | None, **options):
        learners = Learner.objects.filter(erased_on__isnull=True)
        if cohort is not None:
            learners = learners.filter(cohort_id=cohort)
            if not learners.exists():
                raise CommandError(f"Promotion {cohort} : aucun apprenant.")
        count = store_dossier_checks(learners=learners.order_by("pk"))
        counted = store_cohort_dossiers(
            cohorts=Cohort.objects.filter(pk__in=learners.values("cohort_id"))
        )
        self.stdout.write(
            f"{count} contrôles de dossier enregistrés, {counted} décomptes de promotion."
        )
