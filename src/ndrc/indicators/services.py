"""Writes of the indicators app: figures recorded by hand, interruptions and six-month
situations, surveys (questions, sending, reminders, answers). Atomic; every staff write is
recorded in the audit trail; an anonymous answer is not (it would tie the answer to a time), it
only invalidates the cached public results.

Sending and reminding report `progress(done, total)`; the pages run them as background jobs
(`ndrc.jobs`: `invite_job`, `remind_job`), as a survey goes to a whole session.
"""

import secrets
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from ndrc.companies.models import Supervision
from ndrc.core import audit
from ndrc.core.models import AuditAction, TrainingCentre
from ndrc.core.services import (
    create_and_record,
    delete_and_record,
    own_changes,
    require_manager,
)
from ndrc.core.validators import check_typed_text
from ndrc.indicators.models import (
    FIGURE_FAMILIES,
    Interruption,
    Invitation,
    LeaverSituation,
    Question,
    QuestionKind,
    Response,
    SituationSource,
    Status,
    StatusFigures,
    Survey,
    SurveyKind,
    YearFigures,
)
from ndrc.indicators.selectors import figures_changed, figures_values
from ndrc.jobs.services import JobResult
from ndrc.learners.models import Cohort, Learner
from ndrc.regulation.errors import InputError
from ndrc.regulation.explanation import Message
from ndrc.regulation.indicators import is_satisfied, status_of_category

Progress = Callable[[int, int], None]

# --- Figures recorded by hand ---------------------------------------------------------------

# Counts that may not exceed another: (part, whole, message).
_PARTS = (
    ("candidates_admitted", "candidates_present", gettext_lazy("plus de reçus que de présents")),
    ("interrupted", "enrolled", gettext_lazy("plus de départs que d'entrées")),
    (
        "contracts_terminated",
        "contracts_concluded",
        gettext_lazy("plus de ruptures que de contrats"),
    ),
    (
        "contracts_terminated_trial",
        "contracts_terminated",
        gettext_lazy("plus de ruptures pendant les 45 premiers jours que de ruptures"),
    ),
    ("learners_satisfied", "learners_answered", gettext_lazy("plus de satisfaits que de réponses")),
)
COUNTS = tuple(name for names in FIGURE_FAMILIES.values() for name in names)


