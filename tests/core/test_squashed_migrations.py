"""Each app's migrations are squashed (0001_initial_squashed_…): a new database runs the squashes,
one migrated before goes on through the migrations they replace. Both must end with the same
tables: the squashes describe the same models, field by field, constraints and indexes included
(the audit journal's PostgreSQL triggers: tests/core/test_audit.py, on a database the squashes
made)."""

from django.db.migrations.loader import MigrationLoader


def models_at_the_end(*, squashed: bool) -> dict:
    """The models of the migrations' final state, by (app, model); constraints and indexes by
    name (the order they were added in does not make another table)."""
    loader = MigrationLoader(None, replace_migrations=squashed)
    if not squashed:
        for squash, migration in loader.replacements.items():
            loader.graph.remove_replacement_node(squash, migration.replaces)
    models = {}
    for key, model in loader.project_state().models.items():
        model = model.clone()
        for option in ("constraints", "indexes"):
            if option in model.options:
                model.options[option] = sorted(model.options[option], key=lambda c: c.name)
        models[key] = model
    return models


def test_the_squashed_migrations_make_the_models_the_replaced_ones_made():
    assert MigrationLoader(None).replacements, "the migrations are squashed"
    new, old = models_at_the_end(squashed=True), models_at_the_end(squashed=False)
    assert new.keys() == old.keys()
    different = [".".join(key) for key in new if new[key] != old[key]]
    assert different == []
