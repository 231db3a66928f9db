"""Pages of the exam sessions: the session and its calendar, the registrations (a cohort in one
screen), the grades and their completeness, the jury, the results and their documents, and the
learner's own results. Thin: validate, call one service or selector, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from ndrc.core.permissions import Action, can
from ndrc.core.selectors import centres_of
from ndrc.core.tabular import export_page
from ndrc.core.ui.forms import add_service_errors, posted_record_or_404
from ndrc.core.ui.views import submit
from ndrc.exams import documents, selectors, services
from ndrc.exams.models import ExamSession, GradeSource, SessionState, Sitting
from ndrc.exams.session_forms import (
    CalendarEntryForm,
    ChangeForm,
    GradeImportForm,
    GradeSheetForm,
    PublishForm,
    RegistrationForm,
    ResitForm,
    SessionForm,
    cohort_forms,
)
from ndrc.jobs.services import start_job
from ndrc.learners.models import categories_prefetch
from ndrc.learners.selectors import get_cohort_for, learners_of_cohort, visible_cohorts
from ndrc.regulation.explanation import Message
from ndrc.regulation.framework import load_framework


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# --- Sessions ---------------------------------------------------------------------------------


@login_required
def sessions(request: HttpRequest) -> HttpResponse:
    """The sessions of the user's centres; the exam office creates the year's session."""
    centres = [c for c in centres_of(request.user) if _may_create(request.user, c)]
    form = None
    status = 200
    if centres:
        form = SessionForm(request.POST or None, training_centre=centres[0], creating=True)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        done = submit(
            request,
            form,
            lambda: services.create_session(
                training_centre=centres[0], by=request.user, **form.cleaned_data
            ),
            success=_("Session créée."),
            then=lambda session: reverse("exams:session", args=[session.pk]),
        )
        if done:
            return done
        status = 400
    listed = selectors.visible_sessions(request.user)
    if not listed.exists() and selectors.own_registrations(request.user).exists():
        return redirect("exams:my_results")
    return render(request, "exams/sessions.html", {"sessions": listed, "form": form}, status=status)


def _may_create(user, centre) -> bool:
    return selectors.session_access(user, ExamSession(training_centre=centre)).exam_office


def _session_context(request: HttpRequest, session: ExamSession) -> dict:
    access = selectors.session_access(request.user, session)
    return {
        "session": session,
        "access": access,
        "president": session.president_id == request.user.pk,
        "states": SessionState,
    }


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.get_session_for(request.user, pk)
    context = _session_context(request, session)
    context.update(
        calendar=session.calendar.all(),
        calendar_form=CalendarEntryForm(framework=session.framework),
        session_form=SessionForm(
            instance=session, training_centre=session.training_centre, creating=False
        ),
        next_states=services.TRANSITIONS[SessionState(session.state)],
        cohorts=visible_cohorts(request.user).filter(training_centre=session.training_centre),
        registered=session.registrations.count(),
    )
    return render(request, "exams/session.html", context)


@login_required
@require_POST
def session_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    session = selectors.get_session_for(request.user, pk, Action.CHANGE)
    user = request.user
    try:
        if action == "etat":
            services.change_state(session=session, to=request.POST.get("to", ""), by=user)
        elif action == "calendrier":
            form = CalendarEntryForm(request.POST, framework=session.framework)
            if not form.is_valid():
                raise ValidationError([f"{k} : {' '.join(v)}" for k, v in form.errors.items()])
            services.add_calendar_entry(session=session, by=user, **form.cleaned_data)
        elif action == "calendrier-retirer":
            entry = posted_record_or_404(session.calendar, request.POST, "entry")
            services.remove_calendar_entry(entry=entry, by=user)
        elif action == "modifier":
            form = SessionForm(
                request.POST, instance=ExamSession.objects.get(pk=session.pk),
                training_centre=session.training_centre, creating=False,
            )  # fmt: skip
            if not form.is_valid():
                raise ValidationError([f"{k} : {' '.join(v)}" for k, v in form.errors.items()])
            services.update_session(session=session, changes=form.changes(), by=user)
        else:
            return HttpResponse(status=404)
    except ValueError:
        messages.error(request, _("État inconnu."))
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Enregistré."))
    return redirect("exams:session", pk=session.pk)


# --- Registrations ------------------------------------------------------------------------


def _carried_text(registration) -> str:
    return " ".join(
        f"{c.unit}={c.grade}({c.obtained_session}){' renoncée' if c.waived else ''}"
        for c in registration.carried_grades.all()
    )


REGISTRATION_COLUMNS = (
    ("number", "N° candidat"),
    ("learner.last_name", "Nom"),
    ("learner.first_name", "Prénom"),
    ("learner.ine", "INE"),
    ("learner.cohort.name", "Promotion"),
    ("category", "Catégorie"),
    ("get_form_display", "Forme"),
    (lambda r: " ".join(r.units), "Unités présentées"),
    (lambda r: " ".join(r.exemptions), "Dispenses"),
    ("diploma", "Diplôme"),
    (_carried_text, "Notes conservées"),
    ("lv1", "LV1"),
    ("lv2", "LV2"),
    ("extra_time", "Tiers-temps"),
    ("arrangements", "Autres aménagements"),
    ("accommodation_decision", "Décision d'aménagement"),
    ("valid", "Valide"),
    (lambda r: " ; ".join(p["message"] for p in r.problems), "Problèmes"),
)


@login_required
def registrations(request: HttpRequest, pk: int, fmt: str | None = None) -> HttpResponse:
    session = selectors.get_session_for(request.user, pk)
    rows = (
        session.registrations.select_related("learner", "learner__cohort", "session")
        .prefetch_related("carried_grades")
        .order_by("learner__last_name", "learner__first_name")
    )
    if fmt is not None:
        return export_page(
            rows, REGISTRATION_COLUMNS, fmt=fmt, filename=f"inscriptions-{session.year}"
        )
    context = _session_context(request, session)
    framework = load_framework(session.framework)
    rows = list(rows)
    for registration in rows:  # the category's label, not its code
        registration.category_label = selectors.candidate_label(registration, framework)
    context.update(
        registrations=rows,
        cohorts=visible_cohorts(request.user).filter(training_centre=session.training_centre),
    )
    return render(request, "exams/registrations.html", context)


@login_required
def register_cohort(request: HttpRequest, pk: int, cohort_pk: int) -> HttpResponse:
    """A cohort's learners registered in one screen, pre-filled from their records."""
    session = selectors.get_session_for(request.user, pk)
    cohort = get_cohort_for(request.user, cohort_pk)
    if cohort.training_centre_id != session.training_centre_id:
        raise PermissionDenied
    registered = set(session.registrations.values_list("learner_id", flat=True))
    learners = [
        # Their category on the day is what the registration records.
        learner for learner in learners_of_cohort(request.user, cohort).prefetch_related(
            categories_prefetch()
        ) if learner.pk not in registered
    ]  # fmt: skip
    forms = cohort_forms(
        learners,
        session.framework,
        request.POST or None,
        positioning=selectors.positioning_of(learners),
    )
    status = 200
    if request.method == "POST":
        if (
            not can(request.user, Action.VIEW, session)
            or not selectors.session_access(request.user, session).staff
        ):
            raise PermissionDenied
        if all(form.is_valid() for form in forms):
            lines = [(f.learner, f.as_input()) for f in forms if f.cleaned_data["include"]]
            try:
                created = services.register_cohort(
                    session=session, lines=lines, on=timezone.localdate(), by=request.user
                )
            except ValidationError as error:
                _errors(request, error)
                status = 400
            else:
                invalid = sum(not r.valid for r in created)
                messages.success(
                    request,
                    _("%(count)s candidat(s) inscrit(s) ; %(invalid)s inscription(s) à corriger.")
                    % {"count": len(created), "invalid": invalid},
                )
                return redirect("exams:registrations", pk=session.pk)
        else:
            status = 400
    context = _session_context(request, session)
    context.update(cohort=cohort, forms=forms)
    return render(request, "exams/register_cohort.html", context, status=status)


