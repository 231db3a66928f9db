from django.urls import path

from ndrc.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.index, name="index"),
    path("export.<str:fmt>", views.index, name="export"),
    path("<int:year>/", views.year_table, name="year"),
    path("<int:year>/<slug:name>/", views.detail, name="detail"),
    path("graphiques/", views.charts, name="charts"),
    path("graphiques/<slug:name>.svg", views.chart_svg, name="chart_svg"),
    path("chiffres/", views.figures_list, name="figures"),
    path("chiffres/saisir/", views.figures_form, name="figures_new"),
    path("chiffres/<int:year>/", views.figures_form, name="figures_edit"),
    path("sorties/<int:year>/", views.leavers, name="leavers"),
    path("sorties/apprenant/<int:pk>/situation/", views.situation_form, name="situation"),
    path("sorties/apprenant/<int:pk>/depart/", views.interruption_form, name="interruption"),
    path(
        "sorties/apprenant/<int:pk>/depart/annuler/",
        views.interruption_cancel,
        name="interruption_cancel",
    ),
    path("enquetes/", views.surveys, name="surveys"),
    path("enquetes/<int:pk>/", views.survey_detail, name="survey"),
    path(
        "enquetes/<int:pk>/questions/<int:question_pk>/supprimer/",
        views.question_delete,
        name="question_delete",
    ),
    path("enquetes/<int:pk>/<slug:action>/", views.survey_action, name="survey_action"),
]
