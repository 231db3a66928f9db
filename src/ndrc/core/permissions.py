"""Who may do what: roles in a centre, and object-level rules that selectors and services apply.

The rule of answers, used everywhere (pages, API, services):
- a record outside a user's reach does not exist for them: **404** (`Http404`), so that ids
  cannot be probed;
- a record within reach but an action the role does not allow: **403** (`PermissionDenied`).

Each app registers the rules of its models with `@rule(Model)`; `can(user, action, obj)`
dispatches to them. A rule answers `Access.HIDDEN` (out of reach), `Access.DENIED` (reachable,
action forbidden) or `Access.ALLOWED`.
"""

import enum
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest

from ndrc.core.models import Membership, Role, TrainingCentre

T = TypeVar("T")


class Action(enum.StrEnum):
    VIEW = "view"
    CHANGE = "change"
    DELETE = "delete"
    VIEW_HISTORY = "view_history"  # the record's audit trail
    # Sections of a learner's record, beyond the identity and contact every reachable role sees.
    VIEW_IDENTIFIERS = "view_identifiers"  # INE, Parcoursup number, home address
    VIEW_GUARDIAN = "view_guardian"
    VIEW_ACCOMMODATION = "view_accommodation"  # disability accommodation, extra time
    VIEW_GRADES = "view_grades"
    EXPORT_PERSONAL_DATA = "export_personal_data"
    ERASE_PERSONAL_DATA = "erase_personal_data"
    # Portfolio: a teacher comments on, validates or returns a learner's work; a company's
    # apprenticeship master or internship tutor attests an activity.
    REVIEW = "review"
    ATTEST = "attest"


class Access(enum.Enum):
    HIDDEN = "hidden"
    DENIED = "denied"
    ALLOWED = "allowed"


Rule = Callable[[Any, Action, Any], Access]
_RULES: dict[type[models.Model], Rule] = {}


def rule(model: type[models.Model]) -> Callable[[Rule], Rule]:
    """Register the object-level rule of a model."""

    def register(function: Rule) -> Rule:
        _RULES[model] = function
        return function

    return register


