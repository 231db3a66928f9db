"""Starting and running background jobs.

A domain app writes its long work as a plain function

    def build_something(*, cohort: Cohort, by: User, progress: Progress) -> JobResult: ...

and starts it from a view with `start_job(build_something, by=request.user, title=…,
arguments={"cohort": cohort})`, then sends the user to the job's page
(`redirect(job.get_absolute_url())`). A worker (`ndrc db_worker`) calls the function in one
transaction; the page follows `progress(done, total)` and shows the result or the error.
"""

import datetime
import json
import logging
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext_noop

from ndrc.core import audit
from ndrc.core.files import files_undone_on_error, written
from ndrc.core.models import TrainingCentre
from ndrc.jobs.models import Job, State
from ndrc.regulation.explanation import Message, message_data, message_from_data, sentences

logger = logging.getLogger(__name__)


# A job's texts (its title, summary, progress and error) are French, the reference, as stored; a
# text written as a `Message` (a template, gettext_noop'ed, and its values) is kept with them in
# `Job.text_data` and shown in the reader's language. The job runs in French, whoever started it.


def _text_data(**texts: Any) -> dict[str, Any]:
    """{name: `message_data`} of those `texts` that are `Message`s."""
    return {name: message_data(text) for name, text in texts.items() if isinstance(text, Message)}


class Progress(Protocol):
    def __call__(self, done: int, total: int, message: str = "") -> None: ...


@dataclass(frozen=True)
class ResultFile:
    """A file the job produced, offered for download to those who may follow the job."""

    name: str  # the download's name, e.g. "grilles-ccf.zip"
    content: bytes


@dataclass(frozen=True)
class JobResult:
    """What a finished job shows: a sentence, and a file to download and/or a link."""

    summary: str = ""
    file: ResultFile | None = None
    link_url: str = ""
    link_label: str = ""


def start_job(
    function: Callable[..., JobResult | None],
    *,
    by: Any,
    title: str,
    arguments: dict[str, Any] | None = None,
    training_centre: TrainingCentre | None = None,
    return_url: str = "",
) -> Job:
    """Queue `function(**arguments, by=by, progress=…)` as a background job and return its Job.

    `function` is a module-level function; `arguments` hold JSON values, model instances, dates,
    datetimes and decimals (instances are read again when the job runs). `training_centre`'s
    managers may follow the job as well as `by`. With the immediate backend (tests) the job has
    run when this returns.
    """
    from ndrc.jobs.tasks import run_job

    path = f"{function.__module__}.{function.__qualname__}"
    if import_string(path) is not function:
        raise TypeError(f"{path} : une tâche de fond appelle une fonction de module.")
    job = Job.objects.create(
        kind=function.__name__,
        title=title,
        text_data=_text_data(title=title),
        function=path,
        arguments=_encode(arguments or {}),
        started_by=by if by is not None and by.is_authenticated else None,
        training_centre=training_centre,
        return_url=return_url,
    )
    # In the caller's transaction: the worker sees the job only once it is committed.
    result = run_job.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def run(job_id: int) -> None:
    """Run a queued job once: the function in a transaction, then its outcome on the Job."""
    # A job that starts once an erasure is committed reads what it left: no mark (on PostgreSQL,
    # this waits for an erasure marking the job to commit).
    if not Job.objects.filter(pk=job_id, state=State.QUEUED).update(
        state=State.RUNNING, started_at=timezone.now(), erased_during_run=False
    ):
        return  # already taken (a task delivered twice)
    job = Job.objects.select_related("started_by").get(pk=job_id)
    progress = ProgressFile(job.pk)
    try:
        function = import_string(job.function)
        arguments = _decode(job.arguments)
        # All or nothing: the rows in one transaction, the files removed again on failure.
        with (
            files_undone_on_error(),
            transaction.atomic(),
            translation.override(settings.LANGUAGE_CODE),
        ):
            result = function(**arguments, by=job.started_by, progress=progress) or JobResult()
            # Under the job's row lock, which an erasure takes too (`erase_from_jobs`): a person
            # erased during the run may be in what the job read; nothing of it is kept.
            if Job.objects.select_for_update().filter(pk=job.pk, erased_during_run=True).exists():
                raise ErasedDuringRun
            outcome = _keep(job, result)
            message = result.summary or progress.message
            Job.objects.filter(pk=job.pk).update(
                state=State.DONE,
                finished_at=timezone.now(),
                done=progress.total or 1,
                total=progress.total or 1,
                message=message[:300],
                text_data={
                    **job.text_data,
                    **_text_data(message=message, result_label=result.link_label),
                },
                **outcome,
            )
    except Exception as error:
        expected = isinstance(
            error, ValidationError | PermissionDenied | ObjectDoesNotExist | ErasedDuringRun
        )
        erased = isinstance(error, ErasedDuringRun)
        # The last progress line may name the erased person.
        message = "" if erased else progress.message
        with translation.override(settings.LANGUAGE_CODE):  # a lazy text written in French
            text = _error_text(error)
        Job.objects.filter(pk=job.pk).update(
            state=State.FAILED,
            finished_at=timezone.now(),
            done=progress.done,
            total=progress.total,
            message=message[:300],
            error=text,
            text_data={**job.text_data, **_text_data(message=message, error=text)},
        )
        if not expected:
            # The task's own record (django-tasks) keeps the traceback for the administrator.
            raise
        logger.info("Job %s refused: %s", job.pk, error)
    finally:
        progress.remove()


