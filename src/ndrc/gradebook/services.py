"""Writes of the teaching year: periods and the centre's settings, gradebooks, assessments,
marks, appreciations, referents, class councils, bulletins, the livret's appreciations, and the
PDFs (a bulletin, a cohort's bulletins, the council's minutes, the livret scolaire).

Keyword-only arguments, atomic, permission-checked against `by` (`PermissionDenied`), validated
(`ValidationError` in French naming the field or the line), audited with before and after.
"""

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ndrc.core import audit
from ndrc.core.models import Role, TrainingCentre
from ndrc.core.permissions import Action, can, centres_where, is_administrator
from ndrc.core.services import (
    apply_changes,
    create_and_record,
    delete_and_record,
    field_error,
    own_changes,
    refuse_unknown_fields,
    require_manager,
)
from ndrc.gradebook import selectors
from ndrc.gradebook.models import (
    Appreciation,
    AssessedCompetence,
    Assessment,
    AssessmentKind,
    CentreSettings,
    ClassCouncil,
    CompetenceLevel,
    Decision,
    ExamOpinion,
    Gradebook,
    Mark,
    Period,
    PeriodKind,
    PeriodReport,
    RecordAppreciation,
    RecordObservations,
    Referent,
)
from ndrc.jobs.services import JobResult, Progress
from ndrc.learners.models import Cohort, Learner
from ndrc.regulation.errors import InputError
from ndrc.regulation.explanation import Message
from ndrc.regulation.framework import load_framework
from ndrc.regulation.gradebook_averages import (
    check_scale,
    check_weight,
    parse_mark,
    teaching_module,
)

# The years a date of the teaching year may fall in (a typo such as 2206 is refused).
FIRST_YEAR, LAST_YEAR = 2000, 2100
# A period lasts at most a school year.
LONGEST_PERIOD = timedelta(days=366)


def _require(by: Any, action: Action, obj: Any) -> None:
    if not can(by, action, obj):
        raise PermissionDenied(_("Action non autorisée pour votre rôle."))


def _check_day(field: str, day: date) -> None:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValidationError(
            {
                field: _("Date %(day)s hors des années %(first)s à %(last)s.")
                % {"day": f"{day:%d/%m/%Y}", "first": FIRST_YEAR, "last": LAST_YEAR}
            }
        )


# --- The centre's settings and periods -----------------------------------------------------------


@transaction.atomic
def save_settings(
    *,
    training_centre: TrainingCentre,
    period_kind: str,
    share_reports_with_masters: bool,
    by: Any,
    version: str | None = None,
) -> CentreSettings:
    """Semesters or trimesters, and whether masters and tutors read the published bulletins;
    `version`: the one the edit started from (scoped on the centre: the settings may not
    exist yet), conflicts refused."""
    require_manager(by, training_centre)
    values = {
        "period_kind": str(PeriodKind(period_kind)),
        "share_reports_with_masters": bool(share_reports_with_masters),
    }
    if version is not None:
        values = own_changes(
            training_centre,
            changes=values,
            version=version,
            values=lambda _centre: selectors.settings_values(training_centre),
        )
    settings = CentreSettings.objects.filter(training_centre=training_centre).first()
    if settings is None:
        return create_and_record(CentreSettings(training_centre=training_centre, **values), by=by)
    return apply_changes(settings, changes=values, allowed=values, by=by)


def _check_period(period: Period) -> None:
    _check_day("start", period.start)
    _check_day("end", period.end)
    if period.end < period.start:
        raise ValidationError({"end": _("La fin de la période précède son début.")})
    if period.end - period.start > LONGEST_PERIOD:
        raise ValidationError({"end": _("Une période dure au plus une année scolaire.")})
    overlapping = (
        Period.objects.filter(training_centre_id=period.training_centre_id)
        .filter(start__lte=period.end, end__gte=period.start)
        .exclude(pk=period.pk)
        .first()
    )
    if overlapping is not None:
        raise ValidationError(
            {
                "start": _("Cette période chevauche « %(name)s » (du %(start)s au %(end)s).")
                % {
                    "name": overlapping.name,
                    "start": f"{overlapping.start:%d/%m/%Y}",
                    "end": f"{overlapping.end:%d/%m/%Y}",
                }
            }
        )
    period.full_clean()


