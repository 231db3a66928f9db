from django.urls import path

from ndrc.web import views

urlpatterns = [
    path("", views.home, name="home"),
]
