"""Dossier conformity (E4, E6): each learner's dossier built from the application's records
and checked by the engine (`ndrc.regulation.conformity`), on a date, for a learner and a cohort;
and the records of the dossier (filing, certificates of employment)."""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any, NamedTuple

from django.db.models import Prefetch, QuerySet, TextField, prefetch_related_objects
from django.db.models.functions import Cast
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override

from ndrc.contracts.selectors import InternshipTotals, internship_prefetch, internship_progress
from ndrc.core.permissions import Access, Action, get_record_for, rule
from ndrc.learners.models import Cohort, Learner
from ndrc.learners.selectors import learner_access, learners_of_cohorts
from ndrc.portfolio.models import (
    ActivitySheet,
    DossierDeadline,
    DossierExam,
    E4Nature,
    EmploymentCertificate,
    ExamDossier,
    NetworkType,
    SheetStatus,
    StoredCohortDossiers,
    StoredDossierCheck,
)
from ndrc.portfolio.selectors.sheets import exam_skill_block, loaded_sheets, sheets_prefetch
from ndrc.regulation.conformity import (
    EFFECT_INVALID,
    Certificate,
    ConformityResult,
    Dossier,
    Finding,
    Sheet,
    check_dossier,
)
from ndrc.regulation.errors import InputError
from ndrc.regulation.explanation import Message, comma_list, message_data, message_from_data
from ndrc.regulation.framework import load_framework

# Before the deadline, a dossier not yet filed (nor visaed by the centre) is work to do, not a
# risk; every other finding is (docs/portfolio.md).
AT_RISK, PENALTY_RISK, ON_TRACK, UNCHECKED = "at_risk", "penalty_risk", "on_track", "unchecked"
# The notes are engine-style `Message`s (French, shown in the reader's language), their
# templates marked for the catalogue by gettext_noop.
VISA_MISSING = Message(gettext_noop("Visa et signature de l'établissement non enregistrés."))
NO_DEADLINE = Message(gettext_noop("Date limite de dépôt non fixée pour cette promotion."))


@dataclass
class DossierCheck:
    learner: Learner
    exam: str
    on: date
    deadline: date | None
    sheets: list[ActivitySheet]  # the sheets the dossier would hold, in the national order
    result: ConformityResult | None
    risk: str  # at_risk | penalty_risk | on_track | unchecked
    findings: list[Finding]  # the findings that matter on the date asked
    pending: list[str]  # what is still to do and not yet a risk
    notes: list[str]  # why the application gave the engine what it gave (`Message`s)
    error: str = ""  # a `Message` (its template kept) unless an engine input error
    practice: InternshipTotals | None = None  # the internship figures the check used
    # The same figures, as stored (`StoredDossierCheck.practice`) or read from `practice`.
    weeks: dict[str, Any] | None = None

    @property
    def days_left(self) -> int | None:
        return None if self.deadline is None else (self.deadline - self.on).days


def _weeks(practice: InternshipTotals | None) -> dict[str, Any] | None:
    """The internship figures the cohort page shows, as text (stored in JSON)."""
    if practice is None:
        return None
    return {
        "required": practice.certified.required.minimum_weeks,
        "certified": str(_decimal(practice.certified.total_weeks)),
        "planned": str(_decimal(practice.with_planned.total_weeks)),
        "apprenticeship": bool(practice.apprenticeship_contracts),
    }


def dossier_sheets(learner: Learner, exam: str) -> list[ActivitySheet]:
    """The sheets of the learner's dossier: for each nature (E4) or network type (E6), in the
    national order, the best validated sheet — attested first, then relating a real network
    experience, then complete, then the latest validated."""
    kinds = E4Nature if exam == DossierExam.E4 else NetworkType
    # A cohort's learners come with their sheets loaded by `conformity_prefetch()`.
    validated = [
        s for s in loaded_sheets(learner) if s.exam == exam and s.status == SheetStatus.VALIDATED
    ]
    chosen = []
    for kind in kinds:
        candidates = [s for s in validated if s.kind == kind.value]
        if candidates:
            chosen.append(
                max(
                    candidates,
                    key=lambda s: (
                        s.is_attested,
                        s.real_network_experience,
                        s.is_complete,
                        s.validated_on or date.min,
                        s.pk,
                    ),
                )
            )
    return chosen


