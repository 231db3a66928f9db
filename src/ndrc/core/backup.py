"""Backups: the database and the uploaded and generated files (MEDIA_ROOT) in one archive.

The archive is a gzip-compressed tar file holding
- `manifest.json`: the format, the date, the database kind, ndrc's version and the migrations
  applied to the database (its schema);
- `database.sqlite3` (SQLite's online backup API: consistent while the server runs) or
  `database.dump` (`pg_dump --format=custom`: a consistent snapshot, schema with its triggers
  included, so the audit trail stays append-only after a restore);
- `media/…`: every file of MEDIA_ROOT.

A restore refuses a database that already holds records unless forced, refuses a backup made by
a newer ndrc (migrations this version does not know), then brings the schema to this version.
"""

import datetime
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
# Rows every migrated database holds, records of no one.
BOOKKEEPING = {"contenttypes.contenttype", "auth.permission"}


class BackupError(Exception):
    """A backup or a restore that cannot be done; the message (French) says why and what to do."""


@dataclass(frozen=True)
class Summary:
    database: str
    files: int
    migrations: int
    created_at: str


def backup(target: Path) -> Summary:
    """Write the backup archive `target` (replaced only once complete)."""
    kind = connection.vendor
    if kind not in ("sqlite", "postgresql"):
        raise BackupError(f"Base de données « {kind} » non prise en charge.")
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".ndrc-backup-") as work:
        dump = Path(work) / ("database.sqlite3" if kind == "sqlite" else "database.dump")
        (_dump_sqlite if kind == "sqlite" else _dump_postgresql)(dump)
        media = Path(settings.MEDIA_ROOT)
        files = sorted(p for p in media.rglob("*") if p.is_file()) if media.is_dir() else []
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database": kind,
            "ndrc_version": _ndrc_version(),
            "migrations": _applied_migrations(),
            "files": len(files),
        }
        draft = Path(work) / "backup.tar.gz"
        with tarfile.open(draft, "w:gz") as archive:
            _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2).encode())
            archive.add(dump, arcname=dump.name)
            for path in files:
                archive.add(path, arcname=f"{MEDIA}/{path.relative_to(media).as_posix()}")
        os.replace(draft, target)
    return Summary(kind, len(files), len(manifest["migrations"]), manifest["created_at"])


def restore(source: Path, *, force: bool = False) -> Summary:
    """Restore the archive `source` into the configured database and MEDIA_ROOT."""
    try:
        archive = tarfile.open(source, "r:gz")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{source} : archive illisible ({error}).") from error
    with archive, tempfile.TemporaryDirectory(prefix="ndrc-restore-") as work:
        manifest = _read_manifest(archive)
        kind = connection.vendor
        if manifest["database"] != kind:
            raise BackupError(
                f"Sauvegarde d'une base {manifest['database']}, base configurée {kind} : "
                "restaurez dans le même type de base."
            )
        unknown = _unknown_migrations(manifest["migrations"])
        if unknown:
            raise BackupError(
                "Sauvegarde faite par une version plus récente de ndrc (migrations inconnues : "
                f"{', '.join(unknown[:5])}) : installez cette version pour la restaurer."
            )
        if not force and _holds_records():
            raise BackupError(
                "La base de données contient déjà des enregistrements : la restauration les "
                "remplacerait. Restaurez dans une base vide, ou ajoutez --force."
            )
        dump_name = "database.sqlite3" if kind == "sqlite" else "database.dump"
        dump = Path(work) / dump_name
        media = Path(work) / MEDIA
        files = _extract(archive, dump_name, dump, media)
        connections.close_all()
        (_load_sqlite if kind == "sqlite" else _load_postgresql)(dump)
        _replace_media(media)
    connections.close_all()
    # A backup made by an older version gets this version's schema.
    call_command("migrate", interactive=False, verbosity=0)
    return Summary(kind, files, len(manifest["migrations"]), manifest["created_at"])


# --- Database dumps ---------------------------------------------------------------------------


def _dump_sqlite(target: Path) -> None:
    source = sqlite3.connect(settings.DATABASES["default"]["NAME"])
    copy = sqlite3.connect(target)
    try:
        with copy:
            source.backup(copy)  # page by page, consistent even while others write
    finally:
        copy.close()
        source.close()


