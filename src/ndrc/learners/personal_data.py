"""Personal data of a learner: export everything about them, or erase them.

Erasure anonymises the person and keeps what the law requires: the learner's row (so that exam
results, kept by law, stay attached to a cohort and a candidate category), the category history,
the supervisions (the company side of contracts), and the CCF evaluation file until
`ccf_file_kept_until`. Every record of any app about the person is found through the model
relations (`records_about`) and, per model, as its app decided: deleted with its files
(`erasure_deletes`: an attachment, a justification's scan), or its free texts cleared
(`erases`: a situation's detail, a comment); what any of them still writes of the person (their
name in a title, their e-mail) is replaced by `audit.REDACTED`, in the record, its stored
file's name and its audit entries. The PDFs generated about them, or naming them in a group,
are deleted (`_erase_documents`); what else an app holds about the person outside those records
it erases itself (`on_erasure`). The records keyed by the person's login (their notices, API
tokens, digest preference, invitations…) are found the same way from the account, and go as
their app registered; their sessions end; the background jobs are redacted of the person's
values and the result files of those run on them, a record of theirs or one of their groups
are deleted (`ndrc.jobs.services.erase_from_jobs`). The account stays, anonymised and
disabled, for the audit trail's "who".
Personal values are also redacted from the audit trail, and from the admin site's log.
"""

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import PurePosixPath
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ndrc.core import audit
from ndrc.core.models import AuditEntry, Membership
from ndrc.core.permissions import Action, require
from ndrc.core.selectors import history_of
from ndrc.core.services import delete_and_record
from ndrc.documents.models import GeneratedDocument
from ndrc.documents.selectors import groups_naming, naming
from ndrc.jobs.services import erase_from_jobs
from ndrc.learners.models import PERSONAL_FIELDS, Cohort, Learner
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
    """The fields of `obj` the learner's own export withholds: asked once per record read (the
    export masks them in the record, then in its audit entries)."""
    if not hasattr(obj, "_ndrc_withheld"):
        function = _WITHHELD_FIELDS.get(type(obj)._meta.concrete_model)
        obj._ndrc_withheld = set(function(obj)) if function else set()
    return obj._ndrc_withheld


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


# What an app holds about the person outside the records pointing to them, exported under a
# name of its own: function(learner, their personal values) → JSON-able. Registered by the apps
# (`exported_as`), as `on_erasure` for what they erase: the uploads waiting for import that name
# the person, the login's open sessions.
_EXPORTED: dict[str, Callable[[Learner, list[str]], Any]] = {}


def exported_as(name: str) -> Callable:
    """Register a function giving what an app holds about a person outside `records_about`,
    exported under `name`."""

    def register(function: Callable[[Learner, list[str]], Any]) -> Callable:
        _EXPORTED[name] = function
        return function

    return register


# The fields that hold a credential (the hash of an API token, of an invitation's or of an
# application's access link, a calendar feed's token, an attendance sheet's signing secret, a
# password): never exported.
SECRET_FIELDS = ("password", "key_hash", "token", "token_hash", "access_token_digest", "secret")


# Records deleted on erasure, with their stored files: what exists only about the person and
# no rule requires keeping (an attachment, the scan of a justification). model → condition on a
# record (None: every one). Registered by the apps (`erasure_deletes`).
_DELETED: dict[type, Callable[[Any], bool] | None] = {}


def erasure_deletes(model: type, when: Callable[[Any], bool] | None = None) -> None:
    """Register that erasure deletes the `model` records about the person (those `when` holds
    for), their stored files removed and their audit entries redacted."""
    _DELETED[model] = when


# What an app erases about the person beyond the records that point to them: function(learner
# still named, the records about them, their personal values, by). Registered by the apps
# (`on_erasure`): an exam session's ZIP of every candidate's documents.
_HOOKS: list[Callable[[Learner, list[Any], list[str], Any], None]] = []


def on_erasure(function: Callable[[Learner, list[Any], list[str], Any], None]) -> Callable:
    """Register a function erasing what an app holds about a person outside `records_about`."""
    _HOOKS.append(function)
    return function


_FRENCH_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                  "septembre", "octobre", "novembre", "décembre")  # fmt: skip


