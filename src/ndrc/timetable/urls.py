from django.urls import path

from ndrc.timetable import views

app_name = "timetable"
urlpatterns = [
    path("", views.index, name="index"),
    path("promotion/<int:pk>/", views.cohort_week, name="cohort_week"),
    path("promotion/<int:pk>/semaine/<str:day>/", views.cohort_week, name="cohort_week_of"),
    path("promotion/<int:pk>/semaine/<str:day>/copier/", views.copy_week, name="copy_week"),
    path("promotion/<int:pk>/calendrier/", views.cohort_calendar, name="cohort_calendar"),
    path("promotion/<int:pk>/groupes/nouveau/", views.rhythm_add, name="rhythm_add"),
    path("promotion/<int:pk>/periodes/nouvelle/", views.period_add, name="period_add"),
    path("periodes/<int:pk>/retirer/", views.period_remove, name="period_remove"),
    path("promotion/<int:pk>/seances/nouvelle/", views.session_new, name="session_new"),
    path("seances/<int:pk>/", views.session_edit, name="session_edit"),
    path("seances/<int:pk>/annuler/", views.session_cancel, name="session_cancel"),
    path("enseignant/<int:pk>/", views.teacher_week, name="teacher_week"),
    path("enseignant/<int:pk>/semaine/<str:day>/", views.teacher_week, name="teacher_week_of"),
    path("salles/", views.rooms, name="rooms"),
    path("salles/<int:pk>/", views.room_week, name="room_week"),
    path("salles/<int:pk>/semaine/<str:day>/", views.room_week, name="room_week_of"),
    path("apprenant/<int:pk>/", views.learner_week, name="learner_week"),
    path("apprenant/<int:pk>/semaine/<str:day>/", views.learner_week, name="learner_week_of"),
    path("apprenant/<int:pk>/calendrier/", views.learner_calendar, name="learner_calendar"),
    path("abonnements/", views.feed_list, name="feeds"),
    path("abonnements/<int:pk>/revoquer/", views.feed_revoke, name="feed_revoke"),
    path("ical/<str:token>.ics", views.feed, name="feed"),
    path("avis/", views.notices, name="notices"),
]