@transaction.atomic
def save_year_figures(
    *,
    centre: TrainingCentre,
    year: int,
    statuses: Mapping[str, Mapping[str, int]],
    companies_answered: int,
    companies_satisfied: int,
    note: str,
    recorded_at: datetime,
    by: Any,
    version: str | None = None,
    new: bool = False,
) -> YearFigures:
    """Record (or correct) the figures of `year` for `centre`: `statuses` maps a status to its
    counts (`COUNTS`). Only apprentices have apprenticeship contracts.

    `version`: the one the user's correction started from (`core.versions`, by the names of
    `figures_values`): only the user's own changes are saved, conflicts refused. `new`: the
    entry of a year not recorded yet; a year already recorded is refused (corrected from its
    own page, with its version, it is not overwritten)."""
    require_manager(by, centre)
    figures = YearFigures.objects.filter(training_centre=centre, year=year).first()
    if new and figures is not None:
        raise ValidationError(
            {
                "year": _(
                    "Les chiffres de la session %(year)s sont déjà saisis : corrigez-les depuis "
                    "leur page."
                )
                % {"year": year}
            }
        )
    if version is not None and figures is not None:
        typed = {
            "note": note,
            "companies_answered": companies_answered,
            "companies_satisfied": companies_satisfied,
            **{f"{s}__{name}": v for s, counts in statuses.items() for name, v in counts.items()},
        }
        mine = own_changes(figures, changes=typed, version=version, values=figures_values)
        merged = {**figures_values(figures), **mine}
        note = merged["note"]
        companies_answered = merged["companies_answered"]
        companies_satisfied = merged["companies_satisfied"]
        statuses = {s: {name: merged[f"{s}__{name}"] for name in c} for s, c in statuses.items()}
    errors: dict[str, list[str]] = {}
    for status, counts in statuses.items():
        if status not in Status.values:
            raise ValidationError(_("Statut inconnu : « %(value)s ».") % {"value": status})
        for name, value in counts.items():
            if name not in COUNTS:
                raise ValidationError(_("Chiffre inconnu : « %(value)s ».") % {"value": name})
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                errors.setdefault(f"{status}__{name}", []).append(_("Nombre entier positif."))
        for part, whole, message in _PARTS:
            if counts.get(part, 0) > counts.get(whole, 0):
                errors.setdefault(f"{status}__{part}", []).append(str(message))
        if status != Status.APPRENTICE and any(
            counts.get(name) for name in FIGURE_FAMILIES["contracts"]
        ):
            errors.setdefault(f"{status}__contracts_concluded", []).append(
                _("Seuls les apprentis ont des contrats d'apprentissage.")
            )
    if companies_satisfied > companies_answered:
        errors.setdefault("companies_satisfied", []).append(
            _("plus de satisfaites que de réponses")
        )
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(figures) if figures else None
    if figures is None:
        figures = YearFigures(training_centre=centre, year=year, recorded_at=recorded_at)
    figures.companies_answered = companies_answered
    figures.companies_satisfied = companies_satisfied
    figures.note = note
    figures.recorded_at = recorded_at
    figures.full_clean()
    figures.save()
    rows_before = {row.status: audit.snapshot(row) for row in figures.statuses.all()}
    figures.statuses.all().delete()
    rows = [StatusFigures(year_figures=figures, status=s, **c) for s, c in statuses.items()]
    for row in rows:
        row.full_clean(exclude=["year_figures"])
    StatusFigures.objects.bulk_create(rows)
    after = {
        **audit.snapshot(figures),
        "statuses": {row.status: audit.snapshot(row) for row in rows},
    }
    if before is None:
        audit.record(action=AuditAction.CREATE, obj=figures, by=by, after=after)
    else:
        before = {**before, "statuses": rows_before}
        audit.record(action=AuditAction.UPDATE, obj=figures, by=by, before=before, after=after)
    return figures


# --- Interruptions and six-month situations -------------------------------------------------


def _manager_of(learner: Learner, by: Any) -> None:
    require_manager(by, learner.cohort.training_centre)


@transaction.atomic
def record_interruption(
    *, learner: Learner, left_on: date, reason: str, note: str = "", by: Any
) -> Interruption:
    """Record that `learner` left the training before its end, on `left_on`."""
    _manager_of(learner, by)
    cohort = learner.cohort
    if not cohort.first_year_start <= left_on <= date(cohort.exam_session, 8, 31):
        raise ValidationError(
            {"left_on": _("La date doit tomber pendant la formation de la promotion.")}
        )
    interruption = Interruption.objects.filter(learner=learner).first()
    if interruption is not None:
        before = audit.snapshot(interruption)
        interruption.left_on, interruption.reason, interruption.note = left_on, reason, note
        interruption.full_clean()
        interruption.save()
        audit.record_change(obj=interruption, by=by, before=before)
        return interruption
    interruption = Interruption(learner=learner, left_on=left_on, reason=reason, note=note)
    return create_and_record(interruption, by=by)


def cancel_interruption(*, interruption: Interruption, by: Any) -> None:
    _manager_of(interruption.learner, by)
    delete_and_record(interruption, by=by)