@transaction.atomic
def create_period(
    *, training_centre: TrainingCentre, name: str, start: date, end: date, by: Any
) -> Period:
    require_manager(by, training_centre)
    period = Period(training_centre=training_centre, name=name.strip(), start=start, end=end)
    return create_and_record(period, by=by, clean=_check_period)


@transaction.atomic
def update_period(*, period: Period, changes: Mapping[str, Any], by: Any) -> Period:
    require_manager(by, period.training_centre)
    return apply_changes(
        period, changes=changes, allowed=("name", "start", "end"), by=by, clean=_check_period
    )


@transaction.atomic
def delete_period(*, period: Period, by: Any) -> None:
    """A period without bulletins, appreciations or council can be deleted."""
    require_manager(by, period.training_centre)
    if period.reports.exists() or period.appreciations.exists() or period.councils.exists():
        raise ValidationError(
            _("Cette période a déjà des appréciations, des bulletins ou un conseil de classe.")
        )
    delete_and_record(period, by=by)


def school_year_periods(kind: str, first_day: date) -> list[tuple[str, date, date]]:
    """ndrc's default division of a school year starting on `first_day` (1 September): two
    semesters (September–January, February–August) or three trimesters (September–November,
    December–February, March–August). The centre renames or moves them as it likes."""
    year = first_day.year
    label = f"{year}-{year + 1}"
    if kind == PeriodKind.TRIMESTER:
        march = date(year + 1, 3, 1)
        return [
            (f"Trimestre 1 {label}", first_day, date(year, 11, 30)),
            (f"Trimestre 2 {label}", date(year, 12, 1), march - timedelta(days=1)),
            (f"Trimestre 3 {label}", march, date(year + 1, 8, 31)),
        ]
    return [
        (f"Semestre 1 {label}", first_day, date(year + 1, 1, 31)),
        (f"Semestre 2 {label}", date(year + 1, 2, 1), date(year + 1, 8, 31)),
    ]


@transaction.atomic
def create_school_year(
    *, training_centre: TrainingCentre, first_day: date, by: Any
) -> list[Period]:
    """The semesters or trimesters (the centre's setting) of the school year from `first_day`."""
    require_manager(by, training_centre)
    settings = CentreSettings.objects.filter(training_centre=training_centre).first()
    kind = settings.period_kind if settings else PeriodKind.SEMESTER
    return [
        create_period(training_centre=training_centre, name=name, start=start, end=end, by=by)
        for name, start, end in school_year_periods(kind, first_day)
    ]


# --- Gradebooks and assessments ------------------------------------------------------------------


@transaction.atomic
def open_gradebook(
    *,
    cohort: Cohort,
    module: str,
    teacher: Any,
    by: Any,
    coefficient: Decimal | None = None,
) -> Gradebook:
    """Open `teacher`'s gradebook of `module` for `cohort`. A teacher opens their own, for the
    modules of their assignment; the training manager opens one for any teacher of the centre."""
    try:
        found = teaching_module(module, cohort.framework)
    except InputError as error:
        raise field_error("module", error) from error
    manages = selectors.manages_cohort(by, cohort)
    if not manages:
        if teacher.pk != by.pk:
            raise PermissionDenied(_("Un enseignant n'ouvre que ses propres carnets."))
        if module not in dict(selectors.teachable_modules(by, cohort)):
            raise PermissionDenied(_("Vous n'êtes pas affecté à ce module dans cette promotion."))
    if not is_administrator(teacher) and cohort.training_centre_id not in centres_where(
        teacher, Role.TEACHER
    ):
        name = teacher.get_full_name() or teacher.username
        raise ValidationError(
            {"teacher": _("%(name)s n'est pas enseignant dans ce centre.") % {"name": name}}
        )
    if coefficient is None:
        coefficient = found.default_coefficient
    if coefficient < 0:
        raise ValidationError({"coefficient": _("Le coefficient ne peut pas être négatif.")})
    return create_and_record(
        Gradebook(cohort=cohort, module=module, teacher=teacher, coefficient=coefficient), by=by
    )


