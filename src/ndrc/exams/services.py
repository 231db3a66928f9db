"""Writes of the exam sessions: the session and its calendar, registrations, grades, the jury's
deliberation, sign-off, rectifications and publication. Keyword-only, atomic, audited.

The rules are the engine's (`ndrc.regulation.registration`, `.deliberation`, `.exam_results`);
a refused input raises `ValidationError` (French, naming the field or the line), a forbidden
action `PermissionDenied`. Decisions are only ever added, never changed.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ndrc.core import audit
from ndrc.core.models import AuditAction, TrainingCentre
from ndrc.core.permissions import Action, is_administrator, require
from ndrc.core.services import apply_changes, create_and_record, delete_and_record
from ndrc.core.tabular import TabularError, read_table
from ndrc.core.validators import check_typed_text, control_character_errors
from ndrc.exams.forms import parse_grade
from ndrc.exams.models import (
    CalendarEntry,
    CarriedGrade,
    ChangeKind,
    Decision,
    DecisionKind,
    ExamForm,
    ExamSession,
    Grade,
    GradeChange,
    GradeSource,
    GradeStatus,
    Registration,
    SessionState,
    Sitting,
)
from ndrc.exams.selectors import (
    current_decision,
    deliberation_input,
    grade_maximum,
    grade_value,
    registration_record,
    session_access,
    session_table,
    slots_of,
)
from ndrc.learners.models import Learner
from ndrc.regulation.deliberation import (
    RESIT_ELIGIBLE,
    Result,
    deliberate,
    parse_candidate,
    result_as_dict,
)
from ndrc.regulation.errors import InputError
from ndrc.regulation.exam_results import (
    ccf_unit_grade,
    framework_version,
    resit_not_taken,
    transcript,
)
from ndrc.regulation.exams import exams_for
from ndrc.regulation.explanation import Message, message_data
from ndrc.regulation.framework import load_framework
from ndrc.regulation.registration import check_registration
from ndrc.regulation.rounding import french_number

# --- Who may act --------------------------------------------------------------------------


def _require_exam_office(session: ExamSession, by: Any) -> None:
    if not session_access(by, session).exam_office:
        raise PermissionDenied(_("Action réservée au service des examens (jury) du centre."))


def _require_president(session: ExamSession, by: Any) -> None:
    if session.president_id is None or session.president_id != by.pk:
        raise PermissionDenied(_("Seul le président du jury de la session peut le faire."))


def _require_state(session: ExamSession, *states: str) -> None:
    if session.state not in states:
        labels = ", ".join(str(SessionState(s).label) for s in states)
        raise ValidationError(
            _("Impossible dans l'état « %(state)s » de la session (état attendu : %(expected)s).")
            % {"state": SessionState(session.state).label, "expected": labels}
        )


def _text(value: str, field: str, *, multiline: bool = False) -> str:
    check_typed_text(value, field=field, multiline=multiline)
    return value.strip()


# --- The session and its calendar ------------------------------------------------------------


@transaction.atomic
def create_session(
    *,
    training_centre: TrainingCentre,
    year: int,
    registration_deadline: date,
    by: Any,
    **fields: Any,
) -> ExamSession:
    """The session of a year for a centre, registrations open (one per centre and year)."""
    probe = ExamSession(training_centre=training_centre, year=year)
    if not is_administrator(by) and not session_access(by, probe).exam_office:
        raise PermissionDenied(_("Action réservée au service des examens (jury) du centre."))
    session = ExamSession(
        training_centre=training_centre,
        year=year,
        registration_deadline=registration_deadline,
        **fields,
    )
    _check_dates(session)
    return create_and_record(session, by=by)


SESSION_FIELDS = (
    "registration_deadline", "dossier_deadline", "ccf_start", "ccf_end", "oral_start",
    "oral_end", "president", "jury_members",
)  # fmt: skip


def _check_dates(session: ExamSession) -> None:
    errors = {}
    for start, end in (("ccf_start", "ccf_end"), ("oral_start", "oral_end")):
        first, last = getattr(session, start), getattr(session, end)
        if first and last and last < first:
            errors[end] = _("La fin précède le début.")
    for name in ("registration_deadline", "dossier_deadline", "ccf_start", "oral_start"):
        day = getattr(session, name)
        if day and not session.year - 3 <= day.year <= session.year:
            errors[name] = _("Date hors de la période de la session %(year)s.") % {
                "year": session.year
            }
    if session.jury_members:
        if refused := control_character_errors(session.jury_members, multiline=True):
            errors["jury_members"] = refused
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def update_session(*, session: ExamSession, changes: dict[str, Any], by: Any) -> ExamSession:
    _require_exam_office(session, by)
    president = changes.get("president")
    if president is not None and not session_access(president, session).exam_office:
        raise ValidationError(
            {"president": _("Le président du jury est choisi parmi le service des examens.")}
        )
    if session.first_signed_off_at and "president" in changes:
        if changes["president"] != session.president:
            raise ValidationError({"president": _("La délibération est signée : trop tard.")})

    def clean(obj: ExamSession) -> None:
        obj.full_clean()
        _check_dates(obj)

    return apply_changes(session, changes=changes, allowed=SESSION_FIELDS, by=by, clean=clean)


@transaction.atomic
def add_calendar_entry(*, session: ExamSession, by: Any, **fields: Any) -> CalendarEntry:
    _require_exam_office(session, by)
    entry = CalendarEntry(session=session, **fields)
    entry.label = _text(entry.label, "label")
    if entry.ends_on and entry.ends_on < entry.starts_on:
        raise ValidationError({"ends_on": _("La fin précède le début.")})
    if entry.exam and entry.exam not in load_framework(session.framework).exams:
        raise ValidationError({"exam": _("Épreuve inconnue du référentiel.")})
    return create_and_record(entry, by=by)


@transaction.atomic
def remove_calendar_entry(*, entry: CalendarEntry, by: Any) -> None:
    _require_exam_office(entry.session, by)
    delete_and_record(entry, by=by)


# The states a session goes through, and what each step needs (checked by `change_state`).
TRANSITIONS = {
    SessionState.REGISTRATION_OPEN: (SessionState.REGISTRATION_CLOSED,),
    SessionState.REGISTRATION_CLOSED: (SessionState.REGISTRATION_OPEN, SessionState.GRADING),
    SessionState.GRADING: (SessionState.JURY,),
    SessionState.JURY: (),  # to published through `publish`
    SessionState.PUBLISHED: (SessionState.ARCHIVED,),
    SessionState.ARCHIVED: (),
}


@transaction.atomic
def change_state(*, session: ExamSession, to: str, by: Any) -> ExamSession:
    """Move the session to its next state, when what that state needs is there."""
    _require_exam_office(session, by)
    to = SessionState(to)
    if to not in TRANSITIONS[SessionState(session.state)]:
        raise ValidationError(
            _("La session ne peut pas passer de « %(from)s » à « %(to)s ».")
            % {"from": SessionState(session.state).label, "to": to.label}
        )
    if to == SessionState.REGISTRATION_CLOSED:
        invalid = session.registrations.filter(valid=False).count()
        if not session.registrations.exists():
            raise ValidationError(_("Aucun candidat inscrit."))
        if invalid:
            raise ValidationError(
                _("%(count)s inscription(s) à corriger avant la clôture.") % {"count": invalid}
            )
    if to == SessionState.JURY:
        incomplete = session_table(session).incomplete
        if incomplete:
            raise ValidationError(
                _("Notes manquantes pour %(count)s candidat(s) : %(names)s.")
                % {
                    "count": len(incomplete),
                    "names": ", ".join(r.registration.number for r in incomplete[:10]),
                }
            )
    before = audit.snapshot(session)
    session.state = to
    session.save(update_fields=["state"])
    audit.record_change(obj=session, by=by, before=before)
    return session


# --- Registrations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CarriedInput:
    unit: str
    grade: Decimal
    obtained_session: int
    framework: str = "bts_ndrc_2018"
    waived: bool = False
    source: str = ""


@dataclass(frozen=True)
class RegistrationInput:
    """What a registration says, as a form or a line of the cohort screen gives it."""

    form: str = ExamForm.WHOLE
    units: tuple[str, ...] = ()
    exemptions: tuple[str, ...] = ()
    qualifications: tuple[str, ...] = ()
    diploma: str = ""
    lv1: str = ""
    lv2: str = ""
    carried: tuple[CarriedInput, ...] = ()
    extra_time: bool = False
    arrangements: str = ""
    accommodation_decision: str = ""
    fields: tuple[str, ...] = field(default=(), compare=False)


_ENGINE_FIELDS = {
    "form": "form",
    "units": "units",
    "exemptions": "exemptions",
    "qualifications": "qualifications",
    "carried_grades": "carried",
    "waived": "carried",
    "lv1": "lv1",
    "lv2": "lv2",
}


def _engine_error(error: InputError) -> ValidationError:
    """An input error of the engine, next to the form's field it names."""
    message = str(error)
    for path, name in _ENGINE_FIELDS.items():
        if f"champ « {path}" in message:
            return ValidationError({name: message.split(" : ", 1)[-1]})
    return ValidationError(message)


