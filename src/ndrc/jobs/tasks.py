"""The one django-tasks task: it runs any job (`ndrc.jobs.services.start_job`)."""

from django_tasks import task

from ndrc.jobs import services


@task()
def run_job(job_id: int) -> None:
    services.run(job_id)