@login_required
def registration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    registration = selectors.get_registration_for(request.user, pk)
    session = registration.session
    if not selectors.session_access(request.user, session).staff:
        return redirect("exams:my_results")
    form = RegistrationForm(
        request.POST or None,
        initial=RegistrationForm.initial_of(registration),
        framework=session.framework,
        maximum=selectors.grade_maximum(session),
    )
    status = 200
    if request.method == "POST":
        if request.POST.get("withdraw"):
            try:
                services.withdraw(registration=registration, by=request.user)
            except ValidationError as error:
                _errors(request, error)
                return redirect("exams:registration", pk=registration.pk)
            messages.success(request, _("Inscription retirée."))
            return redirect("exams:registrations", pk=session.pk)
        done = submit(
            request,
            form,
            lambda: services.update_registration(
                registration=registration,
                data=form.as_input(),
                on=timezone.localdate(),
                by=request.user,
            ),
            success=_("Inscription enregistrée et vérifiée."),
            then=reverse("exams:registration", args=[registration.pk]),
        )
        if done:
            return done
        status = 400
    context = _session_context(request, session)
    context.update(
        registration=registration,
        form=form,
        editable=session.state == SessionState.REGISTRATION_OPEN,
        category=selectors.candidate_label(registration),
    )
    return render(request, "exams/registration.html", context, status=status)


