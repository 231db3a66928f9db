"""The accounts pages: logins with their roles and last login, invitations (to the team, to
learners and company contacts in bulk), roles given and taken back, people deactivated, training
centres created; and the page where an invited person sets their password."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from ndrc.accounts import selectors, services
from ndrc.accounts.forms import (
    AcceptForm,
    CentreForm,
    ChosenForm,
    CohortFilterForm,
    ContactsForm,
    GiveRoleForm,
    InviteForm,
)
from ndrc.core import services as core_services
from ndrc.core.permissions import is_administrator, request_user
from ndrc.core.selectors import history_of
from ndrc.core.ui.forms import add_service_errors
from ndrc.core.ui.history import history_rows
from ndrc.core.ui.views import PAGE_SIZE, counted_page, first_lines, form_page, submit
from ndrc.jobs.services import start_job
from ndrc.learners.selectors import visible_cohorts
from ndrc.regulation.explanation import Message

User = get_user_model()


def _require_manager(request: HttpRequest) -> None:
    if not selectors.may_manage_accounts(request.user):
        raise PermissionDenied(_("Les comptes sont gérés par le responsable de formation."))


def _base_url(request: HttpRequest) -> str:
    """The site's address as the person invited will reach it (the link in the e-mail)."""
    return request.build_absolute_uri("/")


