"""Writes of logins, roles and invitations: atomic, permission-checked, audited.

Who may do what:
- an administrator creates training centres, invites and gives any role (administrator and
  training manager included), and deactivates anyone but themselves;
- a training manager invites, gives and takes back the roles of their centre other than
  training manager and administrator (teachers, exam office, learners, masters, tutors), and
  deactivates a person whose roles are all in the centres they manage and of those roles.

An invitation's e-mail holds a link made of a random token (only its hash is stored): opening it
before `expires_at` lets the person choose a password; that creates their login, gives the role
in the centre, and links the login to their learner record or company contact.
"""

import secrets
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.dispatch import Signal
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ndrc.accounts.models import Invitation, hash_token
from ndrc.companies.models import CompanyContact
from ndrc.core import audit
from ndrc.core.models import AuditAction, Membership, Role, TrainingCentre
from ndrc.core.permissions import forget_roles, is_administrator
from ndrc.core.services import (
    ADMINISTRATORS_ONLY,
    apply_changes,
    create_and_record,
    delete_and_record,
    grant_role,
    require_may_give,
)
from ndrc.jobs.services import JobResult, Progress
from ndrc.learners.models import Learner, TeacherAssignment
from ndrc.learners.personal_data import exported_as, on_erasure
from ndrc.regulation.explanation import Message, sentences

User = get_user_model()

# The roles a company contact holds, by their flags.
CONTACT_ROLES = (
    ("is_apprenticeship_master", Role.APPRENTICESHIP_MASTER),
    ("is_internship_tutor", Role.INTERNSHIP_TUTOR),
)

# Sent when a person is deactivated: the apps holding their other keys (API tokens) revoke them.
user_deactivated = Signal()


def valid_days() -> int:
    """How long an invitation's link is valid (NDRC_INVITATION_DAYS, 14 by default)."""
    return settings.INVITATION_VALID_DAYS


def contact_roles(contact: CompanyContact) -> list[Role]:
    """The roles a company contact's login has: master, tutor, or both."""
    return [role for flag, role in CONTACT_ROLES if getattr(contact, flag)]


# --- Inviting ---------------------------------------------------------------------------------


def _check_invitation(invitation: Invitation, *, now: datetime) -> None:
    """Every reason to refuse the invitation, on its fields, in French."""
    errors: dict[str, list[str]] = {}
    try:
        validate_email(invitation.email)
    except ValidationError:
        errors["email"] = [_("Adresse électronique invalide.")]
    learner, contact = invitation.learner, invitation.contact
    if learner is not None:
        if learner.cohort.training_centre_id != invitation.training_centre_id:
            errors["learner"] = [_("Cet apprenant n'est pas inscrit dans ce centre.")]
        elif learner.user_id is not None:
            errors["learner"] = [_("%(name)s a déjà un compte.") % {"name": learner.full_name}]
        elif learner.erased_on is not None:
            errors["learner"] = [_("Les données de cet apprenant ont été effacées.")]
    if contact is not None:
        if contact.user_id is not None:
            errors["contact"] = [_("%(name)s a déjà un compte.") % {"name": contact.full_name}]
        elif invitation.role not in contact_roles(contact):
            errors["role"] = [
                _("%(name)s n'est pas déclaré(e) %(role)s.")
                % {"name": contact.full_name, "role": Role(invitation.role).label.lower()}
            ]
    if invitation.role == Role.LEARNER and learner is None:
        errors["role"] = [_("Un apprenant s'invite depuis son dossier.")]
    if invitation.role in (Role.APPRENTICESHIP_MASTER, Role.INTERNSHIP_TUTOR) and contact is None:
        errors["role"] = [_("Un maître d'apprentissage ou un tuteur s'invite depuis sa fiche.")]
    if "email" not in errors:
        if User.objects.filter(email__iexact=invitation.email, is_active=True).exists():
            errors["email"] = [
                _(
                    "Un compte existe déjà avec cette adresse : donnez-lui le rôle depuis la "
                    "page de ce compte."
                )
            ]
        elif (
            Invitation.objects.pending(now=now)
            .filter(email__iexact=invitation.email, training_centre=invitation.training_centre)
            .exists()
        ):
            errors["email"] = [
                _("Une invitation est déjà en attente pour cette adresse : renvoyez-la.")
            ]
    if errors:
        raise ValidationError(errors)


def _new_link(invitation: Invitation, *, now: datetime) -> str:
    """A new token for the invitation (the former one stops working), valid `valid_days()`."""
    token = secrets.token_urlsafe(32)
    invitation.token_hash = hash_token(token)
    invitation.sent_at = now
    invitation.expires_at = now + timedelta(days=valid_days())
    return token