# --- Grades -----------------------------------------------------------------------------------


@login_required
def grades(request: HttpRequest, pk: int) -> HttpResponse:
    """What is entered and what is missing, per unit and per candidate, and how to enter it."""
    session = selectors.get_session_for(request.user, pk, Action.VIEW_GRADES)
    context = _session_context(request, session)
    context.update(
        table=selectors.session_table(session),
        import_form=GradeImportForm(),
        columns=services.grade_columns(session.framework),
        number_column=services.NUMBER_COLUMN,
    )
    return render(request, "exams/grades.html", context)


@login_required
def grade_sheet(request: HttpRequest, pk: int, slot: str) -> HttpResponse:
    """The grades of one unit (or part) for every candidate who sits it, typed."""
    session = selectors.get_session_for(request.user, pk, Action.VIEW_GRADES)
    table = selectors.session_table(session)
    chosen = next((s for s in table.slots if s.key == slot), None)
    if chosen is None:
        return HttpResponse(status=404)
    rows = [
        (row.registration, row.grade(slot))
        for row in table.rows
        if any(s == chosen for s, _g in row.slots)
    ]
    form = GradeSheetForm(request.POST or None, rows=rows, maximum=selectors.grade_maximum(session))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            entries = [
                services.GradeInput(r, chosen.unit, chosen.part, value, r.number)
                for r, value in form.values()
            ]
            try:
                changed = services.set_grades(
                    session=session, grades=entries, source=GradeSource.TYPED, by=request.user
                )
            except ValidationError as error:
                add_service_errors(form, error)
                status = 400
            else:
                messages.success(
                    request, _("%(count)s note(s) enregistrée(s).") % {"count": changed}
                )
                return redirect("exams:grades", pk=session.pk)
        else:
            status = 400
    context = _session_context(request, session)
    context.update(form=form, slot=chosen)
    return render(request, "exams/grade_sheet.html", context, status=status)


