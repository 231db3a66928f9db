"""Dashboards computed once and stored until a record changes (issue 12).

A dashboard reads through the apps' selectors what needs its reader's attention: ≈ 70–100 ms of
CPU a view for a training manager or the exam office at a centre of 380 learners (every learner
of their centre), 10–20 ms for a teacher, a learner, a master or a tutor, against 3 ms for a
page that reads nothing; and a page's time under many clients follows its CPU time. So what the
page shows under the menu (`dashboard/_content.html`, given `dashboard_for`) is stored for its
reader, the date and the language (`StoredDashboard`), with how many times the records had
changed when it was computed (`RecordChanges`), and shown while they have not changed since:
- a save or delete of any model of the project's apps (but the stored dashboards and a login's
  date) counts a change, in the change's own transaction: a dashboard computed from the records
  before it is never shown after it;
- a dashboard is of one day, and of no later than the next publication of exam results
  (`exams.selectors.next_publication`): what time alone changes on the page;
- a reader's view that finds none computes it, as without storage, and stores it;
- the training managers' and the exam office's, the costly ones, are also computed ahead by a
  background job, in each language: queued once a change is committed (none if one is already
  waiting for a worker, so a burst of changes makes one refresh), and by `ndrc
  refresh-dashboards` (a daily timer) for the new day. Their page says when they were computed.
The others are not computed ahead: a change would recompute every reader's dashboard, most of
them not read before the next change.
"""

from collections.abc import Iterable
from contextvars import ContextVar
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Q
from django.db.models.signals import post_delete, post_migrate, post_save
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from ndrc.core.models import Role
from ndrc.core.permissions import centres_where
from ndrc.dashboard.models import RecordChanges, StoredDashboard
from ndrc.exams.selectors import next_publication

# The readers whose dashboards are computed ahead: those who see every cohort of a centre.
STORED_ROLES = (Role.TRAINING_MANAGER, Role.EXAM_OFFICE)
CONTENT_TEMPLATE = "dashboard/_content.html"

# Set while a dashboard is computed: what the selectors may store on the way is no change of a
# record.
_refreshing: ContextVar[bool] = ContextVar("dashboard_refreshing", default=False)


def computed_ahead(user: Any) -> bool:
    """Whether `user`'s dashboard is computed ahead (a training manager or exam office)."""
    return bool(centres_where(user, *STORED_ROLES))


def stored_readers():
    """The active users whose dashboards are computed ahead."""
    return (
        get_user_model()
        .objects.filter(is_active=True, memberships__role__in=STORED_ROLES)
        .distinct()
        .order_by("pk")
    )


def content_html(user: Any, dashboard: Any, *, computed_at: datetime) -> str:
    """What the dashboard page of `user` shows under the menu, `dashboard` being
    `dashboard_for(user)`, in the active language."""
    context = {
        "user": user,
        "dashboard": dashboard,
        "ahead": computed_ahead(user),
        "computed_at": computed_at,
    }
    return render_to_string(CONTENT_TEMPLATE, context)


def _changes_now() -> int:
    """How many times the records have changed (`RecordChanges`), read before a dashboard is
    computed."""
    count = RecordChanges.objects.filter(pk=1).values_list("count", flat=True).first()
    if count is None:  # the first dashboard computed: changes are counted from now on
        RecordChanges.objects.bulk_create([RecordChanges(pk=1)], ignore_conflicts=True)
        return 0
    return count


def _computed(user: Any, *, on: date, language: str, changes: int) -> StoredDashboard:
    from ndrc.dashboard.selectors import dashboard_for

    computed_at = timezone.now()
    token = _refreshing.set(True)
    try:
        with translation.override(language):
            html = content_html(user, dashboard_for(user, on=on), computed_at=computed_at)
    finally:
        _refreshing.reset(token)
    return StoredDashboard(
        user=user,
        language=language,
        on=on,
        html=html,
        computed_at=computed_at,
        changes=changes,
        until=next_publication(after=computed_at),
    )


def _store(rows: list[StoredDashboard]) -> None:
    # One upsert: the same query whether a dashboard was stored already or not, and two
    # computations at once cannot both insert.
    StoredDashboard.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["user", "language"],
        update_fields=["on", "html", "computed_at", "changes", "until"],
    )


