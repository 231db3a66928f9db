"""Gives the audit trail the user and path of the current request."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from ndrc.core.audit import acting_as


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with acting_as(getattr(request, "user", None), f"{request.method} {request.path}"):
            return self.get_response(request)
