"""Follow-up pages: validate input, call one service or selector, render. Time enters here
(`today()`, Europe/Paris)."""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from ndrc.assessments.models import Level
from ndrc.core.models import Role, TrainingCentre
from ndrc.core.permissions import Action, can, centres_where, is_administrator, today
from ndrc.core.selectors import history_of
from ndrc.core.ui.forms import posted_record_or_404
from ndrc.core.ui.history import history_rows
from ndrc.core.ui.views import submit
from ndrc.followup import forms, selectors, services
from ndrc.followup.models import VisitStatus
from ndrc.learners.selectors import get_cohort_for
from ndrc.portfolio.selectors.sheets import sheets_of
from ndrc.regulation.framework import load_framework


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The follow-up for the reader's roles: the manager's overview, the referent's visits
    and learners, a master's page, an apprentice's own follow-up."""
    user, on = request.user, today()
    panel = selectors.dashboard_panel(user, on=on)
    if panel.manager is None and panel.teacher is None:
        if panel.master is not None:
            return redirect("followup:master")
        own = getattr(user, "learner", None)
        if own is not None:
            return redirect("followup:learner", pk=own.pk)
    centres = TrainingCentre.objects.filter(
        pk__in=centres_where(user, Role.TRAINING_MANAGER)
    ) if not is_administrator(user) else TrainingCentre.objects.all()  # fmt: skip
    context = {"panel": panel, "on": on, "centres": centres}
    return render(request, "followup/index.html", context)


@login_required
def master(request: HttpRequest) -> HttpResponse:
    page = selectors.master_page(request.user, on=today())
    return render(request, "followup/master.html", {"page": page})


@login_required
def learner(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.get_learner_followup_for(request.user, pk)
    on = today()
    followup = selectors.learner_followup(request.user, person, on=on)
    roles = followup.roles
    context = {
        "followup": followup,
        "learner": person,
        "on": on,
        "may_open": bool(roles & {"manager", "referent", "self"}) or is_administrator(request.user),
        "may_plan": bool(roles & selectors.PLANNERS) or is_administrator(request.user),
        "opened": {logbook.contract_id for logbook in followup.logbooks},
    }
    return render(request, "followup/learner.html", context)


@login_required
@require_POST
def open_logbook(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.get_learner_followup_for(request.user, pk)
    contract = posted_record_or_404(person.contracts, request.POST, "contract")
    try:
        logbook = services.open_logbook(contract=contract, on=today(), by=request.user)
    except ValidationError as error:
        messages.error(request, _errors(error))
        return redirect("followup:learner", pk=person.pk)
    messages.success(request, _("Livret d'apprentissage ouvert."))
    return redirect("followup:logbook", pk=logbook.pk)


# --- The logbook --------------------------------------------------------------------------------


def _entry_form(logbook, data=None) -> forms.EntryForm:
    activities, competences = selectors.framework_choices(logbook.learner)
    return forms.EntryForm(
        data,
        activities=activities,
        competences=competences,
        sheets=list(sheets_of(logbook.learner)),
        initial={"day": today()},
    )


def _period_form(form_class, state, form, bound):
    if form is not None and bound.get("period") == state.period.pk:
        return form
    return form_class(auto_id=f"id_%s_{state.period.pk}")


def _logbook_page(request: HttpRequest, logbook, *, status: int = 200, **bound) -> HttpResponse:
    user, on = request.user, today()
    page = selectors.logbook_page(logbook, on=on)
    allowed = selectors.logbook_permissions(
        user, logbook, (Action.CHANGE, Action.ATTEST, Action.REVIEW, Action.VIEW_HISTORY)
    )
    may = {
        "write": allowed[Action.CHANGE],
        "validate": allowed[Action.ATTEST],
        "comment": allowed[Action.REVIEW],
        "history": allowed[Action.VIEW_HISTORY],
    }
    context = {
        "page": page,
        "logbook": logbook,
        "learner": logbook.learner,
        "contract": logbook.contract,
        "titles": selectors.code_titles(logbook.learner),
        "may": may,
        "on": on,
        "entry_form": bound.get("entry_form") or (_entry_form(logbook) if may["write"] else None),
        "bound_period": bound.get("period"),
        # One pair of forms per period, their fields' ids unique on the page.
        "rows": [
            (
                state,
                _period_form(forms.ValidateForm, state, bound.get("validate_form"), bound),
                _period_form(forms.CommentForm, state, bound.get("comment_form"), bound),
            )
            for state in page.periods
        ],
    }
    if may["history"]:
        periods = [state.period for state in page.periods]
        entries = [entry for state in page.periods for entry in state.entries]
        context["history"] = history_rows(history_of(logbook, *periods, *entries))
        context["allowed"] = {"view_history": True}
    return render(request, "followup/logbook.html", context, status=status)


@login_required
def logbook(request: HttpRequest, pk: int) -> HttpResponse:
    return _logbook_page(request, selectors.get_logbook_for(request.user, pk))


@login_required
@require_POST
def add_entry(request: HttpRequest, pk: int) -> HttpResponse:
    logbook = selectors.get_logbook_for(request.user, pk, Action.CHANGE)
    form = _entry_form(logbook, request.POST)

    def save():
        data = form.cleaned_data
        return services.add_entry(
            logbook=logbook, day=data["day"], title=data["title"],
            description=data["description"], activities=data["activities"],
            competences=data["competences"], activity_sheet=form.sheet(), on=today(),
            by=request.user,
        )  # fmt: skip

    return submit(
        request, form, save, success=_("Activité notée dans le livret."),
        then=reverse("followup:logbook", args=[logbook.pk]),
    ) or _logbook_page(request, logbook, status=400, entry_form=form)  # fmt: skip


@login_required
@require_POST
def delete_entry(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.get_entry_for(request.user, pk, Action.DELETE)
    try:
        services.delete_entry(entry=entry, by=request.user)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("Activité retirée du livret."))
    return redirect("followup:logbook", pk=entry.period.logbook_id)


# What a period's two forms do: (permission, form, its field, service, its argument, message).
PERIOD_ACTIONS = {
    "validate_form": (Action.ATTEST, forms.ValidateForm, "appreciation",
                      services.validate_period, "appreciation", _lazy("Période validée.")),
    "comment_form": (Action.REVIEW, forms.CommentForm, "teacher_comment",
                     services.comment_period, "comment", _lazy("Commentaire enregistré.")),
}  # fmt: skip


def _period_post(request: HttpRequest, pk: int, which: str) -> HttpResponse:
    action, form_class, field, service, argument, done = PERIOD_ACTIONS[which]
    period = selectors.get_period_for(request.user, pk, action)
    form = form_class(request.POST, auto_id=f"id_%s_{period.pk}")

    def save():
        return service(period=period, on=today(), by=request.user,
                       **{argument: form.cleaned_data[field]})  # fmt: skip

    back = reverse("followup:logbook", args=[period.logbook_id])
    return submit(request, form, save, success=done, then=back) or _logbook_page(
        request, period.logbook, status=400, period=period.pk, **{which: form}
    )


@login_required
@require_POST
def validate_period(request: HttpRequest, pk: int) -> HttpResponse:
    """The master appreciates and validates a period."""
    return _period_post(request, pk, "validate_form")


@login_required
@require_POST
def comment_period(request: HttpRequest, pk: int) -> HttpResponse:
    """The referent teacher comments a period."""
    return _period_post(request, pk, "comment_form")


@login_required
@require_POST
def logbook_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    logbook = selectors.get_logbook_for(request.user, pk)
    document = services.generate_logbook_pdf(logbook=logbook, on=today(), by=request.user)
    return redirect("documents:download", pk=document.pk)


# --- Visits -------------------------------------------------------------------------------------


def _monday(request: HttpRequest, on: date) -> date:
    """The Monday of the week asked for (`?semaine=YYYY-MM-DD`), by default next week's."""
    asked = request.GET.get("semaine") or request.POST.get("semaine")
    try:
        day = date.fromisoformat(asked) if asked else on + timedelta(days=7)
    except ValueError:
        raise Http404("Semaine invalide.") from None
    if abs((day - on).days) > 366:
        raise Http404("Semaine hors de l'année.")
    return day - timedelta(days=day.weekday())


