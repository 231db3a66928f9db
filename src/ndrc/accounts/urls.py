from django.urls import path

from ndrc.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.users, name="users"),
    path("<int:pk>/", views.user_detail, name="user"),
    path("<int:pk>/roles/<int:membership_pk>/retirer/", views.role_take_back, name="take_back"),
    path("<int:pk>/desactiver/", views.deactivate, name="deactivate"),
    path("<int:pk>/reactiver/", views.reactivate, name="reactivate"),
    path("inviter/", views.invite, name="invite"),
    path("inviter/apprenants/", views.invite_learners, name="invite_learners"),
    path("inviter/entreprises/", views.invite_contacts, name="invite_contacts"),
    path("invitations/<int:pk>/renvoyer/", views.invitation_resend, name="resend"),
    path("invitations/<int:pk>/annuler/", views.invitation_revoke, name="revoke"),
    path("invitation/<str:token>/", views.accept, name="accept"),
    path("centres/", views.centres, name="centres"),
    path("centres/nouveau/", views.centre_create, name="centre_create"),
]