def access(
    user: Any, action: Action | str, obj: models.Model, *, by_rule: Rule | None = None
) -> Access:
    """`by_rule`: the model's rule with what it reads already read (a page asking it for several
    actions: `allowed_actions`), instead of the one registered."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Access.HIDDEN
    if is_administrator(user):
        return Access.ALLOWED
    function = by_rule or _RULES.get(type(obj)._meta.concrete_model)
    if function is None:
        return Access.HIDDEN
    return function(user, Action(action), obj)


def allowed_actions(
    user: Any, obj: models.Model, actions: Iterable[Action], *, by_rule: Rule
) -> dict[str, bool]:
    """`can(user, action, obj)` for each of `actions`, keyed by its value, where `by_rule` is the
    object's rule with what it reads (the user's relationships to the object) read once by the
    caller, not once per action."""
    return {
        action.value: access(user, action, obj, by_rule=by_rule) is Access.ALLOWED
        for action in actions
    }


def can(user: Any, action: Action | str, obj: models.Model) -> bool:
    """True when `user` may do `action` on `obj`."""
    return access(user, action, obj) is Access.ALLOWED


def require(user: Any, action: Action | str, obj: models.Model) -> None:
    """Raise Http404 when `obj` is out of reach, PermissionDenied when `action` is forbidden."""
    refuse_unless_allowed(access(user, action, obj))


def refuse_unless_allowed(answer: Access) -> None:
    """`require`'s refusal of an answer already known: Http404 when hidden, PermissionDenied
    when denied."""
    if answer is Access.HIDDEN:
        raise Http404("Enregistrement introuvable.")
    if answer is Access.DENIED:
        raise PermissionDenied("Action non autorisée pour votre rôle.")


def get_record_for(
    user: Any, records: models.QuerySet, pk: Any, action: Action | str, *, not_found: str
) -> Any:
    """The record `pk` among `records` (those within the user's reach) if `user` may do `action`
    on it: Http404 with the French `not_found` out of reach, PermissionDenied if forbidden. The
    record found is marked as within `user`'s reach: a rule reading its model's visible records
    (`within_reach`) asks no more, so `records` must be no wider than those."""
    # One row at most: no ordering to compile (`first()` would add the model's).
    found = records.filter(pk=pk).order_by()[:1]
    if not found:
        raise Http404(not_found)
    obj = found[0]
    mark_reached(user, [obj])  # found among `records`: the rules need not ask again
    require(user, action, obj)
    return obj


def mark_reached(user: Any, objs: Any) -> None:
    """Mark `objs`, read among the records within `user`'s reach as their model's rule reads
    them (`within_reach`), as within reach: the rule asks no more."""
    for obj in objs:
        obj._ndrc_reached_by = user.pk


def within_reach(user: Any, obj: models.Model, visible: Callable[[Any], models.QuerySet]) -> bool:
    """Whether `obj` is among `visible(user)` (the records within `user`'s reach, as a rule
    reads them): known without building nor running the query when `get_record_for` loaded it
    from them."""
    reached_by = getattr(obj, "_ndrc_reached_by", None)
    if reached_by is not None and reached_by == user.pk:
        return True
    return visible(user).filter(pk=obj.pk).exists()


def is_administrator(user: Any) -> bool:
    """Administrators (or Django superusers) see and change everything, in every centre."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or _roles(user).get(Role.ADMINISTRATOR) is not None


def is_manager(user: Any, training_centre: TrainingCentre | None = None) -> bool:
    """True when `user` is training manager of `training_centre` (of any centre when None) or
    an administrator."""
    if is_administrator(user):
        return True
    centres = centres_where(user, Role.TRAINING_MANAGER)
    return bool(centres) if training_centre is None else training_centre.pk in centres


def read_once(user: Any, key: Hashable, read: Callable[[], T]) -> T:
    """What `read()` returns for `user`, read once per user object (a request's: however many
    checks, panels and menus of the page ask for it) and kept under `key`."""
    kept = getattr(user, "_ndrc_read", None)  # through `request.user`'s lazy object too
    if kept is None:
        kept = user._ndrc_read = {}
    if key not in kept:
        kept[key] = read()
    return kept[key]


def request_user(request: HttpRequest) -> Any:
    """The user of `request` itself, not the lazy stand-in Django gives as `request.user` (read
    once per request, as the stand-in reads it): through the stand-in, each attribute read costs
    four calls and an exception, and a page gathering many reads asks its user for its roles and
    kept reads hundreds of times."""
    user = request.user
    user.is_authenticated  # noqa: B018  (the stand-in reads the user, once)
    return getattr(user, "_wrapped", user)


def kept(user: Any, key: Hashable, default: Any = None) -> Any:
    """What `read_once` keeps for `user` under `key` (`default` while nothing is kept)."""
    return getattr(user, "_ndrc_read", {}).get(key, default)


def _roles(user: Any) -> dict[str, set[int]]:
    """Role → ids of the centres where the user holds it (read once per user object)."""

    def read() -> dict[str, set[int]]:
        roles: dict[str, set[int]] = {}
        for role, centre_id in Membership.objects.filter(user=user).values_list(
            "role", "training_centre_id"
        ):
            roles.setdefault(role, set()).add(centre_id)
        return roles

    return read_once(user, "roles", read)


def centres_where(user: Any, *roles: Role) -> set[int]:
    """Ids of the centres where the user holds one of `roles`."""
    if not user.is_authenticated:
        return set()
    found: set[int] = set()
    for role in roles:
        found |= _roles(user).get(role, set())
    return found


def roles_of(user: Any, training_centre: TrainingCentre | None = None) -> set[str]:
    """The roles of a user, in one centre or anywhere."""
    if not user.is_authenticated:
        return set()
    return {
        role
        for role, centres in _roles(user).items()
        if training_centre is None or training_centre.pk in centres
    }


def forget_roles(user: Any) -> None:
    """Drop the roles read for `user` (`_roles`, read once) after a membership change."""
    getattr(user, "_ndrc_read", {}).pop("roles", None)


def today():
    """The date access rules are evaluated on (a supervision gives access while it runs).

    Access is a question about now, asked at the edge: selectors take `on=` and default to the
    local date here, the one place below the views where the clock is read.
    """
    from django.utils import timezone

    return timezone.localdate()