def _apply_input(registration: Registration, data: RegistrationInput) -> None:
    registration.form = data.form
    registration.units = list(data.units)
    registration.exemptions = list(data.exemptions)
    registration.qualifications = list(data.qualifications)
    registration.diploma = _text(data.diploma, "diploma", multiline=True)
    registration.lv1 = _text(data.lv1, "lv1")
    registration.lv2 = _text(data.lv2, "lv2")
    registration.extra_time = data.extra_time
    registration.arrangements = _text(data.arrangements, "arrangements", multiline=True)
    registration.accommodation_decision = _text(
        data.accommodation_decision, "accommodation_decision", multiline=True
    )
    errors = {}
    if registration.exemptions and not registration.diploma:
        errors["diploma"] = _("Une dispense se justifie par un diplôme : indiquez-le.")
    if (registration.extra_time or registration.arrangements) and not (
        registration.accommodation_decision
    ):
        errors["accommodation_decision"] = _(
            "Un aménagement est accordé par une décision : indiquez-la (autorité, date)."
        )
    if errors:
        raise ValidationError(errors)


def _check(registration: Registration, carried: Iterable[CarriedInput]) -> None:
    """Run the engine's check of the registration; malformed input is a ValidationError."""
    record = registration_record(registration, carried=_carried_rows(carried))
    try:
        check = check_registration(record)
    except InputError as error:
        raise _engine_error(error) from None
    registration.valid = check.valid
    # Each text kept with its template, to be shown in the reader's language (`stored_text`).
    registration.problems = [_with_data(p.as_dict(), "message") for p in check.problems]
    registration.explanation = [_with_data(s.as_dict(), "text") for s in check.explanation]


