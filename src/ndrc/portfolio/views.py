"""Portfolio pages: thin views that check access, call one service or selector, and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ndrc.companies.selectors import visible_companies
from ndrc.contracts import services as contract_services
from ndrc.contracts.forms import ReductionForm
from ndrc.core.permissions import Action, can, request_user, today
from ndrc.core.ui.forms import labelled_errors
from ndrc.core.ui.views import first_lines, paginated, submit
from ndrc.learners.selectors import (
    get_cohort_for,
    get_learner_for,
    get_learner_with_permissions,
    is_own_record,
    own_record_key,
    visible_cohorts,
)
from ndrc.portfolio import selectors, services
from ndrc.portfolio.forms import (
    AttachmentForm,
    CommentForm,
    DeadlineForm,
    DossierDocumentForm,
    EmploymentCertificateForm,
    FilingForm,
    SheetForm,
    TagsForm,
)
from ndrc.portfolio.models import ActivitySheet, DocumentKind, DossierExam, ExamDossier
from ndrc.regulation.framework import load_framework


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    learner_pk = own_record_key(user)  # a learner's login goes to their portfolio
    if learner_pk is not None:
        return redirect("portfolio:learner", learner_pk=learner_pk)
    # The sheets to review: the first ones, the whole list on its own page.
    to_review, to_review_count = first_lines(
        selectors.sheet_lines(selectors.sheets_to_review(user))
    )
    context = {
        # A line names the cohort and its session: its centre is not read.
        "cohorts": visible_cohorts(user).select_related(None),
        "to_attest": selectors.sheet_lines(selectors.sheets_to_attest(user)),
        "to_review": to_review,
        "to_review_count": to_review_count,
    }
    return render(request, "portfolio/index.html", context)


@login_required
def sheets_to_review(request: HttpRequest) -> HttpResponse:
    """The sheets the teacher has to review, a page at a time (the dashboard shows the first)."""
    page, params = paginated(request, selectors.sheets_to_review(request.user))
    return render(request, "portfolio/to_review.html", {"page": page, "params": params})


@login_required
def learner_portfolio(request: HttpRequest, learner_pk: int) -> HttpResponse:
    # Whether the reader sees the coverage too: their relationships to the learner read once.
    learner, allowed = get_learner_with_permissions(request.user, learner_pk)
    sheets = selectors.portfolio_lines(selectors.visible_sheets(request.user, learner=learner))
    context = {
        "learner": learner,
        "sheets": sheets,
        "is_self": is_own_record(request.user, learner),
        "can_see_coverage": allowed[Action.VIEW_GRADES],
        "exams": DossierExam.choices,
        "documents": learner.dossier_documents.all(),
        "document_form": DossierDocumentForm(),
        "document_kinds": DocumentKind.choices,
    }
    return render(request, "portfolio/learner.html", context)


@login_required
def learner_coverage(request: HttpRequest, learner_pk: int) -> HttpResponse:
    learner = get_learner_for(request.user, learner_pk, Action.VIEW_GRADES)
    return render(
        request,
        "portfolio/learner_coverage.html",
        {"learner": learner, "coverage": selectors.learner_coverage(learner)},
    )


@login_required
def cohort_coverage(request: HttpRequest, cohort_pk: int) -> HttpResponse:
    cohort = get_cohort_for(request.user, cohort_pk)
    return render(
        request,
        "portfolio/cohort_coverage.html",
        {"cohort": cohort, "coverage": selectors.cohort_coverage(request.user, cohort)},
    )


@login_required
def cohort_conformity(request: HttpRequest, cohort_pk: int, exam: str) -> HttpResponse:
    if exam not in DossierExam.values:
        raise Http404("Épreuve sans dossier.")
    cohort = get_cohort_for(request.user, cohort_pk)
    may_set = can(request.user, Action.CHANGE, cohort)
    form = DeadlineForm(request.POST or None) if request.method == "POST" else None
    if form is not None:
        cohort = get_cohort_for(request.user, cohort_pk, Action.CHANGE)
        if response := submit(
            request,
            form,
            lambda: services.set_dossier_deadline(
                cohort=cohort, exam=exam, deadline=form.cleaned_data["deadline"], by=request.user
            ),
            success=_("Date limite enregistrée."),
            then=reverse("portfolio:cohort_conformity", args=[cohort.pk, exam]),
        ):
            return response
    # The cohort's dates read as values, the page's and the checks' (no record to build).
    deadlines = selectors.dossier_deadlines([cohort])
    deadline = deadlines.get((cohort.pk, exam))
    if form is None and may_set:
        form = DeadlineForm(initial={"deadline": deadline})
    checks = selectors.cohort_conformity(
        request.user, cohort, exam, on=today(), deadlines=deadlines
    )
    context = {
        "cohort": cohort,
        "exam": exam,
        "deadline": deadline,
        "checks": checks,
        "form": form if may_set else None,
        "at_risk": sum(1 for c in checks if c.risk == selectors.AT_RISK),
    }
    return render(request, "portfolio/cohort_conformity.html", context)


@login_required
def sheet_create(request: HttpRequest, learner_pk: int) -> HttpResponse:
    learner = get_learner_for(request.user, learner_pk)
    # The form is for the learner only: others get 403 before seeing it, not after posting.
    services.require_sheet_writer(request.user, learner)
    exam = request.GET.get("exam", "")
    if exam not in DossierExam.values:
        raise Http404("Épreuve sans dossier.")
    form = SheetForm(request.POST or None, exam=exam, companies=visible_companies(request.user))

    def save():
        data = form.changes()
        return services.create_sheet(
            learner=learner,
            exam=exam,
            title=data.pop("title"),
            start=data.pop("start"),
            by=request.user,
            **data,
        )

    if response := submit(
        request,
        form,
        save,
        success=_("Fiche enregistrée en brouillon."),
        then=lambda sheet: reverse("portfolio:sheet_edit", args=[sheet.pk]),
    ):
        return response
    return render(
        request, "portfolio/sheet_form.html", {"form": form, "learner": learner, "exam": exam}
    )


@login_required
def sheet_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = selectors.get_sheet_for(request.user, pk)
    framework = load_framework(sheet.learner.cohort.framework)
    user = request.user
    may_comment = can(user, Action.REVIEW, sheet)
    context = {
        "sheet": sheet,
        "learner": sheet.learner,
        "tags": [(tag, framework.performance_criterion(tag.criterion)) for tag in sheet.tags.all()],
        "comments": sheet.comments.select_related("author"),
        "attachments": sheet.attachments.all(),
        "may_change": can(user, Action.CHANGE, sheet),
        "may_review": may_comment and sheet.status == "submitted",
        "may_comment": may_comment,
        "may_attest": can(user, Action.ATTEST, sheet) and not sheet.is_attested,
        "comment_form": CommentForm(),
        "attachment_form": AttachmentForm(),
    }
    return render(request, "portfolio/sheet_detail.html", context)


@login_required
def sheet_edit(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = selectors.get_sheet_for(request.user, pk, Action.CHANGE)
    framework = load_framework(sheet.learner.cohort.framework)
    initial_tags = dict(sheet.tags.values_list("criterion", "evidence"))
    data = request.POST if request.method == "POST" else None
    form = SheetForm(
        data, instance=sheet, exam=sheet.exam, companies=visible_companies(request.user)
    )
    tags_form = TagsForm(data, framework=framework, initial_tags=initial_tags)

    def save() -> None:
        services.update_sheet(
            sheet=sheet, changes=form.changes(), by=request.user, version=form.version()
        )
        services.set_tags(sheet=sheet, tags=tags_form.tags(), by=request.user)

    if response := submit(
        request,
        form,
        save,
        also=[tags_form],
        success=_("Fiche enregistrée."),
        then=reverse("portfolio:sheet", args=[sheet.pk]),
    ):
        return response
    context = {
        "form": form,
        "tags_form": tags_form,
        "sheet": sheet,
        "learner": sheet.learner,
        "exam": sheet.exam,
        # The bloc the exam assesses: its critères are shown open.
        "open_block": selectors.exam_skill_block(sheet.exam, framework),
    }
    status = 400 if form.is_bound else 200  # a form that comes back (a conflict included)
    return render(request, "portfolio/sheet_form.html", context, status=status)


def _post_action(request: HttpRequest, pk: int, action: Action, call, success: str):
    sheet = selectors.get_sheet_for(request.user, pk, action)
    try:
        call(sheet)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, success)
    return redirect("portfolio:sheet", pk=sheet.pk)


@login_required
@require_POST
def sheet_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_action(
        request,
        pk,
        Action.CHANGE,
        lambda sheet: services.submit_sheet(sheet=sheet, on=today(), by=request.user),
        _("Fiche soumise à l'enseignant."),
    )


@login_required
@require_POST
def sheet_validate(request: HttpRequest, pk: int) -> HttpResponse:
    comment = request.POST.get("comment", "")
    return _post_action(
        request,
        pk,
        Action.REVIEW,
        lambda sheet: services.validate_sheet(
            sheet=sheet, on=today(), comment=comment, by=request.user
        ),
        _("Fiche validée."),
    )


@login_required
@require_POST
def sheet_return(request: HttpRequest, pk: int) -> HttpResponse:
    comment = request.POST.get("comment", "")
    return _post_action(
        request,
        pk,
        Action.REVIEW,
        lambda sheet: services.return_sheet(sheet=sheet, comment=comment, by=request.user),
        _("Fiche renvoyée à l'apprenant."),
    )


@login_required
@require_POST
def sheet_comment(request: HttpRequest, pk: int) -> HttpResponse:
    comment = request.POST.get("comment", "")
    return _post_action(
        request,
        pk,
        Action.REVIEW,
        lambda sheet: services.add_comment(sheet=sheet, text=comment, by=request.user),
        _("Commentaire ajouté."),
    )


@login_required
@require_POST
def sheet_attest(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_action(
        request,
        pk,
        Action.ATTEST,
        lambda sheet: services.attest_sheet(sheet=sheet, on=today(), by=request.user),
        _("Activité attestée."),
    )


@login_required
@require_POST
def sheet_delete(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = selectors.get_sheet_for(request.user, pk, Action.DELETE)
    learner_pk = sheet.learner_id
    try:
        services.delete_sheet(sheet=sheet, by=request.user)
    except ValidationError as error:
        messages.error(request, _errors(error))
        return redirect("portfolio:sheet", pk=pk)
    messages.success(request, _("Brouillon supprimé."))
    return redirect("portfolio:learner", learner_pk=learner_pk)


@login_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    form = AttachmentForm(request.POST, request.FILES)

    def add(sheet: ActivitySheet) -> None:
        if not form.is_valid():
            raise ValidationError(labelled_errors(form))
        services.add_attachment(sheet=sheet, upload=form.cleaned_data["file"], by=request.user)

    return _post_action(request, pk, Action.CHANGE, add, _("Pièce jointe ajoutée."))


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = selectors.get_attachment_for(request.user, pk)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )


@login_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = selectors.get_attachment_for(request.user, pk, Action.DELETE)
    sheet_pk = attachment.sheet_id
    services.delete_attachment(attachment=attachment, by=request.user)
    messages.success(request, _("Pièce jointe supprimée."))
    return redirect("portfolio:sheet", pk=sheet_pk)


@login_required
@require_POST
def dossier_document(request: HttpRequest, learner_pk: int, kind: str) -> HttpResponse:
    if kind not in DocumentKind.values:
        raise Http404("Document inconnu.")
    learner = get_learner_for(request.user, learner_pk)
    form = DossierDocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.set_dossier_document(
                learner=learner,
                kind=kind,
                pages=form.cleaned_data["pages"],
                upload=form.cleaned_data["file"],
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, f"{DocumentKind(kind).label} : {_errors(error)}")
        else:
            messages.success(request, _("Document enregistré."))
    else:
        messages.error(request, f"{DocumentKind(kind).label} : " + " ".join(labelled_errors(form)))
    return redirect("portfolio:learner", learner_pk=learner.pk)


@login_required
@require_POST
def dossier_pdf(request: HttpRequest, learner_pk: int, exam: str) -> HttpResponse:
    if exam not in DossierExam.values:
        raise Http404("Épreuve sans dossier.")
    learner = get_learner_for(request.user, learner_pk, Action.VIEW_GRADES)
    document = services.generate_dossier_pdf(
        learner=learner, exam=exam, on=today(), by=request.user
    )
    return redirect("documents:download", pk=document.pk)


# --- One learner's dossier: proofs, filing, visa, reduction (training manager) ----------------


def _dossier_exam(exam: str) -> str:
    if exam not in DossierExam.values:
        raise Http404("Épreuve sans dossier.")
    return exam


def _dossier_page(request: HttpRequest, learner, exam: str, *, status: int = 200, **bound):
    user = request.user
    page = selectors.learner_dossier(learner, exam, on=today())
    may_change = can(user, Action.CHANGE, learner)
    forms = {}
    if may_change:
        forms = {
            "filing_form": FilingForm(instance=page.filing),
            "reduction_form": ReductionForm(
                instance=page.practice.reduction, initial={"decided_on": today()}
            ),
            "employment_form": EmploymentCertificateForm(companies=visible_companies(user)),
        }
        forms.update(bound)
    context = {"page": page, "learner": learner, "exam": exam, "may_change": may_change, **forms}
    return render(request, "portfolio/learner_dossier.html", context, status=status)


@login_required
def learner_dossier(request: HttpRequest, learner_pk: int, exam: str) -> HttpResponse:
    exam = _dossier_exam(exam)
    learner = get_learner_for(request.user, learner_pk, Action.VIEW_GRADES)
    return _dossier_page(request, learner, exam)


def _dossier_post(request, learner_pk: int, exam: str, form, name: str, call, success: str):
    """Run `call(cleaned_data)` for a valid form (or the form `form(learner, exam)` gives, an
    edit's with its record); show its errors on the page otherwise."""
    exam = _dossier_exam(exam)
    learner = get_learner_for(request.user, learner_pk, Action.CHANGE)
    if callable(form):
        form = form(learner, exam)
    if response := submit(
        request,
        form,
        lambda: call(learner, exam, form.cleaned_data),
        success=success,
        then=reverse("portfolio:learner_dossier", args=[learner.pk, exam]),
    ):
        return response
    return _dossier_page(request, learner, exam, status=400, **{name: form})


@login_required
@require_POST
def dossier_filing(request: HttpRequest, learner_pk: int, exam: str) -> HttpResponse:
    return _dossier_post(
        request,
        learner_pk,
        exam,
        lambda learner, exam: FilingForm(
            request.POST, instance=ExamDossier.objects.filter(learner=learner, exam=exam).first()
        ),
        "filing_form",
        lambda learner, exam, data: services.record_exam_dossier(
            learner=learner, exam=exam, by=request.user, **data
        ),
        _("Dépôt et visa enregistrés."),
    )


@login_required
@require_POST
def dossier_reduction(request: HttpRequest, learner_pk: int, exam: str) -> HttpResponse:
    return _dossier_post(
        request,
        learner_pk,
        exam,
        lambda learner, exam: ReductionForm(
            request.POST, instance=getattr(learner, "internship_reduction", None)
        ),
        "reduction_form",
        lambda learner, exam, data: contract_services.set_internship_reduction(
            learner=learner, by=request.user, **data
        ),
        _("Réduction de la durée de stage enregistrée."),
    )


@login_required
@require_POST
def dossier_reduction_cancel(request: HttpRequest, learner_pk: int, exam: str) -> HttpResponse:
    exam = _dossier_exam(exam)
    learner = get_learner_for(request.user, learner_pk, Action.CHANGE)
    reduction = getattr(learner, "internship_reduction", None)
    if reduction is not None:
        contract_services.cancel_internship_reduction(reduction=reduction, by=request.user)
        messages.success(request, _("Réduction de la durée de stage supprimée."))
    return redirect("portfolio:learner_dossier", learner_pk=learner.pk, exam=exam)


@login_required
@require_POST
def employment_certificate_add(request: HttpRequest, learner_pk: int, exam: str) -> HttpResponse:
    return _dossier_post(
        request,
        learner_pk,
        exam,
        EmploymentCertificateForm(request.POST, companies=visible_companies(request.user)),
        "employment_form",
        lambda learner, exam, data: services.record_employment_certificate(
            learner=learner, by=request.user, **data
        ),
        _("Certificat de travail enregistré."),
    )


@login_required
@require_POST
def employment_certificate_delete(request: HttpRequest, pk: int, exam: str) -> HttpResponse:
    exam = _dossier_exam(exam)
    certificate = selectors.get_employment_certificate_for(request.user, pk, Action.DELETE)
    learner_pk = certificate.learner_id
    services.delete_employment_certificate(certificate=certificate, by=request.user)
    messages.success(request, _("Certificat de travail supprimé."))
    return redirect("portfolio:learner_dossier", learner_pk=learner_pk, exam=exam)
