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

from ndrc.core.services import create_and_record
from ndrc.documents.models import GeneratedDocument
from ndrc.documents.pdf import render_pdf


@transaction.atomic
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
    decimals are stored as ISO text. `pdf`, when given, is the document already rendered from
    `template_name` (several pages in one: `documents.pdf.render_pdf_many`).
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
    document.file.save(name, ContentFile(pdf), save=False)
    return create_and_record(document, by=by)
