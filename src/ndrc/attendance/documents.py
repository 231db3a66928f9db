"""Attendance documents (PDF), stored with what they were made from (`documents` app):

- the signed sheet of a half-day, and of a cohort's week (what an auditor asks for);
- the certificat de réalisation OPCOs require to pay funded hours, on the fields of the
  ministry of labour's model (docs/attendance.md lists them and their source);
- the attestation de fin de formation of Code du travail L6353-1 (objectives, nature, duration,
  results of the evaluation);
- an attestation of attendance for a period;
- a cohort's certificates or attestations as one PDF (`build_cohort_documents`), a background
  job (`ndrc.jobs`) reporting its progress, all-or-nothing.

Each document is rendered before it is stored (`documents.services.generate_document`): these
functions only read before that, so they hold no transaction (and no SQLite write lock) while
WeasyPrint lays the pages out.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ndrc.attendance import selectors
from ndrc.attendance.models import AttendanceSheet
from ndrc.core.permissions import Action, require
from ndrc.documents.models import GeneratedDocument
from ndrc.documents.pdf import render_pdf_many
from ndrc.documents.services import generate_document
from ndrc.jobs.services import JobResult, Progress
from ndrc.learners.models import Cohort, Learner
from ndrc.regulation.explanation import Message
from ndrc.regulation.framework import load_framework
from ndrc.timetable.models import Mode
from ndrc.timetable.selectors import manages_cohort, module_titles

# Where each document's wording comes from (shown on the document and kept in its sources).
COMPLETION_SOURCE = (
    "Modèle de certificat de réalisation du ministère du Travail (actions concourant au "
    "développement des compétences, Code du travail L6313-1) ; conservation des pièces : "
    "Code du travail R6332-26"
)
END_OF_TRAINING_SOURCE = "Code du travail, L6353-1, alinéa 2"
NATURE_APPRENTICESHIP = "Action de formation par apprentissage (Code du travail, L6313-1, 4°)"
NATURE_TRAINING = "Action de formation (Code du travail, L6313-1, 1°)"
CHUNK = 7  # certificates laid out per pass of a cohort's PDF
KINDS = ("completion_certificate", "end_of_training_certificate", "attendance_certificate")


def _sources(**values: Any) -> dict[str, Any]:
    return {key: (str(v) if isinstance(v, Decimal) else v) for key, v in values.items()}


# --- Sheets -----------------------------------------------------------------------------------


def issue_sheet_pdf(*, sheet: AttendanceSheet, by: Any) -> GeneratedDocument:
    """The half-day's sheet with each learner's status and signature, the teacher's signature."""
    require(by, Action.VIEW, sheet)
    session = sheet.session
    records = selectors.sheet_records(sheet)
    context = {
        "sheet": sheet,
        "session": session,
        "cohort": session.cohort,
        "centre": session.cohort.training_centre,
        "records": records,
        "module_title": module_titles(session.cohort.framework).get(session.module, ""),
    }
    return generate_document(
        kind="attendance_sheet",
        template_name="attendance/pdf/sheet.html",
        context=context,
        subject=sheet,
        sources=_sources(
            session=session.pk,
            locked=sheet.locked,
            lines=[[r.learner_id, r.status, r.learner_signed_at] for r in records],
        ),
        by=by,
        title=f"Feuille d'émargement — {session.cohort.name} — {session.date:%d/%m/%Y} "
        f"{session.get_half_day_display().lower()}",
    )


def issue_week_pdf(*, cohort: Cohort, monday: date, by: Any) -> GeneratedDocument:
    """The cohort's sheets of a week on one page: a row per learner, a column per half-day."""
    if not selectors.may_issue_week_sheet(by, cohort):
        raise PermissionDenied(_("Document réservé à l'équipe pédagogique de la promotion."))
    sunday = monday + timedelta(days=6)
    sessions, grid = selectors.attendance_grid(cohort, monday, sunday)
    context = {
        "cohort": cohort,
        "centre": cohort.training_centre,
        "monday": monday,
        "sunday": sunday,
        "sessions": sessions,
        "rows": grid,
    }
    return generate_document(
        kind="attendance_week",
        template_name="attendance/pdf/week.html",
        context=context,
        subject=cohort,
        sources=_sources(monday=monday, sessions=[s.pk for s in sessions]),
        by=by,
        title=f"Émargement de la semaine du {monday:%d/%m/%Y} — {cohort.name}",
    )