def _with_data(entry: dict[str, Any], key: str) -> dict[str, Any]:
    text = entry[key]
    return {**entry, f"{key}_data": message_data(text)} if isinstance(text, Message) else entry


def _carried_rows(carried: Iterable[CarriedInput]) -> list[CarriedGrade]:
    return [
        CarriedGrade(
            unit=c.unit,
            framework=c.framework,
            grade=c.grade,
            obtained_session=c.obtained_session,
            waived=c.waived,
        )
        for c in carried
    ]


def _next_number(session: ExamSession) -> str:
    numbers = session.registrations.values_list("number", flat=True)
    highest = max((int(n.rsplit("-", 1)[-1]) for n in numbers if "-" in n), default=0)
    return f"{session.year}-{highest + 1:04d}"


def _save_carried(registration: Registration, carried: Iterable[CarriedInput], by: Any) -> None:
    for old in registration.carried_grades.all():
        delete_and_record(old, by=by)
    for item in carried:
        create_and_record(
            CarriedGrade(
                registration=registration,
                unit=item.unit,
                framework=item.framework,
                grade=item.grade,
                obtained_session=item.obtained_session,
                waived=item.waived,
                source=_text(item.source, "carried"),
            ),
            by=by,
        )


@transaction.atomic
def register(
    *, session: ExamSession, learner: Learner, data: RegistrationInput, on: date, by: Any
) -> Registration:
    """Register a learner as a candidate, category from their history on `on`, checked by the
    engine; saved even when the check finds problems (to be corrected line by line)."""
    _require_state(session, SessionState.REGISTRATION_OPEN)
    if not session_access(by, session).staff:
        raise PermissionDenied(_("Action réservée au centre de la session."))
    if learner.cohort.training_centre_id != session.training_centre_id:
        raise ValidationError(_("L'apprenant n'est pas un apprenant du centre de la session."))
    if session.registrations.filter(learner=learner).exists():
        raise ValidationError(
            _("%(name)s est déjà inscrit(e) à la session %(year)s.")
            % {"name": learner.full_name, "year": session.year}
        )
    category = learner.category_on(on)
    if category is None:
        raise ValidationError(
            _("%(name)s n'a pas de catégorie de candidat au %(day)s.")
            % {"name": learner.full_name, "day": f"{on:%d/%m/%Y}"}
        )
    registration = Registration(
        session=session,
        learner=learner,
        number=_next_number(session),
        category=category,
        category_on=on,
        created_at=timezone.now(),
    )
    _apply_input(registration, data)
    _check(registration, data.carried)
    create_and_record(registration, by=by)
    _save_carried(registration, data.carried, by)
    return registration


@transaction.atomic
def update_registration(
    *, registration: Registration, data: RegistrationInput, on: date, by: Any
) -> Registration:
    """Correct a registration while registrations are open; checked again by the engine."""
    session = registration.session
    _require_state(session, SessionState.REGISTRATION_OPEN)
    require(by, Action.CHANGE, registration)
    before = audit.snapshot(registration)
    category = registration.learner.category_on(on)
    if category is not None:
        registration.category, registration.category_on = category, on
    _apply_input(registration, data)
    _check(registration, data.carried)
    registration.save()
    audit.record_change(obj=registration, by=by, before=before)
    _save_carried(registration, data.carried, by)
    return registration


@transaction.atomic
def withdraw(*, registration: Registration, by: Any) -> None:
    """Remove a registration while registrations are open (nothing graded yet)."""
    _require_state(registration.session, SessionState.REGISTRATION_OPEN)
    require(by, Action.CHANGE, registration)
    for carried in registration.carried_grades.all():
        delete_and_record(carried, by=by)
    delete_and_record(registration, by=by)


