"""The search across the apps: each app says how it finds its records among those the user can
reach (a function of its selectors) and how it shows them (its template); a new app adds one
line to `SEARCHES`."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ndrc.companies.selectors import search_companies
from ndrc.learners.selectors import search_learners

LIMIT = 50  # results per app, at most


@dataclass(frozen=True)
class Search:
    title: Promise
    find: Callable[..., Sequence[Any]]  # (user, query, *, on, limit) → what was found
    template: str  # shows `found` (the app's results, perhaps none)


SEARCHES = (
    Search(_("Apprenants"), search_learners, "learners/_search_results.html"),
    Search(_("Entreprises"), search_companies, "companies/_search_results.html"),
)


@dataclass(frozen=True)
class Found:
    title: Promise
    template: str
    found: tuple[Any, ...]


@dataclass(frozen=True)
class SearchResults:
    query: str
    sections: tuple[Found, ...]


def search(user: Any, query: str, *, on: date) -> SearchResults:
    """What each app finds for `query` among the records `user` can reach on `on`; nothing for a
    query under two characters."""
    query = " ".join(query.split())[:100]
    if len(query) < 2:
        return SearchResults(query, ())
    return SearchResults(
        query,
        tuple(
            Found(s.title, s.template, tuple(s.find(user, query, on=on, limit=LIMIT)))
            for s in SEARCHES
        ),
    )
