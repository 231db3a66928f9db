"""Home (public) or dashboard (logged in), and the search across the apps."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ndrc.dashboard.search import search
from ndrc.dashboard.selectors import dashboard_for


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "dashboard/home.html")
    # Time enters here: access and statuses are those of today (Europe/Paris).
    dashboard = dashboard_for(request.user, on=timezone.localdate())
    return render(request, "dashboard/dashboard.html", {"dashboard": dashboard})


@login_required
def search_page(request: HttpRequest) -> HttpResponse:
    results = search(request.user, request.GET.get("q", ""), on=timezone.localdate())
    template = (
        "dashboard/_search_results.html"
        if request.headers.get("HX-Request")
        else "dashboard/search.html"
    )
    return render(request, template, {"results": results})
