"""Pages and page helpers shared by the apps: the login and password reset with their rate
limit, and the page of a record's form."""

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ndrc.core.ui.forms import ThrottledAuthenticationForm, ThrottledPasswordResetForm


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
