"""The JSON API (django-ninja), mounted at /api/, documented at /api/docs.

Records (cohorts, learners, companies) need a token (`ndrc create-token USERNAME`, then the
header `Authorization: Bearer <token>`) and follow the pages' permissions through the same
selectors and services: 404 for a record out of reach, 403 for an action the role may not do,
422 with French messages by field for invalid input. A cohort's, a learner's or a company's
record carries its `version`: a PATCH sends back the one it started from and saves only its
own changes; a field someone else changed meanwhile answers 409 with, for each, their value
and yours (send the `version` of the answer to save yours knowingly). The engine endpoints
(`/deliberate`, `/exams`) are public and read-only, like the deliberation simulator.
"""

from datetime import date
from typing import Annotated, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, NinjaAPI, Schema, Status
from ninja.errors import HttpError
from ninja.errors import ValidationError as InputValidationError
from ninja.security import HttpBearer

from ndrc.api.errors import french_errors
from ndrc.api.models import ApiToken, hash_token
from ndrc.companies import services as company_services
from ndrc.companies.models import Company
from ndrc.companies.selectors import get_company_for, visible_companies, visible_contacts
from ndrc.companies.services import COMPANY_FIELDS
from ndrc.core.audit import acting_as, jsonable
from ndrc.core.permissions import Action, can, today
from ndrc.core.selectors import centres_of
from ndrc.core.versions import EditConflict, version_of
from ndrc.exams.api import router as exams_router
from ndrc.learners import services as learner_services
from ndrc.learners.models import Cohort, Learner
from ndrc.learners.selectors import (
    LearnerRow,
    get_cohort_for,
    get_learner_for,
    learner_rows,
    learners_of_cohort,
    visible_cohorts,
    visible_learners,
)
from ndrc.learners.services import COHORT_FIELDS, LEARNER_FIELDS
from ndrc.regulation.deliberation import deliberate_records
from ndrc.regulation.errors import InputError
from ndrc.regulation.exams import exams_for, plan_as_list
from ndrc.regulation.framework import CURRENT_FRAMEWORK
from ndrc.regulation.jsonio import parse_json


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`: an active token of an active user."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        record = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=hash_token(token), revoked_at__isnull=True)
            .first()
        )
        if record is None or not record.user.is_active:
            return None
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=timezone.now())
        request.user = record.user
        return record.user


api = NinjaAPI(
    title="ndrc",
    version="1",
    description=__doc__,
    auth=TokenAuth(),
    urls_namespace="api",
)
api.add_router("/", exams_router)


class Error(Schema):
    detail: Any


class Conflict(Schema):
    """A PATCH refused (409): each field someone else changed since the client's version."""

    detail: dict[str, list[str]]
    conflicts: dict[str, dict[str, Any]]  # field → {"theirs": …, "yours": …}
    version: str  # the version to send again, to save the client's values knowingly


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": "Enregistrement introuvable."}, status=404)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    detail = str(error) or "Action non autorisée pour votre rôle."
    return api.create_response(request, {"detail": detail}, status=403)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    detail = error.message_dict if hasattr(error, "error_dict") else error.messages
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(EditConflict)
def _conflict(request: HttpRequest, error: EditConflict) -> HttpResponse:
    conflicts = {
        name: {"theirs": jsonable(theirs), "yours": jsonable(yours)}
        for name, (theirs, yours) in error.conflicts.items()
    }
    body = {"detail": error.message_dict, "conflicts": conflicts, "version": error.version}
    return api.create_response(request, body, status=409)


@api.exception_handler(InputValidationError)
def _invalid_input(request: HttpRequest, error: InputValidationError) -> HttpResponse:
    # pydantic's type errors (a string for an integer, a missing field, a bad date), in French.
    return api.create_response(request, {"detail": french_errors(error.errors)}, status=422)


@api.exception_handler(RequestDataTooBig)
def _too_big(request: HttpRequest, error: RequestDataTooBig) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024
    detail = f"Corps de la requête trop volumineux : {limit} Ko au plus."
    return api.create_response(request, {"detail": detail}, status=413)


@api.exception_handler(InputError)
def _bad_input(request: HttpRequest, error: InputError) -> HttpResponse:
    return api.create_response(request, {"detail": str(error)}, status=422)


# django-ninja's own messages (a body that is not JSON, no or a wrong token, throttling), in
# French; any other HttpError is raised by this module with a French message already.
_NINJA_MESSAGES = {
    "Cannot parse request body": "Corps de la requête illisible : un JSON valide est attendu.",
    "Unauthorized": "Authentification requise : jeton d'API absent, inconnu ou révoqué.",
    "Forbidden": "Action non autorisée pour votre rôle.",
    "Too many requests.": "Trop de requêtes : réessayez dans un moment.",
}


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    detail = _NINJA_MESSAGES.get(error.message, error.message)
    return api.create_response(request, {"detail": detail}, status=error.status_code)


def _origin(request: HttpRequest) -> str:
    return f"API {request.method} {request.path}"


def _changes(payload: Schema) -> dict[str, Any]:
    """A PATCH's changes: the fields it sends, without the `version` they start from."""
    return payload.model_dump(exclude_unset=True, exclude={"version"})


# ---------------------------------------------------------------------------------------------
# Cohorts


class CohortOut(Schema):
    id: int
    name: str
    training_centre_id: int
    training_centre: str
    framework: str
    first_year_start: date
    exam_session: int


class LearnerSummary(Schema):
    id: int
    first_name: str
    last_name: str
    cohort_id: int
    candidate_category: str | None
    companies: list[str]
    supervisors: list[str]


class CohortRecord(CohortOut):
    # To send back with a PATCH: the version of the record this answer shows.
    version: str


class CohortDetail(CohortRecord):
    learners: list[LearnerSummary]


class CohortIn(Schema):
    training_centre_id: int
    name: str
    first_year_start: date
    exam_session: int
    framework: str = CURRENT_FRAMEWORK


class CohortPatch(Schema):
    # The `version` of the record the change starts from (as read by GET).
    version: str
    name: str | None = None
    first_year_start: date | None = None
    exam_session: int | None = None


def _cohort(cohort: Cohort) -> dict[str, Any]:
    return {
        "id": cohort.pk,
        "name": cohort.name,
        "training_centre_id": cohort.training_centre_id,
        "training_centre": cohort.training_centre.name,
        "framework": cohort.framework,
        "first_year_start": cohort.first_year_start,
        "exam_session": cohort.exam_session,
    }


def _cohort_record(cohort: Cohort) -> dict[str, Any]:
    return {**_cohort(cohort), "version": version_of(cohort, COHORT_FIELDS)}


def _summary(row: LearnerRow) -> dict[str, Any]:
    return {
        "id": row.learner.pk,
        "first_name": row.learner.first_name,
        "last_name": row.learner.last_name,
        "cohort_id": row.learner.cohort_id,
        "candidate_category": row.category or None,
        "companies": list(dict.fromkeys(s.contact.company.name for s in row.supervisions)),
        "supervisors": [s.contact.full_name for s in row.supervisions],
    }


@api.get("/cohorts", response=list[CohortOut], tags=["promotions"])
def list_cohorts(request: HttpRequest):
    return [_cohort(c) for c in visible_cohorts(request.auth)]


@api.get("/cohorts/{cohort_id}", response=CohortDetail, tags=["promotions"])
def get_cohort(request: HttpRequest, cohort_id: int):
    cohort = get_cohort_for(request.auth, cohort_id)
    rows = learner_rows(learners_of_cohort(request.auth, cohort), on=today())
    return {**_cohort_record(cohort), "learners": [_summary(r) for r in rows]}


@api.post("/cohorts", response={201: CohortRecord}, tags=["promotions"])
def create_cohort(request: HttpRequest, payload: CohortIn):
    centre = centres_of(request.auth).filter(pk=payload.training_centre_id).first()
    if centre is None:
        raise Http404
    with acting_as(request.auth, _origin(request)):
        cohort = learner_services.create_cohort(
            training_centre=centre,
            name=payload.name,
            first_year_start=payload.first_year_start,
            exam_session=payload.exam_session,
            framework=payload.framework,
            by=request.auth,
        )
    return Status(201, _cohort_record(cohort))


@api.patch("/cohorts/{cohort_id}", response={200: CohortRecord, 409: Conflict}, tags=["promotions"])
def update_cohort(request: HttpRequest, cohort_id: int, payload: CohortPatch):
    cohort = get_cohort_for(request.auth, cohort_id, Action.CHANGE)
    with acting_as(request.auth, _origin(request)):
        learner_services.update_cohort(
            cohort=cohort, changes=_changes(payload), by=request.auth, version=payload.version
        )
    return _cohort_record(cohort)


# ---------------------------------------------------------------------------------------------
# Learners


class Identifiers(Schema):
    ine: str
    parcoursup_number: str
    street: str
    postal_code: str
    city: str


class Guardian(Schema):
    name: str
    email: str
    phone: str


class Accommodation(Schema):
    accommodation: str
    extra_time: bool


class CategoryPeriodOut(Schema):
    candidate_category: str
    start: date
    end: date | None


class SupervisionOut(Schema):
    company_id: int
    company: str
    contact: str
    role: str
    start: date
    end: date | None


class LearnerOut(Schema):
    """A learner's record; a section is null when the reader's role may not see it."""

    id: int
    cohort_id: int
    first_name: str
    last_name: str
    birth_date: date | None
    email: str
    phone: str
    candidate_category: str | None
    category_history: list[CategoryPeriodOut]
    supervisions: list[SupervisionOut]
    identifiers: Identifiers | None
    guardian: Guardian | None
    accommodation: Accommodation | None
    # To send back with a PATCH: the version of the record this answer shows.
    version: str


class LearnerPatch(Schema):
    # The `version` of the record the change starts from (as read by GET).
    version: str
    first_name: str | None = None
    last_name: str | None = None
    birth_date: date | None = None
    ine: str | None = None
    parcoursup_number: str | None = None
    email: str | None = None
    phone: str | None = None
    street: str | None = None
    postal_code: str | None = None
    city: str | None = None
    guardian_name: str | None = None
    guardian_email: str | None = None
    guardian_phone: str | None = None
    accommodation: str | None = None
    extra_time: bool | None = None


class LearnerIn(Schema):
    cohort_id: int
    first_name: str
    last_name: str
    birth_date: date
    candidate_category: str
    # The first category's start; the cohort's first day when omitted.
    category_start: date | None = None
    ine: str = ""
    parcoursup_number: str = ""
    email: str = ""
    phone: str = ""
    street: str = ""
    postal_code: str = ""
    city: str = ""
    guardian_name: str = ""
    guardian_email: str = ""
    guardian_phone: str = ""
    accommodation: str = ""
    extra_time: bool = False


def _learner(user: Any, learner: Learner, *, on: date) -> dict[str, Any]:
    def allowed(action: Action) -> bool:
        return can(user, action, learner)

    return {
        "id": learner.pk,
        "cohort_id": learner.cohort_id,
        "first_name": learner.first_name,
        "last_name": learner.last_name,
        "birth_date": learner.birth_date,
        "email": learner.email,
        "phone": learner.phone,
        "candidate_category": learner.category_on(on),
        "category_history": [
            {"candidate_category": p.candidate_category, "start": p.start, "end": p.end}
            for p in learner.categories()
        ],
        "supervisions": [
            {
                "company_id": s.contact.company_id,
                "company": s.contact.company.name,
                "contact": s.contact.full_name,
                "role": s.role,
                "start": s.start,
                "end": s.end,
            }
            for s in learner.supervisions.select_related("contact__company")
        ],
        "identifiers": {
            "ine": learner.ine,
            "parcoursup_number": learner.parcoursup_number,
            "street": learner.street,
            "postal_code": learner.postal_code,
            "city": learner.city,
        }
        if allowed(Action.VIEW_IDENTIFIERS)
        else None,
        "guardian": {
            "name": learner.guardian_name,
            "email": learner.guardian_email,
            "phone": learner.guardian_phone,
        }
        if allowed(Action.VIEW_GUARDIAN)
        else None,
        "accommodation": {
            "accommodation": learner.accommodation,
            "extra_time": learner.extra_time,
        }
        if allowed(Action.VIEW_ACCOMMODATION)
        else None,
        "version": version_of(learner, LEARNER_FIELDS),
    }


# A cohort asked for by its id in the query: a positive 64-bit integer, as the database stores
# it (a larger number is answered 422, never sent to the database).
CohortFilter = Annotated[int | None, Field(ge=1, le=2**63 - 1)]


@api.get("/learners", response=list[LearnerSummary], tags=["apprenants"])
def list_learners(request: HttpRequest, cohort: CohortFilter = None):
    on = today()
    learners = visible_learners(request.auth, on=on)
    if cohort is not None:
        learners = learners.filter(cohort_id=cohort)
    return [_summary(r) for r in learner_rows(learners, on=on)]


@api.get("/learners/{learner_id}", response=LearnerOut, tags=["apprenants"])
def get_learner(request: HttpRequest, learner_id: int):
    on = today()
    return _learner(request.auth, get_learner_for(request.auth, learner_id, on=on), on=on)


@api.post("/learners", response={201: LearnerOut}, tags=["apprenants"])
def create_learner(request: HttpRequest, payload: LearnerIn):
    on = today()
    cohort = get_cohort_for(request.auth, payload.cohort_id)
    fields = payload.model_dump(exclude={"cohort_id", "candidate_category", "category_start"})
    with acting_as(request.auth, _origin(request)):
        learner = learner_services.create_learner(
            cohort=cohort,
            category=payload.candidate_category,
            category_start=payload.category_start,
            on=on,
            by=request.auth,
            **fields,
        )
    return Status(201, _learner(request.auth, learner, on=on))


@api.patch("/learners/{learner_id}", response={200: LearnerOut, 409: Conflict}, tags=["apprenants"])
def update_learner(request: HttpRequest, learner_id: int, payload: LearnerPatch):
    on = today()
    learner = get_learner_for(request.auth, learner_id, Action.CHANGE, on=on)
    with acting_as(request.auth, _origin(request)):
        learner_services.update_learner(
            learner=learner,
            changes=_changes(payload),
            on=on,
            by=request.auth,
            version=payload.version,
        )
    return _learner(request.auth, learner, on=on)


# ---------------------------------------------------------------------------------------------
# Companies


class CompanyOut(Schema):
    id: int
    name: str
    siret: str
    headcount: int | None
    street: str
    postal_code: str
    city: str
    naf_code: str


class ContactOut(Schema):
    id: int
    first_name: str
    last_name: str
    email: str
    phone: str
    job_title: str
    is_apprenticeship_master: bool
    is_internship_tutor: bool


class CompanyRecord(CompanyOut):
    # To send back with a PATCH: the version of the record this answer shows.
    version: str


class CompanyDetail(CompanyRecord):
    contacts: list[ContactOut]


class CompanyIn(Schema):
    name: str
    siret: str
    headcount: int | None = None
    street: str = ""
    postal_code: str = ""
    city: str = ""
    naf_code: str = ""


class CompanyPatch(Schema):
    # The `version` of the record the change starts from (as read by GET).
    version: str
    name: str | None = None
    siret: str | None = None
    headcount: int | None = None
    street: str | None = None
    postal_code: str | None = None
    city: str | None = None
    naf_code: str | None = None


@api.get("/companies", response=list[CompanyOut], tags=["entreprises"])
def list_companies(request: HttpRequest):
    return list(visible_companies(request.auth))


def _company(company: Company) -> dict[str, Any]:
    fields = {name: getattr(company, name) for name in CompanyOut.model_fields}
    return {**fields, "version": version_of(company, COMPANY_FIELDS)}


@api.get("/companies/{company_id}", response=CompanyDetail, tags=["entreprises"])
def get_company(request: HttpRequest, company_id: int):
    company = get_company_for(request.auth, company_id)
    contacts = list(visible_contacts(request.auth).filter(company=company))
    return {**_company(company), "contacts": contacts}


@api.post("/companies", response={201: CompanyRecord}, tags=["entreprises"])
def create_company(request: HttpRequest, payload: CompanyIn):
    with acting_as(request.auth, _origin(request)):
        company = company_services.create_company(by=request.auth, **payload.model_dump())
    return Status(201, _company(company))


@api.patch(
    "/companies/{company_id}", response={200: CompanyRecord, 409: Conflict}, tags=["entreprises"]
)
def update_company(request: HttpRequest, company_id: int, payload: CompanyPatch):
    company: Company = get_company_for(request.auth, company_id, Action.CHANGE)
    with acting_as(request.auth, _origin(request)):
        company_services.update_company(
            company=company, changes=_changes(payload), by=request.auth, version=payload.version
        )
    return _company(company)


# ---------------------------------------------------------------------------------------------
# The engine, read-only and public (like the deliberation simulator)

DELIBERATE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "array",
                    "items": {"type": "object"},
                    "description": "Enregistrements de candidats, au format de `ndrc deliberate`.",
                }
            }
        },
    }
}


def _json_body(request: HttpRequest) -> Any:
    """The request's body read as JSON, its decimals exact (the engine's `parse_json`); 400
    with a French message when it is not UTF-8 JSON or is nested too deep to be records."""
    try:
        return parse_json(request.body.decode("utf-8"))
    except UnicodeDecodeError:
        raise HttpError(400, "Le corps de la requête n'est pas encodé en UTF-8.") from None
    except InputError as error:
        raise HttpError(400, str(error)) from None


@api.post(
    "/deliberate",
    auth=None,
    response={200: list[dict[str, Any]], 400: Error, 413: Error, 422: Error},
    openapi_extra=DELIBERATE_BODY,
    tags=["moteur"],
)
def deliberate(request: HttpRequest):
    """The jury's decision for each candidate record (same records and results as
    `ndrc deliberate`). 400 when the body is not JSON (or is nested too deep), 413 when it is
    too large, 422 with a French message naming the record and field at fault."""
    return deliberate_records(_json_body(request))


@api.get("/exams", auth=None, response=list[dict[str, Any]], tags=["moteur"])
def exams(
    request: HttpRequest, category: str, extra_time: bool = False, session: int | None = None
):
    """The exams of a candidate category (as `ndrc exams`); the session defaults to this year."""
    return plan_as_list(exams_for(category, extra_time=extra_time, session=session or today().year))