def personal_values(learner: Learner) -> list[str]:
    """The person's values as a text may write them: names (also as in a file name), the
    identifiers, contact, guardian, and the birth date in the usual formats. Not the postal
    code or the town alone: they are shared by many and name no one."""
    first, last = learner.first_name, learner.last_name
    values = [first, last, f"{first} {last}", f"{last} {first}", slugify(f"{first} {last}")]
    values += [slugify(first), slugify(last), f"{last.upper()} {first}"]
    values += [learner.ine, learner.parcoursup_number, learner.email, learner.phone]
    values += [learner.phone.replace(" ", ""), learner.street]
    values += [learner.guardian_name, learner.guardian_email, learner.guardian_phone]
    if learner.user is not None:
        values += [learner.user.first_name, learner.user.last_name, learner.user.email]
    born = learner.birth_date
    if born is not None:
        values += [born.isoformat(), f"{born:%d/%m/%Y}", f"{born:%d.%m.%Y}", f"{born:%Y%m%d}"]
        values += [f"{born.day} {_FRENCH_MONTHS[born.month - 1]} {born.year}"]
    # A value of one or two letters would cut every word it is in.
    return [v for v in dict.fromkeys(values) if v and len(v.strip()) > 2]


def records_about(learner: Learner) -> list[Any]:
    """Every record of any app about the learner: those pointing to them (a contract, a sheet),
    those pointing to these (a sheet's attachments), and so on (a logbook's periods' entries),
    found through the model relations so that a new app's records are covered; and so from
    their login: the records keyed by the account (a notice, an API token, an invitation)."""
    found: list[Any] = []
    seen: set[tuple[str, Any]] = {(learner._meta.label_lower, learner.pk)}
    owners: list[Any] = [learner] if learner.user is None else [learner, learner.user]
    while owners:
        reached = []
        for owner in owners:
            for label, obj in _related(owner, own=False, hidden=True):
                if (label, obj.pk) not in seen:
                    seen.add((label, obj.pk))
                    reached.append(obj)
        found += reached
        owners = reached
    return found


def redact_records(records: list[Any], values: list[str], *, by: Any) -> None:
    """Erase each record about the person as its app registered, then redact what it still
    writes of them; each change audited, the former values redacted."""
    for obj in records:
        model = type(obj)._meta.concrete_model
        if model in _DELETED and (_DELETED[model] is None or _DELETED[model](obj)):
            delete_with_files(obj, by=by)
            continue
        erase = _ERASURES.get(model)
        changes = {k: v for k, v in (erase(obj) if erase else {}).items() if getattr(obj, k) != v}
        changes |= _scrubbed(obj, values, skip=set(changes))
        if changes:
            before = audit.snapshot(obj)
            for field in obj._meta.concrete_fields:  # a file erased: gone from the disk too
                stored = getattr(obj, field.attname)
                if (
                    isinstance(field, models.FileField)
                    and stored
                    and not changes.get(field.attname, stored.name)
                ):
                    stored.storage.delete(stored.name)
            for name, value in changes.items():
                setattr(obj, name, value)
            obj.save(update_fields=list(changes))
            audit.record_change(obj=obj, by=by, before=before)
            audit.redact(obj, changes)
        audit.redact_values(obj, values)


def _scrubbed(obj: Any, values: list[str], *, skip: set[str]) -> dict[str, Any]:
    """The text and JSON fields of `obj` that write one of the person's `values`, redacted; a
    stored file whose name writes one is renamed (its content is its app's to decide)."""
    changes = {}
    for field in obj._meta.concrete_fields:
        if field.name in skip or field.choices:
            continue
        value = getattr(obj, field.attname)
        if isinstance(field, models.FileField):
            if value and audit.scrub(value.name, values) != value.name:
                changes[field.attname] = _renamed(obj, value)
        elif isinstance(field, models.CharField | models.TextField | models.JSONField):
            scrubbed = audit.scrub(value, values)
            if scrubbed != value:
                changes[field.attname] = scrubbed
    return changes


def _renamed(obj: Any, stored: Any) -> str:
    """Store `stored` again under a name that says only what it is, the old file removed."""
    suffix = PurePosixPath(stored.name).suffix
    folder = PurePosixPath(stored.name).parent
    with stored.open("rb") as old:
        content = old.read()
    name = stored.storage.save(
        str(folder / f"{type(obj)._meta.model_name}-{obj.pk}{suffix}"), ContentFile(content)
    )
    stored.storage.delete(stored.name)
    return name


