"""`ndrc purge-evaluation-files --on YYYY-MM-DD`: purge the CCF evaluation files kept long enough.

The date is an argument (no clock below the edge): a file is purged when its retention
(`ndrc.regulation.assessments.evaluation_file_retention`) ended before that date.
"""

from argparse import ArgumentTypeError
from datetime import date

from django.core.management.base import BaseCommand

from ndrc.assessments.services import purge_evaluation_files
from ndrc.core.audit import acting_as


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ArgumentTypeError(f"« {text} » n'est pas une date au format AAAA-MM-JJ") from None


class Command(BaseCommand):
    help = "Purge les dossiers d'évaluation CCF dont la durée de conservation (un an) est échue."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--on", required=True, type=_day, help="date de la purge (AAAA-MM-JJ)")

    def handle(self, *args, **options) -> None:
        on = options["on"]
        with acting_as(None, f"ndrc purge-evaluation-files --on {on.isoformat()}"):
            purged = purge_evaluation_files(on=on)
        for situation in purged:
            self.stdout.write(
                f"Purgé : {situation.exam} {situation.situation} — {situation.learner.full_name}"
            )
        self.stdout.write(f"{len(purged)} dossier(s) d'évaluation purgé(s) au {on:%d/%m/%Y}.")