@login_required
def visits(request: HttpRequest) -> HttpResponse:
    """A referent plans a week of visits from their learners to visit, sorted by place."""
    on = today()
    monday = _monday(request, on)
    rows = selectors.visits_to_plan(request.user, on=on)
    form = forms.WeekPlanForm(
        request.POST if request.method == "POST" else None, rows=rows, monday=monday
    )
    if form.is_bound and form.is_valid() and not form.plans():
        form.add_error(None, _("Cochez au moins un apprenti à visiter."))
    plans = form.plans() if form.is_bound and form.is_valid() else []
    done = submit(
        request, form, lambda: services.plan_visits(plans=plans, by=request.user),
        success=_("%(count)s visite(s) prévue(s).") % {"count": len(plans)},
        then=f"{request.path}?semaine={monday:%Y-%m-%d}",
    )  # fmt: skip
    if done is not None:
        return done
    status = 400 if form.is_bound else 200
    overview = selectors.teacher_overview(request.user, on=on)
    context = {
        "form": form,
        "monday": monday,
        "previous": monday - timedelta(days=7),
        "next": monday + timedelta(days=7),
        "overview": overview,
        "on": on,
    }
    return render(request, "followup/visits.html", context, status=status)


@login_required
def plan_visit(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.get_learner_followup_for(request.user, pk)
    form = forms.VisitForm(
        request.POST if request.method == "POST" else None, initial={"planned_on": today()}
    )
    return _plan(
        request, person, form, services.plan_visit,
        success=_("Visite prévue."), then="followup:visit", title=_("Prévoir une visite de suivi"),
    )  # fmt: skip


def _plan(request: HttpRequest, person, form, plan, *, success, then, title) -> HttpResponse:
    """Plan a visit or a tripartite meeting of `person` (`plan`: the service), then show it."""
    if not selectors.learner_roles(request.user, person) & selectors.PLANNERS:
        # The form too: a learner, their master or another teacher reads the follow-up (403).
        raise PermissionDenied(
            _("Les visites sont prévues par l'enseignant référent ou le responsable.")
        )
    done = submit(
        request, form,
        lambda: plan(learner=person, by=request.user, **form.cleaned_data),
        success=success, then=lambda record: reverse(then, args=[record.pk]),
    )  # fmt: skip
    if done is not None:
        return done
    context = {"form": form, "learner": person, "title": title}
    return render(
        request, "followup/visit_form.html", context, status=400 if form.is_bound else 200
    )


def _visit_page(request: HttpRequest, visit, *, status: int = 200, **bound) -> HttpResponse:
    user = request.user
    grid = selectors.grid_of(visit.learner.cohort.training_centre)
    may_change = can(user, Action.CHANGE, visit) and not visit.countersigned_on
    initial = {
        "held_on": visit.held_on or today(),
        "participants": visit.participants,
        "difficulty": visit.difficulty,
        "rupture_risk": visit.rupture_risk,
        **{f"item_{code}": item["text"] for code, item in visit.report.items()},
    }
    context = {
        "visit": visit,
        "learner": visit.learner,
        "may_change": may_change,
        "may_countersign": can(user, Action.ATTEST, visit)
        and visit.status == VisitStatus.HELD
        and not visit.countersigned_on,
        "report_form": bound.get("report_form")
        or (forms.ReportForm(grid=grid, visit=visit, initial=initial) if may_change else None),
        "reschedule_form": bound.get("reschedule_form") or forms.VisitForm(visit=visit),
        "countersign_form": bound.get("countersign_form") or forms.CountersignForm(),
        "allowed": {"view_history": can(user, Action.VIEW_HISTORY, visit)},
    }
    if context["allowed"]["view_history"]:
        context["history"] = history_rows(history_of(visit))
    return render(request, "followup/visit.html", context, status=status)


@login_required
def visit(request: HttpRequest, pk: int) -> HttpResponse:
    return _visit_page(request, selectors.get_visit_for(request.user, pk))


@login_required
@require_POST
def visit_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Report (compte-rendu), reschedule (reporter), cancel (annuler) or countersign
    (contresigner) a visit."""
    actions = {"compte-rendu": Action.CHANGE, "reporter": Action.CHANGE,
               "annuler": Action.CHANGE, "contresigner": Action.ATTEST}  # fmt: skip
    if action not in actions:
        raise Http404("Action inconnue.")
    visit = selectors.get_visit_for(request.user, pk, actions[action])
    user, on = request.user, today()
    if action == "annuler":
        try:
            services.cancel_visit(visit=visit, by=user)
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("Visite annulée."))
        return redirect("followup:visit", pk=visit.pk)
    back = reverse("followup:visit", args=[visit.pk])
    if action == "compte-rendu":
        grid = selectors.grid_of(visit.learner.cohort.training_centre)
        form = forms.ReportForm(request.POST, grid=grid, visit=visit)

        def report():
            data = form.cleaned_data
            return services.report_visit(
                visit=visit, held_on=data["held_on"], answers=form.answers(),
                difficulty=data["difficulty"], rupture_risk=data["rupture_risk"],
                participants=data["participants"], on=on, by=user, version=form.version(),
            )  # fmt: skip

        return submit(
            request, form, report, success=_("Compte rendu enregistré."), then=back
        ) or _visit_page(request, visit, status=400, report_form=form)
    if action == "reporter":
        form = forms.VisitForm(request.POST, visit=visit)
        return submit(
            request, form,
            lambda: services.update_visit(
                visit=visit, changes=form.changes(), by=user, version=form.version()
            ),
            success=_("Visite modifiée."), then=back,
        ) or _visit_page(request, visit, status=400, reschedule_form=form)  # fmt: skip
    form = forms.CountersignForm(request.POST)
    return submit(
        request, form,
        lambda: services.countersign_visit(
            visit=visit, remarks=form.cleaned_data["remarks"], on=on, by=user
        ),
        success=_("Compte rendu contresigné."), then=back,
    ) or _visit_page(request, visit, status=400, countersign_form=form)  # fmt: skip


# --- Tripartite meetings --------------------------------------------------------------------


def _blocks(learner) -> list[tuple[str, str]]:
    framework = load_framework(learner.cohort.framework)
    return [(b.code, f"{b.code} — {b.title}") for b in framework.skill_blocks.values()]


@login_required
def plan_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.get_learner_followup_for(request.user, pk)
    form = forms.MeetingForm(
        request.POST if request.method == "POST" else None,
        blocks=_blocks(person),
        initial={"planned_on": today()},
    )
    return _plan(
        request, person, form, services.plan_meeting,
        success=_("Entretien tripartite prévu."), then="followup:meeting",
        title=_("Prévoir un entretien tripartite"),
    )  # fmt: skip


def _meeting_page(request: HttpRequest, meeting, *, status: int = 200, **bound) -> HttpResponse:
    user = request.user
    grid = selectors.meeting_grid(meeting)
    criteria = [(c.code, c.text) for _b, _c, rows in grid for c, _level in rows]
    may_rate = can(user, Action.CHANGE, meeting) and not meeting.master_signed_on
    grid_form = bound.get("grid_form")
    if grid_form is None and may_rate:
        initial = {"held_on": meeting.held_on or today(), "summary": meeting.summary}
        initial.update({f"c_{c.code}": level for _b, _c, rows in grid for c, level in rows})
        grid_form = forms.MeetingGridForm(criteria=criteria, meeting=meeting, initial=initial)
    labels = dict(Level.choices)
    sections = [
        (
            competence,
            [
                (
                    criterion,
                    labels.get(level, ""),
                    grid_form[f"c_{criterion.code}"] if grid_form else None,
                )
                for criterion, level in rows
            ],
        )
        for _block, competence, rows in grid
    ]
    context = {
        "meeting": meeting,
        "learner": meeting.learner,
        "sections": sections,
        "grid_form": grid_form,
        "may_sign": can(user, Action.ATTEST, meeting)
        and meeting.held_on
        and not meeting.master_signed_on,
        "sign_form": bound.get("sign_form") or forms.SignMeetingForm(),
        "allowed": {"view_history": can(user, Action.VIEW_HISTORY, meeting)},
    }
    if context["allowed"]["view_history"]:
        context["history"] = history_rows(history_of(meeting, *meeting.ratings.all()))
    return render(request, "followup/meeting.html", context, status=status)


@login_required
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_page(request, selectors.get_meeting_for(request.user, pk))


@login_required
@require_POST
def meeting_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Record the grid (grille) or sign as master (signer)."""
    if action not in ("grille", "signer"):
        raise Http404("Action inconnue.")
    needed = Action.CHANGE if action == "grille" else Action.ATTEST
    meeting = selectors.get_meeting_for(request.user, pk, needed)
    back = reverse("followup:meeting", args=[meeting.pk])
    if action == "grille":
        grid = selectors.meeting_grid(meeting)
        criteria = [(c.code, c.text) for _b, _c, rows in grid for c, _level in rows]
        form = forms.MeetingGridForm(request.POST, criteria=criteria, meeting=meeting)
        return submit(
            request, form,
            lambda: services.record_meeting(
                meeting=meeting, held_on=form.cleaned_data["held_on"], ratings=form.ratings(),
                summary=form.cleaned_data["summary"], on=today(), by=request.user,
                version=form.version(),
            ),
            success=_("Grille de l'entretien enregistrée."), then=back,
        ) or _meeting_page(request, meeting, status=400, grid_form=form)  # fmt: skip
    form = forms.SignMeetingForm(request.POST)
    return submit(
        request, form,
        lambda: services.sign_meeting(
            meeting=meeting, appreciation=form.cleaned_data["master_appreciation"], on=today(),
            by=request.user,
        ),
        success=_("Entretien signé."), then=back,
    ) or _meeting_page(request, meeting, status=400, sign_form=form)  # fmt: skip


# --- The centre's settings, referents, notifications ------------------------------------------


def _managed_centre(request: HttpRequest, pk: int) -> TrainingCentre:
    centre = TrainingCentre.objects.filter(pk=pk).first()
    if centre is None:
        raise Http404("Centre introuvable.")
    settings = selectors.settings_of(centre)
    if not can(request.user, Action.VIEW, settings):
        raise Http404("Centre introuvable.")
    return centre


@login_required
def centre_settings(request: HttpRequest, pk: int) -> HttpResponse:
    centre = _managed_centre(request, pk)
    settings = selectors.settings_of(centre)
    may_change = can(request.user, Action.CHANGE, settings)
    if request.method == "POST" and not may_change:
        raise PermissionDenied(_("Action réservée au responsable de formation du centre."))
    # Bound only when the thresholds are posted (not a heading of the grid).
    posted = request.method == "POST" and not {"new-label", "item"} & set(request.POST)
    form = forms.SettingsForm(request.POST if posted else None, settings=settings)
    grid = selectors.grid_of(centre, active_only=False)
    new_item = forms.GridItemForm(prefix="new")
    bound_items: dict[str, forms.GridItemForm] = {}
    back = reverse("followup:settings", args=[centre.pk])
    done = None
    if request.method == "POST" and "new-label" in request.POST:
        new_item = forms.GridItemForm(request.POST, prefix="new")
        done = submit(
            request, new_item,
            lambda: services.add_grid_item(
                training_centre=centre, label=new_item.cleaned_data["label"],
                guidance=new_item.cleaned_data["guidance"], by=request.user,
            ),
            success=_("Rubrique ajoutée."), then=back,
        )  # fmt: skip
    elif request.method == "POST" and "item" in request.POST:
        code = request.POST["item"]
        item = next((item for item in grid if item.code == code), None)
        item_form = (
            forms.GridItemForm.of(item, request.POST)
            if item is not None
            else forms.GridItemForm(request.POST, prefix=code)
        )
        done = submit(
            request, item_form,
            lambda: services.update_grid_item(
                training_centre=centre, code=code, by=request.user,
                changes=item_form.changes(), version=item_form.version(),
            ),
            success=_("Rubrique modifiée."), then=back,
        )  # fmt: skip
        if done is None:
            messages.error(request, " ".join(e for es in item_form.errors.values() for e in es))
            bound_items[code] = item_form  # what was typed, the conflicts next to it
    elif request.method == "POST":
        done = submit(
            request, form,
            lambda: services.update_settings(
                training_centre=centre, changes=form.changes(), by=request.user,
                version=form.version(),
            ),
            success=_("Paramètres du suivi enregistrés."), then=back,
        )  # fmt: skip
    if done is not None:
        return done
    status = 400 if request.method == "POST" else 200
    context = {
        "centre": centre,
        "form": form,
        "may_change": may_change,
        "grid": [
            (item, bound_items.get(item.code) or forms.GridItemForm.of(item)) for item in grid
        ],
        "new_item": new_item,
        "cohorts": centre.cohorts.all(),
    }
    return render(request, "followup/settings.html", context, status=status)


@login_required
def referents(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = get_cohort_for(request.user, pk, Action.CHANGE)
    rows = selectors.referents_of_cohort(cohort)
    teachers = list(selectors.teachers_of_centre(cohort.training_centre))
    form = forms.ReferentsForm(
        request.POST if request.method == "POST" else None,
        cohort=cohort,
        rows=rows,
        teachers=teachers,
        initial={"since": today()},
    )

    def save():
        services.assign_referents(
            cohort=cohort, chosen=form.chosen(), since=form.cleaned_data["since"],
            by=request.user, version=form.version(),
        )  # fmt: skip

    done = submit(
        request, form, save, success=_("Enseignants référents enregistrés."),
        then=reverse("followup:referents", args=[cohort.pk]),
    )  # fmt: skip
    if done is not None:
        return done
    context = {"cohort": cohort, "form": form}
    return render(request, "followup/referents.html", context, status=400 if form.is_bound else 200)


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    form = forms.DigestForm(
        request.POST if request.method == "POST" else None,
        initial={"weekly_digest": selectors.wants_digest(request.user)},
    )
    done = submit(
        request, form,
        lambda: services.set_digest_preference(
            user=request.user, weekly_digest=form.cleaned_data["weekly_digest"], by=request.user
        ),
        success=_("Préférence enregistrée."), then="followup:notifications",
    )  # fmt: skip
    return done or render(
        request, "followup/notifications.html", {"form": form}, status=400 if form.is_bound else 200
    )