def delete_with_files(obj: Any, *, by: Any) -> None:
    """Delete a record about an erased person with its stored files, the deletion audited and
    every audit entry of it redacted (its texts and file names may name the person). The files
    go at once, as the evaluation files' purge does: an erasure is not undone."""
    for field in obj._meta.concrete_fields:
        stored = getattr(obj, field.attname) if isinstance(field, models.FileField) else None
        if stored:
            stored.storage.delete(stored.name)
    pk = obj.pk
    delete_and_record(obj, by=by)
    obj.pk = pk  # its entries are found by the id the deletion cleared
    audit.redact(
        obj,
        [f.attname for f in obj._meta.concrete_fields if not f.is_relation and not f.primary_key],
    )


def _subjects(learner: Learner, records: list[Any]) -> list[Any]:
    """What a document or a job may be about and name the person: the learner, one of the
    records about them, or one of their groups whose documents name them
    (`documents.selectors.naming`)."""
    return [learner, *records, *groups_naming(learner)]


def _erase_documents(learner: Learner, records: list[Any], values: list[str], by: Any) -> None:
    """The PDFs generated about the person or one of their records, and those of their groups
    that name them (`documents.selectors.naming`), are deleted with their files: a document is
    a rendering of records that stay (anonymised), issued again when needed. Those whose
    subject keeps its documents by law (`DOCUMENTS_KEPT_ON_ERASURE`: the CCF evaluation file,
    until its purge) stay as issued, their title and file name no longer naming the person."""
    ids: dict[int, set[str]] = {}  # by content type: one condition each, not one per subject
    for subject in _subjects(learner, records):
        content_type = ContentType.objects.get_for_model(subject, for_concrete_model=True)
        ids.setdefault(content_type.pk, set()).add(str(subject.pk))
    about = models.Q(pk__in=[])
    for content_type_id, subject_ids in ids.items():
        about |= models.Q(subject_type_id=content_type_id, subject_id__in=subject_ids)
    for document in GeneratedDocument.objects.filter(about).order_by("pk"):
        if getattr(document.subject, "DOCUMENTS_KEPT_ON_ERASURE", False):
            redact_records([document], values, by=by)
        else:
            delete_with_files(document, by=by)


def _erase_jobs(learner: Learner, records: list[Any], values: list[str], by: Any) -> None:
    """The background jobs run on the person, a record of theirs or one of their groups lose
    their result file (a cohort's ZIP of grids names them among others: the job is started
    again for the others); every job and its task are redacted of the person's values."""
    erase_from_jobs(about=_subjects(learner, records), values=values)


@naming(Cohort)
def _cohort_of(learner: Learner) -> list[Cohort]:
    # A cohort's documents list its learners (a week's attendance, a period's certificates).
    return [learner.cohort]


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
        # The records keyed by the login (a notice, an API token, the digest preference…), as
        # erasure finds them (`records_about`).
        "login_records": _records_of(user, related, own=own, apart=_LOGIN_APART) if user else {},
        **{name: export(learner, personal_values(learner)) for name, export in _EXPORTED.items()},
        "audit_trail": [
            _entry(e, withheld.get((e.content_type_id, e.object_id), set()))
            for e in _entries_about(learner, supervisions, related)
        ],
    }


# Exported above in their own shape; every other record pointing to the learner is found below.
_EXPORTED_APART = {"learners.categoryperiod", "companies.supervision", "core.auditentry"}
_DEPTH = 2  # the learner's records (a contract, a sheet) and theirs (a sheet's tags, comments)
# The records pointing to the login exported elsewhere: the learner, the roles (`account`).
_LOGIN_APART = {*_EXPORTED_APART, "learners.learner", "core.membership"}


def _relations(model: type[models.Model], *, hidden: bool = False) -> list[Any]:
    """The relations through which records of other models point to a `model` record. With
    `hidden`, also those without a reverse name (`related_name="+"`: the application a learner
    came from)."""
    if not hidden:
        return list(model._meta.related_objects)
    fields = model._meta.get_fields(include_hidden=True)
    return [f for f in fields if f.is_relation and f.auto_created and not f.concrete]


