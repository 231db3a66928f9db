"""Reads of generated documents: a document is visible to whoever may view its subject."""

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from ndrc.core.permissions import Access, Action, access, can, get_record_for, rule
from ndrc.documents.models import GeneratedDocument


@rule(GeneratedDocument)
def _document_rule(user: Any, action: Action, document: GeneratedDocument) -> Access:
    subject = document.subject
    if subject is None:
        return Access.HIDDEN
    if access(user, Action.VIEW, subject) is Access.HIDDEN:
        return Access.HIDDEN
    # Reading a document is reading its subject, or the part of it the document shows (a CCF
    # grid holds the grade: `AssessmentSituation.DOCUMENT_READ_ACTION`); it is never changed.
    if action in (Action.VIEW, Action.VIEW_HISTORY):
        return access(user, getattr(subject, "DOCUMENT_READ_ACTION", Action.VIEW), subject)
    return Access.DENIED


def documents_about(subject: models.Model) -> QuerySet[GeneratedDocument]:
    """The documents generated about a record, newest first (the caller checked its access)."""
    return GeneratedDocument.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject, for_concrete_model=True),
        subject_id=str(subject.pk),
    )


def documents_about_any(subjects: list[models.Model]) -> QuerySet[GeneratedDocument]:
    """The documents generated about any of `subjects`, newest first, in one query (the caller
    checks each document's access)."""
    # The subjects' keys by kind of record: one condition a kind, not one a subject.
    keys: dict[ContentType, list[str]] = {}
    for subject in subjects:
        kind = ContentType.objects.get_for_model(subject, for_concrete_model=True)
        keys.setdefault(kind, []).append(str(subject.pk))
    about = models.Q(pk__in=[])
    for kind, ids in keys.items():
        about |= models.Q(subject_type=kind, subject_id__in=ids)
    return GeneratedDocument.objects.filter(about).order_by("-created_at", "-pk")


def readable_documents(
    user: Any, documents: Iterable[GeneratedDocument], subjects: Iterable[models.Model] = ()
) -> list[GeneratedDocument]:
    """Those of `documents` that `user` may read, in their order: the rule above, which depends
    on the subject alone, asked once per subject however many documents it has; a subject among
    `subjects` (records the caller has loaded) is not read again."""
    field = GeneratedDocument._meta.get_field("subject")
    loaded = {
        (ContentType.objects.get_for_model(s, for_concrete_model=True).pk, str(s.pk)): s
        for s in subjects
    }
    verdicts: dict[tuple[int, str], bool] = {}
    kept = []
    for document in documents:
        key = (document.subject_type_id, document.subject_id)
        if key not in verdicts:
            if key in loaded:
                field.set_cached_value(document, loaded[key])
            verdicts[key] = can(user, Action.VIEW, document)
        if verdicts[key]:
            kept.append(document)
    return kept


def get_document_for(user: Any, pk: int) -> GeneratedDocument:
    """The document `pk` if `user` may read it: Http404 out of reach, 403 if forbidden."""
    return get_record_for(
        user, GeneratedDocument.objects.all(), pk, Action.VIEW, not_found="Document introuvable."
    )


# The records of a group whose documents name each of its members (a cohort's attendance week, a
# class council's minutes, an exam session's): model → function(learner) → the records of that
# model whose documents name the learner. Registered by the apps (`naming`); read on erasure.
_GROUPS: dict[type, Callable[[Any], Iterable[models.Model]]] = {}


def naming(model: type) -> Callable:
    """Register the function giving the `model` records whose documents name a learner."""

    def register(function: Callable[[Any], Iterable[models.Model]]) -> Callable:
        _GROUPS[model] = function
        return function

    return register


def groups_naming(learner: Any) -> list[models.Model]:
    """The records of the learner's groups whose documents name them."""
    return [group for function in _GROUPS.values() for group in function(learner)]
