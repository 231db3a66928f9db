"""Writes of companies, their people and supervisions: atomic, permission-checked, audited."""

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ndrc.companies.models import Company, CompanyContact, ContactRole, Supervision
from ndrc.core.permissions import Action, require
from ndrc.core.services import (
    RecordsRefused,
    apply_changes,
    create_and_record,
    create_many_and_record,
    delete_and_record,
    full_clean_many,
    require_manager,
)
from ndrc.core.validators import normalise_digits, normalise_phone
from ndrc.learners.models import Learner

COMPANY_FIELDS = ("name", "siret", "headcount", "street", "postal_code", "city", "naf_code")
CONTACT_FIELDS = (
    "user",
    "first_name",
    "last_name",
    "email",
    "phone",
    "job_title",
    "is_apprenticeship_master",
    "is_internship_tutor",
    "related_diploma_level",
    "related_experience_years",
    "is_employer",
)


def _phone(value: str) -> str:
    if not value:
        return value
    try:
        return normalise_phone(value)
    except ValidationError as error:
        raise ValidationError({"phone": error.messages}) from error


@transaction.atomic
def create_company(
    *,
    name: str,
    siret: str,
    by: Any,
    headcount: int | None = None,
    street: str = "",
    postal_code: str = "",
    city: str = "",
    naf_code: str = "",
) -> Company:
    """Add a company to the directory: `create_companies` for one."""
    given = {
        "name": name,
        "siret": siret,
        "headcount": headcount,
        "street": street,
        "postal_code": postal_code,
        "city": city,
        "naf_code": naf_code,
    }
    try:
        return create_companies(companies=[given], by=by)[0]
    except RecordsRefused as refused:
        raise refused.errors[0] from None


def new_company(
    *,
    name: str,
    siret: str,
    headcount: int | None = None,
    street: str = "",
    postal_code: str = "",
    city: str = "",
    naf_code: str = "",
) -> Company:
    """The unsaved company `create_company` would add, its values normalised (unchecked)."""
    return Company(
        name=name.strip(),
        siret=normalise_digits(siret),
        headcount=headcount,
        street=street,
        postal_code=postal_code.strip(),
        city=city,
        naf_code=naf_code.strip().upper(),
    )


def check_companies(companies: Sequence[Company]) -> list[ValidationError | None]:
    """Check companies' records (saved or not) as `create_company` / `update_company` do,
    writing nothing: for each, its errors (every faulty field) or None; a few queries in all
    (`full_clean_many`)."""
    return [ValidationError(errors) if errors else None for errors in full_clean_many(companies)]


@transaction.atomic
def create_companies(*, companies: Sequence[Mapping[str, Any]], by: Any) -> list[Company]:
    """Add companies to the directory, each mapping giving `create_company`'s arguments: all
    are checked; if any is refused, `RecordsRefused` names each one (by its index) and nothing
    is written; otherwise they are inserted, with their audit entries, in a few queries."""
    require_manager(by)
    return create_many_and_record([new_company(**given) for given in companies], by=by)


@transaction.atomic
def update_company(
    *, company: Company, changes: Mapping[str, Any], by: Any, version: str | None = None
) -> Company:
    """Change a company's fields; `version`: the one the user's edit started from
    (`core.versions`, conflicts refused)."""
    require(by, Action.CHANGE, company)
    changes = dict(changes)
    if "siret" in changes:
        changes["siret"] = normalise_digits(changes["siret"])
    return apply_changes(company, changes=changes, allowed=COMPANY_FIELDS, by=by, version=version)


@transaction.atomic
def create_contact(
    *,
    company: Company,
    first_name: str,
    last_name: str,
    by: Any,
    email: str = "",
    phone: str = "",
    job_title: str = "",
    is_apprenticeship_master: bool = False,
    is_internship_tutor: bool = False,
    user: Any = None,
    related_diploma_level: int | None = None,
    related_experience_years: Decimal | None = None,
    is_employer: bool = False,
) -> CompanyContact:
    require(by, Action.CHANGE, company)
    contact = CompanyContact(
        company=company,
        user=user,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email.strip(),
        phone=_phone(phone),
        job_title=job_title,
        is_apprenticeship_master=is_apprenticeship_master,
        is_internship_tutor=is_internship_tutor,
        related_diploma_level=related_diploma_level,
        related_experience_years=related_experience_years,
        is_employer=is_employer,
    )
    return create_and_record(contact, by=by)


@transaction.atomic
def update_contact(
    *, contact: CompanyContact, changes: Mapping[str, Any], by: Any, version: str | None = None
) -> CompanyContact:
    """Change a contact's fields; `version`: the one the user's edit started from
    (`core.versions`, conflicts refused)."""
    require(by, Action.CHANGE, contact)
    changes = dict(changes)
    if changes.get("phone"):
        changes["phone"] = _phone(changes["phone"])
    return apply_changes(contact, changes=changes, allowed=CONTACT_FIELDS, by=by, version=version)


@transaction.atomic
def start_supervision(
    *,
    learner: Learner,
    contact: CompanyContact,
    role: ContactRole | str,
    start: date,
    by: Any,
    end: date | None = None,
) -> Supervision:
    """`contact` supervises `learner` as apprenticeship master or internship tutor from `start`."""
    require(by, Action.CHANGE, learner)
    role = _declared(contact, role)
    supervision = Supervision(learner=learner, contact=contact, role=role, start=start, end=end)
    return create_and_record(supervision, by=by)


def _declared(contact: CompanyContact, role: ContactRole | str) -> ContactRole:
    """`role`, when the contact is declared so (a ValidationError on `contact` otherwise)."""
    role = ContactRole(role)
    holds = (
        contact.is_apprenticeship_master
        if role == ContactRole.APPRENTICESHIP_MASTER
        else contact.is_internship_tutor
    )
    if not holds:
        raise ValidationError(
            {
                "contact": _("%(name)s n'est pas déclaré(e) %(role)s.")
                % {"name": contact.full_name, "role": role.label.lower()}
            }
        )
    return role


@transaction.atomic
def follow_record(
    *,
    supervision: Supervision | None,
    learner: Learner,
    contact: CompanyContact,
    role: ContactRole | str,
    start: date,
    end: date,
    by: Any,
) -> Supervision:
    """The supervision a record makes (a contract, an internship agreement: `contracts`), with
    the record's person, role and dates: created when `supervision` is None, else changed to
    them. Audited as any supervision."""
    if supervision is None:
        return start_supervision(
            learner=learner, contact=contact, role=role, start=start, end=end, by=by
        )
    require(by, Action.CHANGE, supervision)
    changes = {"contact": contact, "role": _declared(contact, role), "start": start, "end": end}
    return apply_changes(supervision, changes=changes, allowed=changes, by=by)


@transaction.atomic
def end_supervision(*, supervision: Supervision, end: date, by: Any) -> Supervision:
    """The supervision ends on `end` (inclusive): the tutor loses access the day after."""
    require(by, Action.CHANGE, supervision)
    return apply_changes(supervision, changes={"end": end}, allowed=("end",), by=by)


@transaction.atomic
def delete_supervision(*, supervision: Supervision, by: Any) -> None:
    require(by, Action.DELETE, supervision)
    delete_and_record(supervision, by=by)
