"""The main menu of every page, in one place: a domain app adds its pages with one line in
`MENU`, naming who sees the entry (the page itself still checks who may open it)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ndrc.admissions.access import may_use_admissions
from ndrc.core.models import Role
from ndrc.core.permissions import is_administrator, is_manager, request_user, roles_of
from ndrc.core.ui.routes import route_address
from ndrc.gradebook.selectors import bulletins_shared_with
from ndrc.indicators.selectors import may_read_indicators

STAFF = {Role.TRAINING_MANAGER, Role.TEACHER, Role.EXAM_OFFICE}


def everyone(user: Any) -> bool:
    return True


def logged_in(user: Any) -> bool:
    return user.is_authenticated


def staff(user: Any) -> bool:
    """The centre's staff: training managers, teachers, the exam office, administrators."""
    return bool(roles_of(user) & STAFF) or is_administrator(user)


def managers(user: Any) -> bool:
    return is_manager(user)


def learners(user: Any) -> bool:
    """A learner: their own record."""
    return Role.LEARNER in roles_of(user)


def teachers(user: Any) -> bool:
    """A teacher: the activity sheets they review."""
    return Role.TEACHER in roles_of(user)


def beyond_own_record(user: Any) -> bool:
    """Whoever reaches other people's records: anyone logged in but a learner who is only that
    (a learner's lists would hold only themselves)."""
    return user.is_authenticated and (
        is_administrator(user) or bool(roles_of(user) - {Role.LEARNER})
    )


def sits_exams(user: Any) -> bool:
    """The exam sessions' people (exam office, training managers, administrators) and the
    learners (their registration and results); masters, tutors and teachers have none."""
    return bool(roles_of(user) & {Role.EXAM_OFFICE, Role.TRAINING_MANAGER, Role.LEARNER}) or (
        is_administrator(user)
    )


def reads_marks(user: Any) -> bool:
    """The staff and the learners; a master or tutor only where the centre shares bulletins."""
    return staff(user) or learners(user) or bulletins_shared_with(user)


def follows_apprentices(user: Any) -> bool:
    """The follow-up's people: apprentices, their masters, referent teachers, managers (not an
    internship tutor or the exam office, who have no follow-up)."""
    followed = {Role.LEARNER, Role.APPRENTICESHIP_MASTER, Role.TEACHER, Role.TRAINING_MANAGER}
    return bool(roles_of(user) & followed) or is_administrator(user)


def sees_attendance(user: Any) -> bool:
    """Anyone logged in but an internship tutor only that (a student's internship has no sign-in
    sheet)."""
    return user.is_authenticated and (
        is_administrator(user) or bool(roles_of(user) - {Role.INTERNSHIP_TUTOR})
    )


@dataclass(frozen=True)
class MenuEntry:
    label: Promise
    url_name: str
    shown_to: Callable[[Any], bool]


MENU = (
    MenuEntry(_("Référentiel"), "frameworks:index", everyone),
    MenuEntry(_("Simulateur de délibération"), "exams:simulator", everyone),
    MenuEntry(_("Mon dossier"), "learners:mine", learners),
    MenuEntry(_("Apprenants"), "learners:list", beyond_own_record),
    MenuEntry(_("Entreprises"), "companies:list", staff),
    MenuEntry(_("Alternance"), "contracts:index", logged_in),
    MenuEntry(_("Portfolio"), "portfolio:index", logged_in),
    MenuEntry(_("Fiches à relire"), "portfolio:to_review", teachers),
    MenuEntry(_("Évaluations"), "assessments:index", logged_in),
    MenuEntry(_("Emploi du temps"), "timetable:index", logged_in),
    MenuEntry(_("Émargement"), "attendance:index", sees_attendance),
    MenuEntry(_("Suivi en entreprise"), "followup:index", follows_apprentices),
    MenuEntry(_("Examens"), "exams:sessions", sits_exams),
    MenuEntry(_("Notes et bulletins"), "gradebook:index", reads_marks),
    MenuEntry(_("Imports"), "imports:index", managers),
    MenuEntry(_("Indicateurs"), "indicators:index", may_read_indicators),
    MenuEntry(_("Enquêtes"), "indicators:surveys", managers),
    MenuEntry(_("Comptes"), "accounts:users", managers),
    MenuEntry(_("Jetons d'API"), "api_tokens:list", staff),
    MenuEntry(_("Admissions"), "admissions:index", may_use_admissions),
    MenuEntry(_("Rechercher"), "search", beyond_own_record),
)


def menu(request: HttpRequest) -> dict:
    """Context processor: the menu entries the user sees, as (label, address)."""
    if getattr(request, "user", None) is None:
        return {"menu": []}
    user = request_user(request)  # asked for its roles by most entries
    return {
        "menu": [
            (entry.label, route_address(entry.url_name)) for entry in MENU if entry.shown_to(user)
        ]
    }
