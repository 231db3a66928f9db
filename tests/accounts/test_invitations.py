"""A centre onboards its people through the pages: invitations by e-mail with a one-time link,
roles given and taken back, people who leave losing access at once, API tokens.

On the demo population: Claire Martin (`responsable`) manages the Lycée Jean Monnet; Nadia Benali
(`admin`) is the administrator.
"""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from ndrc.accounts.models import Invitation
from ndrc.api.models import ApiToken
from ndrc.core.models import AuditEntry, Membership, Role

User = get_user_model()
PASSWORD = "Un mot de passe solide 2026"


def link_in(message) -> str:
    """The path of the invitation link in an e-mail."""
    return re.search(r"https?://[^/\s]+(/comptes/invitation/[^/\s]+/)", message.body).group(1)


def accept(client, path: str, password: str = PASSWORD):
    client.logout()
    return client.post(path, {"new_password1": password, "new_password2": password})


@pytest.fixture
def manager_client(client, demo):
    client.force_login(demo.users["responsable"])
    return client


def invite_teacher(client, email="ines.garnier@example.fr"):
    from ndrc.core.models import TrainingCentre

    return client.post(
        "/comptes/inviter/",
        {
            "first_name": "Inès",
            "last_name": "Garnier",
            "email": email,
            "training_centre": TrainingCentre.objects.get(uai="0691234S").pk,
            "role": "teacher",
        },
    )


def test_an_invited_teacher_sets_a_password_and_logs_in_with_the_role(manager_client, demo):
    centre = demo.centre
    response = invite_teacher(manager_client)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ines.garnier@example.fr"]
    assert "Lycée Jean Monnet" in message.subject
    assert "Claire Martin vous invite" in message.body
    path = link_in(message)

    page = manager_client.get("/comptes/")
    assert "ines.garnier@example.fr" in page.text  # pending, on the accounts page

    assert manager_client.get(path).status_code == 200
    response = accept(manager_client, path)
    assert response.status_code == 302
    teacher = User.objects.get(username="ines.garnier@example.fr")
    assert teacher.get_full_name() == "Inès Garnier"
    assert set(Membership.objects.filter(user=teacher).values_list("role", "training_centre")) == {
        ("teacher", centre.pk)
    }
    assert manager_client.login(username="ines.garnier@example.fr", password=PASSWORD)
    # The link served once.
    manager_client.logout()
    assert manager_client.get(path).status_code == 404
    # Audited: the login by itself, its role by who invited.
    role_entry = AuditEntry.objects.filter(
        content_type__model="membership", after__user_id=teacher.pk
    ).get()
    assert role_entry.actor == demo.users["responsable"]


def test_a_weak_password_is_refused_and_nothing_is_created(manager_client, demo):
    invite_teacher(manager_client)
    path = link_in(mail.outbox[0])
    response = accept(manager_client, path, password="1234")
    assert response.status_code == 400
    assert "trop court" in response.text or "trop courant" in response.text
    assert not User.objects.filter(username="ines.garnier@example.fr").exists()


def test_an_expired_link_is_refused_and_sending_again_gives_a_new_one(manager_client, demo):
    invite_teacher(manager_client)
    invitation = Invitation.objects.get(email="ines.garnier@example.fr")
    old = link_in(mail.outbox[0])
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert manager_client.get("/comptes/").text.count("Expirée") == 1
    assert manager_client.get(old).status_code == 404

    response = manager_client.post(f"/comptes/invitations/{invitation.pk}/renvoyer/")
    assert response.status_code == 302
    new = link_in(mail.outbox[1])
    assert new != old
    assert manager_client.get(old).status_code == 404
    assert accept(manager_client, new).status_code == 302


def test_a_revoked_invitation_no_longer_opens(manager_client, demo):
    invite_teacher(manager_client)
    invitation = Invitation.objects.get()
    manager_client.post(f"/comptes/invitations/{invitation.pk}/annuler/")
    assert manager_client.get(link_in(mail.outbox[0])).status_code == 404
    assert "ines.garnier@example.fr" not in manager_client.get("/comptes/").text


def test_inviting_twice_or_an_existing_login_is_refused_with_the_reason(manager_client, demo):
    invite_teacher(manager_client)
    response = invite_teacher(manager_client)
    assert response.status_code == 400
    assert "déjà en attente" in response.text
    response = invite_teacher(manager_client, email="enseignant@example.fr")
    assert response.status_code == 400
    assert "Un compte existe déjà" in response.text
    assert len(mail.outbox) == 1