def build_dossier(
    learner: Learner, exam: str, *, deadline: date
) -> tuple[Dossier, list[ActivitySheet], list[str], InternshipTotals]:
    """The conformity control's input for a learner's dossier, from the application's records.

    Returns the engine's `Dossier`, the sheets it holds, notes saying where each value came
    from, and the internship totals of the contracts app it used (category on the deadline).
    Raises `InputError` when the learner has no candidate category on the deadline.
    """
    framework = load_framework(learner.cohort.framework)
    block = exam_skill_block(exam, framework)
    category = learner.category_on(deadline)
    if category is None:
        raise InputError(
            Message(
                gettext_noop(
                    "%(learner)s : aucune catégorie de candidat à la date limite du %(deadline)s"
                ),
                learner=str(learner),
                deadline=deadline,
            )
        )
    sheets = dossier_sheets(learner, exam)
    notes = []
    engine_sheets = []
    for sheet in sheets:
        covers = any(tag.criterion.startswith(f"{block}-") for tag in sheet.tags.all())
        if not covers:
            notes.append(
                Message(
                    gettext_noop("Fiche « %(title)s » : aucun critère du bloc %(block)s indiqué."),
                    title=sheet.title,
                    block=block,
                )
            )
        with override("fr"):  # the headings' French names, msgids of the catalogue
            missing = [Message(str(heading)) for heading in sheet.missing_headings()]
        if missing:
            notes.append(
                Message(
                    gettext_noop("Fiche « %(title)s » : rubriques vides : %(headings)s."),
                    title=sheet.title,
                    headings=comma_list(missing),
                )
            )
        engine_sheets.append(
            Sheet(
                nature=sheet.kind,
                complete=not missing,
                real_network_experience=sheet.real_network_experience,
                covers_activity_area=covers,
            )
        )
    filing = filing_of(learner, exam)
    unattested = [s for s in sheets if not s.is_attested]
    for sheet in unattested:
        notes.append(
            Message(
                gettext_noop("Fiche « %(title)s » : attestation de l'entreprise manquante."),
                title=sheet.title,
            )
        )
    visa = filing is not None and filing.signed
    if not visa:
        notes.append(VISA_MISSING)
    practice = internship_progress(learner, on=deadline, category=category)
    certificates = practice_certificates(learner, practice)
    if practice.reduction_error:
        notes.append(
            Message(
                gettext_noop("Réduction de la durée de stage non appliquée : %(error)s."),
                error=practice.reduction_error,
            )
        )
    documents = {d.kind: d.pages for d in learner.dossier_documents.all()}
    is_e6 = exam == DossierExam.E6
    dossier = Dossier(
        exam=exam,
        candidate_category=category,
        deadline=deadline,
        deposited_on=filing.deposited_on if filing else None,
        certificates=certificates,
        sheets=tuple(engine_sheets),
        # The company's attestation is the signature of each sheet (docs/portfolio.md).
        signed=visa and not unattested,
        internship_reduced_to_weeks=practice.reduced_to_weeks,
        reflective_study_pages=(documents.get("reflective_study") or None) if is_e6 else None,
        professional_dossier_pages=(
            (documents.get("professional_dossier") or None) if is_e6 else None
        ),
    )
    return dossier, sheets, notes, practice


def practice_certificates(learner: Learner, practice: InternshipTotals) -> tuple[Certificate, ...]:
    """The proofs of practice of the dossier, each from where it is recorded: the internship
    certificates (weeks from their dates, as the alternance page counts them) and the
    apprenticeship contracts of the contracts app, the certificates of employment here."""
    certificates = [
        Certificate(kind="internship", signed=True, weeks=_decimal(item.weeks))
        for item in practice.certificates
    ]
    # A contract is recorded once signed; its copy is the apprentice's proof (annexe III b, II.2).
    certificates += [
        Certificate(kind="apprenticeship_contract", signed=True)
        for _contract in practice.apprenticeship_contracts
    ]
    certificates += [
        Certificate(
            kind="employment",
            signed=employment.signed,
            months_full_time=employment.months_full_time,
            months_part_time=employment.months_part_time,
        )
        for employment in learner.employment_certificates.all()
    ]
    return tuple(certificates)


def _decimal(value: Fraction) -> Decimal:
    # Weeks are fifths (working days / 5): the division is exact.
    return Decimal(value.numerator) / Decimal(value.denominator)


