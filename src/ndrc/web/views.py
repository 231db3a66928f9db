"""Home (public) or dashboard (logged in), search, and the login page with its rate limit."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ndrc.followup.selectors import dashboard_panel
from ndrc.web.forms import ThrottledAuthenticationForm, ThrottledPasswordResetForm
from ndrc.web.selectors import dashboard_for, search


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "web/home.html")
    # Time enters here: access and statuses are those of today (Europe/Paris).
    on = timezone.localdate()
    context = {
        "dashboard": dashboard_for(request.user, on=on),
        "followup": dashboard_panel(request.user, on=on),
    }
    return render(request, "web/dashboard.html", context)


@login_required
def search_page(request: HttpRequest) -> HttpResponse:
    results = search(request.user, request.GET.get("q", ""), on=timezone.localdate())
    template = (
        "web/_search_results.html" if request.headers.get("HX-Request") else "web/search.html"
    )
    return render(request, template, {"results": results})


class LoginView(auth_views.LoginView):
    template_name = "web/auth/login.html"
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
