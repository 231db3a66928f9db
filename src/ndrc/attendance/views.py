"""Attendance pages: the teacher's sheet (code, signatures arriving, marks, signature), the
learner's signing page, totals, the month grid, the documents. Thin: one service or selector."""

from datetime import date, timedelta

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from ndrc.attendance import codes, documents, forms, selectors, services
from ndrc.attendance.models import AttendanceRecord, AttendanceSheet
from ndrc.core.permissions import Action, require
from ndrc.core.ui.forms import add_service_errors, flash_form_errors
from ndrc.core.ui.throttle import client_address
from ndrc.core.ui.views import submit
from ndrc.documents.selectors import documents_about
from ndrc.jobs.services import start_job
from ndrc.learners.selectors import may_see_cohort_attendance
from ndrc.regulation.explanation import Message
from ndrc.timetable.selectors import (
    calendar_contexts,
    get_cohort_timetable_for,
    get_session_for,
    manages_cohort,
    timetable_cohorts,
)


def _now():
    # Time enters here, at the edge (Europe/Paris, timezone-aware).
    return timezone.now()


@login_required
def index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    panels = selectors.dashboard_panels(request.user, on=today)
    context = {
        "panels": panels,
        "today": today,
        "cohorts": [
            c for c in timetable_cohorts(request.user) if may_see_cohort_attendance(request.user, c)
        ],
    }
    # The cohort's documents are the training manager's: the link only for who may make them.
    context["managed"] = {c.pk for c in context["cohorts"] if manages_cohort(request.user, c)}
    return render(request, "attendance/index.html", context)


# --- The teacher's sheet -------------------------------------------------------------------


def _sheet_context(request: HttpRequest, sheet: AttendanceSheet) -> dict:
    records = selectors.sheet_records(sheet)
    return {
        "sheet": sheet,
        "session": sheet.session,
        "records": records,
        "tally": selectors.sheet_tally(records),
        "can_take": sheet.session.teacher_id == request.user.pk
        or manages_cohort(request.user, sheet.session.cohort),
        "can_correct": selectors.may_correct(request.user, sheet),
    }


@login_required
def session_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for(request.user, pk)
    sheet = AttendanceSheet.objects.filter(session=session).first()
    if request.method == "POST" and sheet is None:
        try:
            sheet = services.open_sheet(session=session, by=request.user, at=_now())
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("attendance:session_sheet", pk=session.pk)
        return redirect("attendance:sheet", pk=sheet.pk)
    if sheet is not None:
        if not selectors.visible_sheets(request.user).filter(pk=sheet.pk).exists():
            # A learner of the cohort does not read the sheet: they sign it, with the code.
            return redirect(f"{reverse('attendance:sign')}?feuille={sheet.pk}")
        return redirect("attendance:sheet", pk=sheet.pk)
    can_open = session.teacher_id == request.user.pk or manages_cohort(request.user, session.cohort)
    return render(request, "attendance/open.html", {"session": session, "can_open": can_open})