def _send(invitation: Invitation, token: str, *, base_url: str) -> None:
    """The invitation e-mail, in French (the interface's first language)."""
    link = base_url.rstrip("/") + reverse("accounts:accept", args=[token])
    context = {"invitation": invitation, "link": link, "days": valid_days()}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("accounts/email/invitation_subject.txt", context)
        body = render_to_string("accounts/email/invitation.txt", context)
    send_mail(" ".join(subject.split()), body, None, [invitation.email])


# What the audit trail keeps of an invitation: never the link's hash.
SECRET = ("token_hash",)


@transaction.atomic
def invite(
    *,
    email: str,
    training_centre: TrainingCentre,
    role: Role | str,
    by: Any,
    now: datetime,
    base_url: str,
    first_name: str = "",
    last_name: str = "",
    learner: Learner | None = None,
    contact: CompanyContact | None = None,
) -> Invitation:
    """Invite a person to `role` in `training_centre` (linked to their learner record or
    company contact), and send the e-mail with the link to set their password."""
    require_may_give(by, training_centre, role)
    invitation = Invitation(
        email=email.strip().lower(),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        training_centre=training_centre,
        role=Role(role),
        learner=learner,
        contact=contact,
        created_at=now,
        created_by=by,
    )
    _check_invitation(invitation, now=now)
    token = _new_link(invitation, now=now)
    invitation.full_clean()
    invitation.save()
    audit.record(
        action=AuditAction.CREATE,
        obj=invitation,
        by=by,
        after=audit.snapshot(invitation, exclude=SECRET),
    )
    _send(invitation, token, base_url=base_url)
    return invitation


def invite_learner(*, learner: Learner, by: Any, now: datetime, base_url: str) -> Invitation:
    """Invite a learner to their own login, at the e-mail of their record."""
    if not learner.email:
        raise ValidationError(
            {"email": _("%(name)s n'a pas d'adresse électronique.") % {"name": learner.full_name}}
        )
    return invite(
        email=learner.email,
        training_centre=learner.cohort.training_centre,
        role=Role.LEARNER,
        first_name=learner.first_name,
        last_name=learner.last_name,
        learner=learner,
        by=by,
        now=now,
        base_url=base_url,
    )


def invite_contact(
    *, contact: CompanyContact, training_centre: TrainingCentre, by: Any, now: datetime,
    base_url: str,
) -> Invitation:  # fmt: skip
    """Invite an apprenticeship master or internship tutor, at the e-mail of their contact."""
    if not contact.email:
        raise ValidationError(
            {"email": _("%(name)s n'a pas d'adresse électronique.") % {"name": contact.full_name}}
        )
    roles = contact_roles(contact)
    if not roles:
        raise ValidationError(
            {"role": _("%(name)s n'est ni maître d'apprentissage ni tuteur de stage.")
             % {"name": contact.full_name}}
        )  # fmt: skip
    return invite(
        email=contact.email,
        training_centre=training_centre,
        role=roles[0],
        first_name=contact.first_name,
        last_name=contact.last_name,
        contact=contact,
        by=by,
        now=now,
        base_url=base_url,
    )


def _invite_each(records: list, invite_one, *, what: str, progress: Progress) -> JobResult:
    """The invitations, one by one, as a background job: its texts written from templates
    (`Message`), shown in the reader's language."""
    total = len(records)
    for done, record in enumerate(records):
        progress(
            done, total, Message(gettext_noop("Invitation de %(name)s"), name=record.full_name)
        )
        try:
            invite_one(record)
        except ValidationError as error:
            # Name the person: the job stops, and nothing is kept (one transaction).
            raise ValidationError(
                Message(
                    gettext_noop("%(name)s : %(errors)s Aucune invitation n'a été envoyée."),
                    name=record.full_name,
                    errors=sentences([Message(text) for text in error.messages]),
                )
            ) from error
    progress(total, total)
    return JobResult(
        summary=Message(
            gettext_noop("%(count)s invitation(s) envoyée(s) (%(what)s)."),
            count=total,
            what=Message(what),
        ),
        link_url=reverse("accounts:users"),
        link_label=Message(gettext_noop("Comptes et invitations")),
    )


