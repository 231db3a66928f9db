"""`ndrc import-learners` and `ndrc import-companies`: preview, --apply, exit 2 on a bad file."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from ndrc.__main__ import main
from ndrc.companies.models import Company
from ndrc.core.models import AuditEntry
from ndrc.learners.models import Learner

FILES = Path(__file__).parent / "files"
PARCOURSUP = str(FILES / "parcoursup_admissions.csv")


def command(*args):
    """Run a command; (exit status, standard output, standard error)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_the_learners_preview_prints_what_would_change_and_writes_nothing(demo):
    cohort = str(demo.first_year.pk)
    status, out, _err = command(
        "import-learners", PARCOURSUP, "--cohort", cohort, "--on", "2026-09-01"
    )
    assert status == 0
    assert "Aperçu, rien n'est enregistré" in out
    assert "5 à créer, 0 à modifier, 0 inchangées" in out
    assert "ligne 2 : FONTAINE Maëlle — à créer" in out
    assert not Learner.objects.filter(parcoursup_number="4821093").exists()


def test_apply_then_apply_again_changes_nothing(demo):
    cohort = str(demo.first_year.pk)
    args = ("import-learners", PARCOURSUP, "--cohort", cohort, "--apply", "--user", "responsable")
    status, out, _err = command(*args, "--on", "2026-09-01")
    assert status == 0 and "Import appliqué : 5 lignes — 5 créées" in out
    entry = AuditEntry.objects.filter(content_type__model="learner").latest("pk")
    assert entry.actor == demo.users["responsable"]
    assert entry.origin == f"ndrc import-learners {PARCOURSUP}"
    entries = AuditEntry.objects.count()
    status, out, _err = command(*args, "--on", "2026-09-01")
    assert "0 créées, 0 modifiées, 5 inchangées" in out
    assert AuditEntry.objects.count() == entries


def test_a_rejected_learners_file_exits_2_with_its_lines_on_stderr(demo, tmp_path):
    bad = tmp_path / "admissions.csv"
    bad.write_bytes(
        (FILES / "parcoursup_admissions.csv").read_bytes().replace(b"14/03/2007", b"14/03/2030")
    )
    status, _out, err = command(
        "import-learners", str(bad), "--cohort", str(demo.first_year.pk), "--apply"
    )
    assert status == 2
    assert "fichier refusé, 1 erreur(s) ; rien n'a été modifié" in err
    assert (
        "Ligne 2, colonne « Date de naissance » : Date de naissance 14/03/2030 dans le futur" in err
    )
    assert not Learner.objects.filter(parcoursup_number__startswith="482").exists()


def test_a_teacher_cannot_import_from_the_command_line(demo):
    args = (
        "import-learners",
        PARCOURSUP,
        "--cohort",
        str(demo.second_year.pk),
        "--user",
        "enseignant",
    )
    status, _out, err = command(*args)
    assert status == 2
    assert "enseignant ne peut pas faire cet import" in err


def test_an_unknown_cohort_exits_2(demo):
    status, _out, err = command("import-learners", PARCOURSUP, "--cohort", "999")
    assert (status, err.strip()) == (2, "ndrc : erreur : promotion 999 introuvable.")


def test_the_companies_import_applies(demo):
    status, out, _err = command("import-companies", str(FILES / "companies.csv"), "--apply")
    assert status == 0
    assert "2 créées, 1 modifiées" in out
    assert "effectif : 240 → 250" in out
    assert Company.objects.get(siret="41234567000019").headcount == 250


def test_an_invalid_siret_exits_2(demo, tmp_path):
    bad = tmp_path / "entreprises.csv"
    bad.write_bytes(
        (FILES / "companies.csv").read_bytes().replace(b"41234567000019", b"41234567000018")
    )
    status, _out, err = command("import-companies", str(bad), "--apply")
    assert status == 2
    assert "Ligne 3, colonne « SIRET » : SIRET « 41234567000018 » invalide" in err
    assert Company.objects.get(siret="41234567000019").headcount == 240


def _in_another_encoding(tmp_path, encoding) -> Path:
    bad = tmp_path / "entreprises.csv"
    bad.write_bytes((FILES / "companies.csv").read_text("utf-8").encode(encoding))
    return bad


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16"])
def test_the_command_line_exits_2_on_a_file_in_another_encoding(tmp_path, encoding, capsys):
    # `ndrc`'s own entry point, in the test's process; no database (no `db` fixture): the file is
    # refused before any is read.
    with pytest.raises(SystemExit) as exit_:
        main(["import-companies", str(_in_another_encoding(tmp_path, encoding))])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "refusé" in err and "UTF-" in err


def test_the_real_command_line_exits_2_on_a_file_in_another_encoding(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ndrc",
            "import-companies",
            str(_in_another_encoding(tmp_path, "cp1252")),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "NDRC_DATA_DIR": str(tmp_path)},
        check=False,
    )
    assert result.returncode == 2
    assert "refusé" in result.stderr and "UTF-" in result.stderr
