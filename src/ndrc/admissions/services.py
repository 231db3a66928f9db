"""Writes of admissions: intakes, applications and their pipeline, interviews, positioning,
adaptations, duplicates. Keyword-only arguments, atomic, permission-checked against `by`
(`None` is the applicant or a company acting through the public pages), validated (French
`ValidationError` naming the field), audited.

Time enters at the edge: `on` (a date) and `now` (an aware datetime) are arguments.
"""

import uuid
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ndrc.admissions import emails
from ndrc.admissions.access import (
    may_record_adaptation,
)
from ndrc.admissions.defaults import INTERVIEW_CRITERIA
from ndrc.admissions.models import (
    STAGE_ORDER,
    Adaptation,
    Application,
    ApplicationDocument,
    CohortPlaces,
    DisabilityReferent,
    DocumentKind,
    EmailStep,
    Intake,
    Interview,
    InterviewCriterion,
    InterviewDecision,
    Merge,
    Outcome,
    Positioning,
    Source,
    Stage,
    StageMove,
    StageSetting,
)
from ndrc.admissions.tokens import new_token
from ndrc.core import audit
from ndrc.core.models import Role, TrainingCentre
from ndrc.core.permissions import Action, centres_where, is_administrator, require
from ndrc.core.services import (
    apply_changes,
    create_and_record,
    delete_and_record,
    own_changes,
    require_manager,
    typing_errors,
)
from ndrc.core.uploads import check_upload
from ndrc.core.validators import (
    check_typed_text,
    normalise_phone,
    validate_birth_date,
    validate_ine,
)
from ndrc.core.versions import EditConflict, from_default, version_of
from ndrc.jobs.services import JobResult, Progress
from ndrc.learners.models import Cohort, candidate_category_choices
from ndrc.regulation import deliberation
from ndrc.regulation.errors import InputError
from ndrc.regulation.parameters import parameter
from ndrc.regulation.pay import age_on

# What the applicant gives (public form) and the centre may correct.
PERSONAL_FIELDS = (
    "first_name",
    "last_name",
    "birth_date",
    "email",
    "phone",
    "street",
    "postal_code",
    "city",
    "guardian_name",
    "guardian_email",
    "guardian_phone",
    "ine",
    "parcoursup_number",
    "last_diploma",
    "motivation",
    "has_recognised_disability",
    "wants_disability_contact",
)
INTAKE_FIELDS = ("title", "route", "default_category", "training_start", "is_open", "closes_on")
INTAKE_EDIT_FIELDS = tuple(name for name in INTAKE_FIELDS if name != "is_open")  # its page's
STAGE_SETTING_FIELDS = ("label", "send_email", "email_subject", "email_body")
MAX_DOCUMENTS = 10  # files in one application's file, all submissions together
# Stages only their own action reaches: the employer's commitment, the contract, the enrolment.
GUARDED_STAGES = {
    Stage.COMPANY_FOUND: gettext_lazy(
        "Enregistrez d'abord l'attestation d'engagement de l'employeur."
    ),
    Stage.CONTRACT_SIGNED: gettext_lazy(
        "Enregistrez la signature du contrat depuis la candidature."
    ),
    Stage.ENROLLED: gettext_lazy(
        "L'inscription se fait par le bouton « Inscrire » de la candidature."
    ),
}


# ---------------------------------------------------------------------------------------------
# Checks shared by the records


def save_one(
    model: type[models.Model],
    *,
    application: Application,
    values: dict,
    by: Any,
    clean: Any = None,
    version: str | None = None,
    default: models.Model | None = None,
    versioned: Iterable[str] = (),
):
    """The record of `model` that an application has at most one of: created, or changed
    (both validated as `validated_save` does, or by `clean` on the record as it will be saved,
    and audited). `version`: the one the user's edit started from (`core.versions`), of the
    values `versioned` (the ones the user edits; the others, such as who recorded it, are set
    on each save) of the record, or of `default` when the page showed none yet: only the
    user's own changes are saved, merged with anyone else's, a value both changed refused."""
    existing = model.objects.filter(application=application).first()
    if existing is None:
        return create_and_record(model(application=application, **values), by=by, clean=clean)
    if version is not None:
        if default is not None:
            version = from_default(version, default, existing.pk, versioned)
        mine = own_changes(
            existing, changes={name: values[name] for name in versioned}, version=version
        )
        values = {name: v for name, v in values.items() if name not in versioned} | mine
    return apply_changes(existing, changes=values, allowed=values, by=by, clean=clean)


