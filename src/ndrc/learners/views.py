"""Pages of cohorts and learners: lists, a learner's record, the manager's edit forms, and the
personal-data buttons. Every read goes through `learners.selectors` (404 out of reach, 403 when
the role may not), every write through `learners.services` (validated and audited)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ndrc.companies.selectors import supervisions_of
from ndrc.core.permissions import Action, can
from ndrc.core.selectors import history_of
from ndrc.core.tabular import FORMATS, export_response
from ndrc.learners import services
from ndrc.learners.forms import CategoryForm, EraseForm, LearnerForm
from ndrc.learners.models import candidate_category_choices
from ndrc.learners.personal_data import erase_person, export_person
from ndrc.learners.selectors import (
    get_cohort_for,
    get_learner_for,
    learners_of_cohort,
    visible_learners,
)
from ndrc.web.forms import add_service_errors
from ndrc.web.history import history_rows
from ndrc.web.selectors import EXPORT_COLUMNS, cohorts_with_counts, learner_rows


def _today():
    # Time enters here, at the edge: statuses and access are those of today (Europe/Paris).
    return timezone.localdate()


def _export(rows, *, fmt: str, filename: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("Format d'export inconnu.")
    return export_response(rows, EXPORT_COLUMNS, fmt=fmt, filename=filename)


@login_required
def learner_list(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    on = _today()
    rows = learner_rows(visible_learners(request.user, on=on), on=on)
    if fmt is not None:
        return _export(rows, fmt=fmt, filename=f"apprenants-{on:%Y-%m-%d}")
    return render(request, "learners/learner_list.html", {"rows": rows})


@login_required
def cohort_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "learners/cohort_list.html", {"cohorts": cohorts_with_counts(request.user)}
    )


@login_required
def cohort_detail(request: HttpRequest, pk: int, fmt: str | None = None) -> HttpResponse:
    cohort = get_cohort_for(request.user, pk)
    on = _today()
    rows = learner_rows(learners_of_cohort(request.user, cohort), on=on)
    if fmt is not None:
        return _export(rows, fmt=fmt, filename=f"promotion-{cohort.exam_session}-{cohort.pk}")
    context = {"cohort": cohort, "rows": rows, "year": cohort.year_on(on)}
    return render(request, "learners/cohort_detail.html", context)


@login_required
def learner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    on = _today()
    learner = get_learner_for(request.user, pk, on=on)
    allowed = {action.value: can(request.user, action, learner) for action in Action}
    labels = dict(candidate_category_choices(learner.cohort.framework))
    periods = [
        (p, labels.get(p.candidate_category, p.candidate_category))
        for p in learner.category_periods.all()
    ]
    supervisions = supervisions_of(learner)
    history = []
    if allowed[Action.VIEW_HISTORY]:
        entries = history_of(learner)
        for record in (*learner.category_periods.all(), *supervisions):
            entries = entries | history_of(record)
        history = history_rows(entries.select_related("content_type").order_by("at", "pk"))
    context = {
        "learner": learner,
        "allowed": allowed,
        "category": labels.get(learner.category_on(on) or "", ""),
        "periods": periods,
        "supervisions": [(s, s.covers(on)) for s in supervisions],
        "is_minor": learner.is_minor_on(on),
        "history": history,
    }
    return render(request, "learners/learner_detail.html", context)


@login_required
def learner_edit(request: HttpRequest, pk: int) -> HttpResponse:
    on = _today()
    learner = get_learner_for(request.user, pk, Action.CHANGE, on=on)
    form = LearnerForm(request.POST if request.method == "POST" else None, learner=learner)
    category_form = CategoryForm(learner=learner, initial={"start": on})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_learner(learner=learner, changes=form.changes(), on=on, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Le dossier de l'apprenant est enregistré."))
            return redirect("learners:detail", pk=learner.pk)
    context = {"learner": learner, "form": form, "category_form": category_form}
    status = 400 if form.is_bound else 200
    return render(request, "learners/learner_edit.html", context, status=status)


@require_POST
@login_required
def learner_category(request: HttpRequest, pk: int) -> HttpResponse:
    on = _today()
    learner = get_learner_for(request.user, pk, Action.CHANGE, on=on)
    form = CategoryForm(request.POST, learner=learner)
    if form.is_valid():
        try:
            services.change_category(
                learner=learner,
                category=form.cleaned_data["category"],
                start=form.cleaned_data["start"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Le statut de l'apprenant est enregistré."))
            return redirect("learners:detail", pk=learner.pk)
    context = {"learner": learner, "form": LearnerForm(learner=learner), "category_form": form}
    return render(request, "learners/learner_edit.html", context, status=400)


@login_required
def personal_data(request: HttpRequest, pk: int) -> HttpResponse:
    learner = get_learner_for(request.user, pk, Action.EXPORT_PERSONAL_DATA, on=_today())
    response = JsonResponse(
        export_person(learner),
        encoder=DjangoJSONEncoder,
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Content-Disposition"] = (
        f'attachment; filename="donnees-personnelles-{learner.pk}.json"'
    )
    return response


@login_required
def learner_erase(request: HttpRequest, pk: int) -> HttpResponse:
    on = _today()
    learner = get_learner_for(request.user, pk, Action.ERASE_PERSONAL_DATA, on=on)
    form = EraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            erase_person(learner, by=request.user, on=on)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Les données personnelles de l'apprenant sont effacées."))
            return redirect("learners:cohort", pk=learner.cohort_id)
    status = 400 if form.is_bound else 200
    return render(
        request, "learners/learner_erase.html", {"learner": learner, "form": form}, status=status
    )
