"""`ndrc import-learners FILE --cohort ID [--apply]`: learners of a cohort from CSV or XLSX."""

from ndrc.imports.management.commands._common import ImportCommand
from ndrc.imports.services import LearnerImporter
from ndrc.learners.models import Cohort


class Command(ImportCommand):
    help = (
        "Importe les apprenants d'une promotion (CSV ou XLSX, dont l'export Parcoursup) : "
        "aperçu, ou enregistrement avec --apply. Code de sortie 2 si le fichier est refusé."
    )

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--cohort", type=int, required=True, help="identifiant de la promotion")
        parser.add_argument(
            "--category",
            default="scolaire",
            help="statut des nouveaux apprenants sans colonne « Statut » (défaut : scolaire)",
        )
        parser.add_argument(
            "--on", help="date de l'enregistrement, AAAA-MM-JJ (défaut : aujourd'hui)"
        )

    def handle(self, *args, **options) -> None:
        table = self.read(options["file"])
        user = self.acting_user(options["user"])
        cohort = Cohort.objects.filter(pk=options["cohort"]).first()
        if cohort is None:
            self.fail(f"promotion {options['cohort']} introuvable.")
        try:
            on = self.on(options["on"])
        except ValueError:
            self.fail(f"date « {options['on']} » invalide (attendu AAAA-MM-JJ).")
        self.execute_import(
            lambda: LearnerImporter(
                cohort=cohort, default_category=options["category"], on=on, by=user
            ),
            table,
            apply=options["apply"],
            user=user,
            origin=f"ndrc import-learners {options['file']}",
        )