def _save_situation(
    learner: Learner,
    *,
    situation: str,
    employment: str,
    related_to_training: bool | None,
    detail: str,
    source: str,
    observed_on: date,
    by: Any,
) -> LeaverSituation:
    record = LeaverSituation.objects.filter(learner=learner).first()
    before = audit.snapshot(record) if record else None
    record = record or LeaverSituation(learner=learner)
    record.situation = situation
    record.employment = employment
    record.related_to_training = related_to_training
    record.detail = detail
    record.source = source
    record.observed_on = observed_on
    record.recorded_by = by if by is not None and by.is_authenticated else None
    record.full_clean()
    record.save()
    if before is None:
        audit.record(action=AuditAction.CREATE, obj=record, by=by, after=audit.snapshot(record))
    else:
        audit.record_change(obj=record, by=by, before=before)
    return record


@transaction.atomic
def record_situation(
    *,
    learner: Learner,
    situation: str,
    source: str,
    observed_on: date,
    by: Any,
    employment: str = "",
    related_to_training: bool | None = None,
    detail: str = "",
) -> LeaverSituation:
    """Record a leaver's situation six months after the training, as staff learned it (by
    phone, by e-mail…)."""
    _manager_of(learner, by)
    if hasattr(learner, "training_interruption"):
        raise ValidationError(
            _("Cet apprenant a quitté la formation avant son terme : ce n'est pas un sortant.")
        )
    if source == SituationSource.SURVEY:
        raise ValidationError({"source": _("L'enquête en ligne se remplit par le lien reçu.")})
    return _save_situation(
        learner,
        situation=situation,
        employment=employment,
        related_to_training=related_to_training,
        detail=detail,
        source=source,
        observed_on=observed_on,
        by=by,
    )


# --- Surveys: the questionnaire ---------------------------------------------------------------

# The questions a centre's first questionnaire starts with, stored as written (in French, the
# language the centre's respondents read); the centre edits them.
DEFAULT_QUESTIONS = {
    SurveyKind.LEARNERS: [
        (("Globalement, êtes-vous satisfait(e) de votre formation ?"), QuestionKind.SCALE, True),
        (("Les cours vous ont-ils préparé(e) à l'examen ?"), QuestionKind.SCALE, False),
        (("Le suivi en entreprise vous a-t-il aidé(e) ?"), QuestionKind.SCALE, False),
        (("Recommanderiez-vous cette formation ?"), QuestionKind.YES_NO, False),
        (("Qu'aimeriez-vous voir amélioré ?"), QuestionKind.TEXT, False),
    ],
    SurveyKind.COMPANIES: [
        (
            ("Globalement, êtes-vous satisfait(e) de la formation de votre alternant(e) ?"),
            QuestionKind.SCALE,
            True,
        ),
        (
            ("Les échanges avec le centre de formation ont-ils été suffisants ?"),
            QuestionKind.SCALE,
            False,
        ),
        (
            ("Accueilleriez-vous un autre alternant de cette formation ?"),
            QuestionKind.YES_NO,
            False,
        ),
        (("Vos remarques"), QuestionKind.TEXT, False),
    ],
    SurveyKind.SIX_MONTHS: [],
}


@transaction.atomic
def create_survey(
    *,
    centre: TrainingCentre,
    kind: str,
    year: int,
    title: str,
    anonymous: bool,
    closes_on: date | None,
    cohort: Cohort | None,
    created_at: datetime,
    by: Any,
) -> Survey:
    """A new survey. A satisfaction questionnaire starts with the questions of the centre's
    latest one of the same kind (the centre edits them), or the default ones."""
    require_manager(by, centre)
    if cohort is not None and (
        cohort.training_centre_id != centre.pk or cohort.exam_session != year
    ):
        raise ValidationError({"cohort": _("La promotion doit être du centre et de la session.")})
    survey = Survey(
        training_centre=centre,
        kind=kind,
        year=year,
        title=title,
        anonymous=anonymous and kind != SurveyKind.SIX_MONTHS,
        closes_on=closes_on,
        cohort=cohort,
        created_at=created_at,
    )
    create_and_record(survey, by=by)
    previous = (
        Survey.objects.filter(training_centre=centre, kind=kind, questions__isnull=False)
        .exclude(pk=survey.pk)
        .order_by("-created_at", "-pk")
        .first()
    )
    if previous is not None:
        questions = [(q.text, q.kind, q.overall) for q in previous.questions.all()]
    else:
        questions = DEFAULT_QUESTIONS[kind]
    Question.objects.bulk_create(
        Question(survey=survey, position=i, text=text, kind=k, overall=overall)
        for i, (text, k, overall) in enumerate(questions, start=1)
    )
    return survey


