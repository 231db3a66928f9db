from django.contrib import admin
from django.urls import include, path

from ndrc.api.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("langue/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("referentiel/", include("ndrc.frameworks.urls")),
    path("examen/", include("ndrc.exams.urls")),
    path("apprenants/", include("ndrc.learners.urls")),
    path("entreprises/", include("ndrc.companies.urls")),
    path("imports/", include("ndrc.imports.urls")),
    path("alternance/", include("ndrc.contracts.urls")),
    path("portfolio/", include("ndrc.portfolio.urls")),
    path("evaluations/", include("ndrc.assessments.urls")),
    path("notes/", include("ndrc.gradebook.urls")),
    path("documents/", include("ndrc.documents.urls")),
    path("emploi-du-temps/", include("ndrc.timetable.urls")),
    path("emargement/", include("ndrc.attendance.urls")),
    path("suivi/", include("ndrc.followup.urls")),
    path("indicateurs/", include("ndrc.indicators.urls")),
    path("", include("ndrc.indicators.public_urls")),
    path("admission/", include("ndrc.admissions.urls")),
    path("taches/", include("ndrc.jobs.urls")),
    path("comptes/", include("ndrc.accounts.urls")),
    path("jetons-api/", include("ndrc.api.urls")),
    path("", include("ndrc.core.ui.urls")),
    path("", include("ndrc.dashboard.urls")),
]