@login_required
def sheet(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.get_sheet_for(request.user, pk)
    context = _sheet_context(request, found)
    context["documents"] = documents_about(found)
    return render(request, "attendance/sheet.html", context)


@login_required
def sheet_code(request: HttpRequest, pk: int) -> HttpResponse:
    """The code to show in the room (QR code and digits), renewed by htmx every few seconds."""
    found = selectors.get_sheet_for(request.user, pk, Action.CHANGE)
    if found.locked:
        return HttpResponse("")
    now = _now()
    code = codes.code_at(found.secret, now)
    address = request.build_absolute_uri(reverse("attendance:sign")) + (
        f"?feuille={found.pk}&code={code}"
    )
    context = {
        "sheet": found,
        "code": code,
        "qr": segno.make(address, error="m").svg_data_uri(scale=6, border=2),
        "seconds": codes.seconds_left(now),
        "step": codes.STEP_SECONDS,
    }
    return render(request, "attendance/_code.html", context)


@login_required
def sheet_lines(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.get_sheet_for(request.user, pk)
    return render(request, "attendance/_lines.html", _sheet_context(request, found))


@login_required
@require_POST
def mark(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(
        AttendanceRecord.objects.select_related("sheet", "sheet__session__cohort"), pk=pk
    )
    found = selectors.get_sheet_for(request.user, record.sheet_id, Action.CHANGE)
    form = forms.MarkForm(request.POST)
    error_text = ""
    if form.is_valid():
        try:
            services.mark(record=record, by=request.user, at=_now(), **form.cleaned_data)
        except ValidationError as error:
            error_text = " ".join(error.messages)
    else:
        error_text = _("Statut ou motif invalide.")
    if request.headers.get("HX-Request"):
        context = _sheet_context(request, found) | {"error": error_text}
        return render(request, "attendance/_lines.html", context, status=400 if error_text else 200)
    if error_text:
        messages.error(request, error_text)
    return redirect("attendance:sheet", pk=found.pk)


@login_required
@require_POST
def sign_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.get_sheet_for(request.user, pk, Action.CHANGE)
    try:
        services.sign_sheet(sheet=found, by=request.user, at=_now())
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Feuille signée et verrouillée."))
    return redirect("attendance:sheet", pk=found.pk)


@login_required
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(
        AttendanceRecord.objects.select_related("sheet", "sheet__session__cohort", "learner"),
        pk=pk,
    )
    found = selectors.get_sheet_for(request.user, record.sheet_id)
    if not selectors.may_correct(request.user, found):
        raise PermissionDenied(_("Seul le responsable de formation corrige une feuille signée."))
    form = forms.CorrectionForm(request.POST or None, initial={"status": record.status})
    if response := submit(
        request,
        form,
        lambda: services.correct(record=record, by=request.user, at=_now(), **form.cleaned_data),
        success=_("Correction enregistrée."),
        then=reverse("attendance:sheet", args=[found.pk]),
    ):
        return response
    status = 400 if form.is_bound else 200
    context = {"form": form, "record": record, "sheet": found}
    return render(request, "attendance/correct.html", context, status=status)


@login_required
@require_POST
def sheet_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.get_sheet_for(request.user, pk)
    document = documents.issue_sheet_pdf(sheet=found, by=request.user)
    return redirect("documents:download", pk=document.pk)


# --- The learner signs ------------------------------------------------------------------------


@login_required
def sign(request: HttpRequest) -> HttpResponse:
    """The learner's page: type the code shown (or open the QR code's address), then sign."""
    initial = {"code": request.GET.get("code", ""), "feuille": request.GET.get("feuille")}
    form = forms.SignForm(request.POST or None, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            record = services.sign_in(
                user=request.user,
                code=form.cleaned_data["code"],
                at=_now(),
                address=client_address(request),
                agent=request.headers.get("User-Agent", ""),
                sheet_id=form.cleaned_data["feuille"],
                for_learner_id=form.cleaned_data["apprenant"],
            )
        except PermissionDenied as error:
            return render(
                request, "attendance/sign.html", {"form": form, "refused": str(error)}, status=403
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            session = record.sheet.session
            messages.success(
                request,
                _("Présence enregistrée à %(time)s : %(module)s du %(day)s.")
                % {
                    "time": timezone.localtime(record.learner_signed_at).strftime("%H:%M"),
                    "module": session.module.upper(),
                    "day": session.date.strftime("%d/%m/%Y"),
                },
            )
            return redirect("attendance:sign")
    status = 400 if form.is_bound else 200
    return render(request, "attendance/sign.html", {"form": form}, status=status)


# --- Totals, month grid, documents ---------------------------------------------------------------


@login_required
def learner(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    person = selectors.get_learner_attendance_for(request.user, pk, on=today)
    contexts = calendar_contexts([person.cohort_id])  # for the cycle's start and the totals
    start = selectors.cycle_start(person, contexts)
    manages = manages_cohort(request.user, person.cohort)
    context = {
        "learner": person,
        "totals": selectors.learner_totals(person, start=start, end=today, contexts=contexts),
        "start": start,
        "today": today,
        "absences": selectors.absences_of(person, start=start, end=today),
        "justifications": selectors.justifications_of(person),
        "manages": manages,
        "justification_form": forms.JustificationForm() if manages else None,
        "certificate_form": forms.CertificateForm(
            initial={
                "start": start,
                "end": today,
                "signatory": request.user.get_full_name(),
                "signatory_title": _("Responsable de formation"),
                "place": person.cohort.training_centre.address.rsplit(" ", 1)[-1]
                if person.cohort.training_centre.address
                else "",
                "results": documents.evaluation_results(person),
            }
        )
        if manages
        else None,
        "documents": documents_about(person).filter(kind__in=documents.KINDS) if manages else (),
    }
    return render(request, "attendance/learner.html", context)


@login_required
@require_POST
def justify(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    person = selectors.get_learner_attendance_for(request.user, pk, on=today)
    require(request.user, Action.CHANGE, person)
    form = forms.JustificationForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.justify_absence(
                learner=person, by=request.user, at=_now(), **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
    if not flash_form_errors(request, form):
        messages.success(
            request, _("Justificatif enregistré ; les absences de la période sont justifiées.")
        )
    return redirect("attendance:learner", pk=person.pk)


@login_required
@require_POST
def certificate(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    person = selectors.get_learner_attendance_for(request.user, pk, on=today)
    form = forms.CertificateForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect("attendance:learner", pk=person.pk)
    data = form.cleaned_data
    document = documents.issue_certificate(
        kind=data["kind"],
        learner=person,
        start=data["start"],
        end=data["end"],
        issuer=documents.Issuer(data["signatory"], data["signatory_title"], data["place"], today),
        results=data["results"],
        by=request.user,
    )
    return redirect("documents:download", pk=document.pk)


@login_required
def cohort_month(request: HttpRequest, pk: int, year: int, month: int) -> HttpResponse:
    cohort = get_cohort_timetable_for(request.user, pk)
    if not may_see_cohort_attendance(request.user, cohort):
        raise PermissionDenied(_("Grille réservée à l'équipe pédagogique."))
    try:
        first = date(year, month, 1)
    except ValueError:
        raise Http404("Mois invalide.") from None
    grid = selectors.month_grid(cohort, first)
    may_issue = selectors.may_issue_week_sheet(request.user, cohort)
    return render(
        request, "attendance/month.html", {"grid": grid, "cohort": cohort, "may_issue": may_issue}
    )


@login_required
@require_POST
def cohort_week_pdf(request: HttpRequest, pk: int, day: str) -> HttpResponse:
    cohort = get_cohort_timetable_for(request.user, pk)
    if not may_see_cohort_attendance(request.user, cohort):
        raise PermissionDenied(_("Document réservé à l'équipe pédagogique."))
    try:
        monday = date.fromisoformat(day)
    except ValueError:
        raise Http404("Date invalide.") from None
    monday -= timedelta(days=monday.weekday())
    document = documents.issue_week_pdf(cohort=cohort, monday=monday, by=request.user)
    return redirect("documents:download", pk=document.pk)


@login_required
def cohort_documents(request: HttpRequest, pk: int) -> HttpResponse:
    """A cohort's certificates as one PDF: a background job, followed on its page."""
    cohort = get_cohort_timetable_for(request.user, pk, Action.CHANGE)
    today = timezone.localdate()
    form = forms.CohortDocumentsForm(
        request.POST or None,
        initial={
            "start": cohort.first_year_start,
            "end": today,
            "signatory": request.user.get_full_name(),
            "signatory_title": _("Responsable de formation"),
        },
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        job = start_job(
            documents.build_cohort_documents,
            by=request.user,
            title=Message(
                gettext_noop("%(document)s — %(cohort)s"),
                document=Message(documents.TITLES[data["kind"]]),
                cohort=cohort.name,
            ),
            arguments={
                "cohort": cohort,
                "kind": data["kind"],
                "start": data["start"],
                "end": data["end"],
                "signatory": data["signatory"],
                "signatory_title": data["signatory_title"],
                "place": data["place"],
                "on": today,
            },
            training_centre=cohort.training_centre,
            return_url=reverse("attendance:cohort_documents", args=[cohort.pk]),
        )
        return redirect(job.get_absolute_url())
    context = {
        "cohort": cohort,
        "form": form,
        "documents": documents_about(cohort).filter(kind__endswith="_cohort"),
    }
    return render(
        request, "attendance/cohort_documents.html", context, status=400 if form.errors else 200
    )
