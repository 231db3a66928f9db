from django.urls import path

from ndrc.dashboard import views

urlpatterns = [
    path("", views.home, name="home"),
    path("recherche/", views.search_page, name="search"),
    path("tableau-de-bord/<slug:name>/", views.manager_list, name="manager_list"),
]