def invite_learners(
    *, learners: list[Learner], base_url: str, by: Any, progress: Progress
) -> JobResult:
    """A background job: one invitation per learner, each e-mailed (`invite_learner`). All or
    nothing: a refused learner stops the job and no invitation is kept."""
    now = timezone.now()  # time enters here: the job may run later than it was asked
    return _invite_each(
        learners,
        lambda learner: invite_learner(learner=learner, by=by, now=now, base_url=base_url),
        what=gettext_noop("apprenants"),
        progress=progress,
    )


def invite_contacts(
    *,
    contacts: list[CompanyContact],
    training_centre: TrainingCentre,
    base_url: str,
    by: Any,
    progress: Progress,
) -> JobResult:
    """A background job: one invitation per master or tutor, as `invite_learners`."""
    now = timezone.now()  # time enters here: the job may run later than it was asked
    return _invite_each(
        contacts,
        lambda contact: invite_contact(
            contact=contact, training_centre=training_centre, by=by, now=now, base_url=base_url
        ),
        what=gettext_noop("maîtres d'apprentissage et tuteurs"),
        progress=progress,
    )


def _require_may_handle(by: Any, invitation: Invitation) -> None:
    require_may_give(by, invitation.training_centre, invitation.role)
    if invitation.accepted_at is not None:
        raise ValidationError(_("Cette invitation a déjà été acceptée."))


@transaction.atomic
def resend(*, invitation: Invitation, by: Any, now: datetime, base_url: str) -> Invitation:
    """Send the invitation again with a new link (the former one stops working), valid again
    for `valid_days()`; a revoked invitation is opened again."""
    _require_may_handle(by, invitation)
    before = audit.snapshot(invitation, exclude=SECRET)
    token = _new_link(invitation, now=now)
    invitation.revoked_at = None
    invitation.save()
    after = audit.snapshot(invitation, exclude=SECRET)
    audit.record(action=AuditAction.UPDATE, obj=invitation, by=by, before=before, after=after)
    _send(invitation, token, base_url=base_url)
    return invitation


@transaction.atomic
def revoke(*, invitation: Invitation, by: Any, now: datetime) -> Invitation:
    """The invitation's link stops working."""
    _require_may_handle(by, invitation)
    if invitation.revoked_at is not None:
        return invitation
    return apply_changes(invitation, changes={"revoked_at": now}, allowed=("revoked_at",), by=by)


# --- Accepting --------------------------------------------------------------------------------


def invitation_for(token: str, *, now: datetime) -> Invitation | None:
    """The pending invitation whose link holds `token`, or None (unknown, used, revoked or
    expired: the link does not say which)."""
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.pending(now=now)
        .select_related("training_centre", "learner", "contact")
        .filter(token_hash=hash_token(token))
        .first()
    )


@transaction.atomic
def accept(*, token: str, password: str, now: datetime) -> Any:
    """Accept an invitation: the login (its identifier is the invitation's e-mail address), its
    role in the centre, and its link to the learner record or company contact. The new login
    is the actor of its own creation; the role is recorded as given by who invited."""
    invitation = invitation_for(token, now=now)
    if invitation is None:
        raise ValidationError(
            _("Ce lien d'invitation n'est plus valable : demandez une nouvelle invitation.")
        )
    # Read again under lock: two clicks on the same link create one login.
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(_("Cette invitation a déjà été acceptée."))
    if User.objects.filter(username__iexact=invitation.email).exists():
        raise ValidationError(
            _(
                "Un compte existe déjà avec cette adresse : connectez-vous ou demandez au "
                "responsable de formation de vous donner le rôle."
            )
        )
    user = User(
        username=invitation.email,
        email=invitation.email,
        first_name=invitation.first_name,
        last_name=invitation.last_name,
    )
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"new_password1": error.messages}) from error
    user.set_password(password)
    create_and_record(user, by=user)
    roles = [Role(invitation.role)]
    if invitation.contact is not None:
        roles = contact_roles(invitation.contact) or roles
    for role in roles:
        membership = Membership(user=user, training_centre=invitation.training_centre, role=role)
        create_and_record(membership, by=invitation.created_by)
    forget_roles(user)
    for record in (invitation.learner, invitation.contact):
        if record is not None:
            # Linked by whoever invited: the learner or contact record is theirs to change.
            apply_changes(
                record, changes={"user": user}, allowed=("user",), by=invitation.created_by,
                clean=_no_other_check,
            )  # fmt: skip
    apply_changes(
        invitation,
        changes={"accepted_at": now, "user": user},
        allowed=("accepted_at", "user"),
        by=user,
    )
    return user


def _no_other_check(record: Any) -> None:
    """Linking a login changes nothing else of the record: its other fields were checked when
    they were written (the one-to-one link is unique in the database)."""


