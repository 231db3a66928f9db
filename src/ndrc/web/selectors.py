"""Reads of the pages: dashboard, learner rows (status, company, tutor) and search.

Everything starts from the selectors of the apps (`visible_learners`, `visible_cohorts`,
`visible_companies`), so a page never shows a record its reader may not reach.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from ndrc.companies.models import Company, Supervision
from ndrc.companies.selectors import visible_companies
from ndrc.core.models import Role
from ndrc.core.permissions import is_administrator, roles_of
from ndrc.learners.models import Cohort, Learner, candidate_category_choices
from ndrc.learners.selectors import visible_cohorts, visible_learners

SEARCH_LIMIT = 50


@dataclass(frozen=True)
class LearnerRow:
    """A learner as the lists show them: status on a date, company and tutor."""

    learner: Learner
    category: str
    category_label: str
    supervisions: tuple[Supervision, ...]

    @property
    def companies(self) -> str:
        return ", ".join(dict.fromkeys(s.contact.company.name for s in self.supervisions))

    @property
    def supervisors(self) -> str:
        return ", ".join(s.contact.full_name for s in self.supervisions)


def learner_rows(learners: QuerySet[Learner], *, on: date) -> list[LearnerRow]:
    """Rows of learners with their category and the supervisions running on `on`."""
    learners = learners.prefetch_related(
        "category_periods",
        Prefetch(
            "supervisions",
            queryset=Supervision.objects.select_related("contact", "contact__company"),
        ),
    )
    labels: dict[str, dict[str, str]] = {}
    rows = []
    for learner in learners:
        framework = learner.cohort.framework
        if framework not in labels:
            labels[framework] = dict(candidate_category_choices(framework))
        category = learner.category_on(on) or ""
        running = tuple(s for s in learner.supervisions.all() if s.covers(on))
        rows.append(LearnerRow(learner, category, labels[framework].get(category, ""), running))
    return rows


# The columns of the learner exports (CSV, XLSX): what the list pages show, nothing more.
EXPORT_COLUMNS = (
    ("learner.last_name", "Nom"),
    ("learner.first_name", "Prénom"),
    ("learner.cohort.name", "Promotion"),
    ("category_label", "Statut"),
    ("companies", "Entreprise"),
    ("supervisors", "Maître d'apprentissage / tuteur"),
    ("learner.email", "Courriel"),
    ("learner.phone", "Téléphone"),
)


def cohorts_with_counts(user: Any) -> QuerySet[Cohort]:
    return visible_cohorts(user).annotate(
        learner_count=Count("learners", filter=Q(learners__erased_on__isnull=True), distinct=True)
    )


@dataclass(frozen=True)
class Dashboard:
    roles: tuple[str, ...]
    cohorts: tuple[Cohort, ...] = ()
    # Learners reached without a cohort list: a learner's own record, a tutor's apprentices.
    learner_rows: tuple[LearnerRow, ...] = ()
    companies: tuple[Company, ...] = field(default=())
    own_record: Learner | None = None


def dashboard_for(user: Any, *, on: date) -> Dashboard:
    """What the home page shows a logged-in user, by what their roles reach."""
    roles = roles_of(user) | ({Role.ADMINISTRATOR} if is_administrator(user) else set())
    role_labels = tuple(label for value, label in Role.choices if value in roles)
    cohorts = tuple(cohorts_with_counts(user))
    own = visible_learners(user, on=on).filter(user=user).first()
    rows: tuple[LearnerRow, ...] = ()
    companies: tuple[Company, ...] = ()
    if not cohorts:
        rows = tuple(learner_rows(visible_learners(user, on=on).exclude(user=user), on=on))
        companies = tuple(visible_companies(user))
    return Dashboard(role_labels, cohorts, rows, companies, own)


@dataclass(frozen=True)
class SearchResults:
    query: str
    learners: tuple[LearnerRow, ...]
    companies: tuple[Company, ...]


def search(user: Any, query: str, *, on: date) -> SearchResults:
    """Learners by name, companies by name, SIRET or city, among what the user can reach.

    Learners are searched by name only: searching by INE would tell a reader who may not see
    identifiers whom an INE belongs to.
    """
    query = " ".join(query.split())[:100]
    if len(query) < 2:
        return SearchResults(query, (), ())
    learners = visible_learners(user, on=on)
    for word in query.split():
        learners = learners.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    companies = visible_companies(user).filter(
        Q(name__icontains=query)
        | Q(siret__startswith=query.replace(" ", ""))
        | Q(city__icontains=query)
    )
    return SearchResults(
        query,
        tuple(learner_rows(learners[:SEARCH_LIMIT], on=on)),
        tuple(companies[:SEARCH_LIMIT]),
    )
