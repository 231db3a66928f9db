"""Pages of the indicators: the table of the years, a year's table (the brochure's), one
indicator with the people behind it, the charts, the exports; the figures recorded by hand; the
leavers of a year; the surveys; and, without login, the public results page and the survey
answered through a personal link. Thin: read the request, call one selector or service, render.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext
from django.views.decorators.http import require_POST

from ndrc.core.permissions import Action, today
from ndrc.core.tabular import export_page
from ndrc.core.ui.forms import add_service_errors
from ndrc.core.ui.views import form_page, submit
from ndrc.indicators import selectors, services
from ndrc.indicators.charts import bar_chart
from ndrc.indicators.forms import (
    AnswerForm,
    FilterForm,
    InterruptionForm,
    QuestionForm,
    SituationForm,
    SixMonthsForm,
    SurveyForm,
    YearFiguresForm,
)
from ndrc.indicators.models import (
    EmploymentKind,
    Interruption,
    InterruptionReason,
    Situation,
    SituationSource,
    Status,
    SurveyKind,
    YearFigures,
)
from ndrc.jobs.services import start_job
from ndrc.learners.models import Learner
from ndrc.regulation.explanation import Message
from ndrc.regulation.indicators import NAMES

# The indicators' names in the interface (the engine's labels stay French, like its formulas).
LABELS = {
    "pass_rate": gettext_lazy("Taux de réussite"),
    "apprentice_pass_rate": gettext_lazy("Taux de réussite des apprentis"),
    "graduation_rate": gettext_lazy("Taux d'obtention du diplôme"),
    "continuation_rate": gettext_lazy("Taux de poursuite d'études"),
    "interruption_rate": gettext_lazy("Taux d'interruption en cours de formation"),
    "employment_rate": gettext_lazy("Taux d'insertion professionnelle à 6 mois"),
    "favourable_outcome_rate": gettext_lazy("Taux de devenir favorable"),
    "added_value": gettext_lazy("Valeur ajoutée de l'établissement"),
    "termination_rate": gettext_lazy("Taux de rupture des contrats d'apprentissage"),
    "learner_satisfaction_rate": gettext_lazy("Satisfaction globale des apprenants"),
    "company_satisfaction_rate": gettext_lazy("Satisfaction globale des entreprises"),
}
# What the counts behind each rate are, as the brochures say it ("13 présentés, 6 reçus").
COUNT_WORDS = {
    "pass_rate": (gettext_lazy("présentés"), gettext_lazy("reçus")),
    "apprentice_pass_rate": (gettext_lazy("apprentis présentés"), gettext_lazy("reçus")),
    "graduation_rate": (gettext_lazy("inscrits"), gettext_lazy("diplômés")),
    "continuation_rate": (gettext_lazy("sortants"), gettext_lazy("en poursuite d'études")),
    "interruption_rate": (gettext_lazy("entrés"), gettext_lazy("partis avant le terme")),
    "employment_rate": (
        gettext_lazy("sortants hors poursuite d'études"),
        gettext_lazy("en emploi"),
    ),
    "favourable_outcome_rate": (gettext_lazy("sortants"), gettext_lazy("en études ou en emploi")),
    "termination_rate": (gettext_lazy("contrats"), gettext_lazy("rompus")),
    "learner_satisfaction_rate": (gettext_lazy("réponses"), gettext_lazy("satisfaites")),
    "company_satisfaction_rate": (gettext_lazy("réponses"), gettext_lazy("satisfaites")),
}
SOURCE_LABELS = {
    selectors.NDRC: gettext_lazy("données ndrc"),
    selectors.RECORDED: gettext_lazy("chiffres saisis"),
}
CHARTED = [name for name in NAMES if name != "added_value"]


def counts(indicator) -> str:
    """ "13 présentés, 6 reçus" """
    words = COUNT_WORDS.get(indicator.name)
    if words is None or indicator.denominator is None:
        return ""
    below, above = words
    return f"{indicator.denominator} {below}, {indicator.numerator} {above}"


def _cell(row: selectors.YearIndicators, name: str) -> dict:
    indicator = row.indicators.get(name)
    return {
        "year": row.year,
        "indicator": indicator,
        "counts": counts(indicator) if indicator else "",
        "source": SOURCE_LABELS.get(row.source_of(name), ""),
    }


def _centre(request: HttpRequest):
    try:
        pk = int(request.GET["centre"]) if request.GET.get("centre") else None
    except ValueError:
        raise Http404("Centre introuvable.") from None
    return selectors.get_centre_for(request.user, pk)


def _filters(request: HttpRequest, centre) -> FilterForm:
    form = FilterForm(request.GET or None, centre=centre)
    if form.is_bound and not form.is_valid():
        raise Http404(_("Filtre inconnu."))
    if not form.is_bound:
        form.cleaned_data = {}
    return form


def _query(centre, filters: FilterForm) -> str:
    parts = [f"centre={centre.pk}"]
    if filters.status:
        parts.append(f"statut={filters.status}")
    if filters.cohort:
        parts.append(f"promotion={filters.cohort.pk}")
    return "?" + "&".join(parts)


EXPORT_COLUMNS = (
    ("year", "Session"),
    ("status", "Statut"),
    ("label", "Indicateur"),
    ("numerator", "Numérateur"),
    ("denominator", "Dénominateur"),
    ("rate", "Taux (%)"),
    ("small_number", "Petit effectif"),
    ("reason", "Non calculé : motif"),
    ("formula", "Formule"),
    ("source", "Source"),
    ("origin", "Origine des chiffres"),
)


def _export_rows(rows, status: str | None) -> list[dict]:
    status_label = dict(Status.choices).get(status, "Tous statuts confondus")
    return [
        {
            "year": row.year,
            "status": str(status_label),
            "label": item.label,
            "numerator": item.numerator,
            "denominator": item.denominator,
            "rate": item.rate,
            "small_number": item.small_number,
            "reason": item.reason,
            "formula": item.formula,
            "source": item.source,
            "origin": {"ndrc": "ndrc", "recorded": "saisi"}.get(row.source_of(item.name), ""),
        }
        for row in rows
        for item in row.indicators.items
    ]


@login_required
def index(request: HttpRequest, fmt: str | None = None) -> HttpResponse:
    centre = _centre(request)
    filters = _filters(request, centre)
    on = today()
    rows = selectors.indicators_by_year(
        centre=centre,
        years=selectors.indicator_years(centre),
        on=on,
        status=filters.status,
        cohort=filters.cohort,
    )
    if fmt is not None:
        # French whatever the interface language, like the imports' and exports' columns.
        with translation.override(settings.LANGUAGE_CODE):
            exported = _export_rows(rows, filters.status)
        return export_page(
            exported, EXPORT_COLUMNS, fmt=fmt, filename=f"indicateurs-{centre.uai}-{on:%Y-%m-%d}"
        )
    names = [item.name for item in rows[0].indicators.items] if rows else []
    table = [(name, LABELS[name], [_cell(row, name) for row in rows]) for name in names]
    return render(
        request,
        "indicators/index.html",
        {
            "centre": centre,
            "centres": selectors.reading_centres(request.user).order_by("name"),
            "filters": filters,
            "query": _query(centre, filters),
            "years": [(row.year, row.year > selectors.finished_session(on)) for row in rows],
            "table": table,
            "on": on,
            "may_manage": selectors.may_manage(request.user, centre),
        },
    )


@login_required
def year_table(request: HttpRequest, year: int) -> HttpResponse:
    centre = _centre(request)
    filters = _filters(request, centre)
    by_status = selectors.indicators_by_status(
        centre=centre, year=year, on=today(), cohort=filters.cohort
    )
    statuses = [(status, dict(Status.choices).get(status)) for status, _row in by_status]
    rows = []
    for name in NAMES:
        cells = [(status or "", row.indicators.get(name)) for status, row in by_status]
        if any(item for _status, item in cells):
            rows.append((name, LABELS[name], [(s, c, counts(c) if c else "") for s, c in cells]))
    all_statuses = by_status[0][1]
    return render(
        request,
        "indicators/year.html",
        {
            "centre": centre,
            "year": year,
            "filters": filters,
            "query": _query(centre, filters),
            "statuses": statuses,
            "rows": rows,
            "definitions": [(LABELS[i.name], i) for i in all_statuses.indicators.items],
            "recorded": all_statuses.recorded,
        },
    )


@login_required
def detail(request: HttpRequest, year: int, name: str) -> HttpResponse:
    centre = _centre(request)
    filters = _filters(request, centre)
    if name not in LABELS:
        raise Http404(_("Indicateur inconnu."))
    [row] = selectors.indicators_by_year(
        centre=centre, years=[year], on=today(), status=filters.status, cohort=filters.cohort
    )
    indicator = row.indicators.get(name)
    if indicator is None:
        raise Http404(_("Indicateur inconnu."))
    above, below = selectors.people_behind(indicator)
    steps = [s for s in row.indicators.explanation if s.rule.split("_small")[0] == name]
    return render(
        request,
        "indicators/detail.html",
        {
            "centre": centre,
            "year": year,
            "filters": filters,
            "query": _query(centre, filters),
            "indicator": indicator,
            "label": LABELS[name],
            "status_label": dict(Status.choices).get(filters.status) or _("Tous statuts confondus"),
            "counts": counts(indicator),
            "steps": steps,
            "above": above,
            "below": below,
            "origin": SOURCE_LABELS.get(row.source_of(name), ""),
            "recorded": row.recorded,
        },
    )


def _charts(centre, filters, on):
    # A report's chart shows the sessions already over.
    finished = selectors.finished_session(on)
    rows = selectors.indicators_by_year(
        centre=centre,
        years=[y for y in selectors.indicator_years(centre) if y <= finished],
        on=on,
        status=filters.status,
        cohort=filters.cohort,
    )
    charts = []
    for name in CHARTED:
        points = [(row.year, row.indicators[name]) for row in rows if row.indicators.get(name)]
        if points:
            charts.append(bar_chart(name, str(LABELS[name]), points))
    return charts


@login_required
def charts(request: HttpRequest) -> HttpResponse:
    centre = _centre(request)
    filters = _filters(request, centre)
    return render(
        request,
        "indicators/charts.html",
        {
            "centre": centre,
            "filters": filters,
            "query": _query(centre, filters),
            "charts": _charts(centre, filters, today()),
        },
    )


@login_required
def chart_svg(request: HttpRequest, name: str) -> HttpResponse:
    centre = _centre(request)
    filters = _filters(request, centre)
    found = [c for c in _charts(centre, filters, today()) if c.name == name]
    if not found:
        raise Http404(_("Indicateur inconnu."))
    response = render(
        request, "indicators/chart.svg", {"chart": found[0]}, content_type="image/svg+xml"
    )
    response["Content-Disposition"] = f'inline; filename="{name}.svg"'
    return response


# --- Figures recorded by hand -----------------------------------------------------------------


def _managed_centre(request: HttpRequest):
    centre = _centre(request)
    if not selectors.may_manage(request.user, centre):
        raise PermissionDenied
    return centre


@login_required
def figures_list(request: HttpRequest) -> HttpResponse:
    centre = _centre(request)
    return render(
        request,
        "indicators/figures_list.html",
        {
            "centre": centre,
            "figures": YearFigures.objects.filter(training_centre=centre),
            "may_manage": selectors.may_manage(request.user, centre),
        },
    )


@login_required
def figures_form(request: HttpRequest, year: int | None = None) -> HttpResponse:
    centre = _managed_centre(request)
    on = today()
    figures = None
    if year is not None:
        figures = get_object_or_404(YearFigures, training_centre=centre, year=year)
    form = YearFiguresForm(request.POST or None, on=on, figures=figures)
    back = reverse("indicators:figures") + f"?centre={centre.pk}"
    done = submit(
        request,
        form,
        lambda: services.save_year_figures(
            centre=centre,
            year=year or form.cleaned_data["year"],
            statuses=form.statuses(),
            companies_answered=form.cleaned_data["companies_answered"],
            companies_satisfied=form.cleaned_data["companies_satisfied"],
            note=form.cleaned_data["note"],
            recorded_at=timezone.now(),
            by=request.user,
            version=form.version(),
            new=figures is None,
        ),
        success=_("Chiffres enregistrés."),
        then=back,
    )
    if done:
        return done
    return render(
        request,
        "indicators/figures_form.html",
        {"centre": centre, "form": form, "figures": figures, "back": back,
         "statuses": Status.choices},
        status=400 if form.is_bound else 200,
    )  # fmt: skip


# --- Leavers of a year ------------------------------------------------------------------------


def _address(name: str):
    """A function of a learner's id giving the address of `name`, reversed once (a session's
    table has a few hundred rows)."""
    sentinel = 987654321987
    address = reverse(name, args=[sentinel]).replace(str(sentinel), "{}")
    return address.format


def _leaver_lines(rows: list[selectors.LeaverRow]) -> list[dict]:
    """What the leavers' table prints, row by row, as plain texts."""
    reasons, situations = dict(InterruptionReason.choices), dict(Situation.choices)
    employments, sources = dict(EmploymentKind.choices), dict(SituationSource.choices)
    situation_url, departure_url = (
        _address("indicators:situation"),
        _address("indicators:interruption"),
    )
    cancel_url = _address("indicators:interruption_cancel")
    lines = []
    for row in rows:
        learner, gone, known, invited = row.learner, row.interruption, row.situation, row.invitation
        if invited is None:
            survey = ""
        elif invited.answered_at:
            survey = _("a répondu")
        else:
            survey = ngettext(
                "invité(e), %(counter)s relance",
                "invité(e), %(counter)s relances",
                invited.reminders,
            ) % {"counter": invited.reminders}
        lines.append(
            {
                "name": learner.full_name,
                "cohort": learner.cohort.name,
                "departure": f"{gone.left_on:%d/%m/%Y} — {reasons[gone.reason]}" if gone else "",
                "situation": situations[known.situation] if known else "",
                "employment": employments.get(known.employment, "") if known else "",
                "source": f"{sources[known.source]}, {known.observed_on:%d/%m/%Y}" if known else "",
                "unknown": not gone and not known,
                "survey": survey,
                "situation_url": "" if gone else situation_url(learner.pk),
                "departure_url": departure_url(learner.pk),
                "cancel_url": cancel_url(learner.pk) if gone else "",
            }
        )
    return lines


