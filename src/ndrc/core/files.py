"""Files written by work that may still fail: removed again when it does.

A database transaction undoes its rows on failure, not the files written meanwhile (a PDF
stored by `documents.generate_document` inside a batch that fails later). Work that must be all
or nothing runs inside `files_undone_on_error()`, and code that stores a file declares it with
`written(storage, name)`.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.files.storage import Storage

_written: ContextVar[list[tuple[Storage, str]] | None] = ContextVar("written", default=None)


def written(storage: Storage, name: str) -> None:
    """Declare a file just stored: removed if the enclosing all-or-nothing work fails."""
    files = _written.get()
    if files is not None:
        files.append((storage, name))


@contextmanager
def files_undone_on_error() -> Iterator[None]:
    """Remove the files declared inside if it fails; else hand them to the enclosing one, whose
    work may still fail (a document stored by a batch job)."""
    enclosing = _written.get()
    files: list[tuple[Storage, str]] = []
    token = _written.set(files)
    try:
        yield
    except BaseException:
        for storage, name in files:
            storage.delete(name)
        raise
    finally:
        _written.reset(token)
    if enclosing is not None:
        enclosing.extend(files)
