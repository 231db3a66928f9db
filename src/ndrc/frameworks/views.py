"""Pages of the référentiel: units and exams by candidate category, pôles, blocs."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from ndrc.frameworks.forms import CategoryForm
from ndrc.regulation.exams import exams_for
from ndrc.regulation.framework import load_framework


def current_session() -> int:
    """The exam session of the current year (time enters here, in Europe/Paris)."""
    return timezone.localdate().year


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "frameworks/index.html", {"framework": load_framework()})


def units(request: HttpRequest) -> HttpResponse:
    framework = load_framework()
    data = request.GET if "category" in request.GET else {"category": "scolaire"}
    form = CategoryForm(data, framework=framework)
    plan = None
    if form.is_valid():
        plan = exams_for(
            form.cleaned_data["category"],
            extra_time=form.cleaned_data["extra_time"],
            session=current_session(),
            framework=framework,
        )
    context = {"framework": framework, "form": form, "plan": plan}
    partial = request.headers.get("HX-Request") == "true"
    template = "frameworks/_exam_plan.html" if partial else "frameworks/units.html"
    return render(request, template, context, status=200 if plan else 400)


def activity_areas(request: HttpRequest) -> HttpResponse:
    return render(request, "frameworks/activity_areas.html", {"framework": load_framework()})


def activity_area(request: HttpRequest, code: str) -> HttpResponse:
    framework = load_framework()
    area = framework.activity_areas.get(code)
    if area is None:
        raise Http404(_("Pôle d'activités inconnu : « %(code)s »") % {"code": code})
    return render(request, "frameworks/activity_area.html", {"framework": framework, "area": area})


def skill_blocks(request: HttpRequest) -> HttpResponse:
    return render(request, "frameworks/skill_blocks.html", {"framework": load_framework()})


def skill_block(request: HttpRequest, code: str) -> HttpResponse:
    framework = load_framework()
    block = framework.skill_blocks.get(code)
    if block is None:
        raise Http404(_("Bloc de compétences inconnu : « %(code)s »") % {"code": code})
    return render(
        request, "frameworks/skill_block.html", {"framework": framework, "skill_block": block}
    )
