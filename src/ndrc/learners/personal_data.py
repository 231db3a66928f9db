"""Personal data of a learner: export everything about them, or erase them.

Erasure anonymises the person and keeps what the law requires: the learner's row (so that exam
results, kept by law, stay attached to a cohort and a candidate category), the category history,
the supervisions (the company side of contracts), and the CCF evaluation file until
`ccf_file_kept_until`. The free texts other apps' records hold about the person (registered
with `erases`: a situation's detail, a note) are cleared. Personal values are also redacted from
the audit trail.
"""

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ndrc.core import audit
from ndrc.core.models import AuditEntry, Membership
from ndrc.core.permissions import Action, require
from ndrc.core.selectors import history_of
from ndrc.core.services import delete_and_record
from ndrc.learners.models import PERSONAL_FIELDS, Learner
from ndrc.regulation.assessments import evaluation_file_retention
from ndrc.regulation.framework import load_framework

# What an app keeps back from a learner's own export while it is not yet theirs to read (a CCF
# grade before the exam results are published): model → function(record) → the fields
# withheld. Registered by the apps (`withhold`); withheld values read WITHHELD, in the records
# and in the audit trail about them. The fields of a row the learner reads once published, as
# `SHOWN_TO_THE_LEARNER` is for whole rows; the training manager's export holds everything.
WITHHELD = "[non communiqué avant la publication des résultats]"
_WITHHELD_FIELDS: dict[type, Callable[[Any], Iterable[str]]] = {}


def withhold(model: type) -> Callable:
    """Register the function saying which fields of a `model` record the export withholds."""

    def register(function: Callable[[Any], Iterable[str]]) -> Callable[[Any], Iterable[str]]:
        _WITHHELD_FIELDS[model] = function
        return function

    return register


def _withheld(obj: Any) -> set[str]:
    function = _WITHHELD_FIELDS.get(type(obj)._meta.concrete_model)
    return set(function(obj)) if function else set()


def _masked(values: dict[str, Any] | None, names: set[str]) -> dict[str, Any] | None:
    if values is None or not names:
        return values
    return {k: (WITHHELD if k in names else v) for k, v in values.items()}


# What the records of an app pointing to a learner (or to one of their records) say of the
# person in free text, cleared on erasure while the record itself stays (a six-month situation
# still counts in the indicators): model → function(record) → {field: value once erased}.
# Registered by the apps (`erases`); the fields are also redacted from the audit trail.
_ERASURES: dict[type, Callable[[Any], dict[str, Any]]] = {}


def erases(model: type) -> Callable:
    """Register the function giving the erased values of a `model` record's personal texts."""

    def register(function: Callable[[Any], dict[str, Any]]) -> Callable[[Any], dict[str, Any]]:
        _ERASURES[model] = function
        return function

    return register


def _erase_texts(learner: Learner, *, by: Any) -> None:
    """Clear the registered personal texts of the records pointing to the learner (two levels,
    as the export walks them), each change audited, the former values redacted."""
    found = [obj for _label, obj in _related(learner, own=False)]
    found += [obj for owner in list(found) for _label, obj in _related(owner, own=False)]
    for obj in found:
        erase = _ERASURES.get(type(obj)._meta.concrete_model)
        changes = {k: v for k, v in (erase(obj) if erase else {}).items() if getattr(obj, k) != v}
        if not changes:
            continue
        before = audit.snapshot(obj)
        for name, value in changes.items():
            setattr(obj, name, value)
        obj.save(update_fields=list(changes))
        audit.record_change(obj=obj, by=by, before=before)
        audit.redact(obj, changes)


# Blanked or replaced on erasure; also redacted from past audit entries.
ERASED_FIELDS = (*PERSONAL_FIELDS, "user_id")
ACCOUNT_FIELDS = ("username", "first_name", "last_name", "email")


def export_person(learner: Learner, *, by: Any) -> dict[str, Any]:
    """Everything ndrc holds about a learner, JSON-able, as `by` asks it (the caller checks the
    permission). The learner asking for their own data gets what they read of it in ndrc: the
    records a model keeps from its learner until they are published (`SHOWN_TO_THE_LEARNER`,
    e.g. the marks of an assessment not yet published) stay out, with their history, as they
    do on the learner's pages, and the fields an app withholds until then (`withhold`: a CCF
    grade, the commission's observations, grid ratings before the exam results are published)
    read WITHHELD; the training manager, answering the person's request, gets everything."""
    user = learner.user
    own = user is not None and by is not None and user.pk == by.pk
    supervisions = list(learner.supervisions.select_related("contact__company"))
    related: list[Any] = []  # every record `_records_of` walks through, for the audit trail
    records = _records_of(learner, related, own=own)
    withheld = _withheld_by_record(related) if own else {}
    return {
        "learner": audit.snapshot(learner),
        "cohort": {
            "name": learner.cohort.name,
            "training_centre": learner.cohort.training_centre.name,
            "framework": learner.cohort.framework,
            "exam_session": learner.cohort.exam_session,
        },
        "candidate_categories": [
            {
                "candidate_category": p.candidate_category,
                "start": p.start.isoformat(),
                "end": p.end.isoformat() if p.end else None,
            }
            for p in learner.category_periods.all()
        ],
        "supervisions": [
            {
                "company": s.contact.company.name,
                "siret": s.contact.company.siret,
                "contact": s.contact.full_name,
                "role": s.role,
                "start": s.start.isoformat(),
                "end": s.end.isoformat() if s.end else None,
            }
            for s in supervisions
        ],
        "account": _account(user) if user else None,
        "records": records,
        "audit_trail": [
            _entry(e, withheld.get((e.content_type_id, e.object_id), set()))
            for e in _entries_about(learner, supervisions, related)
        ],
    }