@transaction.atomic
def register_cohort(
    *,
    session: ExamSession,
    lines: list[tuple[Learner, RegistrationInput]],
    on: date,
    by: Any,
) -> list[Registration]:
    """Register a cohort's learners in one go: all of them, or none when a line is malformed
    (the error names the learner); lines the engine finds problems in are saved, to correct."""
    registrations, errors = [], []
    for learner, data in lines:
        try:
            with transaction.atomic():
                registrations.append(register(session=session, learner=learner, data=data,
                                              on=on, by=by))  # fmt: skip
        except ValidationError as error:
            errors.append(f"{learner.full_name} : {' '.join(error.messages)}")
    if errors:
        raise ValidationError(errors)
    return registrations


# --- Grades -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class GradeInput:
    """One grade to record: a number (Decimal) or a status (absent, excused, NV)."""

    registration: Registration
    unit: str
    part: str
    value: Decimal | str
    line: str  # how the user names it in errors ("ligne 4", "2026-0003")


_STATUS_OF = {
    "absent": GradeStatus.ABSENT,
    "excused": GradeStatus.EXCUSED,
    "NV": GradeStatus.INVALID,
}


def _store_grade(
    registration: Registration,
    unit: str,
    part: str,
    sitting: str,
    value: Decimal | str,
    source: str,
    by: Any,
    note: str = "",
) -> Grade | None:
    """Create or replace a grade (audited); None when it was already that."""
    status = GradeStatus.GRADED if isinstance(value, Decimal) else _STATUS_OF[value]
    number = value if isinstance(value, Decimal) else None
    grade = Grade.objects.filter(
        registration=registration, unit=unit, part=part, sitting=sitting
    ).first()
    if grade is None:
        grade = Grade(
            registration=registration, unit=unit, part=part, sitting=sitting,
            status=status, value=number, source=source, note=note,
            entered_at=timezone.now(), entered_by=by,
        )  # fmt: skip
        return create_and_record(grade, by=by)
    if grade.status == status and grade.value == number and grade.source == source:
        return None
    before = audit.snapshot(grade)
    grade.status, grade.value, grade.source, grade.note = status, number, source, note
    grade.entered_at, grade.entered_by = timezone.now(), by
    grade.save()
    audit.record_change(obj=grade, by=by, before=before)
    return grade


def _expected_slots(registration: Registration) -> set[tuple[str, str]]:
    units = list(registration.units)
    return {(s.unit, s.part) for s in slots_of(units, registration.session.framework)}


@transaction.atomic
def set_grades(*, session: ExamSession, grades: list[GradeInput], source: str, by: Any) -> int:
    """Record first-sitting grades: every one, or none when one is refused (the errors name
    each line). Returns how many changed."""
    _require_exam_office(session, by)
    _require_state(session, SessionState.GRADING)
    errors = []
    for item in grades:
        if item.registration.session_id != session.pk:
            errors.append(_("%(line)s : candidat d'une autre session.") % {"line": item.line})
        elif (item.unit, item.part) not in _expected_slots(item.registration):
            errors.append(
                _("%(line)s : %(unit)s n'est pas présentée par le candidat %(number)s.")
                % {
                    "line": item.line,
                    "unit": f"{item.unit} {item.part}".strip(),
                    "number": item.registration.number,
                }
            )
    if errors:
        raise ValidationError(errors)
    changed = 0
    for item in grades:
        stored = _store_grade(
            item.registration, item.unit, item.part, Sitting.FIRST, item.value, source, by
        )
        changed += stored is not None
    return changed


# The columns of a grade file: the candidate's number, then one column per grade.
NUMBER_COLUMN = "N° candidat"
NAME_COLUMNS = ("Nom", "Prénom")


def grade_columns(framework_code: str) -> dict[str, tuple[str, str]]:
    """Column header → (unit, part) of a grade file: U1, …, « U5 écrit », « U5 pratique »."""
    return {str(slot.label): (slot.unit, slot.part) for slot in _all_slots(framework_code)}


def _all_slots(framework_code: str):
    return slots_of(list(load_framework(framework_code).units), framework_code)


