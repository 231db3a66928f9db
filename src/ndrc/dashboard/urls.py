from django.urls import path

from ndrc.dashboard import views

urlpatterns = [
    path("", views.home, name="home"),
    path("recherche/", views.search_page, name="search"),
]
