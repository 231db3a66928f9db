"""Imports of companies, found again by SIRET, created and changed through the companies'
services."""

import copy
from collections.abc import Iterable, Sequence
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
    Line,
    LineReader,
    create_at_once,
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

    def preview_lines(self, lines: Sequence[Line]) -> list[RowResult | ValidationError]:
        """What each line would do, its record (new, or a copy of the one found with the file's
        values) checked as the services check it (`check_companies`, all at once), unwritten."""
        outcomes: list[RowResult | ValidationError | None] = [None] * len(lines)
        drafts: list[tuple[int, Company, Company | None, dict[str, Any]]] = []
        for index, (line, values) in enumerate(lines):
            fields = {name: values[name] for name in COMPANY_IMPORT_FIELDS}
            company = self.known.get(values["siret"])
            if company is None:
                draft = company_services.new_company(siret=values["siret"], **fields)
                drafts.append((index, draft, None, {}))
                continue
            changes = fields_to_update(company, fields)
            if not changes:
                outcomes[index] = _company_changed(line, company, company, ())
            else:
                drafts.append((index, draft_of(company, changes), company, changes))
        checked = company_services.check_companies([draft for _i, draft, *_rest in drafts])
        for (index, draft, company, changes), error in zip(drafts, checked, strict=True):
            line = lines[index][0]
            if error is not None:
                outcomes[index] = error
            elif company is None:
                outcomes[index] = _company_created(line, draft)
            else:
                outcomes[index] = _company_changed(line, company, draft, changes)
        return outcomes

    def apply_lines(self, lines: Sequence[Line]) -> list[RowResult | ValidationError]:
        """Change the companies found (`update_company`, line by line) and create the new ones
        (`create_companies`, all at once)."""
        outcomes: list[RowResult | ValidationError | None] = [None] * len(lines)
        new: list[tuple[int, dict[str, Any]]] = []
        for index, (line, values) in enumerate(lines):
            fields = {name: values[name] for name in COMPANY_IMPORT_FIELDS}
            company = self.known.get(values["siret"])
            if company is None:
                new.append((index, {"siret": values["siret"], **fields}))
                continue
            changes = fields_to_update(company, fields)
            before = copy.copy(company)
            try:
                if changes:
                    company_services.update_company(company=company, changes=changes, by=self.by)
            except ValidationError as error:
                outcomes[index] = error
            else:
                outcomes[index] = _company_changed(line, before, company, changes)

        def create(given: list[dict[str, Any]]) -> list[Company]:
            return company_services.create_companies(companies=given, by=self.by)

        for index, company in create_at_once(new, create, outcomes):
            outcomes[index] = _company_created(lines[index][0], company)
        return outcomes


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