@login_required
def leavers(request: HttpRequest, year: int) -> HttpResponse:
    centre = _centre(request)
    return render(
        request,
        "indicators/leavers.html",
        {
            "centre": centre,
            "year": year,
            "lines": _leaver_lines(selectors.leavers_of(centre, year)),
            "may_manage": selectors.may_manage(request.user, centre),
        },
    )


def _learner_of(request: HttpRequest, pk: int) -> Learner:
    learner = get_object_or_404(
        Learner.objects.select_related("cohort__training_centre"),
        pk=pk,
        cohort__training_centre__in=selectors.reading_centres(request.user),
    )
    if not selectors.may_manage(request.user, learner.cohort.training_centre):
        raise PermissionDenied
    return learner


def _back_to_leavers(learner: Learner) -> str:
    url = reverse("indicators:leavers", args=[learner.cohort.exam_session])
    return f"{url}?centre={learner.cohort.training_centre_id}"


@login_required
def situation_form(request: HttpRequest, pk: int) -> HttpResponse:
    learner = _learner_of(request, pk)
    current = getattr(learner, "six_month_situation", None)
    initial = {"observed_on": today(), "source": "phone"}
    if current is not None:
        initial = {
            "situation": current.situation,
            "employment": current.employment,
            "related_to_training": {True: "true", False: "false"}.get(
                current.related_to_training, ""
            ),
            "detail": current.detail,
            "source": current.source if current.source != "survey" else "phone",
            "observed_on": current.observed_on,
        }
    form = SituationForm(request.POST or None, initial=initial)
    back = _back_to_leavers(learner)
    done = submit(
        request,
        form,
        lambda: services.record_situation(learner=learner, by=request.user, **form.cleaned_data),
        success=_("Situation enregistrée."),
        then=back,
    )
    return done or form_page(
        request,
        form,
        title=_("Situation six mois après — %(name)s") % {"name": learner.full_name},
        back_url=back,
    )


