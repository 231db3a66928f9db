"""Calendar and timetable pages: validate input, call one service or selector, render."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ndrc.core.models import Role, TrainingCentre
from ndrc.core.permissions import Action, centres_where, is_administrator, is_manager
from ndrc.core.ui.forms import flash_form_errors
from ndrc.core.ui.views import submit
from ndrc.learners.selectors import get_learner_for, may_see_cohort_attendance, own_learner
from ndrc.timetable import feeds, forms, selectors, services
from ndrc.timetable.models import CalendarPeriod, TrainingCalendar


def _day(value: str | None) -> date:
    # Time enters here, at the edge: the week shown by default is this week (Europe/Paris).
    if not value:
        return timezone.localdate()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Http404("Date invalide.") from None


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    own = own_learner(user)
    context = {
        "own_learner": own,
        "teaches": bool(centres_where(user, Role.TEACHER)),
        "cohorts": selectors.timetable_cohorts(user),
        "rooms": selectors.visible_rooms(user),
        "manages": is_manager(user),
        "unread": selectors.unread_notices(user).count(),
        "today": timezone.localdate(),
    }
    return render(request, "timetable/index.html", context)


def _render_week(request, *, week, title, kind, obj, can_plan=False, cohort=None):
    context = {
        "week": week,
        "title": title,
        "kind": kind,
        "obj": obj,
        "can_plan": can_plan,
        "cohort": cohort,
        "copy_form": forms.CopyWeekForm(initial={"target": week.next}) if can_plan else None,
        "module_titles": selectors.module_titles(),
        # The month's attendance grid is linked only for who may open it (not the learners).
        "attendance_grid": cohort is not None and may_see_cohort_attendance(request.user, cohort),
    }
    return render(request, "timetable/week.html", context)


@login_required
def cohort_week(request: HttpRequest, pk: int, day: str | None = None) -> HttpResponse:
    cohort = selectors.get_cohort_timetable_for(request.user, pk)
    monday = selectors.monday_of(_day(day))
    return _render_week(
        request,
        week=selectors.cohort_week(cohort, monday),
        title=cohort.name,
        kind="cohort",
        obj=cohort,
        can_plan=selectors.manages_cohort(request.user, cohort),
        cohort=cohort,
    )


@login_required
def teacher_week(request: HttpRequest, pk: int, day: str | None = None) -> HttpResponse:
    teacher = get_object_or_404(get_user_model(), pk=pk, is_active=True)
    teacher_centres = centres_where(teacher, Role.TEACHER)
    allowed = (
        teacher.pk == request.user.pk
        or is_administrator(request.user)
        or teacher_centres & centres_where(request.user, Role.TRAINING_MANAGER, Role.EXAM_OFFICE)
    )
    if not teacher_centres or not allowed:
        raise Http404("Enseignant introuvable.")
    monday = selectors.monday_of(_day(day))
    return _render_week(
        request,
        week=selectors.teacher_week(teacher, monday),
        title=teacher.get_full_name() or teacher.username,
        kind="teacher",
        obj=teacher,
    )


@login_required
def room_week(request: HttpRequest, pk: int, day: str | None = None) -> HttpResponse:
    room = selectors.get_room_for(request.user, pk)
    monday = selectors.monday_of(_day(day))
    return _render_week(
        request,
        week=selectors.room_week(room, monday),
        title=_("Salle %s") % room.name,
        kind="room",
        obj=room,
    )


@login_required
def learner_week(request: HttpRequest, pk: int, day: str | None = None) -> HttpResponse:
    learner = get_learner_for(request.user, pk)
    monday = selectors.monday_of(_day(day))
    return _render_week(
        request,
        week=selectors.learner_week(learner, monday),
        title=learner.full_name,
        kind="learner",
        obj=learner,
    )


@login_required
def learner_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    learner = get_learner_for(request.user, pk)
    plan = selectors.learner_calendar(learner, on=timezone.localdate())
    context = {
        "learner": learner,
        "plan": plan,
        "months": selectors.months_of_days(plan.days),
        "module_titles": selectors.module_titles(learner.cohort.framework),
    }
    return render(request, "timetable/learner_calendar.html", context)


# --- The calendar of a cohort ---------------------------------------------------------------


@login_required
def cohort_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.get_cohort_timetable_for(request.user, pk)
    manages = selectors.manages_cohort(request.user, cohort)
    calendar = getattr(cohort, "training_calendar", None)
    calendar_form = None
    if manages:
        initial = {}
        if calendar is None:
            initial = {
                "start": cohort.first_year_start,
                "end": date(cohort.exam_session, 6, 30),
                "school_holiday_zone": "A",
            }
        calendar_form = forms.CalendarForm(request.POST or None, instance=calendar, initial=initial)
        if response := submit(
            request,
            calendar_form,
            lambda: services.save_calendar(
                cohort=cohort,
                values=calendar_form.values(),
                by=request.user,
                version=calendar_form.version(),
            ),
            success=_("Calendrier enregistré."),
            then=reverse("timetable:cohort_calendar", args=[cohort.pk]),
        ):
            return response
    context = selectors.CalendarContext.of(cohort)
    groups = [selectors.group_plan(context, r) for r in context.rhythms]
    page = {
        "cohort": cohort,
        "calendar": context.calendar,
        "manages": manages,
        "calendar_form": calendar_form,
        "groups": groups,
        "periods": context.periods,
        "rhythm_form": forms.RhythmForm(cohort=cohort) if manages and context.calendar else None,
        "period_form": (
            forms.PeriodForm(calendar=context.calendar) if manages and context.calendar else None
        ),
        "module_titles": selectors.module_titles(cohort.framework),
    }
    status = 400 if calendar_form is not None and calendar_form.errors else 200
    return render(request, "timetable/calendar.html", page, status=status)


def _section_submit(
    request: HttpRequest, form: Any, save: Callable[[], Any], *, success: str, back: str
) -> HttpResponse:
    """A form posted from a section of another page (`core.ui.views.submit`): its errors and
    the service's refusal come back to that page as messages."""
    if response := submit(request, form, save, success=success, then=back):
        return response
    flash_form_errors(request, form)
    return redirect(back)