def dashboard_page(user: Any, *, on: date) -> StoredDashboard:
    """`user`'s dashboard of `on` in the active language: as stored when no record has changed
    since, else computed now and stored."""
    language = translation.get_language()
    now = timezone.now()
    found = (
        StoredDashboard.objects.filter(
            user=user,
            language=language,
            on=on,
            changes=RecordChanges.objects.filter(pk=1).values("count")[:1],
        )
        .filter(Q(until__isnull=True) | Q(until__gt=now))
        .first()
    )
    if found is None:
        found = _computed(user, on=on, language=language, changes=_changes_now())
        _store([found])
    return found


def store_dashboards(
    *, users: Iterable[int] | None = None, languages: Iterable[str] | None = None
) -> int:
    """Compute and store the dashboards of today of the readers computed ahead (`users`: ids
    among them; all when None) in `languages` (codes; each language when None). Returns the
    number stored."""
    readers = stored_readers()
    if users is not None:
        readers = readers.filter(pk__in=list(users))
    on = timezone.localdate()
    codes = [code for code, _name in settings.LANGUAGES]
    if languages is not None:
        codes = [code for code in codes if code in set(languages)]
    changes = _changes_now()
    count = 0
    for user in readers:
        rows = [_computed(user, on=on, language=code, changes=changes) for code in codes]
        _store(rows)
        count += len(rows)
    return count


@task()
def refresh_dashboards(
    user_ids: list[int] | None = None, languages: list[str] | None = None
) -> int:
    return store_dashboards(users=user_ids, languages=languages)


def _by_a_worker() -> bool:
    """Whether refreshes are queued for a worker (the database backend), not run at once."""
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(refresh_dashboards.get_backend(), DatabaseBackend)


def _waiting() -> bool:
    """Whether a refresh of every reader's dashboards in each language waits for a worker."""
    from django_tasks_db.models import DBTaskResult

    waiting = (
        DBTaskResult.objects.ready()
        .filter(task_path=refresh_dashboards.module_path)
        .values_list("args_kwargs", flat=True)
    )
    for arguments in waiting:
        kwargs = arguments.get("kwargs") or {}
        if kwargs.get("user_ids") is None and kwargs.get("languages") is None:
            return True
    return False


def _refresh_after_commit() -> None:
    # Without a worker (jobs run within the request), the next views compute them instead.
    if _by_a_worker() and not _waiting():
        refresh_dashboards.enqueue()


def records_changed() -> None:
    """A record changed: count the change, in its transaction, and queue the refresh of the
    dashboards computed ahead once it is committed (once a transaction, however many records it
    changes)."""
    if _refreshing.get():
        return
    # Each change counts, not only a transaction's first: a dashboard computed within the
    # transaction after its first change would be taken for one read after the next.
    RecordChanges.objects.filter(pk=1).update(count=F("count") + 1)
    connection = transaction.get_connection()
    # A refresh still listed runs at the commit: a savepoint rolled back removes the ones
    # listed within it, and the savepoints still open are around this change too (a bulk
    # operation's services, each in a savepoint of its transaction, queue one refresh, not one
    # each).
    if connection.in_atomic_block and any(
        callback is _refresh_after_commit
        for _savepoints, callback, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(_refresh_after_commit)


def _saved(sender: Any, update_fields: Any = None, **kwargs: Any) -> None:
    if sender is get_user_model() and update_fields and set(update_fields) <= {"last_login"}:
        return  # a login
    records_changed()


def _deleted(sender: Any, **kwargs: Any) -> None:
    records_changed()


def _upgraded(*, using: str, **kwargs: Any) -> None:
    # `ndrc migrate`, run at each upgrade: the dashboards stored by the version before are not
    # shown by the new one.
    RecordChanges.objects.using(using).filter(pk=1).update(count=F("count") + 1)


def connect() -> None:
    """Listen to the changes of every model of the project's apps, and to the upgrades
    (`DashboardConfig.ready`)."""
    post_migrate.connect(
        _upgraded, sender=apps.get_app_config("dashboard"), dispatch_uid="dashboard-upgraded"
    )
    for model in apps.get_models():
        if model in (StoredDashboard, RecordChanges) or not model.__module__.startswith("ndrc."):
            continue
        post_save.connect(_saved, sender=model, dispatch_uid=f"dashboard-save-{model._meta}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"dashboard-del-{model._meta}")
