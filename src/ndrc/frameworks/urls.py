from django.urls import path

from ndrc.frameworks import views

app_name = "frameworks"
urlpatterns = [
    path("", views.index, name="index"),
]
