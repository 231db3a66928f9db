from django.urls import path

from ndrc.followup import views

app_name = "followup"
urlpatterns = [
    path("", views.index, name="index"),
    path("maitre/", views.master, name="master"),
    path("apprenant/<int:pk>/", views.learner, name="learner"),
    path("apprenant/<int:pk>/livret/ouvrir/", views.open_logbook, name="open_logbook"),
    path("apprenant/<int:pk>/visites/nouvelle/", views.plan_visit, name="plan_visit"),
    path("apprenant/<int:pk>/entretiens/nouveau/", views.plan_meeting, name="plan_meeting"),
    path("livret/<int:pk>/", views.logbook, name="logbook"),
    path("livret/<int:pk>/activites/", views.add_entry, name="add_entry"),
    path("livret/<int:pk>/livret.pdf", views.logbook_pdf, name="logbook_pdf"),
    path("activites/<int:pk>/supprimer/", views.delete_entry, name="delete_entry"),
    path("periodes/<int:pk>/valider/", views.validate_period, name="validate_period"),
    path("periodes/<int:pk>/commenter/", views.comment_period, name="comment_period"),
    path("visites/", views.visits, name="visits"),
    path("visites/<int:pk>/", views.visit, name="visit"),
    path("visites/<int:pk>/<str:action>/", views.visit_action, name="visit_action"),
    path("entretiens/<int:pk>/", views.meeting, name="meeting"),
    path("entretiens/<int:pk>/<str:action>/", views.meeting_action, name="meeting_action"),
    path("centres/<int:pk>/parametres/", views.centre_settings, name="settings"),
    path("promotions/<int:pk>/referents/", views.referents, name="referents"),
    path("notifications/", views.notifications, name="notifications"),
]
