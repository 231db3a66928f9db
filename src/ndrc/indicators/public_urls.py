"""The pages without login: a centre's public results, a survey answered through its link."""

from django.urls import path

from ndrc.indicators import views

app_name = "public_indicators"
urlpatterns = [
    path("resultats/<str:uai>/", views.public_results, name="results"),
    path("enquete/<str:token>/", views.survey_answer, name="survey_answer"),
]