@login_required
def users(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    now = timezone.now()
    query = request.GET.get("q", "").strip()[:100]
    user = request_user(request)
    # The page of logins and the open invitations, each read with the count of them all.
    page = counted_page(selectors.user_rows(user, query=query), request.GET.get("page"))
    invitations, invitation_count = first_lines(selectors.open_invitations(user), PAGE_SIZE)
    context = {
        "page": page,
        "roles": selectors.roles_by_login(page),
        "query": query,
        "invitations": [(invitation, invitation.state_on(now)) for invitation in invitations],
        "invitation_count": invitation_count,
        "is_administrator": is_administrator(user),
    }
    return render(request, "accounts/users.html", context)


@login_required
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    other = selectors.get_user_for(request.user, pk)
    centres = selectors.managed_centres(request.user)
    form = GiveRoleForm(request.POST or None, user=request.user, centres=centres)
    if response := submit(
        request,
        form,
        lambda: services.give_role(user=other, by=request.user, **form.cleaned_data),
        success=_("Le rôle est donné."),
        then=reverse("accounts:user", args=[other.pk]),
    ):
        return response
    memberships = list(selectors.memberships_of(other))
    entries = history_of(other, *memberships).select_related("content_type")
    context = {
        "other": other,
        "memberships": memberships,
        "form": form,
        "history": history_rows(entries),
        "allowed": {"view_history": True},
        "learner": getattr(other, "learner", None),
        "contact": getattr(other, "company_contact", None),
    }
    return render(request, "accounts/user.html", context, status=400 if form.is_bound else 200)


@login_required
@require_POST
def role_take_back(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    _require_manager(request)
    other = selectors.get_user_for(request.user, pk)
    membership = get_object_or_404(selectors.memberships_of(other), pk=membership_pk)
    try:
        services.take_back_role(membership=membership, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Le rôle « %(role)s » est retiré.") % {"role": membership.get_role_display()},
        )
    # Their last role in the manager's centres taken back, the account is no longer theirs to
    # manage: back to the list, not to a page out of their reach.
    if not selectors.visible_users(request.user).filter(pk=other.pk).exists():
        return redirect("accounts:users")
    return redirect("accounts:user", pk=other.pk)


@login_required
@require_POST
def deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    other = selectors.get_user_for(request.user, pk)
    try:
        services.deactivate(user=other, by=request.user, now=timezone.now())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Le compte est désactivé : ses sessions sont fermées et ses jetons d'API révoqués."),
        )
    return redirect("accounts:user", pk=other.pk)


@login_required
@require_POST
def reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    other = selectors.get_user_for(request.user, pk)
    try:
        services.reactivate(user=other, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Le compte est réactivé."))
    return redirect("accounts:user", pk=other.pk)


# --- Invitations ------------------------------------------------------------------------------


@login_required
def invite(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    centres = selectors.managed_centres(request.user)
    initial = {}
    if centre := request.GET.get("centre"):
        initial["training_centre"] = centres.filter(pk=centre if centre.isdigit() else 0).first()
    if role := request.GET.get("role"):
        initial["role"] = role
    form = InviteForm(request.POST or None, user=request.user, centres=centres, initial=initial)
    if response := submit(
        request,
        form,
        lambda: services.invite(
            by=request.user, now=timezone.now(), base_url=_base_url(request), **form.cleaned_data
        ),
        success=_("L'invitation est envoyée."),
        then=reverse("accounts:users"),
    ):
        return response
    return form_page(
        request, form, title=_("Inviter une personne"), back_url=reverse("accounts:users")
    )


@login_required
def invite_learners(request: HttpRequest) -> HttpResponse:
    """The learners with an e-mail and no login, by cohort: each ticked one gets an invitation
    (a background job sends the e-mails)."""
    _require_manager(request)
    now = timezone.now()
    cohorts = visible_cohorts(request.user).filter(
        training_centre__in=selectors.managed_centres(request.user)
    )
    chooser = CohortFilterForm(request.GET or None, cohorts=cohorts)
    cohort = chooser.cleaned_data["cohort"] if chooser.is_valid() else None
    learners = list(selectors.invitable_learners(request.user, now=now, cohort=cohort))
    form = ChosenForm(request.POST or None, records=learners)
    if form.is_bound and form.is_valid():
        job = start_job(
            services.invite_learners,
            by=request.user,
            title=Message(gettext_noop("Invitations des apprenants")),
            arguments={"learners": form.chosen_records(), "base_url": _base_url(request)},
            return_url=reverse("accounts:users"),
        )
        return redirect(job.get_absolute_url())
    context = {
        "chooser": chooser,
        "form": form,
        "learners": learners,
        "without_email": selectors.learners_without_email(request.user, cohort=cohort).count(),
    }
    return render(
        request, "accounts/invite_learners.html", context, status=400 if form.is_bound else 200
    )


@login_required
def invite_contacts(request: HttpRequest) -> HttpResponse:
    """The apprenticeship masters and internship tutors with an e-mail and no login."""
    _require_manager(request)
    centres = selectors.managed_centres(request.user)
    contacts = list(selectors.invitable_contacts(request.user, now=timezone.now()))
    form = ContactsForm(request.POST or None, records=contacts, centres=centres)
    if form.is_bound and form.is_valid():
        job = start_job(
            services.invite_contacts,
            by=request.user,
            title=Message(gettext_noop("Invitations des maîtres d'apprentissage et tuteurs")),
            arguments={
                "contacts": form.chosen_records(),
                "training_centre": form.cleaned_data["training_centre"],
                "base_url": _base_url(request),
            },
            training_centre=form.cleaned_data["training_centre"],
            return_url=reverse("accounts:users"),
        )
        return redirect(job.get_absolute_url())
    context = {"form": form, "contacts": contacts}
    return render(
        request, "accounts/invite_contacts.html", context, status=400 if form.is_bound else 200
    )


def _invitation_action(request: HttpRequest, pk: int, act, success: str) -> HttpResponse:
    _require_manager(request)
    invitation = selectors.get_invitation_for(request.user, pk)
    try:
        act(invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success % {"email": invitation.email})
    return redirect("accounts:users")


@login_required
@require_POST
def invitation_resend(request: HttpRequest, pk: int) -> HttpResponse:
    return _invitation_action(
        request,
        pk,
        lambda invitation: services.resend(
            invitation=invitation, by=request.user, now=timezone.now(), base_url=_base_url(request)
        ),
        _("L'invitation est renvoyée à %(email)s, avec un nouveau lien."),
    )


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    return _invitation_action(
        request,
        pk,
        lambda invitation: services.revoke(
            invitation=invitation, by=request.user, now=timezone.now()
        ),
        _("L'invitation de %(email)s est annulée : son lien ne fonctionne plus."),
    )


def accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link of the e-mail: choose a password, then log in."""
    now = timezone.now()
    invitation = services.invitation_for(token, now=now)
    if invitation is None:
        return render(request, "accounts/accept_invalid.html", status=404)
    person = User(
        username=invitation.email,
        email=invitation.email,
        first_name=invitation.first_name,
        last_name=invitation.last_name,
    )
    form = AcceptForm(person, request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            services.accept(
                token=token, password=form.cleaned_data["new_password1"], now=timezone.now()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Votre mot de passe est enregistré : connectez-vous avec l'identifiant "
                    "%(login)s."
                )
                % {"login": invitation.email},
            )
            return redirect("login")
    context = {"invitation": invitation, "form": form}
    return render(request, "accounts/accept.html", context, status=400 if form.is_bound else 200)


# --- Training centres (administrators) ---------------------------------------------------------


@login_required
def centres(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    context = {
        "centres": selectors.managed_centres(request.user),
        "is_administrator": is_administrator(request.user),
    }
    return render(request, "accounts/centres.html", context)


@login_required
def centre_create(request: HttpRequest) -> HttpResponse:
    core_services.require_administrator(request.user)
    form = CentreForm(request.POST or None)
    if response := submit(
        request,
        form,
        lambda: core_services.create_training_centre(by=request.user, **form.cleaned_data),
        success=_("Le centre est créé : invitez maintenant son responsable de formation."),
        then=lambda centre: (
            f"{reverse('accounts:invite')}?centre={centre.pk}&role=training_manager"
        ),
    ):
        return response
    return form_page(
        request, form, title=_("Nouveau centre de formation"), back_url=reverse("accounts:centres")
    )