@login_required
def interruption_form(request: HttpRequest, pk: int) -> HttpResponse:
    learner = _learner_of(request, pk)
    current = getattr(learner, "training_interruption", None)
    initial = {} if current is None else {
        "left_on": current.left_on, "reason": current.reason, "note": current.note
    }  # fmt: skip
    form = InterruptionForm(request.POST or None, initial=initial)
    back = _back_to_leavers(learner)
    done = submit(
        request,
        form,
        lambda: services.record_interruption(learner=learner, by=request.user, **form.cleaned_data),
        success=_("Départ enregistré."),
        then=back,
    )
    return done or form_page(
        request,
        form,
        title=_("Départ avant le terme de la formation — %(name)s") % {"name": learner.full_name},
        back_url=back,
    )


@login_required
@require_POST
def interruption_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    learner = _learner_of(request, pk)
    interruption = get_object_or_404(Interruption, learner=learner)
    services.cancel_interruption(interruption=interruption, by=request.user)
    messages.success(request, _("Départ annulé."))
    return redirect(_back_to_leavers(learner))


# --- Surveys ----------------------------------------------------------------------------------


@login_required
def surveys(request: HttpRequest) -> HttpResponse:
    centre = _centre(request)
    may_manage = selectors.may_manage(request.user, centre)
    form = SurveyForm(
        request.POST or None,
        centre=centre,
        initial={"year": today().year, "anonymous": True},
    )
    if request.method == "POST" and not may_manage:
        raise PermissionDenied
    done = submit(
        request,
        form,
        lambda: services.create_survey(
            centre=centre, created_at=timezone.now(), by=request.user, **form.cleaned_data
        ),
        success=_("Enquête créée : vérifiez ses questions avant de l'envoyer."),
        then=lambda survey: reverse("indicators:survey", args=[survey.pk]),
    )
    if done:
        return done
    return render(
        request,
        "indicators/surveys.html",
        {
            "centre": centre,
            "rows": selectors.surveys_of(centre, on=today()),
            "form": form if may_manage else None,
        },
        status=400 if form.is_bound else 200,
    )