# --- Certificates ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Issuer:
    """Who signs for the training centre, where and when (the certificate's last lines)."""

    signatory: str
    signatory_title: str
    place: str
    on: date


def _employer(learner: Learner, end: date) -> str:
    contract = (
        learner.contracts.filter(start__lte=end)
        .select_related("employer")
        .order_by("-start")
        .first()
    )
    return contract.employer.name if contract else ""


def _is_apprentice(learner: Learner, on: date) -> bool:
    category = learner.category_on(on) or learner.current_category or ""
    return category.startswith("apprenti")


def _distance_hours(learner: Learner, start: date, end: date) -> Decimal:
    from ndrc.timetable.selectors import sessions_for_learner

    return sum(
        (
            s.hours
            for s in sessions_for_learner(learner, start=start, end=end)
            if s.mode == Mode.DISTANCE
        ),
        Decimal(0),
    )


def _check_period(start: date, end: date) -> None:
    if end < start:
        raise ValidationError({"end": _("La fin précède le début.")})


def _hundredths(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")


def evaluation_results(learner: Learner) -> str:
    """The results of the evaluation of what was learnt, for the attestation de fin de formation:
    from the learner's livret (`gradebook.selectors.school_record`, issue 16), published marks
    only — each unit's average of its latest year with marks, and the teaching team's opinion
    for the exam. Empty when the centre keeps no marks in ndrc (the manager types them)."""
    from ndrc.gradebook.selectors import school_record

    with translation.override("fr"):
        record = school_record(learner, published_only=True)
    averages = []
    for row in record.rows:
        shown = [year.average.shown for year in row.years if year.average.shown is not None]
        if shown:
            averages.append(f"{row.code} {row.title} : {_hundredths(shown[-1])}")
    # The attestation's own words, in French whatever the language of the page that fills it.
    parts = []
    if averages:
        parts.append(f"Moyennes sur 20 du livret : {' ; '.join(averages)}.")
    if record.opinion_label:
        parts.append(f"Avis de l'équipe pédagogique pour l'examen : {record.opinion_label}.")
    return "\n".join(parts)


def certificate_context(
    *,
    kind: str,
    learner: Learner,
    start: date,
    end: date,
    issuer: Issuer,
    results: str = "",
    totals: selectors.AttendanceTotals | None = None,
) -> dict[str, Any]:
    """What a certificate shows: the centre, the learner, the nature and dates of the action,
    the hours (planned, attended, absences) and, for the attestation de fin de formation, the
    objectives and the results of the evaluation."""
    if kind not in KINDS:
        raise ValueError(kind)
    totals = totals or selectors.learner_totals(learner, start=start, end=end)
    framework = load_framework(learner.cohort.framework)
    apprentice = _is_apprentice(learner, end)
    return {
        "kind": kind,
        "learner": learner,
        "cohort": learner.cohort,
        "centre": learner.cohort.training_centre,
        "start": start,
        "end": end,
        "totals": totals,
        "employer": _employer(learner, end),
        "nature": NATURE_APPRENTICESHIP if apprentice else NATURE_TRAINING,
        "apprentice": apprentice,
        "title": f"{framework.title} ({framework.rncp})",
        "objectives": [block.title for block in framework.skill_blocks.values()],
        "distance_hours": _distance_hours(learner, start, end),
        "results": results,
        "issuer": issuer,
        "completion_source": COMPLETION_SOURCE,
        "end_of_training_source": END_OF_TRAINING_SOURCE,
    }


TITLES = {
    "completion_certificate": gettext_noop("Certificat de réalisation"),
    "end_of_training_certificate": gettext_noop("Attestation de fin de formation"),
    "attendance_certificate": gettext_noop("Attestation d'assiduité"),
}


def _require_issuer(by: Any, learner: Learner) -> None:
    if not manages_cohort(by, learner.cohort):
        raise PermissionDenied(_("Document délivré par le responsable de formation du centre."))


def issue_certificate(
    *,
    kind: str,
    learner: Learner,
    start: date,
    end: date,
    issuer: Issuer,
    results: str = "",
    by: Any,
) -> GeneratedDocument:
    """One learner's certificat de réalisation, attestation de fin de formation or attestation
    of attendance for a period, as a stored PDF."""
    _require_issuer(by, learner)
    _check_period(start, end)
    context = certificate_context(
        kind=kind, learner=learner, start=start, end=end, issuer=issuer, results=results
    )
    totals = context["totals"]
    return generate_document(
        kind=kind,
        template_name="attendance/pdf/certificate.html",
        context={"items": [context], "document_title": TITLES[kind]},
        subject=learner,
        sources=_sources(
            start=start,
            end=end,
            planned=totals.planned,
            attended=totals.attended,
            absent_justified=totals.absent_justified,
            absent_unjustified=totals.absent_unjustified,
            nature=context["nature"],
            issuer=[issuer.signatory, issuer.signatory_title, issuer.place, issuer.on],
            model=COMPLETION_SOURCE if kind == "completion_certificate" else END_OF_TRAINING_SOURCE,
        ),
        by=by,
        title=f"{TITLES[kind]} — {learner.full_name} — {start:%d/%m/%Y} au {end:%d/%m/%Y}",
    )


def build_cohort_documents(
    *,
    cohort: Cohort,
    kind: str,
    start: date,
    end: date,
    signatory: str,
    signatory_title: str,
    place: str,
    on: date,
    by: Any,
    progress: Progress | None = None,
) -> JobResult:
    """Every learner's certificate of a cohort as one PDF, stored about the cohort, signed by
    `signatory` at `place` on `on`. A background job (`ndrc.jobs.services.start_job`): reports
    `progress(done, total)` a few learners at a time; all-or-nothing. Its result links to the
    stored PDF (also listed on the cohort's documents page)."""
    if not manages_cohort(by, cohort):
        raise PermissionDenied(_("Document délivré par le responsable de formation du centre."))
    if kind not in KINDS:
        raise ValidationError({"kind": _("Document inconnu.")})
    _check_period(start, end)
    issuer = Issuer(signatory, signatory_title, place, on)
    learners = list(selectors.cohort_learners(cohort).select_related("cohort__training_centre"))
    if not learners:
        raise ValidationError(_("La promotion n'a aucun apprenant."))
    totals = selectors.attendance_totals(learners, start=start, end=end)
    contexts = [
        certificate_context(
            kind=kind,
            learner=learner,
            start=start,
            end=end,
            issuer=issuer,
            results=evaluation_results(learner) if kind == "end_of_training_certificate" else "",
            totals=totals[learner.pk],
        )
        for learner in learners
    ]
    # A few certificates per layout pass: one pass per learner would lay out the fonts and the
    # style sheet 35 times; a single pass would report no progress until the end.
    chunks = [
        {"items": contexts[i : i + CHUNK], "document_title": TITLES[kind]}
        for i in range(0, len(contexts), CHUNK)
    ]

    def report(done: int, _total: int) -> None:
        if progress is not None:
            progress(min(done * CHUNK, len(contexts)), len(contexts))

    pdf = render_pdf_many("attendance/pdf/certificate.html", chunks, report)
    document = generate_document(
        kind=f"{kind}_cohort",
        template_name="attendance/pdf/certificate.html",
        context={},
        subject=cohort,
        sources=_sources(
            start=start,
            end=end,
            learners={str(p.pk): str(totals[p.pk].attended) for p in learners},
            issuer=[issuer.signatory, issuer.signatory_title, issuer.place, issuer.on],
        ),
        by=by,
        title=f"{TITLES[kind]} — {cohort.name} — {start:%d/%m/%Y} au {end:%d/%m/%Y}",
        pdf=pdf,
    )
    # Kept with the job in French, and its template: shown in the reader's language.
    return JobResult(
        summary=Message(
            gettext_noop(
                "%(document)s de %(count)s apprenant(s) en un seul PDF, gardé dans les documents "
                "de la promotion."
            ),
            document=Message(TITLES[kind]),
            count=len(learners),
        ),
        link_url=reverse("documents:download", args=[document.pk]),
    )