def import_grades(*, session: ExamSession, data: bytes, filename: str, by: Any) -> int:
    """Record the grades of a CSV or XLSX file (one line per candidate, one column per grade):
    all of them, or none with the French errors of every line at fault."""
    _require_exam_office(session, by)
    _require_state(session, SessionState.GRADING)
    try:
        table = read_table(data, filename=filename)
    except TabularError as error:
        raise ValidationError(error.message) from None
    columns = grade_columns(session.framework)
    maximum = grade_maximum(session)
    known = {name.casefold(): name for name in (*columns, NUMBER_COLUMN, *NAME_COLUMNS)}
    errors = []
    for name in table.columns:
        if name.casefold() not in known:
            errors.append(
                _("Ligne 1 : colonne « %(name)s » inconnue (colonnes possibles : %(known)s).")
                % {"name": name, "known": ", ".join((NUMBER_COLUMN, *columns))}
            )
    header = {known[name.casefold()]: name for name in table.columns if name.casefold() in known}
    if NUMBER_COLUMN not in header:
        errors.append(_("Ligne 1 : colonne « %(name)s » manquante.") % {"name": NUMBER_COLUMN})
    if errors:
        raise ValidationError(errors)
    registrations = {
        r.number: r for r in session.registrations.select_related("session", "learner")
    }
    grades, seen = [], {}
    for row in table.rows:
        where = _("Ligne %(line)s") % {"line": row.line}
        number = row.values[header[NUMBER_COLUMN]].strip()
        registration = registrations.get(number)
        if registration is None:
            errors.append(
                _("%(where)s, colonne « %(column)s » : candidat « %(number)s » inconnu dans la "
                  "session %(year)s.")
                % {"where": where, "column": NUMBER_COLUMN, "number": number, "year": session.year}
            )  # fmt: skip
            continue
        if number in seen:
            errors.append(
                _("%(where)s : candidat %(number)s déjà à la ligne %(first)s.")
                % {"where": where, "number": number, "first": seen[number]}
            )
            continue
        seen[number] = row.line
        last_name = header.get("Nom")
        if last_name and row.values[last_name].strip():
            if (
                row.values[last_name].strip().casefold()
                != registration.learner.last_name.casefold()
            ):
                errors.append(
                    _("%(where)s, colonne « Nom » : « %(name)s » n'est pas le nom du candidat "
                      "%(number)s (%(expected)s).")
                    % {"where": where, "name": row.values[last_name], "number": number,
                       "expected": registration.learner.last_name}
                )  # fmt: skip
                continue
        for label, (unit, part) in columns.items():
            column = header.get(label)
            text = row.values[column].strip() if column else ""
            if not text:
                continue
            try:
                value = parse_grade(text, maximum=maximum)
            except ValidationError as error:
                errors.append(f"{where}, {_('colonne')} « {column} » : {' '.join(error.messages)}")
                continue
            grades.append(GradeInput(registration, unit, part, value, f"{where}, « {column} »"))
    if errors:
        raise ValidationError(errors)
    if not grades:
        raise ValidationError(_("Le fichier ne contient aucune note."))
    with transaction.atomic():
        return set_grades(session=session, grades=grades, source=GradeSource.IMPORTED, by=by)


@dataclass
class Collected:
    """What taking the CCF grades and the dossiers' conformity did."""

    ccf: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)  # not decided yet, and why


@transaction.atomic
def collect_ccf_grades(*, session: ExamSession, on: date, by: Any) -> Collected:
    """Take the CCF grades of E4 and E6 from the confirmed situations (assessments app) and NV
    from the dossiers' conformity control (portfolio app) where it decides, i.e. after the
    deposit deadline. A grade typed or imported by the exam office is left as it is."""
    from ndrc.assessments.models import AssessmentSituation, Status
    from ndrc.portfolio.selectors import AT_RISK, check_learner_dossier, deadline_of

    _require_exam_office(session, by)
    _require_state(session, SessionState.GRADING)
    done = Collected()
    registrations = session.registrations.select_related("learner", "learner__cohort")
    situations: dict[tuple[int, str], dict[str, Decimal]] = {}
    for s in AssessmentSituation.objects.filter(
        learner__exam_registrations__session=session, status=Status.GRADE_CONFIRMED
    ):
        situations.setdefault((s.learner_id, s.exam), {})[s.situation] = s.grade
    for registration in registrations:
        plan = exams_for(registration.category, session=session.year)
        kept = {
            (g.unit, g.part): g.source for g in registration.grades.filter(sitting=Sitting.FIRST)
        }
        for exam in plan.exams:
            if exam.unit not in registration.units or exam.exam not in ("E4", "E6"):
                continue
            learner = registration.learner
            deadline = deadline_of(learner.cohort, exam.exam)
            day = deadline.date if deadline else session.dossier_deadline
            check = check_learner_dossier(learner, exam.exam, on=on, deadline=day)
            who = f"{registration.number} {exam.unit}"
            if check.risk == AT_RISK and day is not None and on > day:
                if kept.get((exam.unit, "")) in (GradeSource.TYPED, GradeSource.IMPORTED):
                    done.waiting.append(f"{who} : NV du contrôle, note saisie conservée")
                    continue
                reasons = " ; ".join(f.text for f in check.findings)
                _store_grade(registration, exam.unit, "", Sitting.FIRST, "NV",
                             GradeSource.CONFORMITY, by, note=reasons)  # fmt: skip
                done.invalid.append(who)
                continue
            if exam.form != "ccf":
                continue
            if kept.get((exam.unit, "")) in (GradeSource.TYPED, GradeSource.IMPORTED):
                continue
            try:
                grade, step = ccf_unit_grade(
                    exam.exam, situations.get((learner.pk, exam.exam), {}), session.framework
                )
            except InputError as error:
                done.waiting.append(f"{registration.number} : {error}")
                continue
            _store_grade(registration, exam.unit, "", Sitting.FIRST, grade, GradeSource.CCF,
                         by, note=step.text)  # fmt: skip
            done.ccf.append(who)
    return done