def check_learner_dossier(
    learner: Learner, exam: str, *, on: date, deadline: date | None
) -> DossierCheck:
    """Run the conformity control on what the application knows of a learner's dossier, on a
    date, and say whether it is at risk (an NV cause that is not just "not filed yet")."""
    check = DossierCheck(learner, exam, on, deadline, [], None, UNCHECKED, [], [], [])
    if deadline is None:
        check.error = NO_DEADLINE
        return check
    try:
        dossier, check.sheets, check.notes, check.practice = build_dossier(
            learner, exam, deadline=deadline
        )
        check.result = check_dossier(dossier)
    except InputError as error:
        check.error = _error_text(error)
        return check
    check.weeks = _weeks(check.practice)
    _read_on_date(
        check,
        list(check.result.findings),
        deposited=dossier.deposited_on is not None,
        all_attested=all(s.is_attested for s in check.sheets),
    )
    return check


def _read_on_date(
    check: DossierCheck, findings: list[Finding], *, deposited: bool, all_attested: bool
) -> None:
    """Sort the engine's findings on the check's date: before the deadline, a dossier not yet
    filed (nor visaed by the centre, when the companies attested every sheet) is work to do, not
    a risk; then the risk is the worst effect left."""
    open_filing = not deposited and check.on <= check.deadline
    for finding in findings:
        if open_filing and finding.code == "not_filed":
            check.pending.append(_("Dossier à déposer."))
        elif open_filing and finding.code == "dossier_unsigned" and all_attested:
            check.pending.append(_("Dossier à faire viser par l'établissement."))
            if VISA_MISSING in check.notes:
                check.notes.remove(VISA_MISSING)
        else:
            check.findings.append(finding)
    effects = {f.effect for f in check.findings}
    if EFFECT_INVALID in effects:
        check.risk = AT_RISK
    elif effects:
        check.risk = PENALTY_RISK
    else:
        check.risk = ON_TRACK


def stored_check(learner: Learner, exam: str, *, deadline: date | None) -> dict[str, Any]:
    """The fields of the learner's `StoredDossierCheck` for `exam`: the check before it is read on
    a date (`portfolio.services.store_dossier_checks` writes them)."""
    values: dict[str, Any] = {"deadline": deadline, "findings": [], "notes": [], "practice": None}
    values.update(deposited=False, all_attested=False, error="", error_data=None)
    if deadline is None:
        values.update(error=str(NO_DEADLINE), error_data=message_data(NO_DEADLINE))
        return values
    try:
        dossier, sheets, notes, practice = build_dossier(learner, exam, deadline=deadline)
        result = check_dossier(dossier)
    except InputError as error:
        text = _error_text(error)
        # Kept with its template when it has one, to be shown in the reader's language.
        data = message_data(text) if isinstance(text, Message) else None
        values.update(error=str(text), error_data=data)
        return values
    values.update(
        findings=[_stored_finding(finding) for finding in result.findings],
        # Each note kept with its template, to be shown in the reader's language when read.
        notes=[{"text": str(note), "text_data": message_data(note)} for note in notes],
        practice=_weeks(practice),
        deposited=dossier.deposited_on is not None,
        all_attested=all(s.is_attested for s in sheets),
    )
    return values


def _error_text(error: InputError) -> Message | str:
    """An input error's text: the application's own sentences are `Message`s, the engine's
    input errors French text (by design)."""
    text = error.args[0] if error.args else ""
    return text if isinstance(text, Message) else str(error)


def _stored_finding(finding: Finding) -> dict[str, Any]:
    # The text kept with its template too, to be shown in the reader's language when read.
    return {**finding.as_dict(), "text_data": message_data(finding.text)}


def _message(data: dict[str, Any], read: dict[str, Message] | None) -> Message:
    """`message_from_data(data)`; once for the equal data of the checks read together (`read`,
    their sentences so far: a cohort's dossiers hold the same few), the same message."""
    if read is None:
        return message_from_data(data)
    key = repr(data)  # JSON data: equal data, equal text
    if (message := read.get(key)) is None:
        message = read[key] = message_from_data(data)
    return message


def _read_json(name: str, text: str | None, read: dict[str, Message]) -> Any:
    """A stored check's JSON field `name` from its text: its findings and notes read (as
    `read_stored` reads them), the others decoded."""
    data = None if text is None else json.loads(text)
    if name == "findings":
        return [_read_finding(finding, read) for finding in data]
    if name == "notes":
        return [_read_note(note, read) for note in data]
    return data


