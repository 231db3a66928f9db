from django.urls import path

from ndrc.frameworks import views

app_name = "frameworks"
urlpatterns = [
    path("", views.index, name="index"),
    path("unites/", views.units, name="units"),
    path("poles/", views.activity_areas, name="activity_areas"),
    path("poles/<str:code>/", views.activity_area, name="activity_area"),
    path("blocs/", views.skill_blocks, name="skill_blocks"),
    path("blocs/<str:code>/", views.skill_block, name="skill_block"),
]
