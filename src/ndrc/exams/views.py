"""The deliberation simulator: a form in, the engine's decision and explanation out."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from ndrc.exams.forms import SimulatorForm
from ndrc.exams.selectors import simulate, starting_point
from ndrc.regulation.errors import InputError
from ndrc.regulation.framework import load_framework


def simulator(request: HttpRequest) -> HttpResponse:
    framework = load_framework()
    # Time enters here: the grade scale in force today; a learner starts from their own category
    # and session, anyone else from a student of the current year (Europe/Paris).
    today = timezone.localdate()
    if "category" in request.GET:
        form = SimulatorForm(request.GET, framework=framework, on=today)
    else:
        initial = starting_point(request.user, on=today)
        form = SimulatorForm(initial=initial, framework=framework, on=today)
    context = {
        "form": form,
        "result": None,
        "needed": (),
        "not_computable": (),
        "engine_error": None,
        "invalid": form.is_bound and not form.is_valid(),
    }
    if form.is_bound and form.is_valid():
        try:
            simulation = simulate(form.as_record(), empty_units=form.empty_units())
        except InputError as error:
            context["engine_error"] = str(error)
        else:
            context.update(
                result=simulation.result,
                needed=simulation.needed,
                not_computable=simulation.not_computable,
            )
    if request.headers.get("HX-Request") == "true":
        # Errors go next to their fields (out-of-band swaps); the result is replaced, by a
        # request to correct the input when it became invalid (an old result would mislead).
        html = render_to_string("exams/_result.html", context, request)
        html += render_to_string("exams/_errors_oob.html", context, request)
        return HttpResponse(html)
    status = 400 if context["invalid"] else 200
    return render(request, "exams/simulator.html", context, status=status)
