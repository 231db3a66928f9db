"""Reads of import jobs: an upload is seen only by the person who sent it."""

from typing import Any

from django.http import Http404

from ndrc.core.models import Role
from ndrc.core.permissions import centres_where, is_administrator, is_manager
from ndrc.imports.models import ImportJob
from ndrc.learners.models import Cohort
from ndrc.learners.selectors import visible_cohorts


def may_import(user: Any) -> bool:
    """Training managers (of any centre) and administrators import."""
    return is_manager(user)


def importable_cohorts(user: Any) -> list[Cohort]:
    """The cohorts `user` may import learners into: those they may change (the cohort rule),
    read in one query."""
    cohorts = visible_cohorts(user)
    if not is_administrator(user):
        cohorts = cohorts.filter(training_centre_id__in=centres_where(user, Role.TRAINING_MANAGER))
    return list(cohorts)


def get_job_for(user: Any, pk: int) -> ImportJob:
    """The upload `pk` if `user` sent it (Http404 otherwise: another's upload does not exist)."""
    job = ImportJob.objects.select_related("cohort").filter(pk=pk, created_by=user).first()
    if job is None or not user.is_authenticated:
        raise Http404("Import introuvable.")
    return job
