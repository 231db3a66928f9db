import ndrc.core.validators
from django.db import migrations, models


def forget_stored(apps, schema_editor):
    """Dashboards stored before: sections only, and of no known count of changes."""
    apps.get_model("dashboard", "StoredDashboard").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("dashboard", "0001_stored_dashboard"),
    ]

    operations = [
        migrations.RunPython(forget_stored, migrations.RunPython.noop),
        migrations.AddField(
            model_name="storeddashboard",
            name="changes",
            field=models.BigIntegerField(default=0, verbose_name="changements des dossiers vus"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="storeddashboard",
            name="until",
            field=models.DateTimeField(blank=True, null=True, verbose_name="valable jusqu'au"),
        ),
        migrations.AlterField(
            model_name="storeddashboard",
            name="html",
            field=models.TextField(
                validators=[ndrc.core.validators.validate_multiline_text],
                verbose_name="tableau de bord",
            ),
        ),
        migrations.CreateModel(
            name="RecordChanges",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("count", models.BigIntegerField(default=0, verbose_name="changements")),
            ],
            options={
                "verbose_name": "changements des dossiers",
                "verbose_name_plural": "changements des dossiers",
            },
        ),
    ]
