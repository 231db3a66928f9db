"""Reads of background jobs: a job is seen by the user who started it and by the training
managers of its centre (and administrators); by no one else, for whom it does not exist."""

from typing import Any

from django.db.models import Q, QuerySet

from ndrc.core.models import Role
from ndrc.core.permissions import (
    Access,
    Action,
    centres_where,
    get_record_for,
    is_administrator,
    is_manager,
    rule,
)
from ndrc.jobs.models import Job


@rule(Job)
def _job_rule(user: Any, action: Action, job: Job) -> Access:
    if job.started_by_id == user.pk or (
        job.training_centre_id is not None and is_manager(user, job.training_centre)
    ):
        return Access.ALLOWED if action is Action.VIEW else Access.DENIED
    return Access.HIDDEN


def jobs_for(user: Any) -> QuerySet[Job]:
    """The jobs `user` may follow, newest first."""
    if is_administrator(user):
        return Job.objects.all()
    return Job.objects.filter(
        Q(started_by=user) | Q(training_centre__in=centres_where(user, Role.TRAINING_MANAGER))
    )


def get_job_for(user: Any, pk: int) -> Job:
    """The job `pk` if `user` may follow it; Http404 otherwise."""
    return get_record_for(
        user,
        jobs_for(user).select_related("started_by"),
        pk,
        Action.VIEW,
        not_found="Tâche introuvable.",
    )
