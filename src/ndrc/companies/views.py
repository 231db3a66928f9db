"""Pages of companies: list (with exports), a company's page, the manager's forms.

Reads go through `companies.selectors`, writes through `companies.services`."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from ndrc.companies import services
from ndrc.companies.forms import CompanyForm, ContactForm
from ndrc.companies.selectors import (
    company_permissions,
    get_company_for,
    get_contact_for,
    learners_supervised_by,
    visible_companies,
    visible_contacts,
)
from ndrc.core.permissions import Action, is_manager, today
from ndrc.core.selectors import history_of
from ndrc.core.services import require_manager
from ndrc.core.tabular import export_page
from ndrc.core.ui.history import history_rows
from ndrc.core.ui.views import form_page, submit
from ndrc.learners.selectors import learner_rows

EXPORT_COLUMNS = (
    ("name", "Raison sociale"),
    ("siret", "SIRET"),
    ("headcount", "Effectif"),
    ("street", "Adresse"),
    ("postal_code", "Code postal"),
    ("city", "Commune"),
    ("naf_code", "Code NAF"),
)


@login_required
def company_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    companies = visible_companies(request.user)
    if fmt is not None:
        return export_page(companies, EXPORT_COLUMNS, fmt=fmt, filename="entreprises")
    # Who may create a company: `services.create_company`'s rule.
    can_create = is_manager(request.user)
    return render(
        request, "companies/company_list.html", {"companies": companies, "can_create": can_create}
    )


@login_required
def company_detail(request: HttpRequest, pk: int) -> HttpResponse:
    company = get_company_for(request.user, pk)
    on = today()  # time enters here, at the edge
    rows = learner_rows(learners_supervised_by(request.user, company, on=on), on=on)
    allowed = company_permissions(request.user, company)
    context = {
        "company": company,
        "contacts": visible_contacts(request.user).filter(company=company),
        "rows": rows,
        "allowed": allowed,
        "history": history_rows(history_of(company).select_related("content_type"))
        if allowed[Action.VIEW_HISTORY]
        else [],
    }
    return render(request, "companies/company_detail.html", context)


@login_required
def company_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    company = None
    if pk is not None:
        company = get_company_for(request.user, pk, Action.CHANGE)
    else:
        require_manager(request.user)
    form = CompanyForm(request.POST if request.method == "POST" else None, company=company)

    def save():
        if company is None:
            return services.create_company(by=request.user, **form.cleaned_data)
        return services.update_company(
            company=company, changes=form.changes(), by=request.user, version=form.version()
        )

    if response := submit(
        request,
        form,
        save,
        success=_("L'entreprise est enregistrée."),
        then=lambda saved: reverse("companies:detail", args=[saved.pk]),
    ):
        return response
    status = 400 if form.is_bound else 200
    return render(
        request, "companies/company_edit.html", {"company": company, "form": form}, status=status
    )


@login_required
def contact_edit(
    request: HttpRequest, company_pk: int | None = None, pk: int | None = None
) -> HttpResponse:
    """A new contact of a company, or a contact's changes (apprenticeship master, tutor)."""
    contact = None
    if pk is not None:
        contact = get_contact_for(request.user, pk, Action.CHANGE)
        company = contact.company
    else:
        company = get_company_for(request.user, company_pk, Action.CHANGE)
    form = ContactForm(request.POST if request.method == "POST" else None, contact=contact)

    def save():
        if contact is None:
            return services.create_contact(company=company, by=request.user, **form.cleaned_data)
        return services.update_contact(
            contact=contact, changes=form.changes(), by=request.user, version=form.version()
        )

    if response := submit(
        request,
        form,
        save,
        success=_("Le contact est enregistré."),
        then=reverse("companies:detail", args=[company.pk]),
    ):
        return response
    title = (
        _("Nouveau contact — %(company)s") % {"company": company.name}
        if contact is None
        else _("Modifier %(name)s — %(company)s")
        % {"name": contact.full_name, "company": company.name}
    )
    return form_page(
        request, form, title=title, back_url=reverse("companies:detail", args=[company.pk])
    )