def _clean_application(application: Application, *, on: date) -> None:
    """Normalise and check an application, reporting every faulty field at once."""
    errors: dict[str, list[str]] = {}
    for name in ("first_name", "last_name", "city", "guardian_name", "last_diploma"):
        setattr(application, name, " ".join(getattr(application, name).split()))
    application.email = application.email.strip().lower()
    application.guardian_email = application.guardian_email.strip().lower()
    application.ine = application.ine.replace(" ", "").upper()
    application.parcoursup_number = application.parcoursup_number.replace(" ", "")
    for name in ("phone", "guardian_phone"):
        if getattr(application, name):
            try:
                setattr(application, name, normalise_phone(getattr(application, name)))
            except ValidationError as error:
                errors.setdefault(name, []).extend(error.messages)
    if application.ine:
        try:
            validate_ine(application.ine)
        except ValidationError as error:
            errors.setdefault("ine", []).extend(error.messages)
    if application.birth_date is not None:
        try:
            validate_birth_date(application.birth_date, on=on)
        except ValidationError as error:
            errors.setdefault("birth_date", []).extend(error.messages)
        else:
            majority = parameter("records/age_of_majority").at(on).value
            if age_on(application.birth_date, on) < majority and not application.guardian_name:
                errors.setdefault("guardian_name", []).append(
                    _("Candidat mineur : le représentant légal est obligatoire.")
                )
    # Run by an import's preview too, outside `validated_save`: its first check here.
    for name, messages in typing_errors(application).items():
        errors.setdefault(name, messages)
    try:
        application.full_clean(exclude=list(errors))
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def check_application(application: Application, *, on: date) -> None:
    """Normalise and validate an unsaved application as the services do, writing nothing (an
    import's preview runs it, so that preview and apply cannot disagree)."""
    _clean_application(application, on=on)


def require_active(application: Application) -> None:
    if application.outcome != Outcome.ACTIVE:
        raise ValidationError(
            _("Candidature close (%(outcome)s) : rouvrez-la d'abord.")
            % {"outcome": application.get_outcome_display().lower()}
        )


# ---------------------------------------------------------------------------------------------
# Intakes, places, settings of the centre


def _clean_intake(intake: Intake) -> None:
    categories = dict(candidate_category_choices(intake.cohort.framework))
    if intake.default_category not in categories:
        raise ValidationError(
            {"default_category": _("Statut « %(value)s » inconnu du référentiel.")
             % {"value": intake.default_category}}
        )  # fmt: skip
    if intake.cohort.training_centre_id != intake.training_centre_id:
        raise ValidationError({"cohort": _("Cette promotion appartient à un autre centre.")})
    if intake.closes_on and intake.closes_on > intake.training_start.replace(
        year=intake.training_start.year + 1
    ):
        raise ValidationError({"closes_on": _("Clôture plus d'un an après le début.")})
    intake.full_clean()


@transaction.atomic
def create_intake(
    *,
    cohort: Cohort,
    title: str,
    training_start: date,
    default_category: str,
    by: Any,
    now: datetime,
    route: str = "apprenticeship",
    closes_on: date | None = None,
    is_open: bool = False,
) -> Intake:
    """A recruitment for `cohort`, its public form closed until the centre opens it."""
    require_manager(by, cohort.training_centre)
    intake = Intake(
        training_centre=cohort.training_centre,
        cohort=cohort,
        title=title.strip(),
        route=route,
        default_category=default_category,
        training_start=training_start,
        closes_on=closes_on,
        is_open=is_open,
        public_key=uuid.uuid4().hex,
        created_at=now,
    )
    return create_and_record(intake, by=by, clean=_clean_intake)


@transaction.atomic
def update_intake(
    *, intake: Intake, changes: Mapping[str, Any], by: Any, version: str | None = None
) -> Intake:
    """Change an intake, e.g. open or close its form (`{"is_open": True}`); `version`: the one
    the user's edit started from (`core.versions`, conflicts refused)."""
    require(by, Action.CHANGE, intake)
    return apply_changes(
        intake,
        changes=changes,
        allowed=INTAKE_FIELDS,
        by=by,
        clean=_clean_intake,
        version=version,
    )


@transaction.atomic
def set_places(*, cohort: Cohort, places: int, by: Any, version: str | None = None) -> CohortPlaces:
    """The capacity of a cohort, checked at each enrolment; `version` as `update_intake`."""
    require_manager(by, cohort.training_centre)
    existing = CohortPlaces.objects.filter(cohort=cohort).first()
    if existing is None:
        return create_and_record(CohortPlaces(cohort=cohort, places=places), by=by)
    return apply_changes(
        existing, changes={"places": places}, allowed=("places",), by=by, version=version
    )


