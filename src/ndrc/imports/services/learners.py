"""Imports of a cohort's learners (a Parcoursup export, or the cohort's own re-import file):
found again by INE, else by Parcoursup number; created and changed through the learners'
services."""

import copy
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from ndrc.core.permissions import Action, can, require
from ndrc.core.tabular import Row
from ndrc.core.validators import (
    normalise_phone,
    validate_birth_date,
    validate_ine,
    validate_postal_code,
)
from ndrc.imports.columns import LEARNER_COLUMNS, LEARNER_KEYS, ColumnMap, normalise_header
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
    parse_date,
    repeated_values,
)
from ndrc.imports.services.reports import FieldChange, LineError, Outcome, RowResult
from ndrc.learners import services as learner_services
from ndrc.learners.models import PERSONAL_FIELDS, Cohort, Learner, candidate_category_choices

# The columns that fill the learner's own data, in the columns' order (the report's order).
LEARNER_IMPORT_FIELDS = tuple(c.field for c in LEARNER_COLUMNS if c.field in PERSONAL_FIELDS)


class LearnerImporter(Importer):
    """Learners of one cohort; a new learner gets `default_category` unless the file has one."""

    kind = ImportKind.LEARNERS
    columns = LEARNER_COLUMNS

    def __init__(self, *, cohort: Cohort, default_category: str, on: date, by: Any) -> None:
        require(by, Action.CHANGE, cohort)
        self.cohort, self.on, self.by = cohort, on, by
        self.categories = dict(candidate_category_choices(cohort.framework))
        if default_category not in self.categories:
            raise ValidationError(
                {"default_category": f"Statut du candidat « {default_category} » inconnu."}
            )
        self.default_category = default_category
        self.category_names = {normalise_header(code): code for code in self.categories}
        self.category_names.update(
            {normalise_header(label): code for code, label in self.categories.items()}
        )

    def check_header(self, columns: ColumnMap) -> list[LineError]:
        errors = super().check_header(columns)
        if not any(key in columns.sources for key in LEARNER_KEYS):
            errors.append(
                LineError(
                    1,
                    "INE / Numéro Parcoursup",
                    "il faut au moins une colonne « INE » ou « Numéro » (Parcoursup) : c'est "
                    "elle qui permet de retrouver l'apprenant lors d'un nouvel import.",
                )
            )
        return errors

    def parse(self, row: Row, columns: ColumnMap) -> tuple[dict[str, Any], list[LineError]]:
        read = LineReader(self, row, columns)
        values: dict[str, Any] = {
            "last_name": read.required("last_name"),
            "first_name": read.required("first_name"),
        }
        birth = read.required("birth_date")
        values["birth_date"] = None
        if birth:
            try:
                values["birth_date"] = parse_date(birth)
            except ValueError as error:
                read.fail("birth_date", str(error))
            else:
                read.checked("birth_date", values["birth_date"], self._birth_date)
        values["ine"] = read.checked("ine", read.text("ine").replace(" ", "").upper(), validate_ine)
        values["parcoursup_number"] = read.text("parcoursup_number").replace(" ", "")
        if not values["ine"] and not values["parcoursup_number"]:
            read.fail("ine", "INE ou numéro Parcoursup obligatoire (l'un des deux au moins).")
        values["email"] = read.checked("email", read.text("email"), validate_email)
        values["phone"] = read.checked("phone", read.text("phone"), normalise_phone)
        values["street"] = read.street()
        values["postal_code"] = read.checked(
            "postal_code", read.text("postal_code"), validate_postal_code
        )
        values["city"] = read.text("city")
        values["guardian_name"] = read.text("guardian_name")
        values["guardian_email"] = read.checked(
            "guardian_email", read.text("guardian_email"), validate_email
        )
        values["guardian_phone"] = read.checked(
            "guardian_phone", read.text("guardian_phone"), normalise_phone
        )
        values["category"] = read.checked("category", read.text("category"), self._category)
        return values, read.errors

    def _birth_date(self, value: date) -> None:
        validate_birth_date(value, on=self.on)

    def _category(self, text: str) -> str:
        code = self.category_names.get(normalise_header(text))
        if code is None:
            raise ValidationError(
                f"statut « {text} » inconnu ; valeurs acceptées : {', '.join(self.categories)}."
            )
        return code

    def duplicates(self, lines: list[tuple[int, dict[str, Any]]], columns: ColumnMap) -> list:
        return repeated_values(
            lines, "ine", self.column_of("ine", columns), "INE"
        ) + repeated_values(
            lines,
            "parcoursup_number",
            self.column_of("parcoursup_number", columns),
            "Numéro Parcoursup",
        )

    def prepare(self, lines: list[dict[str, Any]]) -> None:
        learners = (
            Learner.objects.filter(erased_on__isnull=True)
            .select_related("cohort")
            .prefetch_related("category_periods")
        )
        self.by_ine = find_by(learners, "ine", (v["ine"] for v in lines))
        numbers = (v["parcoursup_number"] for v in lines)
        self.by_number = find_by(learners, "parcoursup_number", numbers)

    def _match(self, values: Mapping[str, Any]) -> Learner | None:
        """The learner with the line's INE, else its Parcoursup number (erased people aside)."""
        by_ine = self.by_ine.get(values["ine"]) if values["ine"] else None
        number = values["parcoursup_number"]
        by_number = self.by_number.get(number) if number else None
        if by_ine and by_number and by_ine.pk != by_number.pk:
            raise ValidationError(
                {
                    "ine": "l'INE et le numéro Parcoursup de la ligne désignent deux apprenants "
                    "différents déjà enregistrés."
                }
            )
        found = by_ine or by_number
        if found is not None and found.cohort_id != self.cohort.pk:
            key = "ine" if by_ine else "parcoursup_number"
            where = (
                f"la promotion « {found.cohort} »"
                if can(self.by, Action.VIEW, found.cohort)
                else "une promotion d'un autre centre"
            )
            raise ValidationError(
                {
                    key: f"cet apprenant est déjà inscrit dans {where} ; changez sa promotion "
                    "depuis sa fiche."
                }
            )
        return found

    def preview_lines(self, lines: Sequence[Line]) -> list[RowResult | ValidationError]:
        """What each line would do, its record (new, or a copy of the one found with the file's
        values) checked as the services check it (`check_learners`, all at once), unwritten."""
        outcomes: list[RowResult | ValidationError | None] = [None] * len(lines)
        drafts: list[tuple[int, Learner, Learner | None, dict[str, Any], str | None]] = []
        for index, (line, values) in enumerate(lines):
            fields = {name: values[name] for name in LEARNER_IMPORT_FIELDS}
            try:
                learner = self._match(values)
            except ValidationError as error:
                outcomes[index] = error
                continue
            if learner is None:
                category = values["category"] or self.default_category
                drafts.append((index, Learner(cohort=self.cohort, **fields), None, {}, category))
                continue
            changes = fields_to_update(learner, fields)
            if not changes:
                outcomes[index] = self._changed(line, learner, learner, (), values["category"])
            else:
                drafts.append((index, draft_of(learner, changes), learner, changes, None))
        checked = learner_services.check_learners(
            [draft for _i, draft, *_rest in drafts],
            on=self.on,
            categories=[category for *_rest, category in drafts],
        )
        for (index, draft, learner, changes, category), error in zip(drafts, checked, strict=True):
            line, values = lines[index]
            if error is not None:
                outcomes[index] = error
            elif learner is None:
                outcomes[index] = self._created(line, draft, category)
            else:
                outcomes[index] = self._changed(line, learner, draft, changes, values["category"])
        return outcomes

    def apply_lines(self, lines: Sequence[Line]) -> list[RowResult | ValidationError]:
        """Change the learners found (`update_learner`, line by line) and create the new ones
        (`create_learners`, all at once)."""
        outcomes: list[RowResult | ValidationError | None] = [None] * len(lines)
        new: list[tuple[int, dict[str, Any]]] = []
        for index, (line, values) in enumerate(lines):
            fields = {name: values[name] for name in LEARNER_IMPORT_FIELDS}
            try:
                learner = self._match(values)
                if learner is None:
                    category = values["category"] or self.default_category
                    new.append((index, {**fields, "category": category}))
                else:
                    outcomes[index] = self._update(line, learner, fields, values["category"])
            except ValidationError as error:
                outcomes[index] = error

        def create(given: list[dict[str, Any]]) -> list[Learner]:
            return learner_services.create_learners(
                cohort=self.cohort, learners=given, on=self.on, by=self.by
            )

        categories = {index: given["category"] for index, given in new}
        for index, learner in create_at_once(new, create, outcomes):
            outcomes[index] = self._created(lines[index][0], learner, categories[index])
        return outcomes

    def _update(
        self, line: int, learner: Learner, fields: dict[str, Any], category: str
    ) -> RowResult:
        changes = fields_to_update(learner, fields)
        if not changes:
            return self._changed(line, learner, learner, (), category)
        before = copy.copy(learner)
        learner_services.update_learner(learner=learner, changes=changes, on=self.on, by=self.by)
        return self._changed(line, before, learner, changes, category)

    def _created(self, line: int, learner: Learner, category: str) -> RowResult:
        created = {n: getattr(learner, n) for n in LEARNER_IMPORT_FIELDS}
        category_change = FieldChange(
            "category", "Statut du candidat", "", self.categories[category]
        )
        changes = (*field_changes(Learner, {}, created), category_change)
        return RowResult(line, Outcome.CREATED, str(learner), learner.pk, changes)

    def _changed(
        self, line: int, before: Learner, after: Learner, names: Iterable[str], category: str
    ) -> RowResult:
        """Changed (or unchanged, once normalised: a phone written another way) and, when the
        file's category differs from the record's, a note saying it is not applied."""
        notes = ()
        current = before.current_category
        if category and current and category != current:
            notes = (
                f"Statut « {self.categories[category]} » dans le fichier, « "
                f"{self.categories.get(current, current)} » enregistré : un import ne change pas "
                "le statut (changement daté, depuis la fiche de l'apprenant).",
            )
        diff = field_changes(
            Learner, {n: getattr(before, n) for n in names}, {n: getattr(after, n) for n in names}
        )
        outcome = Outcome.CHANGED if diff else Outcome.UNCHANGED
        return RowResult(line, outcome, str(after), after.pk, diff, notes)
