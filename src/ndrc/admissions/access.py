"""Who reaches what in admissions (the rules of `core.permissions`, 404 out of reach, 403 when
the role may not).

| who | reaches |
|---|---|
| training manager of the centre | its intakes, applications, offers: every action |
| disability referent of the centre | its applications, read-only; writes the adaptations |
| administrator | everything |
| the applicant | their own file, through their personal link only (no login) |
| a company | its offer and the candidates proposed on it, through its link only |

The confidential part of the adaptations (`needs`) is read by the referents and the
administrators only (`may_read_needs`).
"""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from ndrc.admissions.models import (
    Application,
    DisabilityReferent,
    Intake,
    Offer,
    Outcome,
)
from ndrc.admissions.tokens import digest
from ndrc.core.models import Role
from ndrc.core.permissions import (
    Access,
    Action,
    centres_where,
    get_record_for,
    is_administrator,
    read_once,
    roles_of,
    rule,
)


def managed_centres(user: Any) -> set[int] | None:
    """Ids of the centres whose admissions `user` manages; None: every centre (administrator)."""
    if is_administrator(user):
        return None
    return centres_where(user, Role.TRAINING_MANAGER)


def referent_centres(user: Any) -> set[int]:
    """Ids of the centres where `user` is the disability referent (read once per user object)."""
    return read_once(
        user,
        "referent_centres",
        lambda: set(
            DisabilityReferent.objects.filter(user=user).values_list(
                "training_centre_id", flat=True
            )
        ),
    )


def may_manage(user: Any) -> bool:
    """True when `user` manages the admissions of at least one centre (menus, dashboard)."""
    if not user.is_authenticated or not user.is_active:
        return False
    centres = managed_centres(user)
    return centres is None or bool(centres)


def may_use_admissions(user: Any) -> bool:
    """Training managers, disability referents and administrators (the menu asks it on every
    page: a referent is staff of the centre, so no one else costs a query)."""
    if may_manage(user):
        return True
    staff = roles_of(user) & {Role.TEACHER, Role.EXAM_OFFICE}
    return bool(staff and referent_centres(user))


def _centre_filter(user: Any, field: str, *, referents: bool) -> Q | None:
    """None: no restriction; else the centres reached, by `field`."""
    managed = managed_centres(user)
    if managed is None:
        return None
    centres = set(managed)
    if referents:
        centres |= referent_centres(user)
    return Q(**{f"{field}__in": centres})


def visible_intakes(user: Any) -> QuerySet[Intake]:
    base = Intake.objects.select_related("cohort", "training_centre")
    if not user.is_authenticated or not user.is_active:
        return base.none()
    reach = _centre_filter(user, "training_centre_id", referents=True)
    return base if reach is None else base.filter(reach)


def visible_applications(user: Any) -> QuerySet[Application]:
    """The applications `user` may open (merged duplicates included: their page says where
    they went)."""
    base = Application.objects.select_related("intake", "intake__cohort")
    if not user.is_authenticated or not user.is_active:
        return base.none()
    reach = _centre_filter(user, "intake__training_centre_id", referents=True)
    return base if reach is None else base.filter(reach)


def visible_offers(user: Any) -> QuerySet[Offer]:
    base = Offer.objects.select_related("company")
    if not user.is_authenticated or not user.is_active:
        return base.none()
    reach = _centre_filter(user, "training_centre_id", referents=False)
    return base if reach is None else base.filter(reach)


def _manager_or_reader(user: Any, centre_id: int, action: Action) -> Access:
    managed = managed_centres(user)
    if managed is None or centre_id in managed:
        return Access.ALLOWED
    if centre_id in referent_centres(user):
        return Access.ALLOWED if action == Action.VIEW else Access.DENIED
    return Access.HIDDEN


@rule(Intake)
def _intake_rule(user: Any, action: Action, intake: Intake) -> Access:
    return _manager_or_reader(user, intake.training_centre_id, action)


@rule(Application)
def _application_rule(user: Any, action: Action, application: Application) -> Access:
    return _manager_or_reader(user, application.intake.training_centre_id, action)


@rule(Offer)
def _offer_rule(user: Any, action: Action, offer: Offer) -> Access:
    managed = managed_centres(user)
    return (
        Access.ALLOWED
        if managed is None or offer.training_centre_id in managed
        else (Access.HIDDEN)
    )


def may_read_needs(user: Any, application: Application) -> bool:
    """The confidential part of the adaptations: the centre's referents and administrators."""
    return is_administrator(user) or (
        application.intake.training_centre_id in referent_centres(user)
    )


def may_record_adaptation(user: Any, application: Application) -> bool:
    return may_read_needs(user, application)


def get_intake_for(user: Any, pk: int, action: Action | str = Action.VIEW) -> Intake:
    return get_record_for(user, visible_intakes(user), pk, action, not_found="Session introuvable.")


def get_application_for(user: Any, pk: int, action: Action | str = Action.VIEW) -> Application:
    return get_record_for(
        user, visible_applications(user), pk, action, not_found="Candidature introuvable."
    )


def get_offer_for(user: Any, pk: int, action: Action | str = Action.VIEW) -> Offer:
    return get_record_for(user, visible_offers(user), pk, action, not_found="Offre introuvable.")


def application_by_token(token: str) -> Application:
    """The application of a personal link; Http404 for any other string (no hint which)."""
    found = (
        Application.objects.select_related("intake", "intake__training_centre")
        .filter(access_token_digest=digest(token))
        .exclude(outcome=Outcome.MERGED)
        .first()
    )
    if found is None:
        raise Http404("Lien inconnu ou remplacé.")
    return found


def offer_by_token(token: str) -> Offer:
    """The offer of a company's link; Http404 for any other string."""
    found = (
        Offer.objects.select_related("training_centre")
        .filter(access_token_digest=digest(token))
        .first()
    )
    if found is None:
        raise Http404("Lien inconnu ou remplacé.")
    return found
