"""The training manager's and the exam office's dashboards, computed in the background (issue 12).

Their sections (the cohorts' lists, the dossiers at risk, the contracts, the CCF, and the apps'
panels: admissions, councils, timetable, follow-up and learners at risk, exams, indicators)
read every learner of their centre: ≈ 70–100 ms of CPU a view at a centre of 380 learners,
against 5 ms for a page that reads nothing, and a page's time under many clients follows its
CPU time. So a background job computes them, by the same selectors (`dashboard_for`) and shows
them with the same template (`dashboard/_sections.html`), for each of these readers in each
language, and stores them with the date they were computed for (`StoredDashboard`); the page
shows them with when they were computed.

They are refreshed:
- when a record changes: a save or delete of any model of the project's apps (but the stored
  dashboards and a login's date) removes the stored sections in the change's transaction and,
  once it is committed, queues one refresh — none if one is already waiting for a worker, so a
  burst of changes makes one refresh (where jobs run within the request, without a worker, only
  when some were stored: the others are computed at their next view);
- when the date changes: sections stored for another day are never shown; the page then
  computes them at the view, as without storage, and queues their refresh
  (`ndrc refresh-dashboards`, run by a daily timer, stores them ahead).
Until the worker has run, the page computes the sections at each view: never stale, only slower.
A reader's view that finds nothing stored refreshes that reader's sections in the language read
only (a change refreshes every language).
"""

from collections.abc import Iterable
from contextvars import ContextVar
from datetime import date
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from ndrc.core.models import Role
from ndrc.core.permissions import centres_where
from ndrc.dashboard.models import StoredDashboard

# The readers whose sections are stored: those who see every cohort of a centre.
STORED_ROLES = (Role.TRAINING_MANAGER, Role.EXAM_OFFICE)
SECTIONS_TEMPLATE = "dashboard/_sections.html"

# Set while the job computes: what the selectors may store on the way is no change of a record.
_refreshing: ContextVar[bool] = ContextVar("dashboard_refreshing", default=False)


def reads_stored(user: Any) -> bool:
    """Whether `user`'s dashboard sections are stored (a training manager or exam office)."""
    return bool(centres_where(user, *STORED_ROLES))


def stored_readers():
    """The active users whose dashboard sections are stored."""
    return (
        get_user_model()
        .objects.filter(is_active=True, memberships__role__in=STORED_ROLES)
        .distinct()
        .order_by("pk")
    )


def sections_html(dashboard: Any) -> str:
    """The sections of `dashboard` (`dashboard_for`) as the page shows them, in the active
    language."""
    return render_to_string(SECTIONS_TEMPLATE, {"dashboard": dashboard})


def store_dashboards(
    *, users: Iterable[int] | None = None, languages: Iterable[str] | None = None
) -> int:
    """Compute and store the dashboard sections of today of `users` (ids; every stored reader
    when None) in `languages` (codes; each language when None). Returns the number stored."""
    from ndrc.dashboard.selectors import dashboard_for

    readers = stored_readers()
    if users is not None:
        readers = readers.filter(pk__in=list(users))
    on = timezone.localdate()
    codes = [code for code, _name in settings.LANGUAGES]
    if languages is not None:
        codes = [code for code in codes if code in set(languages)]
    count = 0
    token = _refreshing.set(True)
    try:
        for user in readers:
            rows = []
            for language in codes:
                computed_at = timezone.now()
                with translation.override(language):
                    html = sections_html(dashboard_for(user, on=on))
                rows.append(
                    StoredDashboard(
                        user=user, language=language, on=on, html=html, computed_at=computed_at
                    )
                )
            # One upsert: the same query whether the sections were stored already or not, and
            # two refreshes at once cannot both insert.
            StoredDashboard.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["user", "language"],
                update_fields=["on", "html", "computed_at"],
            )
            count += len(rows)
    finally:
        _refreshing.reset(token)
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


def _waiting(user_id: int | None, language: str | None) -> bool:
    """Whether a refresh of `user_id`'s sections (every reader's: None) in `language` (each:
    None) waits for a worker."""
    from django_tasks_db.models import DBTaskResult

    if not _by_a_worker():
        return False
    waiting = (
        DBTaskResult.objects.ready()
        .filter(task_path=refresh_dashboards.module_path)
        .values_list("args_kwargs", flat=True)
    )
    for arguments in waiting:
        kwargs = arguments.get("kwargs") or {}
        ids, languages = kwargs.get("user_ids"), kwargs.get("languages")
        if (ids is None or (user_id is not None and user_id in ids)) and (
            languages is None or (language is not None and language in languages)
        ):
            return True
    return False


def refresh_later(user: Any = None, language: str | None = None) -> None:
    """Queue the refresh of `user`'s sections (every reader's when None) in `language` (each
    when None), unless one waits."""
    user_id = getattr(user, "pk", None)
    if not _waiting(user_id, language):
        refresh_dashboards.enqueue(
            user_ids=None if user_id is None else [user_id],
            languages=None if language is None else [language],
        )


def stored_sections(user: Any, *, on: date) -> StoredDashboard | None:
    """`user`'s stored sections of `on` in the active language; None (the page computes them,
    and their refresh is queued) when `user`'s are not stored or not refreshed yet."""
    if not reads_stored(user):
        return None
    language = translation.get_language()
    stored = StoredDashboard.objects.filter(user=user, language=language, on=on)
    found = stored.first()
    if found is None:
        # The language read only: where jobs run within the request, the reader does not wait
        # for the other language's sections too (a change refreshes both).
        refresh_later(user, language)
        found = stored.first()  # done already when jobs run at once (the tests)
    return found


def _refresh_after_commit() -> None:
    refresh_later()


def records_changed() -> None:
    """A record changed: forget the stored sections and queue their refresh once the change is
    committed (once a transaction, however many records it changes)."""
    if _refreshing.get():
        return
    forgotten, _ = StoredDashboard.objects.all().delete()
    if not forgotten and not _by_a_worker():
        # Jobs run within the request (no worker): sections nobody has read since the last
        # change are computed at their next view, not after each commit of a long series.
        return
    connection = transaction.get_connection()
    # A refresh still listed runs at the commit: a savepoint rolled back removes the ones queued
    # within it, and the savepoints still open are around this change too (a bulk operation's
    # services, each in a savepoint of its transaction, queue one refresh, not one each).
    if connection.in_atomic_block and any(
        callback is _refresh_after_commit
        for _savepoints, callback, _robust in connection.run_on_commit
    ):
        return  # queued already, to run when this change is committed
    transaction.on_commit(_refresh_after_commit)


def _saved(sender: Any, update_fields: Any = None, **kwargs: Any) -> None:
    if sender is get_user_model() and update_fields and set(update_fields) <= {"last_login"}:
        return  # a login
    records_changed()


def _deleted(sender: Any, **kwargs: Any) -> None:
    records_changed()


def connect() -> None:
    """Listen to the changes of every model of the project's apps (`DashboardConfig.ready`)."""
    for model in apps.get_models():
        if model is StoredDashboard or not model.__module__.startswith("ndrc."):
            continue
        post_save.connect(_saved, sender=model, dispatch_uid=f"dashboard-save-{model._meta}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"dashboard-del-{model._meta}")
