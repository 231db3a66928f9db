from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("referentiel/", include("ndrc.frameworks.urls")),
    path("examen/", include("ndrc.exams.urls")),
    path("", include("ndrc.web.urls")),
]
