"""On PostgreSQL, the database itself refuses to change or delete an audit entry.

The one allowed update is the erasure of personal values (`redacted` set, who/when/what kept).
SQLite relies on the model-level protections only.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'le journal d''audit ne s''efface pas';
    END IF;
    IF NEW.redacted
       AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.action = OLD.action
       AND NEW.content_type_id = OLD.content_type_id AND NEW.object_id = OLD.object_id
       AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
       AND NEW.request_user_id IS NOT DISTINCT FROM OLD.request_user_id
       AND NEW.origin = OLD.origin THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'le journal d''audit ne se modifie pas';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_auditentry_append_only BEFORE UPDATE OR DELETE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION core_auditentry_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry;
DROP FUNCTION IF EXISTS core_auditentry_append_only();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