def intake_version(intake: Intake, names: Iterable[str]) -> str:
    """The version an edit of the intake's `names` and its cohort's places starts from (both
    records' digests in one, for `update_intake_settings`)."""
    parts = [version_of(intake, names)]
    places = CohortPlaces.objects.filter(cohort=intake.cohort_id).first()
    if places is not None:
        parts.append(version_of(places, ("places",)))
    return ",".join(parts)


@transaction.atomic
def update_intake_settings(
    *, intake: Intake, changes: Mapping[str, Any], places: int, by: Any, version: str
) -> Intake:
    """The intake's page: its settings and its cohort's places, saved together from the
    `version` the edit started from (`intake_version`); a conflict on either saves neither,
    and names the fields of both."""
    conflicts: list[EditConflict] = []
    try:
        update_intake(intake=intake, changes=changes, by=by, version=version)
    except EditConflict as conflict:
        conflicts.append(conflict)
        version = conflict.version
    try:
        set_places(cohort=intake.cohort, places=places, by=by, version=version)
    except EditConflict as conflict:
        conflicts.append(conflict)
    if conflicts:
        raise EditConflict(
            {name: pair for c in conflicts for name, pair in c.conflicts.items()},
            conflicts[-1].version,
        )
    return intake


@transaction.atomic
def save_stage_setting(
    *,
    training_centre: TrainingCentre,
    step: str,
    label: str,
    send_email: bool,
    email_subject: str,
    email_body: str,
    by: Any,
    version: str | None = None,
) -> StageSetting:
    """The centre's name for a stage and its e-mail to the applicant (French template);
    `version`: the one the user's edit started from (`core.versions`, conflicts refused; the
    default step's before the centre first saved it)."""
    require_manager(by, training_centre)
    step = EmailStep(step)
    emails.check_template(email_subject, field="email_subject")
    emails.check_template(email_body, field="email_body")
    if send_email and not (email_subject.strip() and email_body.strip()):
        raise ValidationError({"email_body": _("Un courriel envoyé a un objet et un texte.")})
    values = {
        "label": label.strip(),
        "send_email": send_email,
        "email_subject": email_subject.strip(),
        "email_body": email_body.strip(),
    }
    existing = StageSetting.objects.filter(training_centre=training_centre, step=step).first()
    if existing is None:
        setting = StageSetting(training_centre=training_centre, step=step, **values)
        return create_and_record(setting, by=by)
    from ndrc.admissions.selectors import default_stage_setting

    default = default_stage_setting(training_centre.pk, step)
    version = from_default(version, default, existing.pk, STAGE_SETTING_FIELDS)
    return apply_changes(existing, changes=values, allowed=values, by=by, version=version)


@transaction.atomic
def designate_referent(
    *, training_centre: TrainingCentre, user: Any, by: Any
) -> DisabilityReferent:
    """`user`, staff of the centre, becomes its disability referent."""
    require_manager(by, training_centre)
    staff = (Role.TRAINING_MANAGER, Role.TEACHER, Role.EXAM_OFFICE, Role.ADMINISTRATOR)
    if not is_administrator(user) and training_centre.pk not in centres_where(user, *staff):
        raise ValidationError({"user": _("Choisissez un membre de l'équipe du centre.")})
    existing = DisabilityReferent.objects.filter(training_centre=training_centre, user=user)
    if existing.exists():
        return existing.get()
    referent = DisabilityReferent(training_centre=training_centre, user=user)
    return create_and_record(referent, by=by)


@transaction.atomic
def remove_referent(*, referent: DisabilityReferent, by: Any) -> None:
    require_manager(by, referent.training_centre)
    delete_and_record(referent, by=by)


@transaction.atomic
def install_default_criteria(*, training_centre: TrainingCentre, by: Any) -> int:
    """The proposed interview grid, for a centre that has none yet; the number of lines added."""
    require_manager(by, training_centre)
    if InterviewCriterion.objects.filter(training_centre=training_centre).exists():
        return 0
    for position, (label, description) in enumerate(INTERVIEW_CRITERIA, start=1):
        criterion = InterviewCriterion(
            training_centre=training_centre,
            label=label,
            description=description,
            position=position,
        )
        create_and_record(criterion, by=by)
    return len(INTERVIEW_CRITERIA)