@transaction.atomic
def update_gradebook(
    *, gradebook: Gradebook, coefficient: Decimal, by: Any, version: str | None = None
) -> Gradebook:
    """The gradebook's coefficient; `version`: the one the edit started from (conflicts
    refused)."""
    _require(by, Action.CHANGE, gradebook)
    if coefficient < 0:
        raise ValidationError({"coefficient": _("Le coefficient ne peut pas être négatif.")})
    return apply_changes(
        gradebook,
        changes={"coefficient": coefficient},
        allowed=("coefficient",),
        by=by,
        version=version,
    )


def _check_assessment(assessment: Assessment) -> None:
    cohort = assessment.gradebook.cohort
    _check_day("date", assessment.date)
    if cohort.year_on(assessment.date) is None:
        last = date(cohort.first_year_start.year + 2, cohort.first_year_start.month, 1)
        raise ValidationError(
            {
                "date": _(
                    "Le %(day)s est hors des deux années de formation de la promotion "
                    "(du %(start)s au %(end)s)."
                )
                % {
                    "day": f"{assessment.date:%d/%m/%Y}",
                    "start": f"{cohort.first_year_start:%d/%m/%Y}",
                    "end": f"{last - timedelta(days=1):%d/%m/%Y}",
                }
            }
        )
    try:
        check_scale(assessment.scale, on=assessment.date)
    except InputError as error:
        raise field_error("scale", error) from error
    try:
        check_weight(assessment.weight)
    except InputError as error:
        raise field_error("weight", error) from error
    assessment.full_clean()


def _set_competences(assessment: Assessment, competences: Mapping[str, str], *, by: Any) -> None:
    """Tag the assessment with these compétences (code → level); others are untagged."""
    framework = load_framework(assessment.gradebook.cohort.framework)
    known = {c.code for c in framework.competences()}
    for code, level in competences.items():
        if code not in known:
            raise ValidationError(
                {
                    "competences": _("« %(code)s » n'est pas une compétence du référentiel.")
                    % {"code": code}
                }
            )
        if level not in CompetenceLevel.values:
            raise ValidationError(
                {"competences": _("Niveau « %(level)s » inconnu.") % {"level": level}}
            )
    existing = {tag.competence: tag for tag in assessment.competences.all()}
    for code, tag in existing.items():
        if code not in competences:
            delete_and_record(tag, by=by)
    for code, level in competences.items():
        tag = existing.get(code)
        if tag is None:
            create_and_record(
                AssessedCompetence(assessment=assessment, competence=code, level=level), by=by
            )
        elif tag.level != level:
            apply_changes(tag, changes={"level": level}, allowed=("level",), by=by)


@transaction.atomic
def create_assessment(
    *,
    gradebook: Gradebook,
    title: str,
    date: date,
    kind: str,
    by: Any,
    scale: Decimal = Decimal(20),
    weight: Decimal = Decimal(1),
    competences: Mapping[str, str] | None = None,
) -> Assessment:
    """A new column of the gradebook, unpublished."""
    _require(by, Action.CHANGE, gradebook)
    assessment = Assessment(
        gradebook=gradebook,
        title=title.strip(),
        date=date,
        kind=AssessmentKind(kind),
        scale=scale,
        weight=weight,
    )
    create_and_record(assessment, by=by, clean=_check_assessment)
    _set_competences(assessment, competences or {}, by=by)
    return assessment