# --- Roles and access -------------------------------------------------------------------------


@transaction.atomic
def give_role(*, user: Any, training_centre: TrainingCentre, role: Role | str, by: Any):
    """Give `user` a role in a centre (the same rules as inviting to it)."""
    require_may_give(by, training_centre, role)
    if not user.is_active:
        raise ValidationError(_("Ce compte est désactivé : réactivez-le d'abord."))
    if Membership.objects.filter(user=user, training_centre=training_centre, role=role).exists():
        raise ValidationError({"role": _("Ce compte a déjà ce rôle dans ce centre.")})
    return grant_role(user=user, training_centre=training_centre, role=role, by=by)


@transaction.atomic
def take_back_role(*, membership: Membership, by: Any) -> None:
    """Take a role back. Nobody takes back their own administrator or manager role (someone
    must remain to give it). A teacher's assignments to the centre's cohorts end with their
    role, each change audited: a teacher is assigned while they teach in the centre
    (`learners.services.assign_teacher`), and an assignment left behind would still open its
    cohort's learners to them."""
    require_may_give(by, membership.training_centre, membership.role)
    if membership.user_id == by.pk and membership.role in ADMINISTRATORS_ONLY:
        raise ValidationError(_("Vous ne pouvez pas vous retirer ce rôle vous-même."))
    if membership.role == Role.TEACHER:
        for assignment in TeacherAssignment.objects.filter(
            teacher_id=membership.user_id, cohort__training_centre=membership.training_centre
        ):
            delete_and_record(assignment, by=by)
    delete_and_record(membership, by=by)
    forget_roles(membership.user)


def require_may_deactivate(by: Any, user: Any) -> None:
    """An administrator deactivates anyone but themselves; a training manager a person whose
    roles all are in centres they manage, and roles they may give."""
    if user.pk == by.pk:
        raise ValidationError(_("Vous ne pouvez pas désactiver votre propre compte."))
    if is_administrator(by):
        return
    memberships = list(user.memberships.all())
    if user.is_superuser or not memberships:
        raise PermissionDenied(_("Seul un administrateur désactive ce compte."))
    for membership in memberships:
        require_may_give(by, membership.training_centre, membership.role)


def _sessions_of(user: Any, *, now: datetime | None) -> list[Session]:
    """The person's open sessions (with `now` None, the expired ones too)."""
    sessions = Session.objects.all() if now is None else Session.objects.filter(expire_date__gt=now)
    return [s for s in sessions if s.get_decoded().get("_auth_user_id") == str(user.pk)]


def _end_sessions(user: Any, *, now: datetime | None) -> int:
    """Delete the person's open sessions (with `now` None, the expired ones too): they are
    logged out at their next click."""
    ended = [s.pk for s in _sessions_of(user, now=now)]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


@exported_as("sessions")
def _sessions_of_exported(learner: Any, values: list[str]) -> dict[str, Any]:
    # Export of a person (learners.personal_data.export_person): their login's sessions, as
    # erasure ends them (no session key: it is a credential).
    sessions = _sessions_of(learner.user, now=None) if learner.user is not None else []
    now = timezone.now()
    return {
        "open": sum(1 for s in sessions if s.expire_date > now),
        "expired": sum(1 for s in sessions if s.expire_date <= now),
        "last_login": learner.user.last_login.isoformat()
        if learner.user is not None and learner.user.last_login
        else None,
    }


@on_erasure
def _end_sessions_of_erased(learner: Any, records: list[Any], values: list[str], by: Any) -> None:
    # Erasure of a person (learners.personal_data.erase_person): every session of their login,
    # an expired one too, holds its id.
    if learner.user is not None:
        _end_sessions(learner.user, now=None)


@transaction.atomic
def deactivate(*, user: Any, by: Any, now: datetime) -> Any:
    """A person who leaves loses access at once: the login is deactivated (kept for the audit
    trail), their sessions end and their API tokens are revoked (`user_deactivated`)."""
    require_may_deactivate(by, user)
    apply_changes(user, changes={"is_active": False}, allowed=("is_active",), by=by)
    _end_sessions(user, now=now)
    user_deactivated.send(sender=User, user=user, by=by, now=now)
    return user


@transaction.atomic
def reactivate(*, user: Any, by: Any) -> Any:
    """A person who comes back: the login works again, with the roles it kept (API tokens stay
    revoked)."""
    require_may_deactivate(by, user)
    return apply_changes(user, changes={"is_active": True}, allowed=("is_active",), by=by)