def _editable(survey: Survey, by: Any) -> None:
    require_manager(by, survey.training_centre)
    if survey.kind == SurveyKind.SIX_MONTHS:
        raise ValidationError(_("Les questions de l'enquête à six mois sont fixes."))
    if survey.sent_at is not None:
        raise ValidationError(_("L'enquête est envoyée : ses questions ne changent plus."))


@transaction.atomic
def add_question(*, survey: Survey, text: str, kind: str, overall: bool, by: Any) -> Question:
    """Add a question at the end of a questionnaire not yet sent. A new overall-satisfaction
    question replaces the former one as the question the indicator counts."""
    _editable(survey, by)
    if overall and kind != QuestionKind.SCALE:
        raise ValidationError(
            {"overall": _("La satisfaction globale se mesure sur l'échelle de 1 à 4.")}
        )
    if overall:
        survey.questions.filter(overall=True).update(overall=False)
    position = (survey.questions.aggregate(last=Max("position"))["last"] or 0) + 1
    question = Question(survey=survey, position=position, text=text, kind=kind, overall=overall)
    return create_and_record(question, by=by)


def delete_question(*, question: Question, by: Any) -> None:
    _editable(question.survey, by)
    if question.overall:
        raise ValidationError(
            _("La question de satisfaction globale est celle que compte l'indicateur.")
        )
    delete_and_record(question, by=by)


# --- Surveys: sending, reminding --------------------------------------------------------------


def _recipients(survey: Survey) -> list[dict[str, Any]]:
    """Who the survey goes to: the learners of the session's cohorts (those still in training,
    or the leavers for the six-month survey), or the companies' masters and tutors who
    supervised them; only those with an e-mail address."""
    learners = Learner.objects.filter(
        cohort__training_centre=survey.training_centre,
        cohort__exam_session=survey.year,
        erased_on__isnull=True,
        training_interruption__isnull=True,
    )
    if survey.cohort_id:
        learners = learners.filter(cohort_id=survey.cohort_id)
    if survey.kind == SurveyKind.COMPANIES:
        contacts = {}
        for supervision in Supervision.objects.filter(learner__in=learners).select_related(
            "contact"
        ):
            contact = supervision.contact
            if contact.email:
                contacts[contact.pk] = {"contact": contact}
        return list(contacts.values())
    if survey.kind == SurveyKind.SIX_MONTHS:
        learners = learners.filter(six_month_situation__isnull=True)
    return [{"learner": learner} for learner in learners if learner.email]


def _message(invitation: Invitation, *, base_url: str, reminder: bool) -> mail.EmailMessage:
    survey = invitation.survey
    context = {
        "survey": survey,
        "link": f"{base_url.rstrip('/')}/enquete/{invitation.token}/",
        "centre": survey.training_centre,
        "reminder": reminder,
    }
    # Sent in French, the language of the centre's users (as the generated documents are).
    with translation.override(settings.LANGUAGE_CODE):
        subject = (_("Rappel : %(title)s") if reminder else "%(title)s") % {"title": survey.title}
        body = render_to_string("indicators/email/invitation.txt", context)
    return mail.EmailMessage(subject, body, to=[invitation.email])


def _send(messages: list[mail.EmailMessage], progress: Progress | None, connection: Any) -> None:
    total = len(messages)
    if progress:
        progress(0, total)
    if not messages:
        return
    with connection or mail.get_connection() as connection:
        for done, message in enumerate(messages, start=1):
            message.connection = connection
            message.send()
            if progress:
                progress(done, total)


