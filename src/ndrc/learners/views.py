"""Pages of cohorts and learners: lists, a learner's record, the manager's edit forms, and the
personal-data buttons. Every read goes through `learners.selectors` (404 out of reach, 403 when
the role may not), every write through `learners.services` (validated and audited)."""

from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ndrc.admissions.selectors import positioning_for
from ndrc.assessments.selectors import visible_situations
from ndrc.companies import services as company_services
from ndrc.companies.models import ContactRole
from ndrc.companies.selectors import supervisions_of, visible_contacts
from ndrc.contracts.selectors import visible_agreements, visible_contracts
from ndrc.core.models import Role, TrainingCentre
from ndrc.core.permissions import (
    Action,
    can,
    centres_where,
    is_administrator,
    mark_reached,
    request_user,
    today,
)
from ndrc.core.selectors import history_of
from ndrc.core.services import require_manager
from ndrc.core.tabular import export_page
from ndrc.core.ui.history import history_rows
from ndrc.core.ui.views import form_page, paginated, submit
from ndrc.documents.selectors import documents_about_any, readable_documents
from ndrc.imports.columns import LEARNER_EXPORT_COLUMNS
from ndrc.learners import services
from ndrc.learners.forms import (
    CategoryForm,
    CohortForm,
    EndSupervisionForm,
    EraseForm,
    LearnerForm,
    NewLearnerForm,
    SupervisionForm,
    TeacherAssignmentForm,
)
from ndrc.learners.models import (
    candidate_category_choices,
    categories_prefetch,
    category_in_force,
    subject_choices,
)
from ndrc.learners.personal_data import erase_person, export_person
from ndrc.learners.selectors import (
    LEARNER_LIST_COLUMNS,
    assignable_teachers,
    assignments_of,
    cohorts_with_counts,
    get_cohort_for,
    get_learner_for,
    get_learner_with_permissions,
    learner_rows,
    learners_of_cohort,
    read_rows,
    shown_rows,
    visible_learners,
)


@login_required
def learner_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    on = today()
    learners = visible_learners(request.user, on=on)
    if fmt is not None:
        return export_page(
            learner_rows(learners, on=on),
            LEARNER_LIST_COLUMNS,
            fmt=fmt,
            filename=f"apprenants-{on:%Y-%m-%d}",
        )
    # A page of learners at a time, read with the count of them all, then their rows.
    page, params = paginated(request, shown_rows(learners), counted=True)
    context = {"rows": read_rows(page.object_list, on=on), "page": page, "params": params}
    return render(request, "learners/learner_list.html", context)


@login_required
def cohort_list(request: HttpRequest) -> HttpResponse:
    context = {
        "cohorts": cohorts_with_counts(request.user),
        "can_create": bool(_managed_centres(request.user)),
    }
    return render(request, "learners/cohort_list.html", context)


@login_required
def cohort_detail(request: HttpRequest, pk: int, fmt: str | None = None) -> HttpResponse:
    cohort = get_cohort_for(request.user, pk)
    on = today()
    learners = learners_of_cohort(request.user, cohort)
    if fmt is not None:
        filename = f"promotion-{cohort.exam_session}-{cohort.pk}"
        rows = learner_rows(learners, on=on)
        return export_page(rows, LEARNER_LIST_COLUMNS, fmt=fmt, filename=filename)
    context = {
        "cohort": cohort,
        "rows": read_rows(shown_rows(learners), on=on),  # the columns the page shows
        "year": cohort.year_on(on),
        "can_change": can(request.user, Action.CHANGE, cohort),
    }
    return render(request, "learners/cohort_detail.html", context)