def _read_finding(
    stored: dict[str, Any] | Finding, read: dict[str, Message] | None = None
) -> Finding:
    if isinstance(stored, Finding):  # read already (`_read_json`)
        return stored
    fields = {name: value for name, value in stored.items() if name != "text_data"}
    if "text_data" in stored:  # checks stored before the texts kept their template have none
        fields["text"] = _message(stored["text_data"], read)
    return Finding(**fields)


def _read_note(
    stored: dict[str, Any] | Message | str, read: dict[str, Message] | None
) -> Message | str:
    # Checks stored before the notes kept their template hold their text only; a note read
    # already (`_read_json`) is kept.
    return _message(stored["text_data"], read) if isinstance(stored, dict) else stored


def read_stored(
    stored: "StoredDossierCheck | _StoredLine", *, on: date, read: dict[str, Message] | None = None
) -> DossierCheck:
    """A stored check read on a date, as `check_learner_dossier` would have said it. `read`: the
    sentences of the checks read before it, kept for those after (`_message`)."""
    check = DossierCheck(
        stored.learner, stored.exam, on, stored.deadline, [], None, UNCHECKED, [],
        [], [_read_note(note, read) for note in stored.notes],
        # Checks stored before the errors kept their template hold their text only.
        error=message_from_data(stored.error_data) if stored.error_data else stored.error,
        weeks=stored.practice,
    )  # fmt: skip
    if stored.error or stored.deadline is None:
        return check
    _read_on_date(
        check,
        [_read_finding(finding, read) for finding in stored.findings],
        deposited=stored.deposited,
        all_attested=stored.all_attested,
    )
    return check


# The JSON fields of a stored check, as `_StoredLine` ends with them.
STORED_JSON = ("findings", "notes", "practice", "error_data")


class _StoredLine(NamedTuple):
    """A stored check as `read_stored` reads it, its JSON read (`_checks_of`, which reads a
    cohort's as values: no record built for each)."""

    learner: Learner
    exam: str
    deadline: date | None
    deposited: bool
    all_attested: bool
    error: str
    findings: list[Finding]
    notes: list[Message | str]
    practice: dict[str, Any] | None
    error_data: dict[str, Any] | None


RISK_ORDER = {AT_RISK: 0, PENALTY_RISK: 1, UNCHECKED: 2, ON_TRACK: 3}
EXAMS = tuple(DossierExam.values)


def dossier_deadlines(cohorts: list[Cohort]) -> dict[tuple[int, str], date]:
    """(cohort id, exam) → the date the dossier is due, for the deadlines set, in one query."""
    return {
        (cohort_id, exam): day
        for cohort_id, exam, day in DossierDeadline.objects.filter(cohort__in=cohorts).values_list(
            "cohort_id", "exam", "date"
        )
    }


def cohorts_conformity(
    user: Any,
    cohorts: list[Cohort],
    *,
    on: date,
    deadlines: dict[tuple[int, str], date] | None = None,
    exams: Sequence[str] = EXAMS,
) -> dict[tuple[int, str], list[DossierCheck]]:
    """The E4 and E6 dossier checks (those of `exams`) of the learners of `cohorts` `user` can
    see, by (cohort id, exam), those at risk first: read from the stored checks in a few queries
    whatever the number of learners; a learner whose check is not stored yet (or was made for
    another deadline) is checked here. `deadlines`: `dossier_deadlines(cohorts)` when the caller
    read them already."""
    # What a check shows of its learner (their name, the link to their dossier) and orders them
    # by; their cohort is one of `cohorts`. A learner whose check is made here is read in full.
    visible = (
        learners_of_cohorts(user, cohorts, on=on)
        .select_related(None)
        .only("cohort", "first_name", "last_name")
    )
    return _checks_of(visible, cohorts, on=on, deadlines=deadlines, exams=exams)