@transaction.atomic
def update_assessment(
    *,
    assessment: Assessment,
    changes: Mapping[str, Any],
    by: Any,
    competences: Mapping[str, str] | None = None,
    version: str | None = None,
) -> Assessment:
    """Change an assessment; a new scale must still hold every mark already entered.

    `version`: the one the user's edit started from (`core.versions`, conflicts refused);
    `competences` then names every compétence of the framework ("" when not assessed)."""
    _require(by, Action.CHANGE, assessment.gradebook)
    if version is not None:
        changes = own_changes(
            assessment,
            changes={**changes, "competences": dict(competences or {})},
            version=version,
            values=selectors.assessment_values,
        )
        competences = changes.pop("competences", None)
    if competences is not None:
        competences = {code: level for code, level in competences.items() if level}
    scale = changes.get("scale", assessment.scale)
    above = assessment.marks.filter(value__gt=scale).count()
    if above:
        raise ValidationError(
            {"scale": _("%(count)s note(s) déjà saisie(s) dépassent ce barème.") % {"count": above}}
        )
    apply_changes(
        assessment,
        changes=changes,
        allowed=selectors.ASSESSMENT_FIELDS,
        by=by,
        clean=_check_assessment,
    )
    if competences is not None:
        _set_competences(assessment, competences, by=by)
    return assessment


@transaction.atomic
def delete_assessment(*, assessment: Assessment, by: Any) -> None:
    """Delete an assessment and its marks (each deletion audited)."""
    _require(by, Action.CHANGE, assessment.gradebook)
    for mark in assessment.marks.all():
        delete_and_record(mark, by=by)
    for tag in assessment.competences.all():
        delete_and_record(tag, by=by)
    delete_and_record(assessment, by=by)


@transaction.atomic
def publish_assessment(*, assessment: Assessment, published: bool, by: Any) -> Assessment:
    """Show the assessment's marks to the learners (each sees their own), or hide them again."""
    _require(by, Action.CHANGE, assessment.gradebook)
    value = timezone.now() if published else None
    if assessment.is_published == published:
        return assessment
    return apply_changes(
        assessment, changes={"published_at": value}, allowed=("published_at",), by=by
    )


# --- Marks ---------------------------------------------------------------------------------------


def _learner_of(assessment: Assessment, learner: Learner) -> None:
    if learner.cohort_id != assessment.gradebook.cohort_id or learner.erased_on is not None:
        raise ValidationError(_("Cet apprenant n'est pas dans la promotion du carnet."))


def _write_mark(assessment: Assessment, learner: Learner, entry, existing: Mark | None, by: Any):
    if entry is None:
        if existing is not None:
            delete_and_record(existing, by=by)
        return None
    if existing is None:
        mark = Mark(assessment=assessment, learner=learner, status=entry.status, value=entry.value)
        mark.save()
        audit.record(action="create", obj=mark, by=by, after=audit.snapshot(mark))
        return mark
    if (existing.status, existing.value) == (entry.status, entry.value):
        return existing
    before = audit.snapshot(existing)
    existing.status, existing.value = entry.status, entry.value
    existing.save(update_fields=["status", "value"])
    audit.record_change(obj=existing, by=by, before=before)
    return existing


@transaction.atomic
def enter_mark(*, assessment: Assessment, learner: Learner, raw: str, by: Any) -> Mark | None:
    """Enter what a teacher typed in a cell: a mark on the assessment's scale, « abs », « disp »,
    or nothing (which removes the mark). Audited."""
    _require(by, Action.CHANGE, assessment.gradebook)
    _learner_of(assessment, learner)
    try:
        entry = parse_mark(raw, scale=assessment.scale)
    except InputError as error:
        raise field_error("value", error) from error
    existing = Mark.objects.filter(assessment=assessment, learner=learner).first()
    return _write_mark(assessment, learner, entry, existing, by)


