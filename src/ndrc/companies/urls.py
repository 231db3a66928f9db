from django.urls import path

from ndrc.companies import views

app_name = "companies"
urlpatterns = [
    path("", views.company_list, name="list"),
    path("export.<str:fmt>", views.company_list, name="export"),
    path("nouvelle/", views.company_edit, name="create"),
    path("<int:pk>/", views.company_detail, name="detail"),
    path("<int:pk>/modifier/", views.company_edit, name="edit"),
    path("<int:company_pk>/contacts/nouveau/", views.contact_edit, name="contact_create"),
    path("contacts/<int:pk>/modifier/", views.contact_edit, name="contact_edit"),
]