@transaction.atomic
def save_criterion(
    *,
    training_centre: TrainingCentre,
    label: str,
    description: str,
    position: int,
    is_active: bool,
    by: Any,
    criterion: InterviewCriterion | None = None,
) -> InterviewCriterion:
    """Add a line to the interview grid, or change one (`criterion`)."""
    require_manager(by, training_centre)
    values = {
        "label": label.strip(),
        "description": description.strip(),
        "position": position,
        "is_active": is_active,
    }
    if criterion is None:
        criterion = InterviewCriterion(training_centre=training_centre, **values)
        return create_and_record(criterion, by=by)
    if criterion.training_centre_id != training_centre.pk:
        raise PermissionDenied(_("Ce critère appartient à un autre centre."))
    return apply_changes(criterion, changes=values, allowed=values, by=by)


# ---------------------------------------------------------------------------------------------
# Applications


def _personal_link_email(application: Application, token: str, *, link: str) -> None:
    centre = application.intake.training_centre.name
    emails.send_after_commit(
        to=application.email,
        subject=f"Votre candidature — {application.intake.title}",
        body=(
            f"Bonjour {application.first_name},\n\n"
            f"Votre candidature à la formation « {application.intake.title} » est enregistrée.\n"
            "Ouvrez ce lien personnel pour confirmer votre adresse électronique, suivre votre "
            "dossier et y ajouter des pièces :\n\n"
            f"{link.format(token=token)}\n\n"
            "Ce lien donne accès à votre dossier : ne le transmettez à personne. Si vous "
            "n'avez pas candidaté, ignorez ce message.\n\n"
            f"{centre}"
        ),
    )


def intake_accepts(intake: Intake, *, on: date) -> bool:
    """Whether the public form of `intake` takes applications on `on`."""
    return intake.is_open and (intake.closes_on is None or on <= intake.closes_on)


def _record_move(
    application: Application,
    *,
    to_stage: str,
    from_stage: str,
    by: Any,
    now: datetime,
    reason: str = "",
) -> StageMove:
    move = StageMove(
        application=application,
        from_stage=from_stage,
        to_stage=to_stage,
        outcome=application.outcome,
        reason=reason,
        at=now,
        by=by if by is not None and by.is_authenticated else None,
    )
    return create_and_record(move, by=by)


@transaction.atomic
def submit_application(
    *,
    intake: Intake,
    fields: Mapping[str, Any],
    documents: Iterable[tuple[str, UploadedFile]] = (),
    link: str,
    on: date,
    now: datetime,
) -> tuple[Application, bool]:
    """An application sent through the public form (no login). `link` is the address of the
    personal page with `{token}` in it; the token goes by e-mail only.

    A second submission with the e-mail of an application still open in the intake creates
    nothing: a new personal link is sent to that address (the answer is the same either way,
    so the form tells no one which addresses applied). Returns the application and whether it
    was created.
    """
    if not intake_accepts(intake, on=on):
        raise ValidationError(_("Les candidatures à cette formation sont closes."))
    unknown = set(fields) - set(PERSONAL_FIELDS)
    if unknown:
        raise ValidationError({name: _("Champ inconnu.") for name in sorted(unknown)})
    email = str(fields.get("email", "")).strip().lower()
    existing = (
        Application.objects.select_for_update()
        .filter(intake=intake, email=email, outcome=Outcome.ACTIVE)
        .first()
    )
    if existing is not None:
        token, existing.access_token_digest = new_token()
        existing.save(update_fields=["access_token_digest"])
        _personal_link_email(existing, token, link=link)
        return existing, False
    token, token_digest = new_token()
    application = Application(
        intake=intake,
        source=Source.FORM,
        stage=Stage.RECEIVED,
        stage_since=now,
        created_at=now,
        access_token_digest=token_digest,
        **fields,
    )
    application.intake = intake
    create_and_record(application, by=None, clean=lambda a: _clean_application(a, on=on))
    for kind, upload in documents:
        _add_document(application, kind=kind, upload=upload, by=None, now=now)
    _record_move(application, to_stage=Stage.RECEIVED, from_stage="", by=None, now=now)
    _personal_link_email(application, token, link=link)
    _stage_email(application, EmailStep.RECEIVED)
    return application, True


@transaction.atomic
def create_application(
    *,
    intake: Intake,
    by: Any,
    on: date,
    now: datetime,
    source: str = Source.CENTRE,
    **fields: Any,
) -> Application:
    """An application typed by the centre (a phone call, a paper file)."""
    require(by, Action.CHANGE, intake)
    unknown = set(fields) - set(PERSONAL_FIELDS)
    if unknown:
        raise ValidationError({name: _("Champ inconnu.") for name in sorted(unknown)})
    application = Application(
        intake=intake,
        source=source,
        stage=Stage.RECEIVED,
        stage_since=now,
        created_at=now,
        **fields,
    )
    create_and_record(application, by=by, clean=lambda a: _clean_application(a, on=on))
    _record_move(application, to_stage=Stage.RECEIVED, from_stage="", by=by, now=now)
    return application


