"""Pages and page helpers shared by the apps: the login and password reset with their rate
limit, a form's POST → service → error → redirect, and the page of a record's form."""

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count, Window
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ndrc.core.ui.forms import (
    ThrottledAuthenticationForm,
    ThrottledPasswordResetForm,
    add_service_errors,
)

T = TypeVar("T")

PAGE_SIZE = 50  # the rows of one page of a long list: a choice of the interface
# The lines a summary of a list shows (a dashboard's), the others on the list's page or folded.
FIRST_LINES = 5


def first_lines(rows: Any, lines: int = FIRST_LINES) -> tuple[tuple, int]:
    """The first `lines` rows of a query, and how many rows it holds: in one query, each row
    read with the count of them all (a window over the whole result, counted before the limit);
    in two for a DISTINCT query, whose window would count its rows before they are made
    distinct; in none for a query known to be empty (`none()`)."""
    if rows.query.is_empty():  # nothing to read: no query to build
        return (), 0
    if rows.query.distinct:
        return tuple(rows[:lines]), rows.values("pk").count()  # distinct rows: their keys alone
    first = tuple(rows.annotate(_ndrc_total=Window(Count("pk")))[:lines])
    return first, first[0]._ndrc_total if first else 0


def counted_page(rows: Any, number: Any) -> Page:
    """`Paginator(rows, PAGE_SIZE).get_page(number)`, the page's rows read with the count of them
    all (a window, as `first_lines`): one query, not two, for a page that exists; for any other
    (past the last, below the first), as `get_page` finds it. `rows`: a query that is not
    DISTINCT; a row of `values_list` comes without the count."""
    paginator = Paginator(rows, PAGE_SIZE)
    try:
        wanted = int(number)
    except (TypeError, ValueError):
        wanted = 1  # as `get_page`: not a number, the first page
    if wanted < 1:
        return paginator.get_page(number)
    start = (wanted - 1) * PAGE_SIZE
    found = list(rows.annotate(_ndrc_total=Window(Count("pk")))[start : start + PAGE_SIZE])
    if not found:
        return paginator.get_page(number)
    if isinstance(found[0], tuple):  # `values_list`: the count is the last value of each row
        paginator.count = found[0][-1]
        found = [row[:-1] for row in found]
    else:
        paginator.count = found[0]._ndrc_total
    return Page(found, wanted, paginator)


def paginated(
    request: HttpRequest, rows: Any, *, param: str = "page", counted: bool = False
) -> tuple[Page, str]:
    """The page of `rows` the query asks for (`param`; the first, or the last when past it), and
    the query's other parameters, encoded and ending with "&": the links between the pages
    (`ui/_pagination.html`, given `params`) keep the list's filters. `counted`: the page's rows
    read with the count of them all (`counted_page`: `rows` a query that is not DISTINCT)."""
    number = request.GET.get(param)
    page = counted_page(rows, number) if counted else Paginator(rows, PAGE_SIZE).get_page(number)
    others = request.GET.copy()
    others.pop(param, None)
    return page, f"{others.urlencode()}&" if others else ""


class LoginView(auth_views.LoginView):
    template_name = "ui/auth/login.html"
    form_class = ThrottledAuthenticationForm
    redirect_authenticated_user = True

    def form_invalid(self, form: ThrottledAuthenticationForm) -> HttpResponse:
        response = super().form_invalid(form)
        if form.locked:
            response.status_code = 429  # Too Many Requests
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset page, rate-limited like the login (429 when refused)."""

    form_class = ThrottledPasswordResetForm

    def get_form_kwargs(self) -> dict:
        return {**super().get_form_kwargs(), "request": self.request}

    def form_invalid(self, form: ThrottledPasswordResetForm) -> HttpResponse:
        response = super().form_invalid(form)
        if form.locked:
            response.status_code = 429  # Too Many Requests
        return response


def form_page(request: HttpRequest, form, *, title: str, back_url: str, **extra) -> HttpResponse:
    """The page of a record's form (`ui/record_form.html`), 400 when it comes back invalid."""
    context = {"form": form, "title": title, "back_url": back_url, **extra}
    status = 400 if form.is_bound else 200
    return render(request, "ui/record_form.html", context, status=status)


def submit(
    request: HttpRequest,
    form: forms.Form,
    save: Callable[[], T],
    *,
    success: str,
    then: Any | Callable[[T], Any],
    also: Iterable[forms.Form] = (),
) -> HttpResponse | None:
    """A form's POST → service → error → redirect, written once.

    When `form` (and every form of `also`) is bound and valid, calls `save()`: the service call,
    reading the forms' cleaned data. When the service accepts, shows `success` and redirects to
    `then` (what `redirect` takes, or a function of what `save` returned, for a record just
    created). When it refuses with a `ValidationError`, its messages go on `form`, next to their
    field (`add_service_errors`). Returns None unless it redirects: the view then renders the
    form again, with the status it gives a form that comes back.
    """
    if not form.is_bound or not all([form.is_valid(), *(f.is_valid() for f in also)]):
        return None
    try:
        result = save()
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    messages.success(request, success)
    return redirect(then(result) if callable(then) else then)
