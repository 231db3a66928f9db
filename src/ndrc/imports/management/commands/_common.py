"""What the two import commands share: reading the file, the acting user, printing the report."""

import os
import sys
from argparse import ArgumentParser
from datetime import date
from typing import Any, NoReturn

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand
from django.http import Http404
from django.utils import timezone

from ndrc.core.audit import acting_as
from ndrc.core.tabular import Table, TabularError, read_table
from ndrc.imports.services import Importer, ImportReport, Outcome, iter_import, run
from ndrc.regulation.errors import EXIT_BAD_INPUT

OUTCOME_WORDS = {
    (Outcome.CREATED, False): "à créer",
    (Outcome.CREATED, True): "créé",
    (Outcome.CHANGED, False): "à modifier",
    (Outcome.CHANGED, True): "modifié",
    (Outcome.UNCHANGED, False): "inchangé",
    (Outcome.UNCHANGED, True): "inchangé",
}


class ImportCommand(BaseCommand):
    """Preview an import (default) or apply it (`--apply`); exit 2 on a rejected file."""

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="fichier CSV (UTF-8, « ; » ou « , ») ou XLSX")
        parser.add_argument(
            "--apply", action="store_true", help="enregistrer (sans : aperçu seulement)"
        )
        parser.add_argument(
            "--user",
            help="identifiant de la personne qui importe, inscrite au journal d'audit "
            "(par défaut : le seul superutilisateur actif)",
        )

    def fail(self, message: str) -> NoReturn:
        self.stderr.write(f"ndrc : erreur : {message}")
        sys.exit(EXIT_BAD_INPUT)

    def read(self, path: str) -> Table:
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError as error:
            self.fail(f"impossible de lire le fichier « {path} » : {error.strerror}")
        try:
            return read_table(data, filename=path)
        except TabularError as error:
            self.fail(f"fichier « {path} » refusé : {error.message}")

    def acting_user(self, login: str | None) -> Any:
        users = get_user_model().objects.filter(is_active=True)
        if login:
            user = users.filter(username=login).first()
            if user is None:
                self.fail(f"utilisateur « {login} » inconnu ou inactif.")
            return user
        superusers = list(users.filter(is_superuser=True)[:2])
        if len(superusers) != 1:
            self.fail("précisez qui importe avec --user IDENTIFIANT.")
        return superusers[0]

    @staticmethod
    def on(value: str | None) -> date:
        return date.fromisoformat(value) if value else timezone.localdate()

    def execute_import(self, make_importer, table: Table, *, apply: bool, user: Any, origin: str):
        try:
            importer: Importer = make_importer()
        except (PermissionDenied, Http404) as error:
            self.fail(f"{user.username} ne peut pas faire cet import ({error}).")
        except ValidationError as error:
            self.fail(" ".join(error.messages))
        with acting_as(user, origin):
            report = run(iter_import(importer, table, apply=apply))
        try:
            self.print_report(report)
        except BrokenPipeError:
            # The reader (e.g. `| head`) closed the pipe: stop quietly, as Unix tools do.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        if report.rejected:
            sys.exit(EXIT_BAD_INPUT)

    def print_report(self, report: ImportReport) -> None:
        if report.rejected:
            self.stderr.write(
                f"ndrc : erreur : fichier refusé, {len(report.errors)} erreur(s) ; "
                "rien n'a été modifié."
            )
            for error in report.errors:
                self.stderr.write(f"  {error}")
            return
        c = report.counts
        if report.applied:
            summary = (
                f"Import appliqué : {c['total']} lignes — {c['created']} créées, "
                f"{c['changed']} modifiées, {c['unchanged']} inchangées."
            )
        else:
            summary = (
                f"Aperçu, rien n'est enregistré (--apply pour enregistrer) : {c['total']} lignes — "
                f"{c['created']} à créer, {c['changed']} à modifier, {c['unchanged']} inchangées."
            )
        self.stdout.write(summary)
        if report.ignored_columns:
            self.stdout.write(f"Colonnes ignorées : {', '.join(report.ignored_columns)}")
        for result in report.results:
            word = OUTCOME_WORDS[(result.outcome, report.applied)]
            self.stdout.write(f"ligne {result.line} : {result.record} — {word}")
            for change in result.changes:
                if result.outcome == Outcome.CREATED:
                    self.stdout.write(f"    {change.label} : {change.after}")
                else:
                    self.stdout.write(
                        f"    {change.label} : {change.before or '—'} → {change.after}"
                    )
            for note in result.notes:
                self.stdout.write(f"    ! {note}")