@transaction.atomic
def update_application(
    *,
    application: Application,
    changes: Mapping[str, Any],
    by: Any,
    on: date,
    version: str | None = None,
) -> Application:
    """Correct what the applicant gave (`PERSONAL_FIELDS`); `version`: the one the user's
    edit started from (`core.versions`, conflicts refused)."""
    require(by, Action.CHANGE, application)
    return apply_changes(
        application,
        changes=changes,
        allowed=PERSONAL_FIELDS,
        by=by,
        clean=lambda a: _clean_application(a, on=on),
        version=version,
    )


@transaction.atomic
def send_personal_link(*, application: Application, link: str, by: Any) -> None:
    """A new personal link, by e-mail to the applicant; the previous one stops working."""
    require(by, Action.CHANGE, application)
    require_active(application)
    before = audit.snapshot(application)
    token, application.access_token_digest = new_token()
    application.save(update_fields=["access_token_digest"])
    audit.record_change(obj=application, by=by, before=before)
    _personal_link_email(application, token, link=link)


@transaction.atomic
def confirm_email(*, application: Application, now: datetime) -> Application:
    """The applicant opened their link and confirmed: the address is theirs."""
    if application.email_confirmed_at is None:
        before = audit.snapshot(application)
        application.email_confirmed_at = now
        application.save(update_fields=["email_confirmed_at"])
        audit.record_change(obj=application, by=None, before=before)
    return application


def _add_document(
    application: Application, *, kind: str, upload: UploadedFile, by: Any, now: datetime
) -> ApplicationDocument:
    if application.documents.count() >= MAX_DOCUMENTS:
        raise ValidationError(
            {"file": _("Le dossier a déjà %(count)s pièces : c'est le maximum.")
             % {"count": MAX_DOCUMENTS}}
        )  # fmt: skip
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Type de pièce inconnu.")})
    content_type = check_upload(upload)
    name = PurePath(upload.name or "").name
    stored = f"{uuid.uuid4().hex}{PurePath(name).suffix.lower()}"
    document = ApplicationDocument(
        application=application,
        kind=kind,
        stored_name=stored,
        name=name[:200],
        content_type=content_type,
        size=upload.size,
        uploaded_at=now,
    )
    document.file.save(stored, upload, save=False)
    try:
        return create_and_record(document, by=by)
    except Exception:
        document.file.storage.delete(document.file.name)
        raise


@transaction.atomic
def add_document(
    *, application: Application, kind: str, upload: UploadedFile, by: Any, now: datetime
) -> ApplicationDocument:
    """A file joined to an application: by the centre (`by`), or by the applicant through
    their link (`by` None, the link already checked by the caller)."""
    if by is not None:
        require(by, Action.CHANGE, application)
    require_active(application)
    return _add_document(application, kind=kind, upload=upload, by=by, now=now)


# ---------------------------------------------------------------------------------------------
# The pipeline


def _stage_email(application: Application, step: str) -> None:
    from ndrc.admissions.selectors import stage_settings

    setting = stage_settings(application.intake.training_centre_id)[step]
    if not setting.send_email:
        return
    values = {
        "prenom": application.first_name,
        "nom": application.last_name,
        "formation": application.intake.title,
        "etape": setting.label,
        "centre": application.intake.training_centre.name,
    }
    emails.send_after_commit(
        to=application.email,
        subject=emails.fill(setting.email_subject, values),
        body=emails.fill(setting.email_body, values),
    )


def set_stage(
    application: Application, stage: str, *, by: Any, now: datetime, reason: str = ""
) -> StageMove:
    before = audit.snapshot(application)
    from_stage = application.stage
    application.stage = stage
    application.stage_since = now
    application.save(update_fields=["stage", "stage_since"])
    audit.record_change(obj=application, by=by, before=before)
    move = _record_move(
        application, to_stage=stage, from_stage=from_stage, by=by, now=now, reason=reason
    )
    _stage_email(application, stage)
    return move


@transaction.atomic
def move_application(
    *, application: Application, stage: str, by: Any, now: datetime, reason: str = ""
) -> StageMove:
    """The application enters `stage` (forward or back). The employer's commitment, the signed
    contract and the enrolment have their own actions, which move the application too."""
    require(by, Action.CHANGE, application)
    require_active(application)
    stage = Stage(stage)
    if stage == application.stage:
        raise ValidationError({"stage": _("La candidature est déjà à cette étape.")})
    if stage in GUARDED_STAGES:
        guard = GUARDED_STAGES[stage]
        allowed = stage == Stage.COMPANY_FOUND and hasattr(application, "commitment")
        if not allowed:
            raise ValidationError({"stage": str(guard)})
    if application.stage == Stage.ENROLLED:
        raise ValidationError({"stage": _("Candidat inscrit : sa candidature ne bouge plus.")})
    return set_stage(application, stage, by=by, now=now, reason=reason.strip())