# --- Deliberation -----------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    """Decimals as exact text, as the JSON fields keep them."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _lines_json(candidate, result: Result) -> list[dict[str, Any]]:
    sheet = transcript(candidate, result)
    return [
        {
            "unit": line.unit,
            "title": line.title,
            "exam": line.exam,
            "coefficient": _jsonable(line.coefficient),
            "origin": line.origin,
            "grade": _jsonable(line.grade),
            "points": _jsonable(line.points),
            "session": line.session,
            "valid_until": line.valid_until,
            "source": line.source,
            "detail": line.detail,
            # Its template too, to be shown in the reader's language (`lines_of`).
            **(
                {"detail_data": message_data(line.detail)}
                if isinstance(line.detail, Message)
                else {}
            ),
        }
        for line in sheet.lines
    ]


def _decision(
    registration: Registration,
    record: dict[str, Any],
    *,
    kind: str,
    sitting: str,
    by: Any,
    reason: str = "",
    now: datetime,
) -> Decision:
    candidate = parse_candidate(record)
    result = deliberate(candidate)
    output = result_as_dict(result)
    return Decision(
        registration=registration,
        sitting=sitting,
        kind=kind,
        decision=result.decision,
        average=result.average,
        points=result.points,
        coefficients=result.coefficients,
        professional_average=result.professional_average,
        units_obtained=list(result.units_obtained),
        # Each step kept with its template, to be shown in the reader's language (`stored_text`).
        explanation=[_with_data(step, "text") for step in output["explanation"]],
        record=_jsonable(record),
        lines=_lines_json(candidate, result),
        framework=registration.session.framework,
        framework_version=framework_version(registration.session.framework),
        reason=reason,
        taken_at=now,
        taken_by=by,
    )


def _store_decisions(decisions: list[Decision], by: Any) -> list[Decision]:
    created = Decision.objects.bulk_create(decisions)
    for decision in created:
        # The decision row is never changed: the entry names it and its outcome; the record,
        # explanation and relevé stay on the row (not copied into the journal).
        after = audit.snapshot(decision, exclude=("record", "explanation", "lines"))
        audit.record(action=AuditAction.CREATE, obj=decision, by=by, after=after)
    return created


@transaction.atomic
def deliberate_session(*, session: ExamSession, by: Any) -> list[Decision]:
    """The engine deliberates every candidate of the session (first group); each decision is
    stored with the record deliberated, the framework version and the explanation. Run again
    before the sign-off, it adds a new decision to each candidate."""
    _require_exam_office(session, by)
    _require_state(session, SessionState.JURY)
    if session.first_signed_off_at:
        raise ValidationError(_("La délibération du premier groupe est signée : elle est close."))
    now = timezone.now()
    registrations = session.registrations.select_related("session", "learner").prefetch_related(
        "grades", "carried_grades"
    )
    decisions = [
        _decision(r, deliberation_input(r), kind=DecisionKind.DELIBERATION,
                  sitting=Sitting.FIRST, by=by, now=now)
        for r in registrations
    ]  # fmt: skip
    return _store_decisions(decisions, by)


def _reason(reason: str) -> str:
    reason = _text(reason, "reason", multiline=True)
    if len(reason) < 5:
        raise ValidationError({"reason": _("Le motif est obligatoire : dites pourquoi.")})
    return reason


def _change_grade(
    registration: Registration,
    *,
    unit: str,
    part: str,
    sitting: str,
    value: Decimal | str,
    kind: str,
    reason: str,
    by: Any,
) -> GradeChange:
    grade = registration.grades.filter(unit=unit, part=part, sitting=sitting).first()
    if grade is None:
        raise ValidationError({"unit": _("Aucune note de cette unité à modifier.")})
    before = _shown(grade)
    if kind == ChangeKind.JURY:
        if grade.status != GradeStatus.GRADED or not isinstance(value, Decimal):
            raise ValidationError(
                {"value": _("Le jury relève une note : la note actuelle et la nouvelle sont des "
                            "nombres.")}
            )  # fmt: skip
        if value <= grade.value:
            raise ValidationError(
                {"value": _("Le jury ne peut que relever une note (actuellement %(grade)s).")
                 % {"grade": before}}
            )  # fmt: skip
    elif value == grade_value(grade):
        raise ValidationError({"value": _("La note est déjà %(grade)s.") % {"grade": before}})
    _store_grade(registration, unit, part, sitting, value, grade.source, by, note=grade.note)
    change = GradeChange(
        registration=registration, kind=kind, unit=unit, part=part, sitting=sitting,
        before=before, after=_shown_value(value), reason=reason,
        changed_at=timezone.now(), changed_by=by,
    )  # fmt: skip
    return create_and_record(change, by=by)