@login_required
@require_POST
def rhythm_add(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.get_cohort_timetable_for(request.user, pk, Action.CHANGE)
    calendar = get_object_or_404(TrainingCalendar, cohort=cohort)
    form = forms.RhythmForm(request.POST, cohort=cohort)
    return _section_submit(
        request,
        form,
        lambda: services.add_rhythm(calendar=calendar, by=request.user, **form.values()),
        success=_("Groupe ajouté."),
        back=reverse("timetable:cohort_calendar", args=[cohort.pk]),
    )


@login_required
@require_POST
def period_add(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.get_cohort_timetable_for(request.user, pk, Action.CHANGE)
    calendar = get_object_or_404(TrainingCalendar, cohort=cohort)
    form = forms.PeriodForm(request.POST, calendar=calendar)
    return _section_submit(
        request,
        form,
        lambda: services.add_period(calendar=calendar, by=request.user, **form.cleaned_data),
        success=_("Période ajoutée."),
        back=reverse("timetable:cohort_calendar", args=[cohort.pk]),
    )


@login_required
@require_POST
def period_remove(request: HttpRequest, pk: int) -> HttpResponse:
    period = get_object_or_404(CalendarPeriod.objects.select_related("calendar__cohort"), pk=pk)
    cohort = selectors.get_cohort_timetable_for(
        request.user, period.calendar.cohort_id, Action.CHANGE
    )
    services.remove_period(period=period, by=request.user)
    messages.success(request, _("Période retirée."))
    return redirect("timetable:cohort_calendar", pk=cohort.pk)


# --- Sessions ----------------------------------------------------------------------------------


@login_required
def session_new(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.get_cohort_timetable_for(request.user, pk, Action.CHANGE)
    initial = {"date": request.GET.get("date"), "half_day": request.GET.get("half_day", "am")}
    form = forms.SessionForm(request.POST or None, cohort=cohort, initial=initial)
    if response := submit(
        request,
        form,
        lambda: services.plan_session(cohort=cohort, by=request.user, **form.values()),
        success=_("Séance ajoutée."),
        then=lambda session: reverse(
            "timetable:cohort_week_of", args=[cohort.pk, session.date.isoformat()]
        ),
    ):
        return response
    status = 400 if form.is_bound else 200
    context = {"form": form, "cohort": cohort, "session": None}
    return render(request, "timetable/session_form.html", context, status=status)


@login_required
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.get_session_for(request.user, pk, Action.CHANGE)
    cohort = session.cohort
    form = forms.SessionForm(request.POST or None, cohort=cohort, session=session)
    cancel_form = forms.CancelForm()
    if response := submit(
        request,
        form,
        lambda: services.change_session(
            session=session, changes=form.values(), by=request.user, version=form.version()
        ),
        success=_("Séance modifiée ; les personnes concernées sont averties."),
        then=lambda changed: reverse(
            "timetable:cohort_week_of", args=[cohort.pk, changed.date.isoformat()]
        ),
    ):
        return response
    status = 400 if form.is_bound else 200
    context = {"form": form, "cohort": cohort, "session": session, "cancel_form": cancel_form}
    return render(request, "timetable/session_form.html", context, status=status)


@login_required
@require_POST
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.get_session_for(request.user, pk, Action.CHANGE)
    form = forms.CancelForm(request.POST)
    if form.is_valid():
        try:
            services.cancel_session(
                session=session, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Séance annulée ; les personnes concernées sont averties."))
    else:
        messages.error(request, _("Indiquez le motif de l'annulation."))
    return redirect("timetable:cohort_week_of", pk=session.cohort_id, day=session.date.isoformat())


@login_required
@require_POST
def copy_week(request: HttpRequest, pk: int, day: str) -> HttpResponse:
    cohort = selectors.get_cohort_timetable_for(request.user, pk, Action.CHANGE)
    form = forms.CopyWeekForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Date de la semaine cible invalide."))
        return redirect("timetable:cohort_week_of", pk=cohort.pk, day=day)
    target = form.cleaned_data["target"]
    try:
        report = services.copy_week(cohort=cohort, source=_day(day), target=target, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("timetable:cohort_week_of", pk=cohort.pk, day=day)
    messages.success(request, _("%(count)d séance(s) copiée(s).") % {"count": len(report.created)})
    for session, reasons in report.refused:
        messages.error(
            request,
            _("Non copiée : %(session)s — %(reasons)s")
            % {"session": session, "reasons": " ".join(reasons)},
        )
    return redirect("timetable:cohort_week_of", pk=cohort.pk, day=target.isoformat())


# --- Rooms, feeds, notices ----------------------------------------------------------------------


@login_required
def rooms(request: HttpRequest) -> HttpResponse:
    centres = centres_where(request.user, Role.TRAINING_MANAGER)
    form = forms.RoomForm(request.POST or None) if centres else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("Action réservée au responsable de formation du centre."))
        if response := submit(
            request,
            form,
            lambda: services.create_room(
                training_centre=TrainingCentre.objects.get(pk=min(centres)),
                by=request.user,
                **form.cleaned_data,
            ),
            success=_("Salle ajoutée."),
            then="timetable:rooms",
        ):
            return response
    context = {
        "rooms": selectors.visible_rooms(request.user),
        "form": form,
        "today": timezone.localdate(),
    }
    return render(
        request, "timetable/rooms.html", context, status=400 if form and form.errors else 200
    )


@login_required
def feed_list(request: HttpRequest) -> HttpResponse:
    form = forms.FeedForm(request.POST or None, user=request.user)
    if response := submit(
        request,
        form,
        lambda: services.create_feed(owner=request.user, by=request.user, **form.cleaned_data),
        success=_("Adresse d'abonnement créée."),
        then="timetable:feeds",
    ):
        return response
    feeds_list = [
        (feed, request.build_absolute_uri(reverse("timetable:feed", args=[feed.token])))
        for feed in selectors.own_feeds(request.user)
    ]
    context = {"form": form, "feeds": feeds_list}
    return render(request, "timetable/feeds.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def feed_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    feed = selectors.own_feeds(request.user).filter(pk=pk).first()
    if feed is None:
        raise Http404("Abonnement introuvable.")
    services.revoke_feed(feed=feed, by=request.user)
    messages.success(request, _("Adresse révoquée : elle ne donne plus accès à l'emploi du temps."))
    return redirect("timetable:feeds")


def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The iCalendar feed at a private address (no login: calendar apps fetch it)."""
    found = selectors.feed_by_token(token)
    if found is None:
        raise Http404("Abonnement introuvable.")
    today = timezone.localdate()
    sessions = selectors.feed_sessions(
        found, start=today - timedelta(days=120), end=today + timedelta(days=400)
    )
    body = feeds.ical(found, sessions, now=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
def notices(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.mark_notices_read(user=request.user)
        return redirect("timetable:notices")
    return render(
        request, "timetable/notices.html", {"notices": selectors.notices_of(request.user)}
    )
