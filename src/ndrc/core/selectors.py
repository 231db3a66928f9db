"""Reads of the core records: a record's history, the centres and roles of a user."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from ndrc.core.models import AuditEntry, Role, TrainingCentre
from ndrc.core.permissions import Action, centres_where, is_administrator, require


def history_of(obj: models.Model) -> QuerySet[AuditEntry]:
    """The audit entries about a record, oldest first (the caller checks `view_history`)."""
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
    ).select_related("actor", "request_user")


def history_for(user: Any, obj: models.Model) -> QuerySet[AuditEntry]:
    """A record's history if `user` may see it (Http404 out of reach, 403 if forbidden)."""
    require(user, Action.VIEW_HISTORY, obj)
    return history_of(obj)


def centres_of(user: Any) -> QuerySet[TrainingCentre]:
    """The centres a user has a role in (every centre for an administrator)."""
    if not user.is_authenticated:
        return TrainingCentre.objects.none()
    if is_administrator(user):
        return TrainingCentre.objects.all()
    return TrainingCentre.objects.filter(pk__in=centres_where(user, *Role))
