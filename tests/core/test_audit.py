"""Every service that writes leaves an audit entry with who, when, before and after; the journal
can be added to but never changed or deleted."""

from datetime import date

import pytest

from ndrc.companies import services as company_services
from ndrc.core import services as core_services
from ndrc.core.audit import acting_as, redact
from ndrc.core.models import AppendOnlyError, AuditEntry, Role
from ndrc.core.selectors import history_of
from ndrc.learners import services as learner_services
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre():
    return factories.centre()


@pytest.fixture
def manager(centre):
    return factories.manager_of(centre)


def test_creating_a_learner_records_who_created_it_and_the_values_entered(centre, manager):
    cohort = factories.cohort(centre)
    learner = factories.learner(cohort, by=manager, ine="123456789AB")
    [entry] = history_of(learner)
    assert entry.action == "create"
    assert entry.actor == manager
    assert entry.before is None
    assert entry.after["last_name"] == "Martin"
    assert entry.after["ine"] == "123456789AB"
    assert entry.after["birth_date"] == "2006-05-04"


def test_changing_a_learner_records_only_what_changed_before_and_after(centre, manager):
    learner = factories.learner(factories.cohort(centre))
    learner_services.update_learner(
        learner=learner,
        changes={"email": "lina.martin@example.fr", "last_name": "Martin"},
        on=factories.ON,
        by=manager,
    )
    entry = history_of(learner).last()
    assert entry.action == "update"
    assert entry.actor == manager
    assert entry.before == {"email": ""}
    assert entry.after == {"email": "lina.martin@example.fr"}


def test_a_change_that_changes_nothing_leaves_no_entry(centre, manager):
    learner = factories.learner(factories.cohort(centre))
    count = history_of(learner).count()
    learner_services.update_learner(
        learner=learner, changes={"last_name": "Martin"}, on=factories.ON, by=manager
    )
    assert history_of(learner).count() == count


def test_a_new_category_closes_the_previous_period_in_the_journal(centre, manager):
    learner = factories.learner(factories.cohort(centre, start=date(2025, 9, 1), session=2027))
    old = learner.category_periods.get()
    new = learner_services.change_category(
        learner=learner, category="apprenti_habilite", start=date(2026, 1, 5), by=manager
    )
    closing = history_of(old).last()
    assert closing.before == {"end": None} and closing.after == {"end": "2026-01-04"}
    assert history_of(new).get().after["candidate_category"] == "apprenti_habilite"


def test_deleting_a_supervision_keeps_the_record_as_it_was(centre, manager):
    learner = factories.learner(factories.cohort(centre))
    contact = factories.contact(factories.company())
    supervision = factories.supervision(learner, contact)
    pk = supervision.pk
    company_services.delete_supervision(supervision=supervision, by=manager)
    entry = AuditEntry.objects.filter(object_id=str(pk), action="delete").get()
    assert entry.content_type.model == "supervision"
    assert entry.before["contact_id"] == contact.pk
    assert entry.after is None


def test_granting_a_role_and_creating_a_company_are_audited(centre):
    admin = factories.administrator()
    user = core_services.create_user(username="prof", password=None, by=admin)
    membership = core_services.grant_role(
        user=user, training_centre=centre, role=Role.TEACHER, by=admin
    )
    company = factories.company()
    assert history_of(membership).get().after["role"] == "teacher"
    assert history_of(company).get().after["siret"] == "41234567000019"
    assert "password" not in history_of(user).get().after


def test_the_request_user_and_path_are_recorded(centre, manager):
    with acting_as(manager, "POST /apprenants/1/"):
        company = company_services.create_company(
            name="Optique Bellecour", siret="52298765000010", by=manager
        )
    entry = history_of(company).get()
    assert entry.request_user == manager
    assert entry.origin == "POST /apprenants/1/"


def test_an_audit_entry_cannot_be_changed(centre):
    entry = history_of(centre).get()
    entry.after = {"name": "falsifié"}
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(after={})
    assert history_of(centre).get().after["name"] == "Lycée Test"


def test_an_audit_entry_cannot_be_deleted(centre):
    entry = history_of(centre).get()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_on_postgresql_the_database_itself_refuses_to_rewrite_the_journal(centre):
    from django.db import DatabaseError, connection, transaction

    if connection.vendor == "sqlite":
        # As documented in docs/records.md: on SQLite only the model-level protections apply.
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            assert cursor.fetchall() == []
        return
    entry = history_of(centre).get()
    for statement in (
        "UPDATE core_auditentry SET object_id = 'x' WHERE id = %s",
        "DELETE FROM core_auditentry WHERE id = %s",
        # Issue 10, hole 11: `redacted` set let any content be rewritten; TRUNCATE fires no
        # row trigger.
        """UPDATE core_auditentry SET redacted = true, after = '{"name": "falsifié"}'
           WHERE id = %s""",
        """UPDATE core_auditentry SET redacted = true, after = after || '{"ajout": "[effacé]"}'
           WHERE id = %s""",
        """UPDATE core_auditentry SET redacted = true, after = after - 'name' WHERE id = %s""",
        "TRUNCATE core_auditentry CASCADE",
    ):
        with pytest.raises(DatabaseError, match="journal d'audit"), transaction.atomic():
            with connection.cursor() as cursor:
                # The test's own inserts leave deferred checks that TRUNCATE would refuse first.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(statement, [entry.pk] if "%s" in statement else [])
    entry = history_of(centre).get()
    assert (entry.object_id, entry.after["name"], entry.redacted) == (
        str(centre.pk),
        "Lycée Test",
        False,
    )
    # What erasure does is still allowed: a value replaced by « [effacé] », the rest kept.
    redact(centre, ["name"])
    entry = history_of(centre).get()
    assert entry.redacted and entry.after["name"] == "[effacé]"
    assert entry.after["uai"] == str(centre.uai)