class ErasedDuringRun(Exception):
    """A person was erased while the job ran: its outcome is dropped, its rows rolled back."""


def _keep(job: Job, result: JobResult) -> dict[str, str]:
    outcome = {"result_url": result.link_url, "result_label": result.link_label}
    if result.file is not None:
        field = Job._meta.get_field("result_file")
        name = field.generate_filename(job, os.path.basename(result.file.name))
        name = field.storage.save(name, ContentFile(result.file.content))
        written(field.storage, name)
        outcome["result_file"] = name
    return outcome


def _error_text(error: Exception) -> Message:
    """What a failed job tells its reader: the refusal's own sentences, or a plain sentence
    (never a traceback). Each sentence a template: one written as a `Message` keeps its values,
    another is its French text, shown translated when it is a text of the catalogue."""
    if isinstance(error, ErasedDuringRun):
        return Message(ERASED_DURING_RUN)
    if isinstance(error, ValidationError):
        items = (
            [item for items in error.error_dict.values() for item in items]
            if hasattr(error, "error_dict")
            else error.error_list
        )
        return sentences([_sentence(item) for item in items])
    if isinstance(error, PermissionDenied):
        text = str(error)
        return Message(text if text else gettext_noop("Action non autorisée pour votre rôle."))
    if isinstance(error, ObjectDoesNotExist | Http404):
        return Message(
            gettext_noop(
                "Un enregistrement nécessaire à la tâche n'existe plus ; rien n'a été enregistré."
            )
        )
    return Message(
        gettext_noop(
            "Une erreur inattendue a interrompu la tâche ; rien n'a été enregistré. Réessayez ; "
            "si l'erreur persiste, signalez-la à l'administrateur."
        )
    )


def _sentence(item: ValidationError) -> Message:
    message = item.message
    if isinstance(message, Message) and not item.params:
        return message
    # In French (see `run`): a lazy text is written now, its parameters put in.
    return Message(str(message % item.params if item.params else message))


# --- Progress, visible while the job's transaction is still open ------------------------------


def progress_path(job_id: int) -> Path:
    return Path(settings.MEDIA_ROOT) / "jobs" / str(job_id) / "progress.json"


class ProgressFile:
    """`progress(done, total, message)` for a running job, written to a small file.

    Not in the database: the job runs in one transaction, whose writes no one sees before it
    ends (and on SQLite that transaction holds the only write lock). The file sits in the job's
    media folder, which every server shares (docs/deploy.md).
    """

    INTERVAL = 0.5  # seconds between two writes, but the last one

    def __init__(self, job_id: int) -> None:
        self.path = progress_path(job_id)
        self.done = self.total = 0
        self.message = ""
        self._written_at = 0.0

    def __call__(self, done: int, total: int, message: str = "") -> None:
        self.done, self.total, self.message = max(done, 0), max(total, 0), message
        now = time.monotonic()
        if now - self._written_at < self.INTERVAL and done < total:
            return
        self._written_at = now
        self.path.parent.mkdir(parents=True, exist_ok=True)
        draft = self.path.with_suffix(".tmp")
        data = {"done": done, "total": total, "message": message, **_text_data(data=message)}
        draft.write_text(json.dumps(data))
        os.replace(draft, self.path)  # readers see the old figures or the new, never half

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


def read_progress(job: Job) -> tuple[int, int, Message | str]:
    """(done, total, message) of a job: from its progress file while it runs."""
    if job.state == State.RUNNING:
        try:
            data = json.loads(progress_path(job.pk).read_text())
            message = message_from_data(data["data"]) if "data" in data else str(data["message"])
            return int(data["done"]), int(data["total"]), message
        except (OSError, ValueError, KeyError, TypeError):
            pass
    return job.done, job.total, job.shown_message


# --- Arguments: JSON with model instances, dates and decimals ---------------------------------


