"""The deliberation simulator: a form in, the engine's decision and explanation out."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from ndrc.exams.forms import SimulatorForm
from ndrc.exams.selectors import simulate
from ndrc.regulation.errors import InputError
from ndrc.regulation.framework import load_framework


def simulator(request: HttpRequest) -> HttpResponse:
    framework = load_framework()
    # Time enters here: the grade scale in force today, and the default session is the current
    # year (Europe/Paris).
    today = timezone.localdate()
    if "category" in request.GET:
        form = SimulatorForm(request.GET, framework=framework, on=today)
    else:
        initial = {"category": "scolaire", "session": today.year}
        form = SimulatorForm(initial=initial, framework=framework, on=today)
    context = {
        "form": form,
        "result": None,
        "needed": (),
        "not_computable": (),
        "engine_error": None,
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
    invalid = form.is_bound and not form.is_valid()
    if request.headers.get("HX-Request") == "true":
        # Errors go next to their fields (out-of-band swaps); invalid input leaves the result
        # shown so far untouched.
        html = render_to_string("exams/_errors_oob.html", context, request)
        response = HttpResponse(html)
        if invalid:
            response["HX-Reswap"] = "none"
        else:
            response.content = render_to_string("exams/_result.html", context, request) + html
        return response
    return render(request, "exams/simulator.html", context, status=400 if invalid else 200)
