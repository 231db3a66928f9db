"""The stored dossier checks, refreshed in the background when what they read changes.

A service that changes what the E4/E6 dossier check reads (sheets, filings, certificates,
contracts and internship agreements, candidate categories, deadlines) calls
`refresh_dossier_checks_later(learners)` before it returns: a task, run by a worker
(`ndrc db_worker`) once the service's transaction is committed, checks these learners' dossiers
again and stores the result (`StoredDossierCheck`), which the dashboards and the cohort pages
read instead of running the engine for every learner at each view. Until the worker has run,
these learners have no stored check (it is removed at once, in the service's transaction): the
pages check them as they are, never from a stale result.
"""

from collections.abc import Iterable

from django_tasks import task


@task()
def refresh_dossier_checks(learner_ids: list[int]) -> None:
    from ndrc.learners.models import Learner
    from ndrc.portfolio.services import store_dossier_checks

    store_dossier_checks(learners=Learner.objects.filter(pk__in=learner_ids))


def refresh_dossier_checks_later(learners: Iterable) -> None:
    """Forget these learners' stored checks and queue their refresh (learners or their ids)."""
    from ndrc.portfolio.models import StoredDossierCheck

    ids = sorted({getattr(learner, "pk", learner) for learner in learners})
    if ids:
        StoredDossierCheck.objects.filter(learner_id__in=ids).delete()
        refresh_dossier_checks.enqueue(ids)
