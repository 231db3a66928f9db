"""Imports of companies, found again by SIRET, created and changed through the companies'
services."""

import copy
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError

from ndrc.companies import services as company_services
from ndrc.companies.models import Company
from ndrc.core.services import require_manager
from ndrc.core.tabular import Row
from ndrc.core.validators import normalise_digits, validate_postal_code, validate_siret
from ndrc.imports.columns import COMPANY_COLUMNS, ColumnMap
from ndrc.imports.models import ImportKind
from ndrc.imports.services.importer import (
    Importer,
    LineReader,
    draft_of,
    field_changes,
    fields_to_update,
    find_by,
    repeated_values,
)
from ndrc.imports.services.reports import LineError, Outcome, RowResult

COMPANY_IMPORT_FIELDS = ("name", "headcount", "street", "postal_code", "city", "naf_code")


def _headcount(text: str) -> int:
    digits = text.replace(" ", "").replace("\u202f", "")
    if not digits.isdigit():
        raise ValidationError(f"« {text} » n'est pas un nombre entier de salariés.")
    return int(digits)


class CompanyImporter(Importer):
    """The shared directory of companies, keyed by SIRET."""

    kind = ImportKind.COMPANIES
    columns = COMPANY_COLUMNS

    def __init__(self, *, by: Any) -> None:
        require_manager(by)
        self.by = by

    def parse(self, row: Row, columns: ColumnMap) -> tuple[dict[str, Any], list[LineError]]:
        read = LineReader(self, row, columns)
        siret = read.required("siret")
        values: dict[str, Any] = {
            "siret": read.checked("siret", normalise_digits(siret), validate_siret),
            "name": read.required("name"),
            "headcount": read.checked("headcount", read.text("headcount"), _headcount),
            "street": read.street(),
            "postal_code": read.checked(
                "postal_code", read.text("postal_code"), validate_postal_code
            ),
            "city": read.text("city"),
            "naf_code": read.text("naf_code").replace(" ", "").upper(),
        }
        if values["headcount"] == "":
            values["headcount"] = None
        return values, read.errors

    def duplicates(self, lines: list[tuple[int, dict[str, Any]]], columns: ColumnMap) -> list:
        return repeated_values(lines, "siret", self.column_of("siret", columns), "SIRET")

    def prepare(self, lines: list[dict[str, Any]]) -> None:
        self.known = find_by(Company.objects.all(), "siret", (v["siret"] for v in lines))

    def preview(self, line: int, values: dict[str, Any]) -> RowResult:
        fields = {name: values[name] for name in COMPANY_IMPORT_FIELDS}
        company = self.known.get(values["siret"])
        if company is None:
            draft = Company(siret=values["siret"], **fields)
            draft.full_clean()  # what `create_company` validates before saving
            return _company_created(line, draft)
        changes = fields_to_update(company, fields)
        draft = draft_of(company, changes)
        if changes:
            draft.full_clean()  # what `update_company` validates before saving
        return _company_changed(line, company, draft, changes)

    def apply(self, line: int, values: dict[str, Any]) -> RowResult:
        fields = {name: values[name] for name in COMPANY_IMPORT_FIELDS}
        company = self.known.get(values["siret"])
        if company is None:
            company = company_services.create_company(siret=values["siret"], by=self.by, **fields)
            return _company_created(line, company)
        changes = fields_to_update(company, fields)
        before = copy.copy(company)
        if changes:
            company_services.update_company(company=company, changes=changes, by=self.by)
        return _company_changed(line, before, company, changes)


def _company_created(line: int, company: Company) -> RowResult:
    created = {n: getattr(company, n) for n in ("siret", *COMPANY_IMPORT_FIELDS)}
    changes = field_changes(Company, {}, created)
    return RowResult(line, Outcome.CREATED, _company_label(company), company.pk, changes)


def _company_changed(line: int, before: Company, after: Company, names: Iterable[str]) -> RowResult:
    diff = field_changes(
        Company, {n: getattr(before, n) for n in names}, {n: getattr(after, n) for n in names}
    )
    outcome = Outcome.CHANGED if diff else Outcome.UNCHANGED
    return RowResult(line, outcome, _company_label(after), after.pk, diff)


def _company_label(company: Company) -> str:
    return f"{company.name} (SIRET {company.siret})"
