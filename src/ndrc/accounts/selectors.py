"""Reads of logins, roles and invitations, for the people who manage them.

An administrator sees every login and invitation. A training manager sees the logins holding a
role in a centre they manage, and that centre's invitations. Anyone else: nothing (the pages
answer 403, as the imports do).
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet

from ndrc.accounts.models import Invitation
from ndrc.companies.models import CompanyContact
from ndrc.core.models import Membership, Role, TrainingCentre
from ndrc.core.permissions import (
    Access,
    Action,
    centres_where,
    get_record_for,
    is_administrator,
    is_manager,
    rule,
    within_reach,
)
from ndrc.learners.models import Learner
from ndrc.learners.personal_data import erasure_deletes

User = get_user_model()


def managed_centres(user: Any) -> QuerySet[TrainingCentre]:
    """The centres whose logins `user` manages: all for an administrator, else those where they
    are training manager."""
    if not user.is_authenticated or not user.is_active:
        return TrainingCentre.objects.none()
    if is_administrator(user):
        return TrainingCentre.objects.all()
    return TrainingCentre.objects.filter(pk__in=centres_where(user, Role.TRAINING_MANAGER))


def may_manage_accounts(user: Any) -> bool:
    return is_manager(user)


def visible_users(user: Any) -> QuerySet[Any]:
    """The logins `user` manages: with a role in one of their centres, or linked to a learner of
    one of them or to a company contact supervising one (whose role was taken back: the manager
    gives it back on the login's page); all for an administrator."""
    if not may_manage_accounts(user):
        return User.objects.none()
    if is_administrator(user):
        return User.objects.all()
    centres = centres_where(user, Role.TRAINING_MANAGER)
    roles = Membership.objects.filter(user=OuterRef("pk"), training_centre_id__in=centres)
    learners = Learner.objects.filter(user=OuterRef("pk"), cohort__training_centre_id__in=centres)
    contacts = CompanyContact.objects.filter(
        user=OuterRef("pk"), supervisions__learner__cohort__training_centre_id__in=centres
    )
    return User.objects.filter(Exists(roles) | Exists(learners) | Exists(contacts))


def user_rows(user: Any, *, query: str = "") -> QuerySet[Any]:
    """The logins `user` manages, by name, with the columns their rows show (their roles:
    `roles_by_login`)."""
    users = visible_users(user).only(
        "username", "first_name", "last_name", "is_active", "is_superuser", "last_login"
    )
    for word in query.split():
        users = users.filter(
            Q(username__icontains=word)
            | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
        )
    return users.order_by("-is_active", "last_name", "first_name", "username")


def roles_by_login(logins: Iterable[Any]) -> dict[int, list[tuple[str, str]]]:
    """Each login's roles, (role, centre's name) by centre then role, read as values in one
    query: no membership nor centre built for each, nor Django's prefetch (a page of logins)."""
    roles: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for login, role, centre in (
        Membership.objects.filter(user__in=[login.pk for login in logins])
        .order_by("training_centre__name", "role")
        .values_list("user_id", "role", "training_centre__name")
    ):
        roles[login].append((role, centre))
    return roles


def visible_invitations(user: Any) -> QuerySet[Invitation]:
    return Invitation.objects.select_related("training_centre", "created_by").filter(
        training_centre__in=managed_centres(user)
    )


def open_invitations(user: Any) -> QuerySet[Invitation]:
    """The invitations not yet accepted nor revoked (pending or expired), latest first, with
    their centre (the list names it, not who invited)."""
    invitations = visible_invitations(user).select_related(None).select_related("training_centre")
    return invitations.open().order_by("-sent_at", "-pk")


@rule(Invitation)
def _invitation_rule(user: Any, action: Action, invitation: Invitation) -> Access:
    if not within_reach(user, invitation, visible_invitations):
        return Access.HIDDEN
    return Access.ALLOWED


def get_invitation_for(user: Any, pk: int) -> Invitation:
    return get_record_for(
        user, visible_invitations(user), pk, Action.CHANGE, not_found="Invitation introuvable."
    )


@rule(User)
def _user_rule(user: Any, action: Action, other: Any) -> Access:
    if not within_reach(user, other, visible_users):
        return Access.HIDDEN
    return Access.ALLOWED


def get_user_for(user: Any, pk: int) -> Any:
    """A login `user` manages (Http404 otherwise); what they may change of it is the services'
    to say (a manager does not change an administrator)."""
    return get_record_for(
        user, visible_users(user), pk, Action.VIEW, not_found="Compte introuvable."
    )


def memberships_of(other: Any) -> QuerySet[Membership]:
    return other.memberships.select_related("training_centre").order_by(
        "training_centre__name", "role"
    )


def _without_open_invitation(queryset: QuerySet, field: str, *, now: datetime) -> QuerySet:
    pending = Invitation.objects.pending(now=now).filter(**{field: OuterRef("pk")})
    return queryset.filter(~Exists(pending))


def invitable_learners(user: Any, *, now: datetime, cohort: Any = None) -> QuerySet[Learner]:
    """The learners of the centres `user` manages with an e-mail address, no login and no
    pending invitation: whom the bulk invitation invites."""
    learners = Learner.objects.select_related("cohort", "cohort__training_centre").filter(
        cohort__training_centre__in=managed_centres(user),
        user__isnull=True,
        erased_on__isnull=True,
    )
    if cohort is not None:
        learners = learners.filter(cohort=cohort)
    learners = learners.exclude(email="")
    return _without_open_invitation(learners, "learner", now=now).order_by(
        "cohort__name", "last_name", "first_name"
    )


def learners_without_email(user: Any, *, cohort: Any = None) -> QuerySet[Learner]:
    learners = Learner.objects.filter(
        cohort__training_centre__in=managed_centres(user),
        user__isnull=True,
        erased_on__isnull=True,
        email="",
    )
    return learners if cohort is None else learners.filter(cohort=cohort)


def invitable_contacts(user: Any, *, now: datetime) -> QuerySet[CompanyContact]:
    """The apprenticeship masters and internship tutors (of the shared company directory) with
    an e-mail address, no login and no pending invitation."""
    if not may_manage_accounts(user):
        return CompanyContact.objects.none()
    contacts = CompanyContact.objects.select_related("company").filter(
        Q(is_apprenticeship_master=True) | Q(is_internship_tutor=True),
        user__isnull=True,
    )
    contacts = contacts.exclude(email="")
    return _without_open_invitation(contacts, "contact", now=now).order_by(
        "company__name", "last_name", "first_name"
    )


# Erasure of a person (learners.personal_data.erase_person): an invitation to open their login
# only repeats who they are.
erasure_deletes(Invitation)
