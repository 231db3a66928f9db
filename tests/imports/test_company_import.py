"""A training manager imports companies (SIRET, name, headcount, address) from CSV or XLSX."""

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ndrc.companies.models import Company
from ndrc.core import services as core_services
from ndrc.core.models import AuditEntry, Role
from ndrc.core.tabular import read_table
from ndrc.core.validators import luhn_ok
from ndrc.imports.services import CompanyImporter, Outcome, iter_import, run
from tests import factories

FILES = Path(__file__).parent / "files"


def import_companies(data, by, *, apply=True):
    return run(iter_import(CompanyImporter(by=by), read_table(data), apply=apply))


def companies_file():
    return (FILES / "companies.csv").read_bytes()


def state():
    return (
        sorted(Company.objects.values_list("siret", "name", "headcount", "street", "naf_code")),
        AuditEntry.objects.count(),
    )


def test_a_companies_file_creates_the_new_and_updates_the_known(demo):
    manager = demo.users["responsable"]
    report = import_companies(companies_file(), manager)
    assert report.counts == {"total": 3, "created": 2, "changed": 1, "unchanged": 0, "errors": 0}
    bakery = Company.objects.get(siret="84512378900016")  # written with spaces in the file
    assert (bakery.name, bakery.headcount, bakery.naf_code) == (
        "Boulangerie des Pentes",
        12,
        "1071C",
    )
    (changed,) = report.with_outcome(Outcome.CHANGED)
    assert changed.record == "Rhône Distribution (SIRET 41234567000019)"
    assert [(c.field, c.before, c.after) for c in changed.changes] == [("headcount", "240", "250")]
    assert Company.objects.get(siret="50298765400014").headcount is None


def test_reimporting_the_companies_changes_nothing(demo):
    manager = demo.users["responsable"]
    import_companies(companies_file(), manager)
    before = state()
    report = import_companies(companies_file(), manager)
    assert report.counts["unchanged"] == 3
    assert state() == before


def test_the_preview_writes_nothing(demo):
    before = state()
    report = import_companies(companies_file(), demo.users["responsable"], apply=False)
    assert report.counts["created"] == 2 and not report.applied
    assert state() == before


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        ("12345678900000;Fausse SARL;3;;;;", "SIRET", "SIRET « 12345678900000 » invalide"),
        ("84512378900016;;3;;;;", "Raison sociale", "valeur obligatoire manquante"),
        ("84512378900016;Sans Effectif;une dizaine;;;;", "Effectif", "n'est pas un nombre entier"),
        ("84512378900016;Mauvais CP;3;;6900;Lyon;", "Code postal", "Code postal « 6900 » invalide"),
    ],
)
def test_a_bad_line_is_named_and_nothing_changes(db, line, column, message):
    manager = factories.manager_of(factories.centre())
    data = companies_file() + line.encode() + b"\n"
    before = state()
    report = import_companies(data, manager)
    assert report.rejected
    ((error),) = report.errors
    assert (error.line, error.column) == (5, column)
    assert message in error.message
    assert state() == before


def test_a_duplicated_siret_is_named(db):
    manager = factories.manager_of(factories.centre())
    data = companies_file() + b"845 123 78900016;Boulangerie bis;3;;;;\n"
    (error,) = import_companies(data, manager).errors
    assert str(error) == "Ligne 5, colonne « SIRET » : SIRET 84512378900016 déjà présent ligne 2."


def test_a_teacher_cannot_import_companies(demo):
    with pytest.raises(PermissionDenied):
        CompanyImporter(by=demo.users["enseignant"])
    assert Role.TEACHER in {m.role for m in demo.users["enseignant"].memberships.all()}


def _companies_file(count: int) -> bytes:
    """`count` new companies, each SIRET given its valid last (Luhn) digit."""
    lines = ["SIRET;Raison sociale;Effectif"]
    for n in range(count):
        body = f"{400000000 + n:09d}0001"
        siret = next(body + str(key) for key in range(10) if luhn_ok(body + str(key)))
        lines.append(f"{siret};Entreprise {n};{n}")
    return "\n".join(lines).encode()


def _queries(data: bytes, manager, *, apply: bool) -> int:
    with CaptureQueriesContext(connection) as queries:
        report = import_companies(data, manager, apply=apply)
    assert report.counts["errors"] == 0
    return len(queries)


@pytest.mark.parametrize("apply", [False, True])
def test_a_large_companies_file_takes_no_more_queries_than_a_small_one(db, apply):
    """Issue 10: a thousand companies imported in under a second — their lines are checked and
    created a slice at once, not one query after another per line."""
    manager = factories.manager_of(factories.centre())
    # Both files run in twenty progress slices: of one line, then of three.
    few = _queries(_companies_file(20), manager, apply=apply)
    Company.objects.all().delete()
    many = _queries(_companies_file(60), manager, apply=apply)
    assert Company.objects.count() == (60 if apply else 0)
    assert many <= few


def test_a_siret_taken_by_someone_else_during_the_import_is_named_on_its_line(db, monkeypatch):
    """Issue 10, hole 9: another user creates a company of the file between the import's check
    and its write; the database refuses the SIRET, the line says so and nothing is applied."""
    manager = factories.manager_of(factories.centre())
    check = core_services.full_clean_many
    raced = []

    def check_then_race(objs, **kwargs):
        found = check(objs, **kwargs)
        if not raced and isinstance(objs[0], Company):
            raced.append(True)
            factories.company(name="Créée entre-temps", siret=objs[0].siret)
        return found

    monkeypatch.setattr(core_services, "full_clean_many", check_then_race)
    report = import_companies(_companies_file(3), manager)
    (error,) = report.errors
    assert (error.line, error.column) == (2, "SIRET")
    assert "existe déjà" in error.message
    assert not report.applied and not Company.objects.exists()
