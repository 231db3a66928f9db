"""Alerts as the end of the period without a contract approaches (Code du travail L. 6222-12-1).

`send_deadline_alerts` is the daily job: for each centre, the apprentices-to-be whose deadline
is within one of the thresholds (`NDRC_ADMISSIONS_ALERT_DAYS`, 30, 14 and 7 days by default)
or past it, each threshold alerted once, in one e-mail to each of the centre's training
managers. It runs as a background job (`deadline_alerts_job`, queued daily by
`ndrc admissions-alerts`), all or nothing: the e-mails leave once its transaction commits.
"""

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from ndrc.admissions import emails
from ndrc.admissions.models import DeadlineAlert, Intake, Route
from ndrc.admissions.selectors import DeadlineRow, alert_days, without_contract
from ndrc.core.models import Role, TrainingCentre
from ndrc.jobs.services import JobResult, Progress
from ndrc.regulation.explanation import Message


def _message(centre: TrainingCentre, rows: list[tuple[DeadlineRow, int]]) -> str:
    lines = [
        _("Bonjour,"),
        "",
        _(
            "Ces candidats suivent ou vont suivre la formation sans contrat d'apprentissage ; la "
            "période permise par l'article L. 6222-12-1 du Code du travail approche de sa fin :"
        ),
        "",
    ]
    for row, _threshold in rows:
        result = row.result
        day = f"{result.deadline:%d/%m/%Y}"
        if result.days_left < 0:
            when = _("terminée le %(day)s") % {"day": day}
        else:
            when = ngettext(
                "jusqu'au %(day)s (%(count)s jour)",
                "jusqu'au %(day)s (%(count)s jours)",
                result.days_left,
            ) % {"day": day, "count": result.days_left}
        application = row.application
        line = _("%(name)s (%(intake)s) : %(when)s") % {
            "name": application.full_name,
            "intake": application.intake.title,
            "when": when,
        }
        lines.append(f"- {line}")
    lines += ["", _("La liste complète est dans ndrc, Admissions > Sans contrat."), "", centre.name]
    return "\n".join(lines)


@transaction.atomic
def send_deadline_alerts(*, on: date, progress: Progress | None = None) -> int:
    """Send the alerts due on `on`; the number of candidates alerted."""
    centre_ids = sorted(
        set(
            Intake.objects.filter(route=Route.APPRENTICESHIP).values_list(
                "training_centre_id", flat=True
            )
        )
    )
    thresholds = alert_days()
    sent = {
        (alert.application_id, alert.days_before)
        for alert in DeadlineAlert.objects.filter(
            application__intake__training_centre_id__in=centre_ids
        )
    }
    alerted = 0
    for done, centre in enumerate(TrainingCentre.objects.filter(pk__in=centre_ids), start=1):
        due = []
        for row in without_contract(None, on=on, centre_ids=[centre.pk]):
            crossed = [t for t in thresholds if row.result.days_left <= t]
            if not crossed:
                continue
            threshold = min(crossed)  # the nearest one: 7 before 14 before 30
            if (row.application.pk, threshold) in sent:
                continue
            for t in crossed:
                if (row.application.pk, t) not in sent:
                    DeadlineAlert.objects.create(
                        application=row.application, days_before=t, sent_on=on
                    )
                    sent.add((row.application.pk, t))
            due.append((row, threshold))
        if due:
            managers = (
                get_user_model()
                .objects.filter(
                    memberships__training_centre=centre,
                    memberships__role=Role.TRAINING_MANAGER,
                    is_active=True,
                )
                .exclude(email="")
            )
            # In the recipients' language: French, as the invitations (no one chooses another
            # for e-mails; the language switcher's cookie is the browser's, not the person's).
            with translation.override(settings.LANGUAGE_CODE):
                subject = ngettext(
                    "Candidats sans contrat : %(count)s échéance proche",
                    "Candidats sans contrat : %(count)s échéances proches",
                    len(due),
                ) % {"count": len(due)}
                body = _message(centre, due)
            for manager in managers.distinct():
                emails.send_after_commit(to=manager.email, subject=subject, body=body)
            alerted += len(due)
        if progress is not None:
            progress(done, len(centre_ids), centre.name)
    return alerted


def deadline_alerts_job(*, on: date, by: Any = None, progress: Progress | None = None) -> JobResult:
    """`send_deadline_alerts` as a background job (`by`: None when the daily timer queues it)."""
    alerted = send_deadline_alerts(on=on, progress=progress)
    return JobResult(
        summary=Message(
            gettext_noop("%(count)s candidat(s) signalé(s) au %(on)s."), count=alerted, on=on
        )
    )