# Exported above in their own shape; every other record pointing to the learner is found below.
_EXPORTED_APART = {"learners.categoryperiod", "companies.supervision", "core.auditentry"}
_DEPTH = 2  # the learner's records (a contract, a sheet) and theirs (a sheet's tags, comments)


def _related(owner: Any, *, own: bool) -> list[tuple[str, Any]]:
    """(model label, record) of every record of any app that points to `owner`, found through
    the model relations, so that a new app's records are covered without this module knowing
    it (contracts, agreements, activity sheets, CCF situations, documents…). With `own` (the
    learner reads their own export), only those their model shows the learner
    (`SHOWN_TO_THE_LEARNER`, a condition on the model's rows)."""
    found = []
    for relation in owner._meta.related_objects:
        model = relation.related_model
        label = model._meta.label_lower
        if (relation.one_to_many or relation.one_to_one) and label not in _EXPORTED_APART:
            rows = model._default_manager.filter(**{relation.field.name: owner})
            if own and hasattr(model, "SHOWN_TO_THE_LEARNER"):
                rows = rows.filter(model.SHOWN_TO_THE_LEARNER)
            found += [(label, obj) for obj in rows.order_by("pk")]
    return found


def _records_of(
    owner: Any, visited: list[Any], depth: int = _DEPTH, *, own: bool
) -> dict[str, list[dict[str, Any]]]:
    """The records pointing to `owner`, by model, each with the records pointing to it; each
    record found is also appended to `visited`."""
    records: dict[str, list[dict[str, Any]]] = {}
    for label, obj in _related(owner, own=own):
        visited.append(obj)
        data = audit.snapshot(obj)
        if own:
            data = _masked(data, _withheld(obj))
        if depth > 1:
            data["records"] = _records_of(obj, visited, depth - 1, own=own)
        records.setdefault(label, []).append(data)
    return records


def _account(user: Any) -> dict[str, Any]:
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "roles": [
            {"training_centre": m.training_centre.name, "role": m.role}
            for m in user.memberships.select_related("training_centre")
        ],
    }


def _entries_about(learner: Learner, supervisions: list[Any], related: list[Any]):
    """Audit entries about the learner, their category periods, `supervisions`, account, and
    the `related` records pointing to them (two levels, as `_records_of` found them)."""
    targets = [learner, *learner.category_periods.all(), *supervisions, *related]
    if learner.user is not None:
        targets.append(learner.user)
    return history_of(*targets).select_related("content_type")


def _withheld_by_record(related: list[Any]) -> dict[tuple[int, str], set[str]]:
    """(content type id, object id) → the fields withheld of each record found."""
    from django.contrib.contenttypes.models import ContentType

    found = {}
    for obj in related:
        names = _withheld(obj)
        if names:
            content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
            found[(content_type.pk, str(obj.pk))] = names
    return found


def _entry(entry: AuditEntry, withheld: set[str]) -> dict[str, Any]:
    return {
        "at": entry.at.isoformat(),
        "action": entry.action,
        "record": f"{entry.content_type.app_label}.{entry.content_type.model}",
        "id": entry.object_id,
        "before": _masked(entry.before, withheld),
        "after": _masked(entry.after, withheld),
    }


def ccf_file_kept_until(learner: Learner) -> date | None:
    """Until when the CCF evaluation file is kept: None when the learner never sat a CCF.

    The retention is the engine's (`evaluation_file_retention`: from the end of the session
    year, for `assessments/evaluation_file_retention_years`).
    """
    framework = load_framework(learner.cohort.framework)
    columns = {
        framework.candidate_categories[p.candidate_category].column
        for p in learner.category_periods.all()
        if p.candidate_category in framework.candidate_categories
    }
    sat_ccf = any(
        exam.forms.get(column) is not None and exam.forms[column].form == "ccf"
        for exam in framework.exams.values()
        for column in columns
    )
    if not sat_ccf:
        return None
    # Only the date it is kept until is read here: `on` (whether it is purged) does not matter.
    retention = evaluation_file_retention(
        exam_session=learner.cohort.exam_session, last_situation=None, on=date.min
    )
    return retention.kept_until


@transaction.atomic
def erase_person(learner: Learner, *, by: Any, on: date) -> Learner:
    """Anonymise a learner on date `on`, keeping what the law requires (see the module)."""
    require(by, Action.ERASE_PERSONAL_DATA, learner)
    if learner.erased_on is not None:
        raise ValidationError(
            _("Les données de cet apprenant ont déjà été effacées le %(day)s.")
            % {"day": f"{learner.erased_on:%d/%m/%Y}"}
        )
    user = learner.user
    before = audit.snapshot(learner)
    learner.first_name = "Anonyme"
    learner.last_name = f"Personne {learner.pk}"
    learner.birth_date = None
    for name in ERASED_FIELDS:
        if name not in ("first_name", "last_name", "birth_date", "extra_time", "user_id"):
            setattr(learner, name, "")
    learner.extra_time = False
    learner.user = None
    learner.erased_on = on
    learner.ccf_file_kept_until = ccf_file_kept_until(learner)
    # No full_clean: the erased record lacks what an active one requires (birth date).
    learner.save()
    audit.record_change(obj=learner, by=by, before=before)
    audit.redact(learner, ERASED_FIELDS)
    _erase_texts(learner, by=by)
    if user is not None:
        _erase_account(user, by=by)
    return learner


def _erase_account(user: Any, *, by: Any) -> None:
    for membership in Membership.objects.filter(user=user):
        delete_and_record(membership, by=by)
    before = audit.snapshot(user)
    user.username = f"efface-{user.pk}"
    user.first_name = ""
    user.last_name = ""
    user.email = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    audit.record_change(obj=user, by=by, before=before)
    audit.redact(user, ACCOUNT_FIELDS)
