"""Upload a file, see what it would change (streamed with its progress), confirm or abandon."""

from collections.abc import Iterator

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ndrc.core.audit import acting_as
from ndrc.core.permissions import Action
from ndrc.core.tabular import TabularError
from ndrc.imports import selectors, services
from ndrc.imports.columns import COMPANY_COLUMNS, LEARNER_COLUMNS
from ndrc.imports.forms import CompanyImportForm, LearnerImportForm
from ndrc.imports.models import ImportJob, ImportKind
from ndrc.learners.selectors import get_cohort_for

# Where the streamed part of the job page goes (see imports/job.html).
STREAM_MARK = "<!-- import-stream -->"


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    if not selectors.may_import(request.user):
        raise PermissionDenied(_("Les imports sont réservés au responsable de formation."))
    context = {
        "cohorts": selectors.importable_cohorts(request.user),
        "jobs": ImportJob.objects.filter(created_by=request.user).select_related("cohort")[:20],
    }
    return render(request, "imports/index.html", context)


def _upload(request: HttpRequest, form, *, kind: ImportKind, cohort=None) -> HttpResponse | None:
    """Keep a valid upload and go to its preview; None when the form has to be shown again."""
    if request.method != "POST" or not form.is_valid():
        return None
    upload = form.cleaned_data["file"]
    try:
        job = services.create_job(
            kind=kind,
            data=upload.read(),
            filename=upload.name,
            cohort=cohort,
            default_category=form.cleaned_data.get("default_category", ""),
            by=request.user,
        )
    except TabularError as error:
        form.add_error("file", error.message)
        return None
    except ValidationError as error:
        form.add_error(None, error)
        return None
    return redirect("imports:job", pk=job.pk)


@login_required
def learner_upload(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = get_cohort_for(request.user, cohort_id, Action.CHANGE)
    form = LearnerImportForm(
        request.POST or None, request.FILES or None, framework=cohort.framework
    )
    done = _upload(request, form, kind=ImportKind.LEARNERS, cohort=cohort)
    if done is not None:
        return done
    context = {"form": form, "cohort": cohort, "columns": LEARNER_COLUMNS}
    status = 400 if form.is_bound else 200
    return render(request, "imports/upload.html", context, status=status)


@login_required
def company_upload(request: HttpRequest) -> HttpResponse:
    if not selectors.may_import(request.user):
        raise PermissionDenied(_("Les imports sont réservés au responsable de formation."))
    form = CompanyImportForm(request.POST or None, request.FILES or None)
    done = _upload(request, form, kind=ImportKind.COMPANIES)
    if done is not None:
        return done
    status = 400 if form.is_bound else 200
    return render(
        request, "imports/upload.html", {"form": form, "columns": COMPANY_COLUMNS}, status=status
    )


@login_required
@require_GET
def job(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.get_job_for(request.user, pk)
    if found.applied_at is not None:
        return render(request, "imports/job.html", {"job": found})
    return _stream(request, found, apply=False)


@login_required
@require_POST
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.get_job_for(request.user, pk)
    if found.applied_at is not None:
        messages.info(request, _("Cet import a déjà été appliqué."))
        return redirect("imports:job", pk=found.pk)
    return _stream(request, found, apply=True)


@login_required
@require_POST
def discard(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.get_job_for(request.user, pk)
    if found.applied_at is None:
        services.discard_job(job=found, by=request.user)
        messages.info(request, _("Import abandonné : le fichier a été supprimé."))
    return redirect("imports:index")


def _stream(request: HttpRequest, job: ImportJob, *, apply: bool) -> StreamingHttpResponse:
    """The job page, whose report part arrives as the lines are worked through.

    The page is sent at once with a progress bar, then one progress bar per step, then the
    report (CSS shows only the last element): the counts shown are the lines really processed.
    """
    events = services.iter_job(job, apply=apply, on=timezone.localdate(), by=request.user)
    page = render_to_string(
        "imports/job.html", {"job": job, "streaming": True, "apply": apply}, request=request
    )
    head, tail = page.split(STREAM_MARK)
    user, origin = request.user, f"{request.method} {request.path}"

    def body() -> Iterator[str]:
        yield head
        # The middleware's audit context is gone once the view has returned: set it again.
        with acting_as(user, origin):
            for event in events:
                if isinstance(event, services.Progress):
                    yield render_to_string("imports/_progress.html", {"progress": event})
                else:
                    context = {"report": event, "job": job, "apply": apply}
                    yield render_to_string("imports/_report.html", context, request=request)
        yield tail

    return StreamingHttpResponse(body(), content_type="text/html; charset=utf-8")
