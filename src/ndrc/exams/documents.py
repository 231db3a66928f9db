"""The documents of a session's results (PDF, French, from HTML templates): the relevé de notes
of each candidate, the attestation of skill blocks of those who did not obtain the diploma
(D643-15), the procès-verbal of the deliberation; and all of them as one ZIP download.

Each PDF is kept by the documents app with what it was made from (the decision, its framework
version), so that it can be traced and issued again as it was. `build_session_documents` is the
one long work (1,000 candidates), reporting its progress, all or nothing; it runs as a background
job (`ndrc.jobs`) through `session_documents_job`.
"""

import hashlib
import io
import os
import zipfile
from itertools import repeat
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ndrc.core.permissions import Action, can
from ndrc.core.services import create_and_record
from ndrc.documents.models import GeneratedDocument
from ndrc.documents.pdf import html_to_pdf, pdf_workers, render_html
from ndrc.documents.services import generate_document
from ndrc.exams.models import DocumentBundle, ExamSession, Registration, Sitting
from ndrc.exams.selectors import (
    candidate_label,
    current_decision,
    lines_of,
    session_access,
    session_statistics,
    session_table,
)
from ndrc.jobs.services import JobResult, Progress
from ndrc.regulation.deliberation import ADMITTED
from ndrc.regulation.exam_results import skill_blocks_acquired
from ndrc.regulation.explanation import Message
from ndrc.regulation.framework import load_framework

# The steps of the explanation a transcript quotes: those that decide.
DECISION_STEPS = frozenset(
    ("admitted", "failed", "resit_eligible", "resit_grade", "decision_after_resit",
     "not_awarded", "incomplete", "resit_not_taken")
)  # fmt: skip


def _require_results(registration: Registration, by: Any) -> None:
    if not can(by, Action.VIEW_GRADES, registration):
        raise PermissionDenied(_("Action non autorisée pour votre rôle."))
    if registration.session.signed_off_at is None:
        raise ValidationError(_("Les résultats ne sont pas encore arrêtés par le jury."))


def _context(registration: Registration) -> dict[str, Any]:
    decision = current_decision(registration)
    if decision is None:
        raise ValidationError(_("Aucune décision du jury pour ce candidat."))
    learner = registration.learner
    framework = load_framework(registration.session.framework)
    lines = lines_of(decision)
    # Each article once, under the table; each line points to its own by number.
    sources = list(dict.fromkeys(line.source for line in lines))
    return {
        "rows": [(line, sources.index(line.source) + 1) for line in lines],
        "sources": sources,
        "registration": registration,
        "session": registration.session,
        "learner": learner,
        "centre": registration.session.training_centre,
        "framework": framework,
        "category": candidate_label(registration, framework),
        "decision": decision,
        "lines": lines,
        "kept": [line for line in lines if line.obtained and line.origin != "exempted"]
        if decision.decision != ADMITTED
        else [],
        "blocks": skill_blocks_acquired(decision.decision, lines),
        "resit": decision.sitting == Sitting.RESIT,
        "steps": [step for step in decision.explanation if step["rule"] in DECISION_STEPS],
    }


def _sources(registration: Registration, context: dict[str, Any]) -> dict[str, Any]:
    decision = context["decision"]
    return {
        "registration": registration.pk,
        "candidate": registration.number,
        "decision": decision.pk,
        "decision_taken_at": decision.taken_at,
        "framework_version": decision.framework_version,
        "session": registration.session.year,
    }


def _transcript(
    registration: Registration, context: dict[str, Any] | None = None
) -> dict[str, Any]:
    context = context or _context(registration)
    return {
        "kind": "exam_transcript",
        "template_name": "exams/pdf/transcript.html",
        "context": context,
        "subject": registration,
        "sources": _sources(registration, context),
        "title": f"Relevé de notes {registration.session.year} — {registration.learner.full_name}",
    }


def _attestation(
    registration: Registration, context: dict[str, Any] | None = None
) -> dict[str, Any]:
    context = context or _context(registration)
    if context["decision"].decision == ADMITTED:
        raise ValidationError(_("Le candidat a obtenu le diplôme : pas d'attestation de blocs."))
    if not context["blocks"]:
        raise ValidationError(_("Aucune unité obtenue : pas de bloc de compétences à attester."))
    return {
        "kind": "skill_block_certificate",
        "template_name": "exams/pdf/attestation.html",
        "context": context,
        "subject": registration,
        "sources": _sources(registration, context),
        "title": f"Attestation de blocs {registration.session.year} — "
        f"{registration.learner.full_name}",
    }


def _minutes(session: ExamSession) -> dict[str, Any]:
    if session.signed_off_at is None:
        raise ValidationError(_("La délibération n'est pas encore signée par le président."))
    table = session_table(session, full=True)
    changes = []
    for row in table.rows:
        changes += [(row.registration, c) for c in row.registration.grade_changes.all()]
    return {
        "kind": "exam_minutes",
        "template_name": "exams/pdf/minutes.html",
        "context": {
            "session": session,
            "centre": session.training_centre,
            "rows": [(row, _first_decision(row)) for row in table.rows],
            "changes": changes,
            "statistics": session_statistics(exam_sessions=[session]),
        },
        "subject": session,
        "sources": {
            "session": session.pk,
            "year": session.year,
            "signed_off_at": session.signed_off_at,
            "decisions": [row.decision.pk for row in table.rows if row.decision],
        },
        "title": f"Procès-verbal de délibération — session {session.year}",
    }


