"""The panels domain apps add to the dashboard, one line each in `PANELS`.

A panel is an app's answer to "what needs this person's attention today": a function of the
app's selectors, `read(user, *, on)`, returning what to show (None or empty: the panel is not
shown), and the app's template that shows it (given `panel`: what `read` returned). `roles`
says who sees it (None: whoever is logged in); `read` still reads only what the user may reach,
through the app's `visible_*` selectors. The role sections above them (training manager, exam
office, teacher, learner, company) gather several apps at once and are the dashboard's own
(`dashboard.selectors`).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from ndrc.admissions.selectors import manager_panel
from ndrc.attendance.selectors import dashboard_panels as attendance_panels
from ndrc.core.models import Role
from ndrc.exams.selectors import dashboard_panel as exams_panel
from ndrc.followup.selectors import dashboard_panel as followup_panel
from ndrc.gradebook import selectors as gradebook
from ndrc.indicators import selectors as indicators


@dataclass(frozen=True)
class Panel:
    template: str  # e.g. "attendance/_dashboard_learner.html"
    read: Callable[..., Any]  # (user, *, on) → the panel's data; None or empty: not shown
    roles: frozenset[str] | None = None  # who sees it; None: whoever is logged in


@dataclass(frozen=True)
class ShownPanel:
    template: str
    data: Any


# In page order, after the role sections. A new app adds its line, for instance:
#   Panel("attendance/_dashboard_learner.html", half_days_to_sign, frozenset({Role.LEARNER})),
PANELS: tuple[Panel, ...] = (
    Panel(
        "admissions/_dashboard_manager.html",
        manager_panel,
        frozenset({Role.TRAINING_MANAGER, Role.ADMINISTRATOR}),
    ),
    # Teaching year: a teacher's gradebooks, a learner's marks and bulletins, the training
    # manager's councils, a master's bulletins. A gradebook is kept by a teacher of the centre
    # or an administrator (`gradebook.services.open_gradebook`): a manager who keeps one holds
    # the teacher role too, and keeps the panel; a master, tutor or learner has none to read.
    Panel(
        "gradebook/_dashboard_teacher.html",
        gradebook.teacher_panel,
        frozenset({Role.TEACHER, Role.ADMINISTRATOR}),
    ),
    Panel("gradebook/_dashboard_learner.html", gradebook.learner_panel),
    Panel(
        "gradebook/_dashboard_manager.html",
        gradebook.manager_panel,
        frozenset({Role.TRAINING_MANAGER, Role.ADMINISTRATOR}),
    ),
    Panel(
        "gradebook/_dashboard_supervisor.html",
        gradebook.supervised_bulletins,
        frozenset({Role.APPRENTICESHIP_MASTER, Role.INTERNSHIP_TUTOR}),
    ),
    # Teachers' sheets of the day, a learner's hours, a master's apprentices, a manager's plan.
    Panel("attendance/_panels.html", attendance_panels),
    # The follow-up in the company: the manager's and the referent's visits and learners at
    # risk, the master's apprentices, the apprentice's logbook periods left empty.
    Panel("followup/_dashboard.html", followup_panel),
    Panel("exams/_dashboard_panel.html", exams_panel),  # exam office, manager, candidate
    Panel(
        "indicators/_dashboard_manager.html",
        indicators.manager_panel,
        frozenset({Role.TRAINING_MANAGER}),
    ),
)


def panels_for(user: Any, roles: set[str], *, on: date) -> tuple[ShownPanel, ...]:
    """The panels `user`, holding `roles`, sees on `on`, each with what it shows."""
    shown = []
    for panel in PANELS:
        if panel.roles is not None and not panel.roles & roles:
            continue
        data = panel.read(user, on=on)
        if data:
            shown.append(ShownPanel(panel.template, data))
    return tuple(shown)