def test_only_an_administrator_invites_a_training_manager(manager_client, demo, client):
    response = manager_client.post(
        "/comptes/inviter/",
        {"first_name": "A", "last_name": "B", "email": "a.b@example.fr", "role": "training_manager",
         "training_centre": demo.centre.pk},
    )  # fmt: skip
    assert response.status_code == 400  # not among the roles a manager may give
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("login", ["enseignant", "examens", "apprenant", "maitre", "tuteur"])
def test_the_accounts_pages_are_for_managers(client, demo, login):
    client.force_login(demo.users[login])
    assert client.get("/comptes/").status_code == 403
    assert client.get("/comptes/inviter/apprenants/").status_code == 403


def test_learners_are_invited_in_bulk_and_their_login_is_linked_to_their_record(
    manager_client, demo
):
    first_year = demo.first_year
    page = manager_client.get(f"/comptes/inviter/apprenants/?cohort={first_year.pk}")
    ids = re.findall(r'name="chosen" value="(\d+)"', page.text)
    learners = [lr for lr in demo.learners.values() if lr.cohort_id == first_year.pk]
    assert sorted(ids) == sorted(str(lr.pk) for lr in learners)  # all have an e-mail, no login
    response = manager_client.post(
        f"/comptes/inviter/apprenants/?cohort={first_year.pk}", {"chosen": ids}
    )
    assert response.status_code == 302
    job_page = manager_client.get(response["Location"])
    assert f"{len(ids)} invitation(s) envoyée(s)" in job_page.text
    assert len(mail.outbox) == len(ids)
    assert Invitation.objects.filter(role=Role.LEARNER).count() == len(ids)
    # Invited once: the page no longer offers them.
    page = manager_client.get(f"/comptes/inviter/apprenants/?cohort={first_year.pk}")
    assert 'name="chosen"' not in page.text

    morel = demo.learners["morel"]
    message = next(m for m in mail.outbox if m.to == [morel.email])
    assert accept(manager_client, link_in(message)).status_code == 302
    morel.refresh_from_db()
    assert morel.user.username == morel.email
    assert manager_client.login(username=morel.email, password=PASSWORD)
    assert manager_client.get(f"/apprenants/{morel.pk}/").status_code == 200
    assert manager_client.get(f"/apprenants/{demo.learners['girard'].pk}/").status_code == 404


def test_a_refused_learner_stops_the_bulk_job_and_no_invitation_is_kept(manager_client, demo):
    dupont, morel = demo.learners["dupont"], demo.learners["morel"]
    # Morel's login is made between the page and the job: the job refuses him, and keeps none.
    page = manager_client.get("/comptes/inviter/apprenants/")
    assert f'value="{morel.pk}"' in page.text
    morel.user = User.objects.create_user(username="morel")
    morel.save()
    response = manager_client.post(
        "/comptes/inviter/apprenants/", {"chosen": [dupont.pk, morel.pk]}
    )
    assert response.status_code == 400  # Morel is no longer on the list: chosen refused
    assert not Invitation.objects.exists()


def test_masters_and_tutors_are_invited_from_the_company_contacts(manager_client, demo):
    fabre = demo.contacts["fabre"]  # master and tutor, no login
    page = manager_client.get("/comptes/inviter/entreprises/")
    offered = re.findall(r'name="chosen" value="(\d+)"', page.text)
    assert str(fabre.pk) in offered
    assert str(demo.contacts["laurent"].pk) not in offered  # has a login
    response = manager_client.post(
        "/comptes/inviter/entreprises/",
        {"chosen": [fabre.pk], "training_centre": demo.centre.pk},
    )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == [fabre.email]
    accept(manager_client, link_in(message))
    fabre.refresh_from_db()
    assert fabre.user is not None
    roles = set(Membership.objects.filter(user=fabre.user).values_list("role", flat=True))
    assert roles == {"apprenticeship_master", "internship_tutor"}


