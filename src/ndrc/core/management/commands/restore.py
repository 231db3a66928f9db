"""`ndrc restore FILE [--force]`: gives back the database and the files of a backup."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ndrc.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restaure une sauvegarde de ndrc backup dans la base configurée (vide) et MEDIA."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="archive écrite par ndrc backup")
        parser.add_argument(
            "--force",
            action="store_true",
            help="remplacer une base qui contient déjà des enregistrements",
        )

    def handle(self, *, file: Path, force: bool, **options: Any) -> None:
        try:
            summary = restore(file, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Sauvegarde du {summary.created_at} restaurée : base {summary.database}, "
            f"{summary.files} fichier(s)."
        )
