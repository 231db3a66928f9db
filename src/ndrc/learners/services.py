"""Writes of cohorts, learners, candidate categories and teachers' assignments.

Keyword-only arguments, atomic, permission-checked against `by`, validated (French
`ValidationError` naming the field), audited with before and after.
"""

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ndrc.core import audit
from ndrc.core.models import AuditAction, Role, TrainingCentre
from ndrc.core.permissions import Action, centres_where, is_administrator, require
from ndrc.core.services import (
    RecordsRefused,
    apply_changes,
    create_and_record,
    full_clean_many,
    insert_and_record_many,
    require_manager,
)
from ndrc.core.validators import normalise_phone, validate_birth_date
from ndrc.learners.models import (
    PERSONAL_FIELDS,
    CategoryPeriod,
    Cohort,
    Learner,
    TeacherAssignment,
    candidate_category_choices,
)
from ndrc.portfolio.tasks import refresh_dossier_checks_later
from ndrc.regulation.framework import CURRENT_FRAMEWORK

# What `update_learner` may change; the category has its own dated service.
LEARNER_FIELDS = ("cohort", "user", *PERSONAL_FIELDS)
COHORT_FIELDS = ("name", "framework", "first_year_start", "exam_session")


@transaction.atomic
def create_cohort(
    *,
    training_centre: TrainingCentre,
    name: str,
    first_year_start: date,
    exam_session: int,
    framework: str = CURRENT_FRAMEWORK,
    by: Any,
) -> Cohort:
    require_manager(by, training_centre)
    cohort = Cohort(
        training_centre=training_centre,
        name=name,
        framework=framework,
        first_year_start=first_year_start,
        exam_session=exam_session,
    )
    return create_and_record(cohort, by=by)


@transaction.atomic
def update_cohort(
    *, cohort: Cohort, changes: Mapping[str, Any], by: Any, version: str | None = None
) -> Cohort:
    """Change a cohort's fields; `version`: the one the user's edit started from
    (`core.versions`, conflicts refused)."""
    require(by, Action.CHANGE, cohort)
    return apply_changes(cohort, changes=changes, allowed=COHORT_FIELDS, by=by, version=version)


def _own_errors(learner: Learner, *, on: date, category: str | None) -> dict[str, list[str]]:
    """Normalise a learner's record and check the rules the model does not hold: the date of
    the record (birth date, minority) and, when given, the candidate category."""
    learner.ine = learner.ine.strip().upper()
    learner.parcoursup_number = learner.parcoursup_number.strip()
    errors: dict[str, list[str]] = {}
    for field in ("phone", "guardian_phone"):
        value = getattr(learner, field)
        if value:
            try:
                setattr(learner, field, normalise_phone(value))
            except ValidationError as error:
                errors.setdefault(field, []).extend(error.messages)
    if learner.birth_date is None:
        errors.setdefault("birth_date", []).append(_("La date de naissance est obligatoire."))
    else:
        try:
            validate_birth_date(learner.birth_date, on=on)
        except ValidationError as error:
            errors.setdefault("birth_date", []).extend(error.messages)
        else:
            if learner.is_minor_on(on) and not learner.guardian_name.strip():
                errors.setdefault("guardian_name", []).append(
                    _("Apprenant mineur : le représentant légal est obligatoire.")
                )
    if category is not None and category not in dict(
        candidate_category_choices(learner.cohort.framework)
    ):
        errors.setdefault("candidate_category", []).append(
            _("Statut du candidat « %(value)s » inconnu du référentiel %(framework)s.")
            % {"value": category, "framework": learner.cohort.framework}
        )
    return errors


def check_learners(
    learners: Sequence[Learner], *, on: date, categories: Sequence[str | None] | None = None
) -> list[ValidationError | None]:
    """Normalise and check learners' records (saved or not) as `create_learner` /
    `update_learner` do, writing nothing; for each, its errors (every faulty field) or None.

    `on` is the date of the records (birth date, minority); `categories`, when given, the
    candidate category of each, checked against the categories of its cohort's framework. The
    checks of many learners take a few queries in all (`full_clean_many`).
    """
    own = [
        _own_errors(learner, on=on, category=categories[i] if categories else None)
        for i, learner in enumerate(learners)
    ]
    model = full_clean_many(learners, exclude=[list(errors) for errors in own])
    found = []
    for errors, more in zip(own, model, strict=True):
        for field, messages in more.items():
            errors.setdefault(field, []).extend(messages)
        found.append(ValidationError(errors) if errors else None)
    return found


