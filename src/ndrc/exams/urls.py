from django.urls import path

from ndrc.exams import views

app_name = "exams"
urlpatterns = [
    path("simulateur/", views.simulator, name="simulator"),
]
