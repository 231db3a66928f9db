from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def simulator(request: HttpRequest) -> HttpResponse:
    return render(request, "exams/simulator.html")