def test_a_role_given_and_taken_back_on_the_page_is_audited_and_takes_effect(
    manager_client, demo, client
):
    teacher = demo.users["enseignante"]
    page = manager_client.get(f"/comptes/{teacher.pk}/")
    assert "Enseignant — Lycée Jean Monnet" in page.text
    response = manager_client.post(
        f"/comptes/{teacher.pk}/", {"training_centre": demo.centre.pk, "role": "exam_office"}
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=teacher, role="exam_office")
    response = manager_client.post(f"/comptes/{teacher.pk}/roles/{membership.pk}/retirer/")
    assert response.status_code == 302
    assert not Membership.objects.filter(user=teacher, role="exam_office").exists()
    actions = list(
        AuditEntry.objects.filter(content_type__model="membership", object_id=str(membership.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "delete"]


def test_a_manager_gives_no_manager_role_and_takes_back_none(manager_client, demo):
    teacher = demo.users["enseignante"]
    response = manager_client.post(
        f"/comptes/{teacher.pk}/", {"training_centre": demo.centre.pk, "role": "training_manager"}
    )
    assert response.status_code == 400
    manager = Membership.objects.get(user=demo.users["responsable"], role="training_manager")
    response = manager_client.post(
        f"/comptes/{demo.users['responsable'].pk}/roles/{manager.pk}/retirer/"
    )
    assert response.status_code == 403


def test_a_person_who_leaves_loses_access_at_once(manager_client, demo, client):
    from django.test import Client

    teacher = demo.users["enseignant"]
    their_browser = Client()
    their_browser.force_login(teacher)
    assert their_browser.get("/portfolio/").status_code == 200
    token = ApiToken.issue(user=teacher, name="tableur", now=timezone.now())[1]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get("/api/learners").status_code == 200

    page = manager_client.get(f"/comptes/{teacher.pk}/")
    assert "Désactiver le compte" in page.text
    response = manager_client.post(f"/comptes/{teacher.pk}/desactiver/")
    assert response.status_code == 302

    assert their_browser.get("/portfolio/").status_code == 302  # to the login page
    assert api.get("/api/learners").status_code == 401
    teacher.refresh_from_db()
    assert not teacher.is_active
    assert ApiToken.objects.get(user=teacher).revoked_at is not None
    assert AuditEntry.objects.filter(
        content_type__model="user", object_id=str(teacher.pk), action="update"
    ).exists()
    assert "désactivé" in manager_client.get("/comptes/").text


def test_a_manager_does_not_deactivate_an_administrator_nor_themselves(manager_client, demo):
    assert manager_client.post(f"/comptes/{demo.users['admin'].pk}/desactiver/").status_code in (
        403,
        404,
    )
    manager = demo.users["responsable"]
    manager_client.post(f"/comptes/{manager.pk}/desactiver/")
    manager.refresh_from_db()
    assert manager.is_active


def test_the_accounts_page_lists_each_login_with_roles_and_last_login(manager_client, demo):
    page = manager_client.get("/comptes/")
    assert page.status_code == 200
    row = re.search(
        rf'<tr data-user="{demo.users["maitre"].pk}".*?</tr>', page.text, flags=re.S
    ).group(0)
    assert "Maître d&#x27;apprentissage — Lycée Jean Monnet" in row
    assert "jamais" in row


def test_an_administrator_creates_a_centre_then_invites_its_manager(client, demo):
    client.force_login(demo.users["admin"])
    response = client.post(
        "/comptes/centres/nouveau/",
        {"name": "CFA de la Loire", "uai": "0421234N", "siret": "41234567000019"},
    )
    assert response.status_code == 302
    assert "role=training_manager" in response["Location"]
    page = client.get(response["Location"])
    assert 'value="training_manager" selected' in page.text
    response = client.post(
        "/comptes/centres/nouveau/", {"name": "Mauvais", "uai": "0421234A", "siret": "123"}
    )
    assert response.status_code == 400
    assert "UAI" in response.text or "clé" in response.text


def test_api_tokens_are_shown_once_listed_and_revoked_on_a_page(client, demo):
    teacher = demo.users["enseignant"]
    client.force_login(teacher)
    response = client.post("/jetons-api/", {"name": "tableur des stages"})
    assert response.status_code == 200
    token = re.search(r'<code class="token">([^<]+)</code>', response.text).group(1)
    record = ApiToken.objects.get(user=teacher)
    assert record.name == "tableur des stages"
    listing = client.get("/jetons-api/")
    assert token not in listing.text
    assert record.prefix in listing.text
    api = type(client)(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get("/api/learners").status_code == 200
    client.post(f"/jetons-api/{record.pk}/revoquer/")
    assert api.get("/api/learners").status_code == 401
    # Someone else's token does not exist for a teacher.
    other = ApiToken.issue(user=demo.users["examens"], now=timezone.now())[0]
    assert client.post(f"/jetons-api/{other.pk}/revoquer/").status_code == 404


def test_a_teacher_whose_role_is_taken_back_no_longer_reaches_their_cohorts(manager_client, demo):
    from django.test import Client

    from ndrc.learners.models import TeacherAssignment

    teacher = demo.users["enseignante"]
    assignments = TeacherAssignment.objects.filter(teacher=teacher)
    assigned = list(assignments.values_list("pk", flat=True))
    learner = next(lr for lr in demo.learners.values() if lr.cohort_id == assignments[0].cohort_id)
    their_browser = Client()
    their_browser.force_login(teacher)
    assert their_browser.get(f"/apprenants/{learner.pk}/").status_code == 200

    membership = Membership.objects.get(user=teacher, role=Role.TEACHER)
    response = manager_client.post(f"/comptes/{teacher.pk}/roles/{membership.pk}/retirer/")

    assert response.status_code == 302
    assert their_browser.get(f"/apprenants/{learner.pk}/").status_code == 404
    assert not TeacherAssignment.objects.filter(teacher=teacher).exists()
    ended = AuditEntry.objects.filter(content_type__model="teacherassignment", action="delete")
    assert sorted(int(pk) for pk in ended.values_list("object_id", flat=True)) == sorted(assigned)


def test_a_manager_who_takes_back_someone_s_last_role_lands_on_the_list_with_the_message(
    manager_client, demo
):
    teacher = demo.users["enseignante"]
    membership = Membership.objects.get(user=teacher, role=Role.TEACHER)
    assert Membership.objects.filter(user=teacher).count() == 1  # their only role

    response = manager_client.post(
        f"/comptes/{teacher.pk}/roles/{membership.pk}/retirer/", follow=True
    )

    assert response.redirect_chain == [("/comptes/", 302)]
    assert response.status_code == 200
    assert "Le rôle « Enseignant » est retiré." in response.text


def test_the_accounts_page_reads_each_list_with_its_count(manager_client, demo):
    """The logins and the open invitations are each read with the count of them all, in one
    query a list: no COUNT query beside them, and the counts shown are the lists' own."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    invite_teacher(manager_client)
    invite_teacher(manager_client, email="luc.perrin@example.fr")
    manager_client.get("/comptes/")
    with CaptureQueriesContext(connection) as captured:
        page = manager_client.get("/comptes/")
    counts = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT COUNT(")]
    assert counts == []
    assert "Invitations en cours (2)" in page.text
    assert page.text.count("<tr data-invitation=") == 2
    logins = User.objects.filter(memberships__training_centre=demo.centre).distinct().count()
    assert page.text.count("<tr data-user=") == logins


def test_a_learner_whose_role_is_taken_back_no_longer_reaches_their_record_until_given_back(
    manager_client, demo
):
    """The record stays linked to the login (given back, the role finds it again: nothing to
    invite anew), but without the learner role the login reaches none of it."""
    from django.test import Client

    from ndrc.learners.models import Learner

    person = demo.users["apprenant"]
    learner = Learner.objects.get(user=person)
    pages = [
        f"/apprenants/{learner.pk}/",
        f"/portfolio/apprenants/{learner.pk}/",
        f"/alternance/apprenant/{learner.pk}/",
    ]
    their_browser = Client()
    their_browser.force_login(person)
    assert [their_browser.get(page).status_code for page in pages] == [200, 200, 200]
    assert 'data-role="learner"' in their_browser.get("/").text

    membership = Membership.objects.get(user=person, role=Role.LEARNER)
    response = manager_client.post(f"/comptes/{person.pk}/roles/{membership.pk}/retirer/")

    assert response.status_code == 302
    assert [their_browser.get(page).status_code for page in pages] == [404, 404, 404]
    assert 'data-role="learner"' not in their_browser.get("/").text
    assert Learner.objects.get(pk=learner.pk).user == person  # still linked

    # Their last role gone, their login is still on the manager's list (a learner of the
    # centre's), where the manager gives the role back.
    assert f'href="/comptes/{person.pk}/"' in manager_client.get("/comptes/").text
    response = manager_client.post(
        f"/comptes/{person.pk}/", {"training_centre": demo.centre.pk, "role": Role.LEARNER}
    )
    assert response.status_code == 302
    assert [their_browser.get(page).status_code for page in pages] == [200, 200, 200]


def test_a_master_whose_role_is_taken_back_no_longer_reaches_their_apprentices(
    manager_client, demo
):
    """The contact stays linked to the login, but without a master's or tutor's role the login
    reaches none of the learners, contracts or companies the contact is named for."""
    from django.test import Client

    from ndrc.companies.models import Supervision

    master = demo.users["maitre"]
    supervision = Supervision.objects.filter(contact__user=master, end__isnull=True).first()
    pages = [
        f"/apprenants/{supervision.learner_id}/",
        f"/entreprises/{supervision.contact.company_id}/",
    ]
    their_browser = Client()
    their_browser.force_login(master)
    assert [their_browser.get(page).status_code for page in pages] == [200, 200]
    assert "Les apprenants que vous encadrez" in their_browser.get("/").text

    membership = Membership.objects.get(user=master, role=Role.APPRENTICESHIP_MASTER)
    response = manager_client.post(f"/comptes/{master.pk}/roles/{membership.pk}/retirer/")

    assert response.status_code == 302
    assert [their_browser.get(page).status_code for page in pages] == [404, 404]
    assert "Les apprenants que vous encadrez" not in their_browser.get("/").text

    # Her last role gone, her login is still on the manager's list (a contact supervising a
    # learner of the centre), where the manager gives the role back.
    assert f'href="/comptes/{master.pk}/"' in manager_client.get("/comptes/").text
    response = manager_client.post(
        f"/comptes/{master.pk}/",
        {"training_centre": demo.centre.pk, "role": Role.APPRENTICESHIP_MASTER},
    )
    assert response.status_code == 302
    assert [their_browser.get(page).status_code for page in pages] == [200, 200]
