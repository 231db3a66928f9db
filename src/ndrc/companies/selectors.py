"""Reads of companies, their people and supervisions, filtered by what the user may see.

The company directory is shared by the centres of a site (a company is keyed by its SIRET):
the staff of any centre (training manager, teacher, exam office) see every company and its
contacts; a company's people see their own company; a learner sees the companies and contacts
that supervise them. Supervisions follow the learner's reach (`learners.selectors`).
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from ndrc.companies.models import Company, CompanyContact, Supervision
from ndrc.core.models import Role
from ndrc.core.permissions import (
    Access,
    Action,
    centres_where,
    get_record_for,
    is_administrator,
    is_manager,
    read_once,
    rule,
    within_reach,
)
from ndrc.core.text import Folded, fold
from ndrc.learners.models import Learner
from ndrc.learners.selectors import (
    NO_BRANCH,
    holds_supervisor_role,
    learner_access,
    own_record,
    reach_of,
    visible_learners,
)

STAFF_ROLES = (Role.TRAINING_MANAGER, Role.TEACHER, Role.EXAM_OFFICE)


def _is_staff(user: Any) -> bool:
    return bool(centres_where(user, *STAFF_ROLES))


def visible_companies(user: Any) -> QuerySet[Company]:
    base = Company.objects.all()
    if not user.is_authenticated or not user.is_active:
        return base.none()
    if is_administrator(user) or _is_staff(user):
        return base
    own_contact = Q(contacts__user=user) if holds_supervisor_role(user) else NO_BRANCH
    reach = reach_of(own_contact, own_record(user, "contacts__supervisions__learner__user"))
    return base.none() if reach is NO_BRANCH else base.filter(reach).distinct()


def search_companies(user: Any, query: str, *, on: date, limit: int) -> QuerySet[Company]:
    """The companies `user` can reach by name, SIRET (its first digits) or city, accents and
    capitals aside (`core.text`): what a result shows of them (`_search_results.html`), their
    folded name and city asked in the condition only."""
    folded = fold(query)
    return (
        visible_companies(user)
        .only("name", "siret", "city")
        .alias(folded_name=Folded("name"), folded_city=Folded("city"))
        .filter(
            Q(folded_name__contains=folded)
            | Q(siret__startswith=query.replace(" ", ""))
            | Q(folded_city__contains=folded)
        )[:limit]
    )


def visible_contacts(user: Any) -> QuerySet[CompanyContact]:
    base = CompanyContact.objects.select_related("company")
    if not user.is_authenticated or not user.is_active:
        return base.none()
    if is_administrator(user) or _is_staff(user):
        return base
    colleagues = Q(company__contacts__user=user) if holds_supervisor_role(user) else NO_BRANCH
    reach = reach_of(colleagues, own_record(user, "supervisions__learner__user"))
    return base.none() if reach is NO_BRANCH else base.filter(reach).distinct()


def visible_supervisions(user: Any) -> QuerySet[Supervision]:
    """Supervisions of the learners the user can reach (a tutor: their own, while they run)."""
    return Supervision.objects.select_related("learner", "contact", "contact__company").filter(
        learner__in=visible_learners(user)
    )


def supervisions_running(user: Any, *, on: date) -> QuerySet[Supervision]:
    """The supervisions `user` holds as a company contact running on `on` (begun, not ended)
    of learners not erased, as a query (to ask in another: `running_supervisions` reads them);
    none while `user` holds no master's or tutor's role."""
    if not holds_supervisor_role(user):
        return Supervision.objects.none()
    return Supervision.objects.filter(
        contact__user=user, start__lte=on, learner__erased_on__isnull=True
    ).filter(Q(end__isnull=True) | Q(end__gte=on))


def running_supervisions(user: Any, *, on: date) -> tuple[Supervision, ...]:
    """`supervisions_running`, with their contact, their learner, its cohort and centre: read
    once per user object (a request's, as its roles are) and date, however many of the
    dashboard's panels ask for them (none when `keep_running_supervisions` found them among the
    rows already read)."""
    if not user.is_authenticated:
        return ()
    return read_once(
        user,
        ("running_supervisions", on),
        lambda: tuple(
            supervisions_running(user, on=on).select_related(
                "contact", "learner__cohort__training_centre"
            )
        ),
    )


def keep_running_supervisions(user: Any, learners: Iterable[Learner], *, on: date) -> None:
    """Keep, as `running_supervisions(user, on=on)` for the rest of the request, those among
    the supervisions already loaded with `learners` (`learner_rows`' `loaded_supervisions`,
    with their contact; each with its learner, its cohort and centre), read again by nobody.
    `learners` must hold every learner `user` supervises on `on` (the learners within their
    reach that day, `visible_learners`, hold them all: none for a deactivated account, whose
    supervisions are left to the query)."""
    if not user.is_authenticated or not user.is_active:
        return
    held = sorted(  # in the model's order (latest start first), as the query reads them
        (
            supervision
            for learner in learners
            for supervision in learner.loaded_supervisions
            if supervision.contact.user_id == user.pk and supervision.covers(on)
        ),
        key=lambda supervision: (-supervision.start.toordinal(), supervision.pk),
    )
    read_once(user, ("running_supervisions", on), lambda: tuple(held))


def learners_supervised_by(user: Any, company: Company, *, on: date) -> QuerySet[Learner]:
    """The learners `user` can reach on `on` whom a person of `company` supervises that day."""
    running = Supervision.objects.filter(
        learner=OuterRef("pk"), contact__company=company, start__lte=on
    ).filter(Q(end__isnull=True) | Q(end__gte=on))
    return visible_learners(user, on=on).filter(Exists(running))


def _read_or_manage(user: Any, action: Action) -> Access:
    if is_manager(user):
        return Access.ALLOWED
    return Access.ALLOWED if action in (Action.VIEW, Action.VIEW_HISTORY) else Access.DENIED


@rule(Company)
def _company_rule(user: Any, action: Action, company: Company) -> Access:
    if not within_reach(user, company, visible_companies):
        return Access.HIDDEN
    return _read_or_manage(user, action)


def company_permissions(user: Any, company: Company) -> dict[str, bool]:
    """`can(user, action, company)` for every action, keyed by its value, the company's reach
    read once instead of once per action."""
    if user is None or not user.is_authenticated or not user.is_active:
        allowed: set[Action] = set()
    elif is_administrator(user):
        allowed = set(Action)
    elif not visible_companies(user).filter(pk=company.pk).exists():
        allowed = set()
    else:
        allowed = {a for a in Action if _read_or_manage(user, a) is Access.ALLOWED}
    return {action.value: action in allowed for action in Action}


@rule(CompanyContact)
def _contact_rule(user: Any, action: Action, contact: CompanyContact) -> Access:
    if not within_reach(user, contact, visible_contacts):
        return Access.HIDDEN
    return _read_or_manage(user, action)


@rule(Supervision)
def _supervision_rule(user: Any, action: Action, supervision: Supervision) -> Access:
    # Who may change a supervision is who may change the learner's record.
    answer = learner_access(user, Action.VIEW, supervision.learner)
    if answer is Access.HIDDEN:
        return answer
    if action in (Action.VIEW, Action.VIEW_HISTORY):
        return Access.ALLOWED
    return learner_access(user, Action.CHANGE, supervision.learner)


def get_company_for(user: Any, pk: int, action: Action | str = Action.VIEW) -> Company:
    """The company `pk` if `user` may do `action`: Http404 out of reach, 403 if forbidden."""
    return get_record_for(
        user, visible_companies(user), pk, action, not_found="Entreprise introuvable."
    )


def get_contact_for(user: Any, pk: int, action: Action | str = Action.VIEW) -> CompanyContact:
    return get_record_for(
        user, visible_contacts(user), pk, action, not_found="Contact introuvable."
    )


def supervisions_of(learner: Any) -> QuerySet[Supervision]:
    """All supervisions of a learner (the caller has checked the learner is visible)."""
    return learner.supervisions.select_related("contact", "contact__company")