@transaction.atomic
def enter_column(
    *, assessment: Assessment, values: Iterable[tuple[Learner, str]], by: Any
) -> list[Mark | None]:
    """Enter a whole column (pasted from a spreadsheet), learner by learner, all or nothing: if
    any value is refused, nothing is saved and every refusal is reported with its line."""
    _require(by, Action.CHANGE, assessment.gradebook)
    values = list(values)
    errors = []
    entries = []
    for line, (learner, raw) in enumerate(values, start=1):
        try:
            _learner_of(assessment, learner)
            entries.append(parse_mark(raw, scale=assessment.scale))
        except InputError as error:
            errors.append(
                _("Ligne %(line)s (%(name)s) : %(error)s")
                % {"line": line, "name": learner.full_name, "error": error}
            )
        except ValidationError as error:
            errors.append(
                _("Ligne %(line)s (%(name)s) : %(error)s")
                % {"line": line, "name": learner.full_name, "error": " ".join(error.messages)}
            )
    if errors:
        raise ValidationError(errors)
    existing = {
        mark.learner_id: mark
        for mark in Mark.objects.filter(
            assessment=assessment, learner_id__in=[learner.pk for learner, _raw in values]
        )
    }
    return [
        _write_mark(assessment, learner, entry, existing.get(learner.pk), by)
        for (learner, _raw), entry in zip(values, entries, strict=True)
    ]


# --- Appreciations, referent, councils and bulletins ---------------------------------------------


def _upsert(model, lookup: dict, field_name: str, value: Any, *, by: Any, version=None):
    """Create, change or (empty value) delete the record found by `lookup`. Audited.

    `version`: the one the user's edit of the text started from (`selectors.text_version`,
    scoped on `lookup["learner"]`); unchanged since, nothing written; conflicts refused."""
    if version is not None:
        mine = own_changes(
            lookup["learner"],
            changes={field_name: value},
            version=version,
            values=lambda _learner: {field_name: selectors.written_text(model, **lookup)},
        )
        if field_name not in mine:
            return model.objects.filter(**lookup).first()
    existing = model.objects.filter(**lookup).first()
    if value in ("", None):
        if existing is not None and field_name == "text":
            delete_and_record(existing, by=by)
            return None
        if existing is None:
            return None
    if existing is None:
        return create_and_record(model(**lookup, **{field_name: value}), by=by)
    return apply_changes(existing, changes={field_name: value}, allowed=(field_name,), by=by)


@transaction.atomic
def write_appreciation(
    *,
    gradebook: Gradebook,
    learner: Learner,
    period: Period,
    text: str,
    by: Any,
    version: str | None = None,
) -> Appreciation | None:
    """The gradebook teacher's appreciation of a learner for a period (blank removes it);
    `version`: the one the edit started from (`selectors.text_version`)."""
    _require(by, Action.CHANGE, gradebook)
    if learner.cohort_id != gradebook.cohort_id:
        raise ValidationError(_("Cet apprenant n'est pas dans la promotion du carnet."))
    return _upsert(
        Appreciation,
        {"gradebook": gradebook, "learner": learner, "period": period},
        "text",
        text.strip(),
        by=by,
        version=version,
    )


@transaction.atomic
def set_referent(
    *, cohort: Cohort, teacher: Any | None, by: Any, version: str | None = None
) -> Referent | None:
    """The cohort's referent teacher (None: nobody); `version`: the one the edit started from
    (`selectors.referent_values`, scoped on the cohort), conflicts refused."""
    require_manager(by, cohort.training_centre)
    if version is not None:
        mine = own_changes(
            cohort,
            changes={"teacher": teacher},
            version=version,
            values=lambda _cohort: selectors.referent_values(cohort),
        )
        if "teacher" not in mine:
            return Referent.objects.filter(cohort=cohort).first()
    existing = Referent.objects.filter(cohort=cohort).first()
    if teacher is None:
        if existing is not None:
            delete_and_record(existing, by=by)
        return None
    if cohort.training_centre_id not in centres_where(teacher, Role.TEACHER):
        raise ValidationError({"teacher": _("Choisissez un enseignant du centre.")})
    if existing is None:
        return create_and_record(Referent(cohort=cohort, teacher=teacher), by=by)
    return apply_changes(existing, changes={"teacher": teacher}, allowed=("teacher",), by=by)


