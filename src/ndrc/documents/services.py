"""Writes of generated documents: render, store, and record what each was made from."""

import hashlib
import json
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from ndrc.core import audit
from ndrc.core.files import files_undone_on_error, written
from ndrc.core.services import create_and_record
from ndrc.documents.models import GeneratedDocument
from ndrc.documents.pdf import render_pdf


def generate_document(
    *,
    kind: str,
    template_name: str,
    context: dict[str, Any],
    subject: models.Model,
    sources: dict[str, Any],
    by: Any,
    title: str = "",
    pdf: bytes | None = None,
) -> GeneratedDocument:
    """Render `template_name` to PDF, store it about `subject`, with its `sources`, audited.

    The caller has checked that `by` may produce it. `sources` must say what the document was
    made from (record ids, framework version, parameters, the date it speaks of); dates and
    decimals are stored as ISO text. `pdf`: the document already rendered from `template_name`
    and `context` (by a worker process, for a long job), or several pages in one
    (`documents.pdf.render_pdf_many`).

    The rendering (the long part) comes before the transaction that stores the document: on
    SQLite, a transaction holds the database's only write lock, and 16 PDFs rendered under it at
    once made the last ones wait beyond the busy timeout ("database is locked"). Callers that
    only read before calling this need no transaction of their own.
    """
    if pdf is None:
        pdf = render_pdf(template_name, context)
    now = timezone.now()
    document = GeneratedDocument(
        kind=kind,
        title=title or f"{kind} — {subject}",
        template_name=template_name,
        subject_type=ContentType.objects.get_for_model(subject, for_concrete_model=True),
        subject_id=str(subject.pk),
        sha256=hashlib.sha256(pdf).hexdigest(),
        sources=json.loads(json.dumps(sources, cls=DjangoJSONEncoder)),
        created_at=now,
        created_by=by if by is not None and by.is_authenticated else None,
    )
    name = f"{slugify(document.title)[:80] or kind}-{now:%Y%m%d-%H%M%S}.pdf"
    with files_undone_on_error(), transaction.atomic():
        document.file.save(name, ContentFile(pdf), save=False)
        written(document.file.storage, document.file.name)
        return create_and_record(document, by=by)


def reissue_document(
    document: GeneratedDocument, *, pdf: bytes, sources: dict[str, Any], by: Any
) -> GeneratedDocument:
    """Replace the PDF of a stored document by `pdf`, rendered again from what it was made
    from (`sources`), in place: the same record, title and download address; the former file
    removed once the change is saved, the change audited (its fingerprint and sources)."""
    before = audit.snapshot(document)
    former = document.file.name
    with files_undone_on_error(), transaction.atomic():
        document.file.save(former.rsplit("/", 1)[-1], ContentFile(pdf), save=False)
        written(document.file.storage, document.file.name)
        document.sha256 = hashlib.sha256(pdf).hexdigest()
        document.sources = json.loads(json.dumps(sources, cls=DjangoJSONEncoder))
        document.save(update_fields=["file", "sha256", "sources"])
        audit.record_change(obj=document, by=by, before=before)
        storage = document.file.storage
        transaction.on_commit(lambda: storage.delete(former))
    return document
