from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ndrc.regulation.framework import load_framework


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "frameworks/index.html", {"framework": load_framework()})