# A board move of more applications than this runs as a background job: each one moved is a
# few writes and, at the stages the centre chose, an e-mail.
MOVES_IN_A_REQUEST = 20


def bulk_move(
    *,
    applications: Iterable[Application],
    stage: str,
    by: Any,
    now: datetime,
    reason: str = "",
    progress: Progress | None = None,
) -> list[tuple[Application, str]]:
    """Move several applications; each is moved or refused alone. The refusals, with why."""
    applications = list(applications)
    refused = []
    for done, application in enumerate(applications, start=1):
        try:
            move_application(application=application, stage=stage, by=by, now=now, reason=reason)
        except ValidationError as error:
            refused.append((application, " ".join(error.messages)))
        if progress is not None:
            progress(done, len(applications), application.full_name)
    return refused


def move_applications(
    *,
    application_ids: list[int],
    stage: str,
    now: datetime,
    by: Any,
    reason: str = "",
    progress: Progress | None = None,
) -> JobResult:
    """`bulk_move` as a background job, for a board move of many applications: each is moved
    or refused alone, and their e-mails leave once the job's transaction commits."""
    applications = list(
        Application.objects.filter(pk__in=application_ids)
        .select_related("intake__training_centre")
        .order_by("last_name", "first_name", "pk")
    )
    refused = bulk_move(
        applications=applications, stage=stage, by=by, now=now, reason=reason, progress=progress
    )
    # Stored with the job: in French whatever the reader's language, as its documents are.
    summary = f"{len(applications) - len(refused)} candidature(s) déplacée(s)."
    if refused:
        shown = " ; ".join(f"{a.full_name} : {why}" for a, why in refused[:3])
        more = " ; …" if len(refused) > 3 else ""
        summary += f" {len(refused)} refusée(s) — {shown}{more}"
    return JobResult(summary=summary)


@transaction.atomic
def close_application(
    *, application: Application, outcome: str, reason: str, by: Any, now: datetime
) -> StageMove:
    """Withdrawn (the applicant's choice) or refused (the centre's), at any stage, with its
    reason; `by` None: the applicant withdrew through their link."""
    if by is not None:
        require(by, Action.CHANGE, application)
    require_active(application)
    outcome = Outcome(outcome)
    if outcome not in (Outcome.WITHDRAWN, Outcome.REFUSED):
        raise ValidationError({"outcome": _("Issue attendue : désistement ou refus.")})
    if by is None and outcome != Outcome.WITHDRAWN:
        raise PermissionDenied(_("Seul le centre refuse une candidature."))
    if not reason.strip():
        raise ValidationError({"reason": _("Indiquez le motif.")})
    if application.learner_id:
        raise ValidationError(_("Candidat déjà inscrit : voyez son dossier d'apprenant."))
    before = audit.snapshot(application)
    application.outcome = outcome
    application.outcome_reason = reason.strip()
    application.stage_since = now
    check_typed_text(application.outcome_reason, field="outcome_reason", multiline=True)
    application.save(update_fields=["outcome", "outcome_reason", "stage_since"])
    audit.record_change(obj=application, by=by, before=before)
    move = _record_move(
        application,
        to_stage=application.stage,
        from_stage=application.stage,
        by=by,
        now=now,
        reason=reason.strip(),
    )
    _stage_email(application, outcome)
    return move


@transaction.atomic
def reopen_application(*, application: Application, by: Any, now: datetime) -> StageMove:
    """A withdrawn or refused application goes back to its stage."""
    require(by, Action.CHANGE, application)
    if application.outcome not in (Outcome.WITHDRAWN, Outcome.REFUSED):
        raise ValidationError(_("Seule une candidature close se rouvre."))
    before = audit.snapshot(application)
    application.outcome = Outcome.ACTIVE
    application.outcome_reason = ""
    application.stage_since = now
    application.save(update_fields=["outcome", "outcome_reason", "stage_since"])
    audit.record_change(obj=application, by=by, before=before)
    return _record_move(
        application,
        to_stage=application.stage,
        from_stage=application.stage,
        by=by,
        now=now,
        reason=_("Candidature rouverte."),
    )


# ---------------------------------------------------------------------------------------------
# Interview, positioning, adaptations


