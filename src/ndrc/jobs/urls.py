from django.urls import path

from ndrc.jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("<int:pk>/", views.job_detail, name="detail"),
    path("<int:pk>/etat/", views.job_status, name="status"),
    path("<int:pk>/fichier/", views.job_file, name="file"),
]