def _validate(learner: Learner, *, on: date, category: str | None = None) -> None:
    """Normalise and check a learner's record (see `check_learners`), raising every faulty
    field at once."""
    error = check_learners([learner], on=on, categories=[category])[0]
    if error is not None:
        raise error


def check_learner(learner: Learner, *, on: date, category: str | None = None) -> None:
    """Normalise and validate an unsaved learner as `create_learner` / `update_learner` do,
    writing nothing."""
    _validate(learner, on=on, category=category)


class LearnersRefused(RecordsRefused):
    """`create_learners` refused some of the learners: `errors` gives each one's by its index
    in the list given. Nothing was written."""


@transaction.atomic
def create_learner(
    *,
    cohort: Cohort,
    first_name: str,
    last_name: str,
    birth_date: date | None,
    category: str,
    on: date,
    by: Any,
    category_start: date | None = None,
    ine: str = "",
    parcoursup_number: str = "",
    email: str = "",
    phone: str = "",
    street: str = "",
    postal_code: str = "",
    city: str = "",
    guardian_name: str = "",
    guardian_email: str = "",
    guardian_phone: str = "",
    accommodation: str = "",
    extra_time: bool = False,
    user: Any = None,
) -> Learner:
    """Enrol a learner in a cohort with their first candidate category, from `category_start`
    (the cohort's first day when not given): `create_learners` for one.

    `on` is the date of the record: the birth date may not be after it, and a learner who is a
    minor on it needs a legal guardian.
    """
    given = {
        "first_name": first_name,
        "last_name": last_name,
        "birth_date": birth_date,
        "category": category,
        "category_start": category_start,
        "ine": ine,
        "parcoursup_number": parcoursup_number,
        "email": email,
        "phone": phone,
        "street": street,
        "postal_code": postal_code,
        "city": city,
        "guardian_name": guardian_name,
        "guardian_email": guardian_email,
        "guardian_phone": guardian_phone,
        "accommodation": accommodation,
        "extra_time": extra_time,
        "user": user,
    }
    try:
        return create_learners(cohort=cohort, learners=[given], on=on, by=by)[0]
    except RecordsRefused as refused:
        raise refused.errors[0] from None


# What `create_learners` reads of each learner, with its default.
NEW_LEARNER_FIELDS = {
    "first_name": "",
    "last_name": "",
    "birth_date": None,
    "ine": "",
    "parcoursup_number": "",
    "email": "",
    "phone": "",
    "street": "",
    "postal_code": "",
    "city": "",
    "guardian_name": "",
    "guardian_email": "",
    "guardian_phone": "",
    "accommodation": "",
    "extra_time": False,
    "user": None,
}
_STRIPPED = ("first_name", "last_name", "email", "postal_code", "guardian_email")


