"""The stored dossier checks, refreshed in the background when what they read changes.

A service that changes what the E4/E6 dossier check reads (sheets, filings, certificates,
contracts and internship agreements, candidate categories, deadlines) calls
`refresh_dossier_checks_later(learners)` before it returns: a task, run by a worker
(`ndrc db_worker`) once the service's transaction is committed, checks these learners' dossiers
again and stores the result (`StoredDossierCheck`), which the dashboards and the cohort pages
read instead of running the engine for every learner at each view; then it counts their
cohorts' checks again (`StoredCohortDossiers`, what the dashboards count). Until the worker has
run, these learners have no stored check and their cohorts no stored count (both are removed at
once, in the service's transaction): the pages check them as they are, never from a stale result.

A bulk operation that calls many such services (an import, the demo's build) runs them within
`one_refresh()`: each call still removes the stored checks and counts at once, but the refresh
of every learner and cohort they named is queued once, when the scope ends, in its transaction —
one task instead of one a service call, each counting the whole cohort again.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django_tasks import task

# Within `one_refresh()`: the ids of the learners and cohorts to refresh when it ends.
_collected: ContextVar[tuple[set[int], set[int]] | None] = ContextVar(
    "dossier_checks_collected", default=None
)


@task()
def refresh_dossier_checks(learner_ids: list[int], cohort_ids: list[int] | None = None) -> None:
    from django.db.models import Q

    from ndrc.learners.models import Cohort, Learner
    from ndrc.portfolio.services import store_cohort_dossiers, store_dossier_checks

    learners = Learner.objects.filter(pk__in=learner_ids)
    store_dossier_checks(learners=learners)
    cohorts = Cohort.objects.filter(
        Q(pk__in=learners.values("cohort_id")) | Q(pk__in=cohort_ids or [])
    )
    store_cohort_dossiers(cohorts=cohorts)


def refresh_dossier_checks_later(learners: Iterable, *, cohorts: Iterable[int] = ()) -> None:
    """Forget these learners' stored checks and their cohorts' counts, and queue their refresh
    (learners or their ids; `cohorts`: the ids of other cohorts to count again, such as the one
    a learner left); within `one_refresh()`, the refresh is queued when the scope ends."""
    from ndrc.learners.models import Learner
    from ndrc.portfolio.models import StoredCohortDossiers, StoredDossierCheck

    ids = sorted({getattr(learner, "pk", learner) for learner in learners})
    if ids:
        StoredDossierCheck.objects.filter(learner_id__in=ids).delete()
        others = sorted(set(cohorts))
        theirs = set(Learner.objects.filter(pk__in=ids).values_list("cohort_id", flat=True))
        StoredCohortDossiers.objects.filter(cohort_id__in=theirs.union(others)).delete()
        collected = _collected.get()
        if collected is None:
            refresh_dossier_checks.enqueue(ids, others)
        else:  # their cohorts too: counted again even if a learner leaves one meanwhile
            collected[0].update(ids)
            collected[1].update(theirs, others)


@contextmanager
def one_refresh() -> Iterator[None]:
    """Run a bulk operation in one transaction whose services queue one refresh of the dossier
    checks, when it ends, for every learner and cohort they named (see the module). Within
    another scope, the outer one queues it."""
    if _collected.get() is not None:
        with transaction.atomic():
            yield
        return
    learners: set[int] = set()
    cohorts: set[int] = set()
    with transaction.atomic():
        token = _collected.set((learners, cohorts))
        try:
            yield
        finally:
            _collected.reset(token)  # before the refresh: what it might change queues its own
        if learners:
            refresh_dossier_checks.enqueue(sorted(learners), sorted(cohorts))