def _load_sqlite(dump: Path) -> None:
    name = Path(settings.DATABASES["default"]["NAME"])
    name.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(dump)
    target = sqlite3.connect(name, timeout=60)
    try:
        with target:
            source.backup(target)  # replaces every page of the live database, WAL included
    finally:
        target.close()
        source.close()


def _postgresql(program: str, *arguments: str) -> None:
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(
            f"{program} introuvable : installez le client PostgreSQL (paquet postgresql-client)."
        )
    database = settings.DATABASES["default"]
    environment = {
        **os.environ,
        "PGHOST": database["HOST"] or "",
        "PGPORT": str(database["PORT"] or ""),
        "PGUSER": database["USER"] or "",
        "PGPASSWORD": database["PASSWORD"] or "",  # never on the command line
        "PGDATABASE": database["NAME"],
    }
    result = subprocess.run(  # noqa: S603  (a fixed program, arguments from this module)
        [executable, *arguments],
        env={k: v for k, v in environment.items() if v != ""},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"{program} a échoué : {result.stderr.strip()}")


def _dump_postgresql(target: Path) -> None:
    _postgresql("pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}")


def _load_postgresql(dump: Path) -> None:
    # One transaction: a restore that fails leaves the database as it was.
    _postgresql(
        "pg_restore",
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        f"--dbname={settings.DATABASES['default']['NAME']}",
        str(dump),
    )


# --- What the database holds ------------------------------------------------------------------


def _applied_migrations() -> list[str]:
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return []
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _unknown_migrations(applied: list[str]) -> list[str]:
    known = {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}
    return sorted(set(applied) - known)


def _holds_records() -> bool:
    tables = set(connection.introspection.table_names())
    return any(
        model._base_manager.exists()
        for model in apps.get_models()
        if model._meta.label_lower not in BOOKKEEPING and model._meta.db_table in tables
    )


# --- The archive ------------------------------------------------------------------------------


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.datetime.now(datetime.UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))


def _read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        member = archive.extractfile(MANIFEST)
        manifest = json.load(member) if member else None
    except (KeyError, ValueError) as error:
        raise BackupError("Archive sans manifeste : ce n'est pas une sauvegarde ndrc.") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("Manifeste inconnu : ce n'est pas une sauvegarde ndrc de ce format.")
    return manifest


def _extract(archive: tarfile.TarFile, dump_name: str, dump: Path, media: Path) -> int:
    """Write the dump and the media files out of the archive, only those, only under `media`."""
    files = 0
    found_dump = False
    for member in archive:
        path = PurePosixPath(member.name)
        if member.isdir() or member.name == MANIFEST:
            continue
        if not member.isfile() or path.is_absolute() or ".." in path.parts:
            raise BackupError(f"Entrée suspecte dans l'archive : {member.name}")
        if member.name == dump_name:
            target, found_dump = dump, True
        elif path.parts[0] == MEDIA and len(path.parts) > 1:
            target, files = media.joinpath(*path.parts[1:]), files + 1
        else:
            raise BackupError(f"Entrée inattendue dans l'archive : {member.name}")
        target.parent.mkdir(parents=True, exist_ok=True)
        with archive.extractfile(member) as content, open(target, "wb") as out:
            shutil.copyfileobj(content, out)
    if not found_dump:
        raise BackupError("Archive sans base de données : sauvegarde incomplète.")
    return files


def _replace_media(restored: Path) -> None:
    """MEDIA_ROOT becomes the backup's files; files there before are moved aside, not lost."""
    media = Path(settings.MEDIA_ROOT)
    if media.exists() and any(media.iterdir()):
        stamp = f"{timezone.localtime():%Y%m%d-%H%M%S}"
        aside = media.with_name(f"{media.name}.avant-restauration-{stamp}")
        media.rename(aside)
    elif media.exists():
        media.rmdir()
    media.parent.mkdir(parents=True, exist_ok=True)
    if restored.exists():
        shutil.move(str(restored), str(media))
    else:
        media.mkdir()


def _ndrc_version() -> str:
    try:
        return version("ndrc")
    except PackageNotFoundError:
        return "inconnue"