def transcript_document(*, registration: Registration, by: Any) -> GeneratedDocument:
    """The relevé de notes of a candidate, from the current decision."""
    _require_results(registration, by)
    return generate_document(**_transcript(registration), by=by)


def attestation_document(*, registration: Registration, by: Any) -> GeneratedDocument:
    """The attestation of the skill blocks acquired by a candidate who did not obtain the
    diploma (D643-15): each unit with a grade ≥ 10/20."""
    _require_results(registration, by)
    return generate_document(**_attestation(registration), by=by)


def minutes_document(*, session: ExamSession, by: Any) -> GeneratedDocument:
    """The procès-verbal of the session's deliberation."""
    if not session_access(by, session).staff:
        raise PermissionDenied(_("Action non autorisée pour votre rôle."))
    return generate_document(**_minutes(session), by=by)


def _first_decision(row):
    """The last decision of the first group (before the épreuves de contrôle)."""
    firsts = [d for d in row.registration.decisions.all() if d.sitting == Sitting.FIRST]
    return max(firsts, key=lambda d: d.pk) if firsts else None


# Below this many documents, worker processes would take longer to start than to help.
PARALLEL_FROM = 40


def build_session_documents(
    *,
    session: ExamSession,
    by: Any,
    progress: Progress | None = None,
    workers: int | None = None,
) -> DocumentBundle:
    """Every document of a session's results — each candidate's relevé de notes, the
    attestation of those who did not obtain the diploma, the procès-verbal — generated, kept,
    and zipped as one download. Reports `progress(done, total)` (documents); all or nothing (a
    failure leaves no document nor file behind). To run in the background (job queue).

    The pages are written here; their layout into PDF, the long part, runs in `workers`
    processes (the machine's processors by default) when there are many."""
    if not session_access(by, session).staff:
        raise PermissionDenied(_("Action non autorisée pour votre rôle."))
    if session.signed_off_at is None:
        raise ValidationError(_("La délibération n'est pas encore signée par le président."))
    registrations = list(
        session.registrations.select_related("learner", "session", "session__training_centre")
        .prefetch_related("decisions")
        .order_by("number")
    )
    specs = []
    for registration in registrations:
        _require_results(registration, by)
        context = _context(registration)  # one reading of the decision for both documents
        specs.append((registration, _transcript(registration, context)))
        if context["decision"].decision != ADMITTED and context["blocks"]:
            specs.append((registration, _attestation(registration, context)))
    specs.append((None, _minutes(session)))
    pages = [render_html(spec["template_name"], spec["context"]) for _r, spec in specs]
    workers = workers or os.cpu_count() or 1
    written: list[Any] = []
    buffer = io.BytesIO()
    pool = pdf_workers(workers) if workers > 1 and len(specs) >= PARALLEL_FROM else None
    try:
        base_url = str(settings.PACKAGE_DIR)
        pdfs = (
            pool.map(html_to_pdf, pages, repeat(base_url), chunksize=4)
            if pool
            else (html_to_pdf(page, base_url) for page in pages)
        )
        with transaction.atomic(), zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for done, ((registration, spec), pdf) in enumerate(zip(specs, pdfs, strict=True), 1):
                document = generate_document(**spec, by=by, pdf=pdf)
                written.append(document)
                archive.writestr(_name(registration, document, session), pdf)
                if progress:
                    progress(done, len(specs), _progress_text(registration, session))
            archive.close()
            content = buffer.getvalue()
            bundle = DocumentBundle(
                session=session,
                documents=len(written),
                sha256=hashlib.sha256(content).hexdigest(),
                created_at=timezone.now(),
                created_by=by,
            )
            bundle.file.save(f"session-{session.year}.zip", ContentFile(content), save=False)
            written.append(bundle)
            create_and_record(bundle, by=by)
    except BaseException:
        for record in written:  # the rows are rolled back; their files go too
            record.file.delete(save=False)
        raise
    finally:
        if pool:
            pool.shutdown()
    return bundle


def _progress_text(registration: Registration | None, session: ExamSession) -> Message:
    if registration is None:
        return Message(gettext_noop("Procès-verbal de la session %(year)s"), year=str(session.year))
    return Message(
        gettext_noop("Candidat %(number)s — %(name)s"),
        number=str(registration.number),
        name=registration.learner.full_name,
    )


def session_documents_job(*, session: ExamSession, by: Any, progress: Progress) -> JobResult:
    """`build_session_documents` as a background job (`ndrc.jobs.services.start_job`): the ZIP
    is kept with the session (`DocumentBundle`), and the job's page links to its download."""
    bundle = build_session_documents(session=session, by=by, progress=progress)
    # Kept with the job in French, and their templates: shown in the reader's language.
    return JobResult(
        summary=Message(
            gettext_noop(
                "%(count)s document(s) produit(s) pour la session %(year)s (relevés de notes, "
                "attestations de blocs, procès-verbal), gardés avec la session."
            ),
            count=bundle.documents,
            year=str(session.year),
        ),
        link_url=reverse("exams:bundle", args=[session.pk, bundle.pk]),
        link_label=Message(gettext_noop("Télécharger les documents (ZIP)")),
    )


def _name(registration: Registration | None, document: GeneratedDocument, session) -> str:
    if registration is None:
        return f"proces-verbal-{session.year}.pdf"
    kind = "releve" if document.kind == "exam_transcript" else "attestation"
    return f"{kind}/{registration.number}-{registration.learner.last_name}.pdf"
