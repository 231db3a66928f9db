"""Core's migrations 0001 to 0005 in one (a new database runs this; one migrated with the old files
goes on from where it was).

On PostgreSQL, the database itself refuses to change or delete an audit entry (what migrations 0002
and 0004 created, in their final form): the one allowed update is the erasure of personal values
(`redacted` set, values replaced by « [effacé] », same keys, who/when/what kept), and a statement
trigger refuses TRUNCATE. The database's owner can still drop the triggers: they guard against the
application's statements and mistakes, not against its administrator. SQLite relies on the
model-level protections only.
"""

import django.contrib.auth.models
import django.contrib.auth.validators
import django.db.models.deletion
import django.utils.timezone
import ndrc.core.validators
from django.conf import settings
from django.db import migrations, models


CREATE = """
CREATE OR REPLACE FUNCTION core_auditentry_only_redacted(old_values jsonb, new_values jsonb)
RETURNS boolean AS $$
    SELECT CASE
        WHEN old_values IS NULL OR new_values IS NULL
             OR jsonb_typeof(old_values) <> 'object' OR jsonb_typeof(new_values) <> 'object'
            THEN old_values IS NOT DISTINCT FROM new_values
        ELSE (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(old_values) AS k)
                 IS NOT DISTINCT FROM
             (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(new_values) AS k)
             AND NOT EXISTS (
                 SELECT 1 FROM jsonb_each(new_values) AS n
                 WHERE n.value <> old_values -> n.key AND n.value <> to_jsonb('[effacé]'::text)
             )
    END
$$ LANGUAGE sql IMMUTABLE;

CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' OR TG_OP = 'TRUNCATE' THEN
        RAISE EXCEPTION 'le journal d''audit ne s''efface pas';
    END IF;
    IF NEW.redacted
       AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.action = OLD.action
       AND NEW.content_type_id = OLD.content_type_id AND NEW.object_id = OLD.object_id
       AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
       AND NEW.request_user_id IS NOT DISTINCT FROM OLD.request_user_id
       AND NEW.origin = OLD.origin
       AND core_auditentry_only_redacted(OLD.before, NEW.before)
       AND core_auditentry_only_redacted(OLD.after, NEW.after) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'le journal d''audit ne se modifie pas';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER core_auditentry_append_only BEFORE UPDATE OR DELETE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION core_auditentry_append_only();
CREATE TRIGGER core_auditentry_no_truncate BEFORE TRUNCATE ON core_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION core_auditentry_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS core_auditentry_no_truncate ON core_auditentry;
DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry;
DROP FUNCTION IF EXISTS core_auditentry_append_only();
DROP FUNCTION IF EXISTS core_auditentry_only_redacted(jsonb, jsonb);
"""


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    replaces = [
        ("core", "0001_initial"),
        ("core", "0002_auditentry_append_only_trigger"),
        ("core", "0003_french_field_names"),
        ("core", "0004_auditentry_trigger_redaction_and_truncate"),
        ("core", "0005_text_refuses_control_characters"),
    ]

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="TrainingCentre",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        max_length=200,
                        validators=[ndrc.core.validators.validate_plain_text],
                        verbose_name="nom",
                    ),
                ),
                (
                    "uai",
                    models.CharField(
                        max_length=8,
                        unique=True,
                        validators=[
                            ndrc.core.validators.validate_uai,
                            ndrc.core.validators.validate_plain_text,
                        ],
                        verbose_name="UAI",
                    ),
                ),
                (
                    "siret",
                    models.CharField(
                        max_length=14,
                        validators=[
                            ndrc.core.validators.validate_siret,
                            ndrc.core.validators.validate_plain_text,
                        ],
                        verbose_name="SIRET",
                    ),
                ),
                (
                    "address",
                    models.TextField(
                        blank=True,
                        validators=[ndrc.core.validators.validate_multiline_text],
                        verbose_name="adresse",
                    ),
                ),
            ],
            options={
                "verbose_name": "centre de formation",
                "verbose_name_plural": "centres de formation",
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="User",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("password", models.CharField(max_length=128, verbose_name="password")),
                (
                    "last_login",
                    models.DateTimeField(blank=True, null=True, verbose_name="last login"),
                ),
                (
                    "is_superuser",
                    models.BooleanField(
                        default=False,
                        help_text="Designates that this user has all permissions without explicitly assigning them.",
                        verbose_name="superuser status",
                    ),
                ),
                (
                    "username",
                    models.CharField(
                        error_messages={"unique": "A user with that username already exists."},
                        help_text="Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.",
                        max_length=150,
                        unique=True,
                        validators=[django.contrib.auth.validators.UnicodeUsernameValidator()],
                        verbose_name="username",
                    ),
                ),
                (
                    "first_name",
                    models.CharField(
                        blank=True,
                        max_length=150,
                        validators=[ndrc.core.validators.validate_plain_text],
                        verbose_name="first name",
                    ),
                ),
                (
                    "last_name",
                    models.CharField(
                        blank=True,
                        max_length=150,
                        validators=[ndrc.core.validators.validate_plain_text],
                        verbose_name="last name",
                    ),
                ),
                (
                    "email",
                    models.EmailField(blank=True, max_length=254, verbose_name="email address"),
                ),
                (
                    "is_staff",
                    models.BooleanField(
                        default=False,
                        help_text="Designates whether the user can log into this admin site.",
                        verbose_name="staff status",
                    ),
                ),
                (
                    "is_active",
                    models.BooleanField(
                        default=True,
                        help_text="Designates whether this user should be treated as active. Unselect this instead of deleting accounts.",
                        verbose_name="active",
                    ),
                ),
                (
                    "date_joined",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="date joined"
                    ),
                ),
                (
                    "groups",
                    models.ManyToManyField(
                        blank=True,
                        help_text="The groups this user belongs to. A user will get all permissions granted to each of their groups.",
                        related_name="user_set",
                        related_query_name="user",
                        to="auth.group",
                        verbose_name="groups",
                    ),
                ),
                (
                    "user_permissions",
                    models.ManyToManyField(
                        blank=True,
                        help_text="Specific permissions for this user.",
                        related_name="user_set",
                        related_query_name="user",
                        to="auth.permission",
                        verbose_name="user permissions",
                    ),
                ),
            ],
            options={
                "verbose_name": "utilisateur",
                "verbose_name_plural": "utilisateurs",
            },
            managers=[
                ("objects", django.contrib.auth.models.UserManager()),
            ],
        ),
        migrations.CreateModel(
            name="Membership",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("training_manager", "Responsable de formation"),
                            ("teacher", "Enseignant"),
                            ("learner", "Apprenant"),
                            ("apprenticeship_master", "Maître d'apprentissage"),
                            ("internship_tutor", "Tuteur de stage"),
                            ("exam_office", "Service des examens / jury"),
                            ("administrator", "Administrateur"),
                        ],
                        max_length=32,
                        verbose_name="rôle",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="memberships",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="utilisateur",
                    ),
                ),
                (
                    "training_centre",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="memberships",
                        to="core.trainingcentre",
                        verbose_name="centre de formation",
                    ),
                ),
            ],
            options={
                "verbose_name": "rôle dans un centre",
                "verbose_name_plural": "rôles dans les centres",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("user", "training_centre", "role"), name="unique_membership"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="AuditEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("at", models.DateTimeField(db_index=True, verbose_name="date")),
                (
                    "origin",
                    models.CharField(
                        blank=True,
                        max_length=200,
                        validators=[ndrc.core.validators.validate_plain_text],
                        verbose_name="origine",
                    ),
                ),
                (
                    "action",
                    models.CharField(
                        choices=[
                            ("create", "Création"),
                            ("update", "Modification"),
                            ("delete", "Suppression"),
                        ],
                        max_length=8,
                        verbose_name="action",
                    ),
                ),
                (
                    "object_id",
                    models.CharField(
                        db_index=True,
                        max_length=64,
                        validators=[ndrc.core.validators.validate_plain_text],
                        verbose_name="identifiant",
                    ),
                ),
                ("before", models.JSONField(blank=True, null=True, verbose_name="avant")),
                ("after", models.JSONField(blank=True, null=True, verbose_name="après")),
                (
                    "redacted",
                    models.BooleanField(
                        default=False, verbose_name="données personnelles effacées"
                    ),
                ),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="auteur",
                    ),
                ),
                (
                    "content_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="contenttypes.contenttype",
                        verbose_name="type de fiche",
                    ),
                ),
                (
                    "request_user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="utilisateur de la requête",
                    ),
                ),
            ],
            options={
                "verbose_name": "entrée du journal",
                "verbose_name_plural": "journal d'audit",
                "ordering": ["at", "pk"],
                "indexes": [
                    models.Index(
                        fields=["content_type", "object_id"], name="core_audite_content_45f5e6_idx"
                    )
                ],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
