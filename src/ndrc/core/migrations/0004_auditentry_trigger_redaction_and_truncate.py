"""On PostgreSQL, the audit trigger's one allowed update becomes what erasure does and nothing
more, and TRUNCATE is refused too.

Before, `UPDATE … SET redacted = true, after = …` rewrote an entry's content at will, and
TRUNCATE (which fires no row trigger) emptied the journal. Now a redaction may only replace
values by « [effacé] » (same keys, every other value unchanged), and a statement trigger refuses
TRUNCATE. The database's owner can still drop the triggers: they guard against the application's
statements and mistakes, not against its administrator. SQLite keeps the model-level protections.
"""

from importlib import import_module

from django.db import migrations

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

CREATE TRIGGER core_auditentry_no_truncate BEFORE TRUNCATE ON core_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION core_auditentry_append_only();
"""

# Back to migration 0002's function, without the statement trigger.
DROP = """
DROP TRIGGER IF EXISTS core_auditentry_no_truncate ON core_auditentry;
DROP FUNCTION IF EXISTS core_auditentry_only_redacted(jsonb, jsonb);
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        previous = import_module("ndrc.core.migrations.0002_auditentry_append_only_trigger")
        schema_editor.execute(previous.CREATE.split("CREATE TRIGGER")[0])
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_french_field_names")]

    operations = [migrations.RunPython(create, drop)]