@transaction.atomic
def record_interview(
    *,
    application: Application,
    held_on: date,
    levels: Mapping[int, tuple[int | None, str]],
    decision: str,
    reasons: str,
    by: Any,
    now: datetime,
    on: date,
) -> Interview:
    """An interview with the centre's grid (`levels`: criterion id → (level 1–4 or None,
    comment)), its decision and reasons. The grid is stored as it reads today."""
    require(by, Action.CHANGE, application)
    require_active(application)
    if held_on > on:
        raise ValidationError({"held_on": _("Un entretien se saisit une fois tenu.")})
    if held_on < application.created_at.date():
        raise ValidationError({"held_on": _("L'entretien précède la candidature.")})
    InterviewDecision(decision)
    criteria = InterviewCriterion.objects.filter(
        training_centre_id=application.intake.training_centre_id, is_active=True
    )
    grid = []
    for criterion in criteria:
        level, comment = levels.get(criterion.pk, (None, ""))
        if level is not None and level not in (1, 2, 3, 4):
            raise ValidationError({f"level_{criterion.pk}": _("Niveau de 1 à 4 attendu.")})
        grid.append(
            {"criterion": criterion.label, "level": level, "comment": (comment or "").strip()}
        )
    interview = Interview(
        application=application,
        held_on=held_on,
        interviewer=by,
        grid=grid,
        decision=decision,
        reasons=reasons.strip(),
        recorded_at=now,
    )

    def clean(record: Interview) -> None:
        for line in grid:
            check_typed_text(line["comment"], field="reasons", multiline=True)
        record.full_clean()

    return create_and_record(interview, by=by, clean=clean)


def exemption_problems(
    *, exempted_units: list[str], qualifications: list[str], category: str, session: int
) -> list[str]:
    """Why the engine would refuse these exemptions at the exam registration (annexe II b):
    the deliberation engine's own registration check, run on a record without grades."""
    if not exempted_units:
        return []
    record = {
        "id": "positionnement",
        "session": session,
        "category": category,
        "grades": {},
        "exemptions": exempted_units,
        "qualifications": qualifications,
    }
    try:
        result = deliberation.deliberate(deliberation.parse_candidate(record))
    except InputError as error:
        return [str(error)]
    if result.decision != deliberation.REJECTED:
        return []
    return [step.text for step in result.explanation if step.rule.startswith("exemption")]


@transaction.atomic
def decide_positioning(
    *,
    application: Application,
    credited_years: int,
    extra_years: int,
    exempted_units: list[str],
    qualifications: list[str],
    reasons: str,
    decided_on: date,
    by: Any,
    on: date,
    version: str | None = None,
) -> Positioning:
    """The positioning decision (shortened or lengthened path, units exempted), checked by the
    engine's exemption rules; a second decision replaces the first (both audited). `version`:
    the one the user's edit started from (`core.versions`; `positioning_default` when the page
    showed none yet): the checks run on the values as they will be saved, merged with anyone
    else's."""
    require(by, Action.CHANGE, application)
    require_active(application)
    values = {
        "credited_years": credited_years,
        "extra_years": extra_years,
        "exempted_units": sorted(exempted_units),
        "qualifications": sorted(qualifications),
        "reasons": reasons.strip(),
        "decided_on": decided_on,
        "decided_by": by,
    }
    return save_one(
        Positioning,
        application=application,
        values=values,
        by=by,
        clean=lambda positioning: _check_positioning(positioning, on=on),
        version=version,
        default=positioning_default(application, on=on),
        versioned=POSITIONING_FIELDS,
    )


POSITIONING_FIELDS = (
    "credited_years",
    "extra_years",
    "exempted_units",
    "qualifications",
    "reasons",
    "decided_on",
)


def positioning_default(application: Application, *, on: date) -> Positioning:
    """The decision a positioning page shows before any (unsaved): nothing credited, added or
    exempted, decided today."""
    return Positioning(
        application=application,
        credited_years=0,
        extra_years=0,
        exempted_units=[],
        qualifications=[],
        reasons="",
        decided_on=on,
    )


def _check_positioning(positioning: Positioning, *, on: date) -> None:
    """A decision as it will be saved: dated, one way (shortened or lengthened), its exempted
    units justified by its qualifications (the engine's rules)."""
    positioning.full_clean()
    if positioning.decided_on > on:
        raise ValidationError({"decided_on": _("Date de décision dans le futur.")})
    if positioning.credited_years and positioning.extra_years:
        raise ValidationError(
            {"extra_years": _("Un parcours est raccourci ou allongé, pas les deux.")}
        )
    intake = positioning.application.intake
    problems = exemption_problems(
        exempted_units=positioning.exempted_units,
        qualifications=positioning.qualifications,
        category=intake.default_category,
        session=intake.cohort.exam_session,
    )
    if problems:
        raise ValidationError({"exempted_units": problems})