def _shown(grade: Grade) -> str:
    return _shown_value(grade_value(grade))


def _shown_value(value: Decimal | str) -> str:
    return french_number(value) if isinstance(value, Decimal) else value


def _fresh(registration: Registration) -> Registration:
    return (
        Registration.objects.select_related("session", "learner")
        .prefetch_related("grades", "carried_grades")
        .get(pk=registration.pk)
    )


@transaction.atomic
def raise_grade(
    *,
    registration: Registration,
    unit: str,
    part: str = "",
    value: Decimal,
    reason: str,
    by: Any,
) -> Decision:
    """The jury raises a grade before signing off, with its reason, and the candidate is
    deliberated again at once: a first-group grade before the first signature, then an
    épreuve de contrôle grade of a candidate of the second group."""
    registration = _fresh(registration)  # its session as it stands now
    session = registration.session
    _require_exam_office(session, by)
    _require_state(session, SessionState.JURY)
    if session.signed_off_at:
        raise ValidationError(
            _("La délibération est signée : une correction est une rectification du président.")
        )
    sitting = Sitting.FIRST
    if session.first_signed_off_at:
        current = current_decision(_fresh(registration))
        if current is None or current.sitting != Sitting.RESIT:
            raise ValidationError(
                _("Le premier groupe est signé : le jury ne modifie plus que les notes des "
                  "épreuves de contrôle délibérées.")
            )  # fmt: skip
        sitting = Sitting.RESIT
    reason = _reason(reason)
    _change_grade(
        registration, unit=unit, part=part, sitting=sitting, value=value,
        kind=ChangeKind.JURY, reason=reason, by=by,
    )  # fmt: skip
    return _redeliberate(
        registration, sitting=sitting, kind=DecisionKind.JURY_CHANGE, reason=reason, by=by
    )


def _resit_units(session: ExamSession) -> set[str]:
    return {u.code for u in load_framework(session.framework).units.values() if u.kind == "general"}


def _redeliberate(
    registration: Registration, *, sitting: str, kind: str, reason: str, by: Any
) -> Decision:
    registration = _fresh(registration)
    record = deliberation_input(registration, with_resit=sitting == Sitting.RESIT)
    decision = _decision(
        registration, record, kind=kind, sitting=sitting, by=by, reason=reason,
        now=timezone.now(),
    )  # fmt: skip
    return _store_decisions([decision], by)[0]


@transaction.atomic
def sign_off(*, session: ExamSession, by: Any) -> ExamSession:
    """The president signs the deliberation off: the first group (then the épreuves de contrôle
    are organised for the candidates it designated), or the second, which closes it."""
    _require_president(session, by)
    _require_state(session, SessionState.JURY)
    table = session_table(session)
    undecided = [row for row in table.rows if row.decision is None]
    if undecided:
        raise ValidationError(
            _("%(count)s candidat(s) sans décision : délibérez d'abord.")
            % {"count": len(undecided)}
        )
    before = audit.snapshot(session)
    now = timezone.now()
    if session.first_signed_off_at is None:
        session.first_signed_off_at = now
        eligible = [r for r in table.rows if r.decision.decision == RESIT_ELIGIBLE]
        if not eligible:
            session.signed_off_at = now
    elif session.signed_off_at is None:
        waiting = [
            r.registration.number
            for r in table.rows
            if r.decision.sitting == Sitting.FIRST and r.decision.decision == RESIT_ELIGIBLE
        ]
        if waiting:
            raise ValidationError(
                _("Épreuves de contrôle à délibérer pour : %(numbers)s.")
                % {"numbers": ", ".join(waiting)}
            )
        session.signed_off_at = now
    else:
        raise ValidationError(_("La délibération est déjà signée."))
    session.save(update_fields=["first_signed_off_at", "signed_off_at"])
    audit.record_change(obj=session, by=by, before=before)
    return session


@transaction.atomic
def set_resit_grades(
    *, registration: Registration, grades: dict[str, Decimal | str], by: Any
) -> None:
    """The épreuves de contrôle of a candidate the first group designated: at most the number
    the deliberation allows, in the general units; `absent` when not sat."""
    registration = _fresh(registration)  # its session as it stands now
    session = registration.session
    _require_exam_office(session, by)
    _require_state(session, SessionState.JURY)
    if not session.first_signed_off_at or session.signed_off_at:
        raise ValidationError(
            _("Les épreuves de contrôle se saisissent après la signature du premier groupe.")
        )
    current = current_decision(_fresh(registration))
    if current is None or current.decision != RESIT_ELIGIBLE or current.sitting != Sitting.FIRST:
        raise ValidationError(_("Ce candidat n'est pas admis aux épreuves de contrôle."))
    allowed = _resit_units(session)
    for unit in grades:
        if unit not in allowed:
            raise ValidationError(
                _("Les épreuves de contrôle portent sur %(units)s.")
                % {"units": ", ".join(sorted(allowed))}
            )
    for grade in registration.grades.filter(sitting=Sitting.RESIT):
        if grade.unit not in grades:
            delete_and_record(grade, by=by)
    for unit, value in grades.items():
        _store_grade(registration, unit, "", Sitting.RESIT, value, GradeSource.TYPED, by)