@transaction.atomic
def prepare_council(*, cohort: Cohort, period: Period, by: Any) -> ClassCouncil:
    """The council record of a cohort's period (created on first use)."""
    if not selectors.may_lead_council(by, cohort):
        raise PermissionDenied(
            _(
                "Seuls le responsable de formation et le référent de la promotion préparent le "
                "conseil de classe."
            )
        )
    if period.training_centre_id != cohort.training_centre_id:
        raise ValidationError({"period": _("Cette période n'est pas celle du centre.")})
    council = ClassCouncil.objects.filter(cohort=cohort, period=period).first()
    if council is not None:
        return council
    return create_and_record(ClassCouncil(cohort=cohort, period=period), by=by)


COUNCIL_FIELDS = ("date", "chair", "attendees", "notes")


@transaction.atomic
def update_council(
    *, council: ClassCouncil, changes: Mapping[str, Any], by: Any, version: str | None = None
) -> ClassCouncil:
    """The council's date, chair, attendees and the class's overall assessment; `version`: the
    one the user's edit started from (`core.versions`, conflicts refused)."""
    _require(by, Action.CHANGE, council)
    if changes.get("date"):
        _check_day("date", changes["date"])
    return apply_changes(council, changes=changes, allowed=COUNCIL_FIELDS, by=by, version=version)


@transaction.atomic
def write_report(
    *,
    learner: Learner,
    period: Period,
    changes: Mapping[str, Any],
    by: Any,
    version: str | None = None,
) -> PeriodReport:
    """The referent's general appreciation, the council's decision and, in the second year,
    its opinion for the exam, typed as the meeting goes. Audited. `version`: the one the
    user's line started from (`core.versions`, scoped on the learner: the report may not
    exist yet), conflicts refused."""
    if not selectors.may_lead_council(by, learner.cohort):
        raise PermissionDenied(
            _(
                "Seuls le responsable de formation et le référent de la promotion écrivent "
                "l'appréciation générale et la décision du conseil."
            )
        )
    if period.training_centre_id != learner.cohort.training_centre_id:
        raise ValidationError({"period": _("Cette période n'est pas celle du centre.")})
    changes = dict(changes)
    if "decision" in changes and changes["decision"] not in Decision.values:
        raise ValidationError({"decision": _("Décision inconnue.")})
    if changes.get("exam_opinion"):
        if changes["exam_opinion"] not in ExamOpinion.values:
            raise ValidationError({"exam_opinion": _("Avis inconnu.")})
        if learner.cohort.year_on(period.start) != 2:
            raise ValidationError(
                {"exam_opinion": _("L'avis pour l'examen se donne en deuxième année.")}
            )
    if "general_appreciation" in changes:
        changes["general_appreciation"] = changes["general_appreciation"].strip()
    if version is not None:
        refuse_unknown_fields(changes, selectors.REPORT_FIELDS)
        changes = own_changes(
            learner,
            changes=changes,
            version=version,
            values=lambda _learner: selectors.report_values(learner, period),
        )
    report = PeriodReport.objects.filter(learner=learner, period=period).first()
    if report is None:
        refuse_unknown_fields(changes, selectors.REPORT_FIELDS)
        return create_and_record(PeriodReport(learner=learner, period=period, **changes), by=by)
    return apply_changes(report, changes=changes, allowed=selectors.REPORT_FIELDS, by=by)


@transaction.atomic
def publish_reports(*, council: ClassCouncil, published: bool, by: Any) -> ClassCouncil:
    """Show the cohort's bulletins of the period to the learners (and to the masters where the
    centre shares them), or hide them again. The training manager decides."""
    require_manager(by, council.cohort.training_centre)
    if council.reports_published_at is not None and published:
        return council
    return apply_changes(
        council,
        changes={"reports_published_at": timezone.now() if published else None},
        allowed=("reports_published_at",),
        by=by,
    )