ADAPTATION_FIELDS = ("needs", "training_adaptations", "exam_accommodation", "extra_time")


@transaction.atomic
def record_adaptation(
    *,
    application: Application,
    needs: str,
    training_adaptations: str,
    exam_accommodation: str,
    extra_time: bool,
    by: Any,
    now: datetime,
    version: str | None = None,
) -> Adaptation:
    """The disability referent's record (the referent or an administrator only). `version`:
    the one the user's edit started from (`core.versions`, of what the referent writes, not of
    who recorded it when; `Adaptation(application=)` when the page showed none yet)."""
    if not may_record_adaptation(by, application):
        raise PermissionDenied(_("Réservé au référent handicap du centre."))
    values = {
        "needs": needs.strip(),
        "training_adaptations": training_adaptations.strip(),
        "exam_accommodation": exam_accommodation.strip(),
        "extra_time": extra_time,
        "recorded_by": by,
        "recorded_at": now,
    }
    return save_one(
        Adaptation,
        application=application,
        values=values,
        by=by,
        version=version,
        default=Adaptation(application=application),
        versioned=ADAPTATION_FIELDS,
    )


# ---------------------------------------------------------------------------------------------
# Duplicates


# Fields a merge copies from the absorbed application when the survivor has none.
MERGED_FIELDS = (
    "ine",
    "parcoursup_number",
    "phone",
    "street",
    "postal_code",
    "city",
    "guardian_name",
    "guardian_email",
    "guardian_phone",
    "last_diploma",
    "motivation",
)


@transaction.atomic
def merge_applications(
    *, survivor: Application, absorbed: Application, matched_on: str, by: Any, now: datetime
) -> Merge:
    """`absorbed` is a duplicate of `survivor`: its documents, interviews, applications to
    companies and missing values go to `survivor`; it stays, closed, pointing to it."""
    if by is not None:
        require(by, Action.CHANGE, survivor)
        require(by, Action.CHANGE, absorbed)
    if survivor.pk == absorbed.pk:
        raise ValidationError(_("Une candidature ne se fusionne pas avec elle-même."))
    if absorbed.outcome == Outcome.MERGED or survivor.outcome == Outcome.MERGED:
        raise ValidationError(_("Candidature déjà fusionnée."))
    if absorbed.learner_id:
        raise ValidationError(_("La candidature absorbée est déjà celle d'un apprenant inscrit."))
    taken = {
        name: getattr(absorbed, name)
        for name in MERGED_FIELDS
        if getattr(absorbed, name) and not getattr(survivor, name)
    }
    before = audit.snapshot(survivor)
    for name, value in taken.items():
        setattr(survivor, name, value)
    if STAGE_ORDER[absorbed.stage] > STAGE_ORDER[survivor.stage]:
        taken["stage"] = absorbed.stage
        survivor.stage = absorbed.stage
    survivor.save()
    audit.record_change(obj=survivor, by=by, before=before)
    for related in (
        absorbed.documents.all(),
        absorbed.interviews.all(),
        absorbed.company_applications.all(),
    ):
        for record in related:
            snapshot = audit.snapshot(record)
            record.application = survivor
            record.save(update_fields=["application"])
            audit.record_change(obj=record, by=by, before=snapshot)
    for name in ("positioning", "adaptation", "commitment"):
        record = getattr(absorbed, name, None)
        if record is not None and not hasattr(survivor, name):
            snapshot = audit.snapshot(record)
            record.application = survivor
            record.save(update_fields=["application"])
            audit.record_change(obj=record, by=by, before=snapshot)
    before = audit.snapshot(absorbed)
    absorbed.outcome = Outcome.MERGED
    absorbed.merged_into = survivor
    absorbed.access_token_digest = None
    absorbed.outcome_reason = _("Doublon de la candidature n° %(pk)s (%(matched)s).") % {
        "pk": survivor.pk,
        "matched": matched_on,
    }
    absorbed.save()
    audit.record_change(obj=absorbed, by=by, before=before)
    _record_move(
        absorbed,
        to_stage=absorbed.stage,
        from_stage=absorbed.stage,
        by=by,
        now=now,
        reason=absorbed.outcome_reason,
    )
    merge = Merge(
        survivor=survivor, absorbed=absorbed, matched_on=matched_on, fields_taken=taken, at=now,
        by=by if by is not None and by.is_authenticated else None,
    )  # fmt: skip
    return create_and_record(merge, by=by)