def _checks_of(
    learners: QuerySet[Learner],
    cohorts: list[Cohort],
    *,
    on: date,
    deadlines: dict[tuple[int, str], date] | None = None,
    exams: Sequence[str] = EXAMS,
) -> dict[tuple[int, str], list[DossierCheck]]:
    """The dossier checks of `learners` (of `cohorts`) for `exams`, as `cohorts_conformity`
    says."""
    if deadlines is None:
        deadlines = dossier_deadlines(cohorts)
    # Each learner and cohort is loaded once and shared by the learner's two checks: the
    # cohorts are those given, the stored checks point to the learners read here.
    by_pk = {cohort.pk: cohort for cohort in cohorts}
    learners = list(learners)
    for learner in learners:
        learner.cohort = by_pk[learner.cohort_id]
    by_learner = {learner.pk: learner for learner in learners}
    stored = {}
    # By the ids read: the learners' query (who may see them) is not compiled a second time.
    # Read as values, their JSON as text, each text decoded and its findings and notes read once:
    # a cohort's checks share the same few, and reading each check's was most of their time.
    rows = StoredDossierCheck.objects.filter(learner_id__in=by_learner, exam__in=exams).values_list(
        "learner_id",
        *_StoredLine._fields[1 : -len(STORED_JSON)],
        *(Cast(name, TextField()) for name in STORED_JSON),
    )
    read: dict[str, Message] = {}
    shared: dict[tuple[str, str | None], Any] = {}
    for learner_id, exam, *fields in rows:
        for index, name in enumerate(STORED_JSON, start=len(fields) - len(STORED_JSON)):
            key = (name, fields[index])
            if key not in shared:
                shared[key] = _read_json(name, key[1], read)
            fields[index] = shared[key]  # read only (`read_stored`)
        stored[(learner_id, exam)] = _StoredLine(by_learner[learner_id], exam, *fields)
    found: dict[tuple[int, str], list[DossierCheck]] = {
        (cohort.pk, exam): [] for cohort in cohorts for exam in exams
    }
    missing: dict[int, list[str]] = {}
    for learner in learners:
        for exam in exams:
            row = stored.get((learner.pk, exam))
            if row is not None and row.deadline == deadlines.get((learner.cohort_id, exam)):
                found[(learner.cohort_id, exam)].append(read_stored(row, on=on, read=read))
            else:
                missing.setdefault(learner.pk, []).append(exam)
    unchecked = (
        Learner.objects.filter(pk__in=missing)
        .select_related("cohort")
        .prefetch_related(*conformity_prefetch())
        if missing
        else ()  # every check stored, as usual: no query to build (none would run)
    )
    for learner in unchecked:
        for exam in missing[learner.pk]:
            deadline = deadlines.get((learner.cohort_id, exam))
            found[(learner.cohort_id, exam)].append(
                check_learner_dossier(learner, exam, on=on, deadline=deadline)
            )
    for checks in found.values():
        checks.sort(key=lambda c: (RISK_ORDER[c.risk], c.learner.last_name, c.learner.first_name))
    return found


# --- A cohort's checks counted once (`StoredCohortDossiers`), for the dashboards ---------------


def cohort_dossier_lines(cohort: Cohort, exam: str, *, deadline: date | None) -> list[list]:
    """The lines of the cohort's `StoredCohortDossiers` for `exam`: each learner's check (by
    `cohorts_conformity`'s reading, every learner of the cohort) read on the deadline and the day
    after it — before the deadline a dossier not filed yet is work to do, after it a risk."""
    learners = Learner.objects.filter(cohort=cohort, erased_on__isnull=True)
    deadlines = {(cohort.pk, exam): deadline} if deadline else {}
    last_open_day = deadline or cohort.first_year_start
    opened = _checks_of(learners, [cohort], on=last_open_day, deadlines=deadlines, exams=[exam])
    closed = _checks_of(
        learners, [cohort], on=last_open_day + timedelta(days=1), deadlines=deadlines, exams=[exam]
    )
    after = {check.learner.pk: check.risk for check in closed[(cohort.pk, exam)]}
    by_name = sorted(
        opened[(cohort.pk, exam)], key=lambda c: (c.learner.last_name, c.learner.first_name)
    )
    return [[check.learner.pk, check.risk, after[check.learner.pk]] for check in by_name]


class CheckLines(Sequence):
    """Dossier checks in the pages' order, read from the stored checks only when iterated (a
    slice is unread too): a dashboard counts every cohort's dossiers but shows the first lines
    of the list."""

    def __init__(self, refs: list[tuple[int, str, str]], reader: "_StoredReader") -> None:
        self.refs = refs  # (learner id, exam, risk on the reader's date)
        self.reader = reader

    def __len__(self) -> int:
        return len(self.refs)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):  # still unread: the lines folded are only counted
            return CheckLines(self.refs[index], self.reader)
        return self.reader.checks([self.refs[index]])[0]

    def __iter__(self):
        return iter(self.reader.checks(self.refs))

    def __add__(self, other: "CheckLines") -> "CheckLines":
        return CheckLines(self.refs + other.refs, self.reader)

    def with_risk(self, risk: str) -> "CheckLines":
        return CheckLines([ref for ref in self.refs if ref[2] == risk], self.reader)