@transaction.atomic
def deliberate_resits(*, session: ExamSession, by: Any) -> list[Decision]:
    """The second group: each candidate designated by the first deliberated with their resit
    grades; one absent from them (or without any) is failed."""
    _require_exam_office(session, by)
    _require_state(session, SessionState.JURY)
    if not session.first_signed_off_at or session.signed_off_at:
        raise ValidationError(_("Le second groupe se délibère entre les deux signatures."))
    now = timezone.now()
    decisions = []
    lacking = []
    for row in session_table(session, full=True).rows:
        current = row.decision
        if current.sitting != Sitting.FIRST or current.decision != RESIT_ELIGIBLE:
            continue
        registration = row.registration
        resit = [g for g in registration.grades.all() if g.sitting == Sitting.RESIT]
        if not resit:
            lacking.append(registration.number)
            continue
        if all(g.status != GradeStatus.GRADED for g in resit):
            decisions.append(_not_taken(registration, current, by=by, now=now))
            continue
        record = deliberation_input(registration, with_resit=True)
        decisions.append(
            _decision(registration, record, kind=DecisionKind.RESIT, sitting=Sitting.RESIT,
                      by=by, now=now)
        )  # fmt: skip
    if lacking:
        raise ValidationError(
            _("Notes d'épreuves de contrôle (ou absence) à saisir pour : %(numbers)s.")
            % {"numbers": ", ".join(lacking)}
        )
    return _store_decisions(decisions, by)


def _not_taken(registration: Registration, current: Decision, *, by: Any, now) -> Decision:
    step = resit_not_taken(registration.number)
    return Decision(
        registration=registration,
        sitting=Sitting.RESIT,
        kind=DecisionKind.RESIT_NOT_TAKEN,
        decision=step.values["decision"],
        average=current.average,
        points=current.points,
        coefficients=current.coefficients,
        professional_average=current.professional_average,
        units_obtained=current.units_obtained,
        explanation=[*current.explanation, _with_data(step.as_dict(), "text")],
        record=current.record,
        lines=current.lines,
        framework=current.framework,
        framework_version=current.framework_version,
        taken_at=now,
        taken_by=by,
    )


@transaction.atomic
def rectify(
    *,
    registration: Registration,
    unit: str,
    part: str = "",
    value: Decimal | str,
    reason: str,
    by: Any,
) -> Decision:
    """After the sign-off, a correction (an error of transcription…) is a rectification by the
    president: recorded with its reason, and the candidate deliberated again; nothing earlier
    is changed."""
    registration = _fresh(registration)  # its session as it stands now
    session = registration.session
    _require_president(session, by)
    if not session.signed_off_at:
        raise ValidationError(_("Avant la signature, le jury modifie la note lui-même."))
    reason = _reason(reason)
    current = current_decision(_fresh(registration))
    sitting = current.sitting if current is not None else Sitting.FIRST
    has_resit = registration.grades.filter(unit=unit, part=part, sitting=Sitting.RESIT).exists()
    _change_grade(
        registration, unit=unit, part=part,
        sitting=Sitting.RESIT if sitting == Sitting.RESIT and has_resit else Sitting.FIRST,
        value=value, kind=ChangeKind.RECTIFICATION, reason=reason, by=by,
    )  # fmt: skip
    return _redeliberate(
        registration, sitting=sitting, kind=DecisionKind.RECTIFICATION, reason=reason, by=by
    )


@transaction.atomic
def publish(*, session: ExamSession, at: datetime, by: Any) -> ExamSession:
    """Publish the results to the learners at `at` (a date and time, possibly to come)."""
    _require_exam_office(session, by)
    _require_state(session, SessionState.JURY)
    if not session.signed_off_at:
        raise ValidationError(_("Le président doit d'abord signer la délibération."))
    if timezone.is_naive(at):
        raise ValidationError({"at": _("Date et heure de publication sans fuseau horaire.")})
    if at.year != session.year:
        raise ValidationError({"at": _("La publication a lieu l'année de la session.")})
    before = audit.snapshot(session)
    session.publication_at = at
    session.state = SessionState.PUBLISHED
    session.save(update_fields=["publication_at", "state"])
    audit.record_change(obj=session, by=by, before=before)
    return session