@login_required
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.get_survey_for(request.user, pk)
    may_manage = selectors.may_manage(request.user, survey.training_centre)
    form = QuestionForm(request.POST or None)
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        done = submit(
            request,
            form,
            lambda: services.add_question(survey=survey, by=request.user, **form.cleaned_data),
            success=_("Question ajoutée."),
            then=reverse("indicators:survey", args=[survey.pk]),
        )
        if done:
            return done
    editable = may_manage and survey.sent_at is None and survey.kind != SurveyKind.SIX_MONTHS
    return render(
        request,
        "indicators/survey.html",
        {
            "survey": survey,
            "row": selectors.survey_row(survey, on=today()),
            "results": selectors.survey_results(survey),
            "form": form if editable else None,
            "may_manage": may_manage,
            "editable": editable,
        },
        status=400 if form.is_bound else 200,
    )


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


@login_required
@require_POST
def survey_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Send the invitations, or the reminders: a background job, followed on its page."""
    survey = selectors.get_survey_for(request.user, pk, Action.CHANGE)
    # The job's title is stored in French, with its template (shown in the reader's language).
    jobs = {
        "envoyer": (services.invite_job, gettext_noop("Envoi de l'enquête « %(title)s »")),
        "relancer": (services.remind_job, gettext_noop("Relance de l'enquête « %(title)s »")),
    }
    if action not in jobs:
        raise Http404(_("Action inconnue."))
    function, title = jobs[action]
    job = start_job(
        function,
        by=request.user,
        title=Message(title, title=survey.title),
        arguments={"survey": survey, "base_url": _base_url(request)},
        training_centre=survey.training_centre,
        return_url=reverse("indicators:survey", args=[survey.pk]),
    )
    return redirect(job.get_absolute_url())


@login_required
@require_POST
def question_delete(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    survey = selectors.get_survey_for(request.user, pk, Action.CHANGE)
    question = get_object_or_404(survey.questions, pk=question_pk)
    try:
        services.delete_question(question=question, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Question supprimée."))
    return redirect("indicators:survey", pk=survey.pk)


# --- Without login: the public results, the survey through its personal link ------------------


def public_results(request: HttpRequest, uai: str) -> HttpResponse:
    centre = selectors.public_centre(uai)
    results = selectors.public_results(centre, now=timezone.now())
    names = [n for n in NAMES if any(row.indicators.get(n) for row in results.years)]
    rows = [
        (
            LABELS[name],
            [
                (row.indicators.get(name), counts(row.indicators[name]))
                if row.indicators.get(name)
                else (None, "")
                for row in results.years
            ],
        )
        for name in names
    ]
    definitions = results.years[-1].indicators.items if results.years else ()
    return render(
        request,
        "indicators/public.html",
        {
            "results": results,
            "rows": rows,
            "definitions": [(LABELS[d.name], d) for d in definitions],
        },
    )


def survey_answer(request: HttpRequest, token: str) -> HttpResponse:
    invitation = selectors.invitation_by_token(token)
    survey = invitation.survey
    now = timezone.now()
    closed = invitation.answered_at is not None or (
        survey.closes_on is not None and survey.closes_on < now.date()
    )
    data = request.POST if request.method == "POST" and not closed else None
    six_months = survey.kind == SurveyKind.SIX_MONTHS
    if six_months:
        form = SixMonthsForm(data)
    else:
        form = AnswerForm(data, questions=list(survey.questions.all()))
    if form.is_bound and form.is_valid():
        try:
            if six_months:
                services.answer_six_months(invitation=invitation, now=now, **form.cleaned_data)
            else:
                services.answer_questionnaire(
                    invitation=invitation, answers=form.answers(), now=now
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(request, "indicators/survey_thanks.html", {"survey": survey})
    return render(
        request,
        "indicators/survey_answer.html",
        {"survey": survey, "form": form, "closed": closed, "answered": invitation.answered_at},
        status=400 if form.is_bound else 200,
    )
