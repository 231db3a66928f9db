"""The page of one's API tokens: create one (shown once), list them (never shown again),
revoke one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ndrc.api import selectors, services
from ndrc.api.forms import TokenForm
from ndrc.core.ui.forms import add_service_errors


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    created = None
    if form.is_bound and form.is_valid():
        try:
            record, token = services.issue_token(
                user=request.user,
                name=form.cleaned_data["name"],
                by=request.user,
                now=timezone.now(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            # Shown in this answer only: the database keeps its hash.
            created = (record, token)
            form = TokenForm()
    context = {
        "form": form,
        "created": created,
        "tokens": selectors.visible_tokens(request.user).order_by("revoked_at", "-created_at"),
    }
    status = 400 if form.is_bound and form.errors else 200
    response = render(request, "api/tokens.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = selectors.get_token_for(request.user, pk)
    services.revoke_token(token=token, by=request.user, now=timezone.now())
    messages.success(request, _("Le jeton %(prefix)s… est révoqué.") % {"prefix": token.prefix})
    return redirect("api_tokens:list")