@login_required
@require_POST
def grade_import(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.get_session_for(request.user, pk, Action.CHANGE)
    form = GradeImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choisissez un fichier CSV ou XLSX."))
        return redirect("exams:grades", pk=session.pk)
    upload = form.cleaned_data["file"]
    try:
        changed = services.import_grades(
            session=session, data=upload.read(), filename=upload.name, by=request.user
        )
    except ValidationError as error:
        messages.error(request, _("Fichier refusé, aucune note enregistrée :"))
        _errors(request, error)
    else:
        messages.success(request, _("%(count)s note(s) importée(s).") % {"count": changed})
    return redirect("exams:grades", pk=session.pk)


@login_required
@require_POST
def collect_ccf(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.get_session_for(request.user, pk, Action.CHANGE)
    try:
        done = services.collect_ccf_grades(
            session=session, on=timezone.localdate(), by=request.user
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(
            request,
            _("CCF : %(ccf)s note(s) reprise(s) ; %(nv)s dossier(s) non valide(s) (NV).")
            % {"ccf": len(done.ccf), "nv": len(done.invalid)},
        )
        for line in done.waiting:
            messages.info(request, line)
    return redirect("exams:grades", pk=session.pk)


# --- Jury -------------------------------------------------------------------------------------


@login_required
def jury(request: HttpRequest, pk: int) -> HttpResponse:
    """The jury's table: every candidate, their grades and the current decision."""
    session = selectors.get_session_for(request.user, pk, Action.VIEW_GRADES)
    table = selectors.session_table(session)
    context = _session_context(request, session)
    context.update(
        table=table,
        resit=[
            row for row in table.rows
            if row.decision and row.decision.decision == "resit_eligible"
            and row.decision.sitting == Sitting.FIRST
        ],
    )  # fmt: skip
    return render(request, "exams/jury.html", context)


@login_required
@require_POST
def jury_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    session = selectors.get_session_for(request.user, pk, Action.CHANGE)
    user = request.user
    try:
        if action == "deliberer":
            decided = services.deliberate_session(session=session, by=user)
            messages.success(
                request, _("%(count)s candidat(s) délibéré(s).") % {"count": len(decided)}
            )
        elif action == "second-groupe":
            decided = services.deliberate_resits(session=session, by=user)
            messages.success(
                request, _("%(count)s candidat(s) délibéré(s).") % {"count": len(decided)}
            )
        elif action == "signer":
            services.sign_off(session=session, by=user)
            messages.success(request, _("Délibération signée : les décisions sont arrêtées."))
        else:
            return HttpResponse(status=404)
    except ValidationError as error:
        _errors(request, error)
    return redirect("exams:jury", pk=session.pk)


def _candidate_context(request: HttpRequest, registration) -> dict:
    file = selectors.candidate_file(registration, on=timezone.localdate())
    session = registration.session
    context = _session_context(request, session)
    slots = [slot for slot, grade in file.row.slots if grade is not None]
    maximum = selectors.grade_maximum(session)
    resit_units = [
        u.code for u in selectors.load_framework(session.framework).units.values()
        if u.kind == "general" and u.code in registration.units
    ]  # fmt: skip
    context.update(
        file=file,
        registration=file.registration,
        change_form=ChangeForm(slots=slots, maximum=maximum),
        resit_form=ResitForm(
            units=resit_units,
            initial_grades={g.unit: g for g in file.resit_grades},
            maximum=maximum,
        ),
        category=selectors.candidate_label(registration),
    )
    return context


@login_required
def candidate(request: HttpRequest, pk: int) -> HttpResponse:
    """What the jury reads of a candidate: grades, CCF, dossiers, livret, attendance, decisions."""
    registration = selectors.get_registration_for(request.user, pk, Action.VIEW_GRADES)
    if not selectors.session_access(request.user, registration.session).staff:
        return redirect("exams:my_results")
    return render(request, "exams/candidate.html", _candidate_context(request, registration))


@login_required
@require_POST
def candidate_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    registration = selectors.get_registration_for(request.user, pk, Action.CHANGE)
    session = registration.session
    if not selectors.session_access(request.user, session).staff:
        raise PermissionDenied
    user = request.user
    try:
        if action in ("relever", "rectifier"):
            file = selectors.candidate_file(registration, on=timezone.localdate())
            slots = [slot for slot, grade in file.row.slots if grade is not None]
            form = ChangeForm(request.POST, slots=slots, maximum=selectors.grade_maximum(session))
            if not form.is_valid():
                context = _candidate_context(request, registration)
                context["change_form"] = form
                return render(request, "exams/candidate.html", context, status=400)
            unit, part = form.unit_part()
            change = services.raise_grade if action == "relever" else services.rectify
            change(
                registration=registration,
                unit=unit,
                part=part,
                value=form.cleaned_data["value"],
                reason=form.cleaned_data["reason"],
                by=user,
            )
            messages.success(request, _("Note modifiée et candidat délibéré de nouveau."))
        elif action == "controle":
            units = [u for u in ("U1", "U2", "U3") if u in registration.units]
            form = ResitForm(
                request.POST,
                units=units,
                initial_grades={},
                maximum=selectors.grade_maximum(session),
            )
            if not form.is_valid():
                raise ValidationError(_("Notes d'épreuves de contrôle illisibles."))
            services.set_resit_grades(registration=registration, grades=form.grades(), by=user)
            messages.success(request, _("Épreuves de contrôle enregistrées."))
        elif action in ("releve", "attestation"):
            make = (
                documents.transcript_document if action == "releve"
                else documents.attestation_document
            )  # fmt: skip
            document = make(registration=registration, by=user)
            return redirect("documents:download", pk=document.pk)
        else:
            return HttpResponse(status=404)
    except ValidationError as error:
        if action == "controle" or not hasattr(error, "error_dict"):
            _errors(request, error)
        else:
            for messages_ in error.message_dict.values():
                for message in messages_:
                    messages.error(request, message)
    return redirect("exams:candidate", pk=registration.pk)


# --- Results ----------------------------------------------------------------------------------


@login_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    """Publication, statistics and the session's documents."""
    session = selectors.get_session_for(request.user, pk, Action.VIEW_GRADES)
    context = _session_context(request, session)
    context.update(
        publish_form=PublishForm(),
        statistics=selectors.session_statistics(exam_sessions=[session]),
        bundles=session.bundles.all()[:5],
    )
    return render(request, "exams/results.html", context)


@login_required
@require_POST
def results_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    session = selectors.get_session_for(request.user, pk, Action.CHANGE)
    try:
        if action == "publier":
            form = PublishForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Date et heure de publication invalides."))
            services.publish(session=session, at=form.at(), by=request.user)
            messages.success(request, _("Résultats publiés."))
        elif action == "documents":
            # A long work (a relevé per candidate): a background job, followed on its page.
            if not selectors.session_access(request.user, session).staff:
                raise PermissionDenied
            if session.signed_off_at is None:
                raise ValidationError(
                    _("La délibération n'est pas encore signée par le président.")
                )
            job = start_job(
                documents.session_documents_job,
                by=request.user,
                title=Message(
                    gettext_noop("Documents de la session %(year)s"), year=str(session.year)
                ),
                arguments={"session": session},
                training_centre=session.training_centre,
                return_url=reverse("exams:results", args=[session.pk]),
            )
            return redirect(job.get_absolute_url())
        elif action == "proces-verbal":
            document = documents.minutes_document(session=session, by=request.user)
            return redirect("documents:download", pk=document.pk)
        else:
            return HttpResponse(status=404)
    except ValidationError as error:
        _errors(request, error)
    return redirect("exams:results", pk=session.pk)


@login_required
def bundle_download(request: HttpRequest, pk: int, bundle_pk: int) -> FileResponse:
    session = selectors.get_session_for(request.user, pk, Action.VIEW_GRADES)
    bundle = get_object_or_404(session.bundles, pk=bundle_pk)
    return FileResponse(
        bundle.file.open("rb"),
        as_attachment=True,
        filename=f"session-{session.year}-documents.zip",
        content_type="application/zip",
    )


@login_required
def my_results(request: HttpRequest) -> HttpResponse:
    """A learner's registrations, and their results once published."""
    panel = selectors.dashboard_panel(request.user)
    return render(request, "exams/my_results.html", {"own": panel.own})


@login_required
@require_POST
def my_transcript(request: HttpRequest, pk: int) -> HttpResponse:
    """The learner's relevé de notes, once the results are published."""
    registration = selectors.get_registration_for(request.user, pk, Action.VIEW_GRADES)
    try:
        document = documents.transcript_document(registration=registration, by=request.user)
    except ValidationError as error:
        _errors(request, error)
        return redirect("exams:my_results")
    return redirect("documents:download", pk=document.pk)
