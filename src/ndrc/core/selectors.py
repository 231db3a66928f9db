"""Reads of the core records: a record's history, the centres and roles of a user."""

from collections import defaultdict
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, QuerySet

from ndrc.core.models import AuditEntry, Role, TrainingCentre
from ndrc.core.permissions import centres_where, is_administrator


def history_of(*objs: models.Model) -> QuerySet[AuditEntry]:
    """The audit entries about the records `objs`, oldest first (the caller checks
    `view_history`)."""
    ids: dict[ContentType, list[str]] = defaultdict(list)
    for obj in objs:
        ids[ContentType.objects.get_for_model(obj, for_concrete_model=True)].append(str(obj.pk))
    if not ids:
        return AuditEntry.objects.none()
    about = Q()
    for content_type, object_ids in ids.items():
        about |= Q(content_type=content_type, object_id__in=object_ids)
    return AuditEntry.objects.filter(about).select_related("actor", "request_user")


def centres_of(user: Any) -> QuerySet[TrainingCentre]:
    """The centres a user has a role in (every centre for an administrator)."""
    if not user.is_authenticated:
        return TrainingCentre.objects.none()
    if is_administrator(user):
        return TrainingCentre.objects.all()
    return TrainingCentre.objects.filter(pk__in=centres_where(user, *Role))