@transaction.atomic
def create_learners(
    *, cohort: Cohort, learners: Sequence[Mapping[str, Any]], on: date, by: Any
) -> list[Learner]:
    """Enrol learners in a cohort, each with their first candidate category: each mapping
    gives `category`, optionally `category_start` (the cohort's first day when not given), and
    the fields of `NEW_LEARNER_FIELDS`. All are checked (see `check_learners`, `on` as there);
    if any is refused, `LearnersRefused` names each one and nothing is written (as
    `RecordsRefused` when another user took an INE meanwhile). Otherwise they are inserted,
    with their category periods and audit entries, in a few queries."""
    require_manager(by, cohort.training_centre)
    unknown = sorted({k for given in learners for k in given} - {*NEW_LEARNER_FIELDS, "category",
                                                                 "category_start"})  # fmt: skip
    if unknown:
        raise TypeError(f"create_learners: unknown fields {unknown}")
    new = []
    for given in learners:
        values = {name: given.get(name, default) for name, default in NEW_LEARNER_FIELDS.items()}
        for name in _STRIPPED:
            values[name] = values[name].strip()
        new.append(Learner(cohort=cohort, **values))
    categories = [given["category"] for given in learners]
    refused = {
        index: error
        for index, error in enumerate(check_learners(new, on=on, categories=categories))
        if error is not None
    }
    if refused:
        raise LearnersRefused(refused)
    insert_and_record_many(new, by=by)  # an INE taken meanwhile: refused as its check would
    periods = [
        CategoryPeriod(
            learner=learner,
            candidate_category=category,
            start=given.get("category_start") or cohort.first_year_start,
        )
        for learner, category, given in zip(new, categories, learners, strict=True)
    ]
    refused = {
        index: ValidationError(errors)
        for index, errors in enumerate(full_clean_many(periods))
        if errors
    }
    if refused:
        raise LearnersRefused(refused)
    CategoryPeriod.objects.bulk_create(periods)
    audit.record_many(action=AuditAction.CREATE, objs=periods, by=by, after=audit.snapshot)
    # Their E4/E6 dossiers are checked (and stored) for the cohort pages and dashboards.
    refresh_dossier_checks_later(new)
    return new


@transaction.atomic
def update_learner(
    *, learner: Learner, changes: Mapping[str, Any], on: date, by: Any, version: str | None = None
) -> Learner:
    """Change fields of a learner's record (see `LEARNER_FIELDS`); `on` as in `create_learner`;
    `version`: the one the user's edit started from (`core.versions`, conflicts refused)."""
    require(by, Action.CHANGE, learner)
    if "cohort" in changes:
        require_manager(by, changes["cohort"].training_centre)
    left = learner.cohort_id
    apply_changes(
        learner,
        changes=changes,
        allowed=LEARNER_FIELDS,
        by=by,
        clean=partial(_validate, on=on),
        version=version,
    )
    if "cohort" in changes:  # another deadline, another framework; the cohort left counts again
        refresh_dossier_checks_later([learner], cohorts=[left])
    return learner


@transaction.atomic
def change_category(*, learner: Learner, category: str, start: date, by: Any) -> CategoryPeriod:
    """From `start`, the learner's candidate category is `category` (a student who signs an
    apprenticeship contract mid-year): the open period is closed the day before `start`."""
    require(by, Action.CHANGE, learner)
    current = learner.category_periods.filter(end__isnull=True).first()
    if current is not None:
        if start <= current.start:
            raise ValidationError(
                {
                    "start": (
                        _(
                            "Le nouveau statut doit commencer après le %(day)s, "
                            "début du statut en cours."
                        )
                        % {"day": f"{current.start:%d/%m/%Y}"}
                    )
                }
            )
        if current.candidate_category == category:
            return current
        apply_changes(current, changes={"end": start - timedelta(days=1)}, allowed=("end",), by=by)
    period = CategoryPeriod(learner=learner, candidate_category=category, start=start)
    create_and_record(period, by=by)
    # The category on the deadline decides the dossier's requirements.
    refresh_dossier_checks_later([learner])
    return period


@transaction.atomic
def assign_teacher(
    *, teacher: Any, cohort: Cohort, subject: str = "", by: Any
) -> TeacherAssignment:
    """Assign a teacher (who must hold the teacher role in the centre) to a cohort."""
    require_manager(by, cohort.training_centre)
    if not is_administrator(teacher) and cohort.training_centre_id not in centres_where(
        teacher, Role.TEACHER
    ):
        name = teacher.get_full_name() or teacher.username
        raise ValidationError(
            {"teacher": _("%(name)s n'est pas enseignant dans ce centre.") % {"name": name}}
        )
    existing = TeacherAssignment.objects.filter(teacher=teacher, cohort=cohort, subject=subject)
    if existing.exists():
        return existing.get()
    return create_and_record(
        TeacherAssignment(teacher=teacher, cohort=cohort, subject=subject), by=by
    )