@login_required
def cohort_reimport_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The cohort's learners under the import's columns (birth date, INE, Parcoursup number…):
    the training manager edits the file in a spreadsheet and imports it back. Only for who may
    change the cohort: the list exports leave the identifiers out."""
    cohort = get_cohort_for(request.user, pk, Action.CHANGE)
    return export_page(
        learners_of_cohort(request.user, cohort).prefetch_related(categories_prefetch()),
        LEARNER_EXPORT_COLUMNS,
        fmt=fmt,
        filename=f"promotion-{cohort.exam_session}-{cohort.pk}-pour-reimport",
    )


@login_required
def learner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    on = today()
    user = request_user(request)  # asked for its roles by each record's reach
    learner, allowed = get_learner_with_permissions(user, pk, on=on)
    # Its periods read once, for its status, their list and their history.
    categories = learner.categories()
    labels = dict(candidate_category_choices(learner.cohort.framework))
    periods = [(p, labels.get(p.candidate_category, p.candidate_category)) for p in categories]
    category = category_in_force(categories, on) or ""
    # Of a supervision, what its row shows: its company, its contact's name, its role and dates.
    supervisions = supervisions_of(learner).only(
        "learner", "role", "start", "end", "contact__first_name", "contact__last_name",
        "contact__company__name",
    )  # fmt: skip
    history = []
    if allowed[Action.VIEW_HISTORY]:
        # Its rows read what they show alone (`history_rows`), the content type from Django's cache.
        history = history_rows(history_of(learner, *categories, *supervisions))
    about = _records_about(user, learner)
    made_by = {r.supervision_id: r for r in (*about["contracts"], *about["agreements"])}
    context = {
        "learner": learner,
        "allowed": allowed,
        "category": labels.get(category, ""),
        "periods": periods,
        "supervisions": [(s, s.covers(on), made_by.get(s.pk)) for s in supervisions],
        "is_minor": learner.is_minor_on(on),
        "history": history,
        "about": about,
        "cohort_visible": can(user, Action.VIEW, learner.cohort),
        "apprentice": category.startswith("apprenti"),
        # The path decided at admission (years credited, units exempted), when there was one.
        "positioning": positioning_for([learner]).get(learner.pk),
    }
    return render(request, "learners/learner_detail.html", context)


def _records_about(user, learner) -> dict:
    """What the learner's page links to, among what `user` may read: contracts and internship
    agreements, CCF situations, and the documents generated about them."""
    # With what the page shows of each (an employer's, a host's name), not the learner again:
    # each record is given the learner the page read.
    # Of each, what a link shows, and the supervision it made (the supervisions' table).
    contracts = (
        _of(visible_contracts(user, learner=learner), "employer")
        .only("learner", "kind", "supervision", "employer__name")
        .order_by("start")
    )
    agreements = (
        _of(visible_agreements(user, learner=learner), "host", "certificate")
        .only("learner", "start", "supervision", "host__name", "certificate__agreement")
        .order_by("start")
    )
    situations = (
        _of(visible_situations(user, learner=learner))
        .only("learner", "exam", "situation", "date", "status")
        .order_by("date", "pk")
    )
    contracts, agreements, situations = (
        _with_learner(learner, records) for records in (contracts, agreements, situations)
    )
    certificates = [a.certificate for a in agreements if getattr(a, "certificate", None)]
    subjects = [*contracts, *agreements, *certificates, *situations]
    mark_reached(user, [*contracts, *agreements])  # found among those `user` sees
    documents = []
    if subjects:  # none without a record to be about: no query to build
        # Of a document, what its link shows and what its rule reads (its subject).
        about = documents_about_any(subjects).only(
            "title", "created_at", "subject_type", "subject_id"
        )
        documents = readable_documents(user, about, subjects)
    return {
        "contracts": contracts,
        "agreements": agreements,
        "situations": situations,
        "documents": documents,
    }


def _of(records, *related: str):
    """`records` (those about the learner) with the `related` records alone joined (none
    without: `select_related()` given nothing would join every one)."""
    records = records.select_related(None)
    return records.select_related(*related) if related else records


def _with_learner(learner, records) -> list:
    """`records` read, each given `learner` (theirs, read once for the page)."""
    records = list(records)
    for record in records:
        type(record).learner.field.set_cached_value(record, learner)
    return records


@login_required
def my_record(request: HttpRequest) -> HttpResponse:
    """The learner's own record (the menu's « Mon dossier »)."""
    own = visible_learners(request.user).filter(user=request.user).first()
    if own is None:
        raise Http404(_("Aucun dossier d'apprenant n'est relié à votre compte."))
    return redirect("learners:detail", pk=own.pk)


@login_required
def learner_edit(request: HttpRequest, pk: int) -> HttpResponse:
    on = today()
    learner = get_learner_for(request.user, pk, Action.CHANGE, on=on)
    form = LearnerForm(request.POST if request.method == "POST" else None, learner=learner)
    category_form = CategoryForm(learner=learner, initial={"start": on})
    if response := submit(
        request,
        form,
        lambda: services.update_learner(
            learner=learner, changes=form.changes(), on=on, by=request.user, version=form.version()
        ),
        success=_("Le dossier de l'apprenant est enregistré."),
        then=reverse("learners:detail", args=[learner.pk]),
    ):
        return response
    context = {"learner": learner, "form": form, "category_form": category_form}
    status = 400 if form.is_bound else 200
    return render(request, "learners/learner_edit.html", context, status=status)


@require_POST
@login_required
def learner_category(request: HttpRequest, pk: int) -> HttpResponse:
    on = today()
    learner = get_learner_for(request.user, pk, Action.CHANGE, on=on)
    form = CategoryForm(request.POST, learner=learner)
    if response := submit(
        request,
        form,
        lambda: services.change_category(
            learner=learner,
            category=form.cleaned_data["category"],
            start=form.cleaned_data["start"],
            by=request.user,
        ),
        success=_("Le statut de l'apprenant est enregistré."),
        then=reverse("learners:detail", args=[learner.pk]),
    ):
        return response
    context = {"learner": learner, "form": LearnerForm(learner=learner), "category_form": form}
    return render(request, "learners/learner_edit.html", context, status=400)


@login_required
def personal_data(request: HttpRequest, pk: int) -> HttpResponse:
    learner = get_learner_for(request.user, pk, Action.EXPORT_PERSONAL_DATA, on=today())
    response = JsonResponse(
        export_person(learner, by=request.user),
        encoder=DjangoJSONEncoder,
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Content-Disposition"] = (
        f'attachment; filename="donnees-personnelles-{learner.pk}.json"'
    )
    return response


@login_required
def learner_erase(request: HttpRequest, pk: int) -> HttpResponse:
    on = today()
    learner = get_learner_for(request.user, pk, Action.ERASE_PERSONAL_DATA, on=on)
    form = EraseForm(request.POST if request.method == "POST" else None)
    if response := submit(
        request,
        form,
        lambda: erase_person(learner, by=request.user, on=on),
        success=_("Les données personnelles de l'apprenant sont effacées."),
        then=reverse("learners:cohort", args=[learner.cohort_id]),
    ):
        return response
    status = 400 if form.is_bound else 200
    return render(
        request, "learners/learner_erase.html", {"learner": learner, "form": form}, status=status
    )


# The training manager's pages creating records: cohorts, learners, teachers, supervisions.


def _managed_centres(user):
    """The centres where `user` may create a cohort (`create_cohort`'s rule)."""
    centres = TrainingCentre.objects.all()
    if is_administrator(user):
        return centres
    return centres.filter(pk__in=centres_where(user, Role.TRAINING_MANAGER))


@login_required
def cohort_create(request: HttpRequest) -> HttpResponse:
    require_manager(request.user)
    form = CohortForm(request.POST or None, centres=_managed_centres(request.user))
    if response := submit(
        request,
        form,
        lambda: services.create_cohort(by=request.user, **form.cleaned_data),
        success=_("La promotion est créée."),
        then=lambda cohort: reverse("learners:cohort", args=[cohort.pk]),
    ):
        return response
    return form_page(
        request, form, title=_("Nouvelle promotion"), back_url=reverse("learners:cohorts")
    )


@login_required
def learner_create(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = get_cohort_for(request.user, pk, Action.CHANGE)
    form = NewLearnerForm(request.POST or None, cohort=cohort)
    if response := submit(
        request,
        form,
        lambda: services.create_learner(
            cohort=cohort, on=today(), by=request.user, **form.cleaned_data
        ),
        success=_("L'apprenant est inscrit dans la promotion."),
        then=lambda learner: reverse("learners:detail", args=[learner.pk]),
    ):
        return response
    title = _("Nouvel apprenant — %(cohort)s") % {"cohort": cohort.name}
    return form_page(request, form, title=title, back_url=reverse("learners:cohort", args=[pk]))


@login_required
def cohort_teachers(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = get_cohort_for(request.user, pk, Action.CHANGE)
    form = TeacherAssignmentForm(
        request.POST or None, cohort=cohort, teachers=assignable_teachers(cohort)
    )
    if response := submit(
        request,
        form,
        lambda: services.assign_teacher(cohort=cohort, by=request.user, **form.cleaned_data),
        success=_("L'enseignant est affecté à la promotion."),
        then=reverse("learners:teachers", args=[cohort.pk]),
    ):
        return response
    subjects = dict(subject_choices(cohort.framework))
    assignments = [(a, subjects.get(a.subject, a.subject)) for a in assignments_of(cohort)]
    title = _("Enseignants — %(cohort)s") % {"cohort": cohort.name}
    return form_page(
        request,
        form,
        title=title,
        back_url=reverse("learners:cohort", args=[pk]),
        assignments=assignments,
    )


@login_required
def supervision_start(request: HttpRequest, pk: int) -> HttpResponse:
    learner = get_learner_for(request.user, pk, Action.CHANGE, on=today())
    contacts = visible_contacts(request.user).filter(
        Q(is_apprenticeship_master=True) | Q(is_internship_tutor=True)
    )
    form = SupervisionForm(
        request.POST or None,
        contacts=contacts.order_by("company__name", "last_name"),
        roles=ContactRole.choices,
        initial={"start": today()},
    )
    if response := submit(
        request,
        form,
        lambda: company_services.start_supervision(
            learner=learner, by=request.user, **form.cleaned_data
        ),
        success=_("L'encadrement est enregistré."),
        then=reverse("learners:detail", args=[learner.pk]),
    ):
        return response
    title = _("Nouvel encadrement de %(name)s") % {"name": learner.full_name}
    return form_page(request, form, title=title, back_url=reverse("learners:detail", args=[pk]))


@login_required
def supervision_end(request: HttpRequest, pk: int, supervision_pk: int) -> HttpResponse:
    learner = get_learner_for(request.user, pk, Action.CHANGE, on=today())
    supervision = get_object_or_404(supervisions_of(learner), pk=supervision_pk)
    form = EndSupervisionForm(request.POST or None, initial={"end": today()})
    if response := submit(
        request,
        form,
        lambda: company_services.end_supervision(
            supervision=supervision, end=form.cleaned_data["end"], by=request.user
        ),
        success=_("La fin de l'encadrement est enregistrée."),
        then=reverse("learners:detail", args=[learner.pk]),
    ):
        return response
    title = _("Fin de l'encadrement de %(name)s par %(contact)s") % {
        "name": learner.full_name,
        "contact": supervision.contact.full_name,
    }
    return form_page(request, form, title=title, back_url=reverse("learners:detail", args=[pk]))
