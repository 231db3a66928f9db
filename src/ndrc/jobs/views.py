"""The pages of background jobs: the list of one's jobs, a job's progress (polled by htmx until
it ends), its result file."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from ndrc.jobs.models import State
from ndrc.jobs.selectors import get_job_for, jobs_for
from ndrc.jobs.services import read_progress


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = jobs_for(request.user).select_related("started_by")[:50]
    return render(request, "jobs/job_list.html", {"jobs": jobs})


def _status_context(request: HttpRequest, pk: int) -> dict:
    job = get_job_for(request.user, pk)
    done, total, message = read_progress(job)
    return {"job": job, "done": done, "total": total, "message": message}


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "jobs/job_detail.html", _status_context(request, pk))


@login_required
def job_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The status block alone: htmx asks for it every second while the job runs."""
    return render(request, "jobs/_status.html", _status_context(request, pk))


@login_required
def job_file(request: HttpRequest, pk: int) -> FileResponse:
    job = get_job_for(request.user, pk)
    if job.state != State.DONE or not job.result_file:
        raise Http404("Cette tâche n'a pas produit de fichier.")
    return FileResponse(
        job.result_file.open("rb"),
        as_attachment=True,
        filename=job.result_file.name.rsplit("/", 1)[-1],
    )