@transaction.atomic
def write_record_appreciation(
    *, learner: Learner, unit: str, text: str, by: Any, version: str | None = None
) -> RecordAppreciation | None:
    """The appreciation of a line of the livret scolaire, for the jury: by a teacher who keeps a
    gradebook of that line in the learner's cohort, or the training manager."""
    require_record_appreciation_writer(learner=learner, unit=unit, by=by)
    return _upsert(
        RecordAppreciation,
        {"learner": learner, "unit": unit},
        "text",
        text.strip(),
        by=by,
        version=version,
    )


def require_record_appreciation_writer(*, learner: Learner, unit: str, by: Any) -> None:
    """`by` may write the livret's appreciation of `unit` (`write_record_appreciation`)."""
    cohort = learner.cohort
    codes = {code: modules for code, _t, _c, _o, modules in selectors.record_lines(cohort)}
    if unit not in codes:
        raise ValidationError(
            {"unit": _("« %(unit)s » n'est pas une ligne du livret.") % {"unit": unit}}
        )
    teaches = Gradebook.objects.filter(
        cohort=cohort, module__in=codes[unit], teacher_id=by.pk
    ).exists()
    if not (teaches or selectors.manages_cohort(by, cohort)):
        raise PermissionDenied(
            _("L'appréciation d'une unité est écrite par un de ses enseignants.")
        )


@transaction.atomic
def write_record_observations(
    *, learner: Learner, text: str, by: Any, version: str | None = None
) -> RecordObservations:
    """The livret's complementary elements for the jury (attendance, motivation, commitment):
    the training manager or the cohort's referent."""
    if not selectors.may_lead_council(by, learner.cohort):
        raise PermissionDenied(
            _(
                "Seuls le responsable de formation et le référent de la promotion renseignent "
                "les éléments complémentaires du livret."
            )
        )
    record = record_observations(learner, by=by)
    changes = {"text": text.strip()}
    if version is not None:
        changes = own_changes(
            learner,
            changes=changes,
            version=version,
            values=lambda _learner: {
                "text": selectors.written_text(RecordObservations, learner=learner)
            },
        )
    return apply_changes(record, changes=changes, allowed=("text",), by=by)


def record_observations(learner: Learner, *, by: Any) -> RecordObservations:
    """The learner's livret record (created, audited, on first use)."""
    record = RecordObservations.objects.filter(learner=learner).first()
    if record is None:
        with transaction.atomic():
            record = create_and_record(RecordObservations(learner=learner), by=by)
    return record


# --- Documents -----------------------------------------------------------------------------------
# Not in a transaction of their own: `generate_document` renders the PDF before the short one that
# stores it (SQLite's only write lock is not held while a PDF is drawn).


def bulletin_sources(bulletin) -> dict[str, Any]:
    """What a bulletin PDF was made from (kept with it: documents.GeneratedDocument.sources)."""
    return {
        "learner": bulletin.learner.pk,
        "period": bulletin.period.pk,
        "period_dates": [bulletin.period.start, bulletin.period.end],
        "general_average": bulletin.general.shown,
        "lines": [
            {
                "title": line.title,
                "coefficient": line.coefficient,
                "average": line.average.shown,
                "class": [line.statistics.minimum, line.statistics.maximum, line.statistics.mean],
            }
            for line in bulletin.lines
        ],
        "rounding": "gradebook/average_rounding",
    }


def _report_for(learner: Learner, period: Period, *, by: Any) -> PeriodReport:
    """The learner's bulletin record, the subject a bulletin PDF is kept about."""
    report = PeriodReport.objects.filter(learner=learner, period=period).first()
    if report is None:
        with transaction.atomic():
            report = create_and_record(PeriodReport(learner=learner, period=period), by=by)
    return report


def bulletin_document(*, learner: Learner, period: Period, by: Any):
    """The learner's bulletin of the period as a PDF, kept with what it was made from."""
    from ndrc.documents.services import generate_document

    if selectors.report_access(by, Action.VIEW, learner, period) is not selectors.Access.ALLOWED:
        raise PermissionDenied(_("Action non autorisée pour votre rôle."))
    reports = selectors.cohort_reports(learner.cohort, period)
    bulletin = reports.bulletin(learner)
    subject = _report_for(learner, period, by=by)
    return generate_document(
        kind="period_report",
        template_name="gradebook/pdf/bulletin.html",
        context={"bulletins": [bulletin], "council": reports.council},
        subject=subject,
        sources=bulletin_sources(bulletin),
        by=by,
        title=f"Bulletin {period.name} — {learner.full_name}",
    )