@transaction.atomic
def send_survey(
    *,
    survey: Survey,
    base_url: str,
    now: datetime,
    by: Any,
    progress: Progress | None = None,
    connection: Any = None,
) -> int:
    """Invite by e-mail, each with a personal link, everyone the survey goes to and who has no
    invitation yet; returns how many were invited. All or nothing: if an e-mail cannot be sent,
    no invitation is kept (those already sent point to no survey). `connection`: the e-mail
    backend's connection (the settings' by default)."""
    require_manager(by, survey.training_centre)
    if survey.closes_on is not None and survey.closes_on < now.date():
        raise ValidationError(_("L'enquête est close."))
    if survey.kind != SurveyKind.SIX_MONTHS and not survey.questions.filter(overall=True).exists():
        raise ValidationError(_("Le questionnaire n'a pas de question de satisfaction globale."))
    invited_learners = set(survey.invitations.values_list("learner_id", flat=True))
    invited_contacts = set(survey.invitations.values_list("contact_id", flat=True))
    invitations = [
        Invitation(survey=survey, token=secrets.token_urlsafe(32), sent_at=now, **recipient)
        for recipient in _recipients(survey)
        if (recipient.get("learner") and recipient["learner"].pk not in invited_learners)
        or (recipient.get("contact") and recipient["contact"].pk not in invited_contacts)
    ]
    Invitation.objects.bulk_create(invitations)
    before = audit.snapshot(survey)
    survey.sent_at = survey.sent_at or now
    survey.save(update_fields=["sent_at"])
    audit.record_change(obj=survey, by=by, before=before)
    messages = [_message(i, base_url=base_url, reminder=False) for i in invitations]
    _send(messages, progress, connection)
    return len(invitations)


@transaction.atomic
def send_reminders(
    *,
    survey: Survey,
    base_url: str,
    now: datetime,
    by: Any,
    progress: Progress | None = None,
    connection: Any = None,
) -> int:
    """Remind by e-mail everyone invited who has not answered; returns how many. All or
    nothing, as `send_survey`."""
    require_manager(by, survey.training_centre)
    if survey.closes_on is not None and survey.closes_on < now.date():
        raise ValidationError(_("L'enquête est close."))
    waiting = [
        invitation
        for invitation in survey.invitations.filter(answered_at__isnull=True).select_related(
            "survey", "learner", "contact"
        )
        if invitation.email  # an erased person is not reminded
    ]
    for invitation in waiting:
        invitation.reminders += 1
        invitation.reminded_at = now
    Invitation.objects.bulk_update(waiting, ["reminders", "reminded_at"])
    audit.record(
        action=AuditAction.UPDATE,
        obj=survey,
        by=by,
        after={"reminded": len(waiting), "reminded_at": now.isoformat()},
    )
    _send([_message(i, base_url=base_url, reminder=True) for i in waiting], progress, connection)
    return len(waiting)


def invite_job(
    *, survey: Survey, base_url: str, by: Any, progress: Progress | None = None
) -> JobResult:
    """`send_survey` as a background job (`ndrc.jobs`): the invitations, then the job's page
    says how many."""
    sent = send_survey(survey=survey, base_url=base_url, now=timezone.now(), by=by,
                       progress=progress)  # fmt: skip
    return _survey_job_result(
        survey, Message(gettext_noop("%(count)s invitation(s) envoyée(s)."), count=sent)
    )


def remind_job(
    *, survey: Survey, base_url: str, by: Any, progress: Progress | None = None
) -> JobResult:
    """`send_reminders` as a background job (`ndrc.jobs`)."""
    sent = send_reminders(survey=survey, base_url=base_url, now=timezone.now(), by=by,
                          progress=progress)  # fmt: skip
    return _survey_job_result(
        survey, Message(gettext_noop("%(count)s relance(s) envoyée(s)."), count=sent)
    )


