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
"""

from collections.abc import Iterable

from django_tasks import task


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
    a learner left)."""
    from django.db.models import Q

    from ndrc.learners.models import Learner
    from ndrc.portfolio.models import StoredCohortDossiers, StoredDossierCheck

    ids = sorted({getattr(learner, "pk", learner) for learner in learners})
    if ids:
        StoredDossierCheck.objects.filter(learner_id__in=ids).delete()
        others = sorted(set(cohorts))
        StoredCohortDossiers.objects.filter(
            Q(cohort_id__in=Learner.objects.filter(pk__in=ids).values("cohort_id"))
            | Q(cohort_id__in=others)
        ).delete()
        refresh_dossier_checks.enqueue(ids, others)
