"""The training manager's form on a company; `companies.services` validates and audits."""

from typing import Any

from django import forms
from django.forms.models import fields_for_model, model_to_dict

from ndrc.companies.models import Company, CompanyContact
from ndrc.companies.services import COMPANY_FIELDS, CONTACT_FIELDS
from ndrc.core.ui.forms import ChangesMixin, VersionMixin, french_formfield


class CompanyForm(VersionMixin, ChangesMixin, forms.Form):
    """A company's fields (a plain form: see `learners.forms.LearnerForm` for why)."""

    def __init__(self, *args: Any, company: Company | None = None, **kwargs: Any) -> None:
        if company is not None:
            kwargs.setdefault("initial", model_to_dict(company, fields=COMPANY_FIELDS))
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(Company, fields=COMPANY_FIELDS))
        self.fields["siret"].widget.attrs["inputmode"] = "numeric"
        if company is not None:
            self.start_from(company, COMPANY_FIELDS)


# The login of a contact is linked by an administrator, not on this form.
CONTACT_FORM_FIELDS = tuple(name for name in CONTACT_FIELDS if name != "user")


class ContactForm(VersionMixin, ChangesMixin, forms.Form):
    """A person at a company: apprenticeship master, internship tutor (a plain form, as above)."""

    def __init__(self, *args: Any, contact: CompanyContact | None = None, **kwargs: Any) -> None:
        if contact is not None:
            kwargs.setdefault("initial", model_to_dict(contact, fields=CONTACT_FORM_FIELDS))
        super().__init__(*args, **kwargs)
        self.fields.update(
            fields_for_model(
                CompanyContact, fields=CONTACT_FORM_FIELDS, formfield_callback=french_formfield
            )
        )
        if contact is not None:
            self.start_from(contact, CONTACT_FORM_FIELDS)