class _StoredReader:
    """Reads the learners' stored checks a `CheckLines` shows, once each, on a date; holds the
    checks already made (the cohorts whose counts were not stored)."""

    def __init__(self, on: date, deadlines: dict[tuple[int, str], date]) -> None:
        self.on = on
        self.deadlines = deadlines
        self.known: dict[tuple[int, str], DossierCheck] = {}

    def checks(self, refs: list[tuple[int, str, str]]) -> list[DossierCheck]:
        wanted = [(learner_id, exam) for learner_id, exam, _risk in refs]
        missing = [key for key in wanted if key not in self.known]
        if missing:
            # The exams asked alone: a dashboard's first lines are one exam's for most learners.
            rows = StoredDossierCheck.objects.filter(
                learner_id__in={learner_id for learner_id, _exam in missing},
                exam__in={exam for _learner_id, exam in missing},
            ).select_related("learner", "learner__cohort")
            for row in rows:
                self.known.setdefault((row.learner_id, row.exam), read_stored(row, on=self.on))
            # A check forgotten since its cohort was counted (a change being refreshed).
            for learner_id, exam in missing:
                if (learner_id, exam) not in self.known:
                    learner = Learner.objects.select_related("cohort").get(pk=learner_id)
                    self.known[(learner_id, exam)] = check_learner_dossier(
                        learner,
                        exam,
                        on=self.on,
                        deadline=self.deadlines.get((learner.cohort_id, exam)),
                    )
        return [self.known[key] for key in wanted]


@dataclass(frozen=True)
class CohortDossiers:
    """A cohort's E4 or E6 dossier checks on a date, as the dashboards count and list them."""

    cohort: Cohort
    exam: str
    deadline: date | None
    on: date
    lines: CheckLines  # every learner's, those at risk first
    computed_at: datetime | None  # when counted (None: at this view, not stored yet)

    def with_risk(self, risk: str) -> CheckLines:
        return self.lines.with_risk(risk)


def cohorts_dossiers(
    user: Any,
    cohorts: list[Cohort],
    *,
    on: date,
    deadlines: dict[tuple[int, str], date] | None = None,
) -> dict[tuple[int, str], CohortDossiers]:
    """The E4 and E6 dossier checks of `cohorts` by (cohort id, exam), as `cohorts_conformity`
    says them, counted from the stored counts (`StoredCohortDossiers`) where they are those of
    the learners `user` sees today and of the current deadline; the other cohorts are checked
    here. The queries do not grow with the learners, and only the lines shown are read."""
    if deadlines is None:
        deadlines = dossier_deadlines(cohorts)
    visible: dict[int, set[int]] = {cohort.pk: set() for cohort in cohorts}
    seen = learners_of_cohorts(user, cohorts, on=on)
    for learner_id, cohort_id in seen.values_list("pk", "cohort_id"):
        visible[cohort_id].add(learner_id)
    reader = _StoredReader(on, deadlines)
    found: dict[tuple[int, str], CohortDossiers] = {}
    for stored in StoredCohortDossiers.objects.filter(cohort__in=cohorts):
        deadline = deadlines.get((stored.cohort_id, stored.exam))
        if (
            stored.deadline != deadline
            or {line[0] for line in stored.lines} != visible[stored.cohort_id]
        ):
            continue
        after = deadline is not None and on > deadline
        refs = [(line[0], stored.exam, line[2] if after else line[1]) for line in stored.lines]
        # Those at risk first, by name within a risk (as `cohorts_conformity` sorts them).
        refs.sort(key=lambda ref: RISK_ORDER[ref[2]])
        cohort = next(c for c in cohorts if c.pk == stored.cohort_id)
        found[(cohort.pk, stored.exam)] = CohortDossiers(
            cohort, stored.exam, deadline, on, CheckLines(refs, reader), stored.computed_at
        )
    unstored = [
        cohort
        for cohort in cohorts
        if any((cohort.pk, exam) not in found for exam in DossierExam.values)
    ]
    if unstored:
        checked = cohorts_conformity(user, unstored, on=on, deadlines=deadlines)
        for (cohort_pk, exam), checks in checked.items():
            if (cohort_pk, exam) in found:
                continue
            for check in checks:
                reader.known[(check.learner.pk, exam)] = check
            refs = [(check.learner.pk, exam, check.risk) for check in checks]
            cohort = next(c for c in unstored if c.pk == cohort_pk)
            found[(cohort_pk, exam)] = CohortDossiers(
                cohort, exam, deadlines.get((cohort_pk, exam)), on, CheckLines(refs, reader), None
            )
    return found


