"""`ndrc backup FILE`: the database and the uploaded files in one archive (ndrc.core.backup)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ndrc.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Sauvegarde la base de données et les fichiers (MEDIA) dans une archive .tar.gz."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="archive à écrire (remplacée si elle existe)")

    def handle(self, *, file: Path, **options: Any) -> None:
        try:
            summary = backup(file)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Sauvegarde écrite : {file} (base {summary.database}, {summary.files} fichier(s), "
            f"{summary.migrations} migrations)."
        )