def build_cohort_bulletins(*, council: ClassCouncil, by: Any, progress: Progress | None = None):
    """Every bulletin of a cohort's period in one PDF (one page or more per learner), kept about
    the council with what it was made from. Runs as a background job (`ndrc.jobs`), reporting
    `progress(done, total, learner)`; all or nothing (the job's transaction)."""
    from ndrc.documents.services import generate_document

    _require(by, Action.VIEW, council)
    reports = selectors.cohort_reports(council.cohort, council.period)
    total = len(reports.learners) + 1  # each bulletin, then the PDF
    bulletins = []
    for done, learner in enumerate(reports.learners, start=1):
        bulletins.append(reports.bulletin(learner))
        if progress:
            progress(done, total, learner.full_name)
    document = generate_document(
        kind="cohort_period_reports",
        template_name="gradebook/pdf/bulletin.html",
        context={"bulletins": bulletins, "council": council},
        subject=council,
        sources={
            "cohort": council.cohort_id,
            "period": council.period_id,
            "learners": [b.learner.pk for b in bulletins],
            "general_averages": {b.learner.pk: b.general.shown for b in bulletins},
            "rounding": "gradebook/average_rounding",
        },
        by=by,
        title=f"Bulletins {council.period.name} — {council.cohort.name}",
    )
    if progress:
        progress(total, total)
    # Stored with the job in French, and their templates: shown in the reader's language.
    return JobResult(
        summary=Message(
            gettext_noop(
                "%(count)s bulletin(s) de la période « %(period)s » en un PDF, gardé dans les "
                "documents de la promotion."
            ),
            count=len(bulletins),
            period=council.period.name,
        ),
        link_url=reverse("documents:download", args=[document.pk]),
        link_label=Message(gettext_noop("Télécharger les bulletins (PDF)")),
    )


def council_minutes_document(*, council: ClassCouncil, on: date, by: Any):
    """The minutes of the class council (procès-verbal) as a PDF."""
    from ndrc.documents.services import generate_document

    _require(by, Action.VIEW, council)
    reports = selectors.cohort_reports(council.cohort, council.period)
    reports.risks = selectors.risks_of(reports.learners, on=on)
    return generate_document(
        kind="class_council_minutes",
        template_name="gradebook/pdf/minutes.html",
        context={"council": council, "reports": reports, "bulletins": reports.bulletins()},
        subject=council,
        sources={
            "cohort": council.cohort_id,
            "period": council.period_id,
            "decisions": {
                learner_id: [r.decision, r.exam_opinion]
                for learner_id, r in reports.reports.items()
            },
        },
        by=by,
        title=f"Procès-verbal du conseil de classe {council.period.name} — {council.cohort.name}",
    )


def school_record_document(*, learner: Learner, by: Any, published_only: bool):
    """The livret scolaire / livret de formation as a PDF, for the jury."""
    from ndrc.documents.services import generate_document

    _require(by, Action.VIEW_GRADES, learner)
    record = selectors.school_record(learner, published_only=published_only)
    subject = record_observations(learner, by=by)
    return generate_document(
        kind="school_record",
        template_name="gradebook/pdf/school_record.html",
        # The INE for the readers who may see identifiers (not a teacher: docs/records.md).
        context={"record": record, "show_ine": can(by, Action.VIEW_IDENTIFIERS, learner)},
        subject=subject,
        sources={
            "learner": learner.pk,
            "published_only": published_only,
            "rows": {
                row.code: [[y.year, y.average.shown, y.class_mean] for y in row.years]
                for row in record.rows
            },
            "opinion": record.opinion,
        },
        by=by,
        title=f"Livret scolaire — {learner.full_name}",
    )