def _survey_job_result(survey: Survey, summary: Message) -> JobResult:
    # Stored with the job in French, and their templates: shown in the reader's language.
    return JobResult(
        summary=summary,
        link_url=reverse("indicators:survey", args=[survey.pk]),
        link_label=Message(gettext_noop("Voir l'enquête et ses réponses")),
    )


# --- Surveys: answers through the personal link -----------------------------------------------


def _open(invitation: Invitation, on: date) -> None:
    if invitation.answered_at is not None:
        raise ValidationError(_("Vous avez déjà répondu à cette enquête. Merci !"))
    closes_on = invitation.survey.closes_on
    if closes_on is not None and closes_on < on:
        raise ValidationError(_("Cette enquête est close."))


def _check_answer(question: Question, value: Any) -> Any:
    if value in (None, ""):
        if question.overall:
            raise ValidationError({f"q{question.pk}": _("Cette question attend une réponse.")})
        return None
    try:
        if question.kind == QuestionKind.SCALE:
            level = int(value)
            is_satisfied(level)  # refuses a level out of 1 to 4
            return level
        if question.kind == QuestionKind.YES_NO:
            if value not in (True, False):
                raise ValueError
            return value
    except (TypeError, ValueError, InputError):
        raise ValidationError({f"q{question.pk}": _("Réponse invalide.")}) from None
    text = str(value)
    if len(text) > 2000:
        raise ValidationError({f"q{question.pk}": _("2 000 caractères au plus.")})
    check_typed_text(text, field=f"q{question.pk}", multiline=True)
    return text


def _respondent_status(invitation: Invitation, on: date) -> str:
    if invitation.learner is None:
        return ""
    category = invitation.learner.category_on(on) or invitation.learner.current_category
    try:
        return status_of_category(category or "")
    except InputError:
        return Status.OTHER


@transaction.atomic
def answer_questionnaire(
    *, invitation: Invitation, answers: Mapping[int, Any], now: datetime
) -> Response:
    """Record the answers given through a personal link (question id → value). An anonymous
    questionnaire's response keeps no link to the invitation nor date; the invitation only
    knows it was answered (for the response rate and the reminders)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    survey = invitation.survey
    _open(invitation, now.date())
    if survey.kind == SurveyKind.SIX_MONTHS:
        raise ValidationError(_("Cette enquête demande votre situation."))
    questions = list(survey.questions.all())
    unknown = set(answers) - {q.pk for q in questions}
    if unknown:
        raise ValidationError(_("Question inconnue."))
    checked = {str(q.pk): _check_answer(q, answers.get(q.pk)) for q in questions}
    overall = next((checked[str(q.pk)] for q in questions if q.overall), None)
    response = Response.objects.create(
        survey=survey,
        invitation=None if survey.anonymous else invitation,
        status=_respondent_status(invitation, now.date()),
        answers={k: v for k, v in checked.items() if v is not None},
        satisfied=None if overall is None else is_satisfied(overall),
        submitted_on=None if survey.anonymous else now.date(),
    )
    invitation.answered_at = now
    invitation.save(update_fields=["answered_at"])
    figures_changed(survey.training_centre_id)
    return response


@transaction.atomic
def answer_six_months(
    *,
    invitation: Invitation,
    situation: str,
    employment: str,
    related_to_training: bool | None,
    detail: str,
    now: datetime,
) -> LeaverSituation:
    """Record the situation a leaver gives through their personal link."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("survey", "learner__cohort__training_centre")
        .get(pk=invitation.pk)
    )
    _open(invitation, now.date())
    if invitation.survey.kind != SurveyKind.SIX_MONTHS or invitation.learner is None:
        raise PermissionDenied
    record = _save_situation(
        invitation.learner,
        situation=situation,
        employment=employment,
        related_to_training=related_to_training,
        detail=detail,
        source=SituationSource.SURVEY,
        observed_on=now.date(),
        by=None,
    )
    invitation.answered_at = now
    invitation.save(update_fields=["answered_at"])
    return record