def _related(
    owner: Any, *, own: bool, hidden: bool = False, apart: set[str] = _EXPORTED_APART
) -> list[tuple[str, Any]]:
    """(model label, record) of every record of any app that points to `owner`, found through
    the model relations, so that a new app's records are covered without this module knowing
    it (contracts, agreements, activity sheets, CCF situations, documents…). With `own` (the
    learner reads their own export), only those their model shows the learner
    (`SHOWN_TO_THE_LEARNER`, a condition on the model's rows). With `hidden`, also through the
    relations without a reverse name (`related_name="+"`: the application a learner came from)."""
    return _related_of([owner], own=own, hidden=hidden, apart=apart)[0]


def _related_of(
    owners: list[Any], *, own: bool, hidden: bool = False, apart: set[str] = _EXPORTED_APART
) -> list[list[tuple[str, Any]]]:
    """`_related` of each of `owners` (records of one model): one query per relation, whatever
    the number of owners; each record found knows its owner (no query to read it again)."""
    found: list[list[tuple[str, Any]]] = [[] for _owner in owners]
    if not owners:
        return found
    for relation in _relations(type(owners[0]), hidden=hidden):
        model = relation.related_model
        label = model._meta.label_lower
        if not (relation.one_to_many or relation.one_to_one) or label in apart:
            continue
        field = relation.field
        key = field.target_field.attname  # what the records hold of their owner
        index: dict[Any, list[int]] = {}
        for i, owner in enumerate(owners):
            index.setdefault(getattr(owner, key), []).append(i)
        rows = model._default_manager.filter(**{f"{field.name}__in": list(index)})
        if own and hasattr(model, "SHOWN_TO_THE_LEARNER"):
            rows = rows.filter(model.SHOWN_TO_THE_LEARNER)
        for obj in rows.order_by("pk"):
            at = index[getattr(obj, field.attname)]
            field.set_cached_value(obj, owners[at[0]])
            for i in at:
                found[i].append((label, obj))
    return found


def _records_of(
    owner: Any,
    visited: list[Any],
    depth: int = _DEPTH,
    *,
    own: bool,
    apart: set[str] = _EXPORTED_APART,
) -> dict[str, list[dict[str, Any]]]:
    """The records pointing to `owner` (but those of the models `apart`), by model, each with the
    records pointing to it, their secrets left out; each record found is also appended to
    `visited`. The records of each level are read together (`_related_of`): the number of
    queries does not grow with the number of records."""
    (nodes,) = _tree_of([owner], depth, own=own, apart=apart)
    return _exported(nodes, visited, depth, own=own)


# A record found and the records pointing to it, by the same walk.
_Node = tuple[str, Any, list[Any]]


def _tree_of(
    owners: list[Any], depth: int, *, own: bool, apart: set[str] = _EXPORTED_APART
) -> list[list[_Node]]:
    """For each of `owners`, the (label, record, its own nodes) pointing to it, `depth` levels
    down; each level read for all the records of a model at once."""
    found = _related_of(owners, own=own, apart=apart)
    children: dict[tuple[str, Any], list[_Node]] = {}
    if depth > 1:
        by_model: dict[str, list[Any]] = {}
        for pairs in found:
            for label, obj in pairs:
                by_model.setdefault(label, []).append(obj)
        for label, objs in by_model.items():
            for obj, nodes in zip(objs, _tree_of(objs, depth - 1, own=own), strict=True):
                children[(label, obj.pk)] = nodes
    return [[(label, obj, children.get((label, obj.pk), [])) for label, obj in pairs]
            for pairs in found]  # fmt: skip


def _exported(
    nodes: list[_Node], visited: list[Any], depth: int, *, own: bool
) -> dict[str, list[dict[str, Any]]]:
    """The records of `nodes` by model, as `_records_of` gives them."""
    records: dict[str, list[dict[str, Any]]] = {}
    for label, obj, below in nodes:
        visited.append(obj)
        data = audit.snapshot(obj, exclude=SECRET_FIELDS)
        if own:
            data = _masked(data, _withheld(obj))
        if depth > 1:
            data["records"] = _exported(below, visited, depth - 1, own=own)
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
    values = personal_values(learner)
    records = records_about(learner)
    for erase in (_erase_documents, _erase_jobs, *_HOOKS):
        erase(learner, records, values, by)
    redact_records(records, values, by=by)
    audit.redact_admin_log([learner, *([user] if user else []), *records], values)
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