def cohort_conformity(
    user: Any,
    cohort: Cohort,
    exam: str,
    *,
    on: date,
    deadlines: dict[tuple[int, str], date] | None = None,
) -> list[DossierCheck]:
    """The `exam` dossier check of every learner of the cohort `user` can see, those at risk
    first. `deadlines`: `dossier_deadlines([cohort])` (or the exam's) when the caller read it."""
    checks = cohorts_conformity(user, [cohort], on=on, deadlines=deadlines, exams=[exam])
    return checks[(cohort.pk, exam)]


def conformity_prefetch() -> tuple[str | Prefetch, ...]:
    """What the dossier check reads of a learner, to load for a whole cohort at once (one
    query per relation instead of several per learner and exam)."""
    return (
        "category_periods",
        "employment_certificates",
        "dossier_documents",
        _filings_prefetch(),
        sheets_prefetch(),
        *internship_prefetch(),
    )


def _filings_prefetch() -> Prefetch:
    """The learner's exam dossiers (filing, visa), as `filing_of` reads them."""
    return Prefetch(
        "exam_dossiers", queryset=ExamDossier.objects.all(), to_attr="prefetched_filings"
    )


def deadline_of(cohort: Cohort, exam: str) -> DossierDeadline | None:
    return DossierDeadline.objects.filter(cohort=cohort, exam=exam).first()


@dataclass
class LearnerDossier:
    """Everything the page of one learner's E4 or E6 dossier shows."""

    learner: Learner
    exam: str
    deadline: DossierDeadline | None
    check: DossierCheck
    practice: InternshipTotals  # the running total, as on the alternance page
    filing: ExamDossier | None
    employment_certificates: list[EmploymentCertificate]


def learner_dossier(learner: Learner, exam: str, *, on: date) -> LearnerDossier:
    """The dossier check of a learner on `on`, with the records it was built from."""
    # The check and the page both read the filing: load it once.
    prefetch_related_objects([learner], _filings_prefetch())
    deadline = deadline_of(learner.cohort, exam)
    check = check_learner_dossier(
        learner, exam, on=on, deadline=deadline.date if deadline else None
    )
    # Without a deadline (or a category on it) the totals are those of the day.
    practice = check.practice or internship_progress(learner, on=on)
    return LearnerDossier(
        learner=learner,
        exam=exam,
        deadline=deadline,
        check=check,
        practice=practice,
        filing=filing_of(learner, exam),
        employment_certificates=list(employment_certificates_of(learner)),
    )


@rule(ExamDossier)
@rule(EmploymentCertificate)
def _exam_dossier_rule(
    user: Any, action: Action, record: ExamDossier | EmploymentCertificate
) -> Access:
    # The dossier, its pieces (and its PDF) are read by those who follow the learner's
    # assessment; they are recorded by whoever manages the learner's record.
    # `learner_access` hides a learner out of reach whatever the action asked.
    if action in (Action.VIEW, Action.VIEW_HISTORY):
        return learner_access(user, Action.VIEW_GRADES, record.learner)
    return learner_access(user, Action.CHANGE, record.learner)


def get_employment_certificate_for(
    user: Any, pk: int, action: Action | str = Action.VIEW
) -> EmploymentCertificate:
    """The certificate of employment `pk` if `user` may do `action` on it (404 / 403)."""
    return get_record_for(
        user,
        EmploymentCertificate.objects.select_related("learner"),
        pk,
        action,
        not_found="Certificat de travail introuvable.",
    )


def employment_certificates_of(learner: Learner) -> QuerySet[EmploymentCertificate]:
    return learner.employment_certificates.select_related("company")


def filing_of(learner: Learner, exam: str) -> ExamDossier | None:
    if hasattr(learner, "prefetched_filings"):  # conformity_prefetch()
        return next((f for f in learner.prefetched_filings if f.exam == exam), None)
    return ExamDossier.objects.filter(learner=learner, exam=exam).first()
