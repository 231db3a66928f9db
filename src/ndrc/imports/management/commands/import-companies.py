"""`ndrc import-companies FILE [--apply]`: companies (SIRET, name, headcount, address)."""

from ndrc.imports.management.commands._common import ImportCommand
from ndrc.imports.services import CompanyImporter


class Command(ImportCommand):
    help = (
        "Importe des entreprises (CSV ou XLSX : SIRET, raison sociale, effectif, adresse) : "
        "aperçu, ou enregistrement avec --apply. Code de sortie 2 si le fichier est refusé."
    )

    def handle(self, *args, **options) -> None:
        table = self.read(options["file"])
        user = self.acting_user(options["user"])
        self.execute_import(
            lambda: CompanyImporter(by=user),
            table,
            apply=options["apply"],
            user=user,
            origin=f"ndrc import-companies {options['file']}",
        )
