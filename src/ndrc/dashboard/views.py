"""Home (public) or dashboard (logged in), and the search across the apps."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ndrc.core.permissions import request_user
from ndrc.core.ui.views import FIRST_LINES, paginated
from ndrc.dashboard.search import search
from ndrc.dashboard.selectors import MANAGER_LISTS, manager_watch_for
from ndrc.dashboard.stored import dashboard_page


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "dashboard/home.html")
    # Time enters here: access and statuses are those of today (Europe/Paris). The dashboard is
    # stored until a record changes (`dashboard.stored`).
    user = request_user(request)  # asked for its roles and kept reads by every panel
    stored = dashboard_page(user, on=timezone.localdate())
    return render(request, "dashboard/dashboard.html", {"stored": stored})


@login_required
def search_page(request: HttpRequest) -> HttpResponse:
    results = search(request.user, request.GET.get("q", ""), on=timezone.localdate())
    template = (
        "dashboard/_search_results.html"
        if request.headers.get("HX-Request")
        else "dashboard/search.html"
    )
    return render(request, template, {"results": results})


@login_required
def manager_list(request: HttpRequest, name: str) -> HttpResponse:
    """One of the training manager's lists in whole: its page, or (htmx, when the dashboard's
    folded list is unfolded) the lines after those the dashboard shows."""
    if name not in MANAGER_LISTS:
        raise Http404
    watch = manager_watch_for(request.user, on=timezone.localdate())
    if watch is None:
        raise Http404
    attribute, item_template, heading = MANAGER_LISTS[name]
    # By pages: at a centre's size a list holds hundreds of lines (each dossier's findings).
    page, params = paginated(request, getattr(watch, attribute))
    if request.headers.get("HX-Request"):  # unfolded: the rest of the first page, then a link
        context = {
            "items": page.object_list[FIRST_LINES:],
            "item_template": item_template,
            "next_page": page if page.has_next() else None,
        }
        return render(request, "dashboard/_list_lines.html", context)
    context = {
        "items": page.object_list,
        "item_template": item_template,
        "heading": heading,
        "page": page,
        "params": params,
    }
    return render(request, "dashboard/list.html", context)