def _encode(value: Any) -> Any:
    if isinstance(value, models.Model):
        if value.pk is None:
            raise TypeError("une tâche de fond reçoit des enregistrements déjà enregistrés")
        return {"$model": value._meta.label_lower, "pk": value.pk}
    if isinstance(value, datetime.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"$date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, list | tuple):
        return [_encode(item) for item in value]
    if isinstance(value, dict):
        if not all(isinstance(key, str) and not key.startswith("$") for key in value):
            raise TypeError("les clés des arguments d'une tâche sont du texte")
        return {key: _encode(item) for key, item in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"argument de tâche non enregistrable : {type(value).__name__}")


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(item) for item in value]
    if isinstance(value, dict):
        if "$model" in value:
            return apps.get_model(value["$model"])._default_manager.get(pk=value["pk"])
        if "$datetime" in value:
            return datetime.datetime.fromisoformat(value["$datetime"])
        if "$date" in value:
            return datetime.date.fromisoformat(value["$date"])
        if "$decimal" in value:
            return Decimal(value["$decimal"])
        return {key: _decode(item) for key, item in value.items()}
    return value


# --- A person's erasure -----------------------------------------------------------------------

# The texts of a job (and of its task's record) that may write a person's values.
_JOB_TEXTS = (
    "title", "arguments", "message", "error", "result_url", "result_label", "return_url",
    "text_data",
)  # fmt: skip
_TASK_TEXTS = ("args_kwargs", "return_value", "exception_class_path", "traceback")
FILE_ERASED = gettext_noop(
    "Fichier supprimé : il nommait une personne dont les données ont été effacées."
)
ERASED_DURING_RUN = gettext_noop(
    "Les données d'une personne ont été effacées pendant la tâche : son résultat n'a pas été "
    "gardé, rien n'a été enregistré. Relancez-la."
)


def erase_from_jobs(*, about: Sequence[models.Model], values: Sequence[str]) -> int:
    """A person's erasure (`learners.personal_data.erase_person`): the result file of every job
    run on one of `about` (the person, their records, their groups: named in its arguments) is
    deleted, as is one whose name writes the person: it names them (a cohort's ZIP of grids),
    and is made again by starting the job anew. Every job, and its task's record (arguments,
    return value, traceback), is redacted of the person's `values`; the jobs themselves stay,
    a record of who ran what. How many jobs changed."""
    targets = {(obj._meta.label_lower, str(obj.pk)) for obj in about}
    changed = 0
    # A job queued or running may have read the person before this erasure commits: marked, it
    # drops its outcome when it ends (`run`). The rows locked first: a job ending now either
    # finished before (its file is seen below) or sees the mark.
    jobs = list(Job.objects.select_for_update().order_by("pk"))
    Job.objects.filter(state__in=[State.QUEUED, State.RUNNING]).update(erased_during_run=True)
    # Read whole before writing: SQLite does not isolate a read cursor from the writes after it.
    for job in jobs:
        changes = audit.scrubbed(job, _JOB_TEXTS, values)
        stored = job.result_file
        if stored and (
            _refers_to(job.arguments, targets) or audit.scrub(stored.name, values) != stored.name
        ):
            stored.storage.delete(stored.name)
            changes["result_file"] = ""
            message = changes.get("message", job.message)
            changes["message"] = f"{message} {FILE_ERASED}".strip()[-300:]
            # Shown in the reader's language: the summary (its template, scrubbed), then this.
            text_data = changes.get("text_data", job.text_data)
            summary = [message_from_data(text_data["message"])] if "message" in text_data else []
            if message and not summary:
                summary = [Message(message)]
            note = sentences([*summary, Message(FILE_ERASED)])
            changes["text_data"] = {**text_data, "message": message_data(note)}
        if changes:
            Job.objects.filter(pk=job.pk).update(**changes)
            changed += 1
    _erase_from_tasks(values)
    return changed


def _refers_to(arguments: Any, targets: set[tuple[str, str]]) -> bool:
    """Whether a job's stored arguments name one of `targets` ((model label, pk) pairs)."""
    if isinstance(arguments, list):
        return any(_refers_to(item, targets) for item in arguments)
    if isinstance(arguments, dict):
        if "$model" in arguments:
            return (arguments["$model"], str(arguments.get("pk"))) in targets
        return any(_refers_to(item, targets) for item in arguments.values())
    return False


def _erase_from_tasks(values: Sequence[str]) -> None:
    """The queue's records (django-tasks' database backend) keep each task's arguments, return
    value and, on a crash, its traceback: redacted too."""
    if not apps.is_installed("django_tasks_db"):
        return
    from django_tasks_db.models import DBTaskResult

    for task in list(DBTaskResult.objects.order_by("enqueued_at")):
        changes = audit.scrubbed(task, _TASK_TEXTS, values)
        if changes:
            DBTaskResult.objects.filter(pk=task.pk).update(**changes)
