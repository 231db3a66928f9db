"""Proofs of practice come from the contracts app (docs/portfolio.md, "Proofs of practice").

- Internship certificates and apprenticeship contracts are records of `ndrc.contracts`: the
  `PracticeProof` rows of those kinds repeated them and are dropped; the rows of kind
  `employment` stay, as `EmploymentCertificate` (months null → 0).
- A decided reduction of the internship is the learner's (`contracts.InternshipReduction`), for
  both dossiers: the largest reduction recorded on the learner's E4/E6 dossiers is moved there,
  with the reason and date to check (the field held neither).
"""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

CHECK_NOTE = "Reprise du dossier E4/E6 : motif et date de la décision à vérifier"


def forwards(apps, schema_editor):
    PracticeProof = apps.get_model("portfolio", "PracticeProof")
    ExamDossier = apps.get_model("portfolio", "ExamDossier")
    InternshipReduction = apps.get_model("contracts", "InternshipReduction")
    PracticeProof.objects.exclude(kind="employment").delete()
    PracticeProof.objects.filter(months_full_time__isnull=True).update(months_full_time=0)
    PracticeProof.objects.filter(months_part_time__isnull=True).update(months_part_time=0)
    reductions = {}
    for dossier in ExamDossier.objects.filter(internship_reduced_to_weeks__isnull=False):
        weeks = max(reductions.get(dossier.learner_id, 0), dossier.internship_reduced_to_weeks)
        reductions[dossier.learner_id] = weeks
    Learner = apps.get_model("learners", "Learner")
    for learner in Learner.objects.filter(pk__in=reductions).select_related("cohort"):
        InternshipReduction.objects.create(
            learner=learner,
            weeks=reductions[learner.pk],
            reason="positioning",
            decided_on=learner.cohort.first_year_start,
            note=CHECK_NOTE,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0001_initial"),
        ("contracts", "0002_internship_reduction"),
        ("learners", "0001_initial"),
        ("portfolio", "0001_initial"),
    ]

    operations = [
        # Existing rows only: a squash of these migrations leaves it out (a new database has none).
        migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True),
        migrations.RemoveField(model_name="examdossier", name="internship_reduced_to_weeks"),
        migrations.RenameModel(old_name="PracticeProof", new_name="EmploymentCertificate"),
        migrations.RemoveField(model_name="employmentcertificate", name="kind"),
        migrations.RemoveField(model_name="employmentcertificate", name="weeks"),
        migrations.AlterModelOptions(
            name="employmentcertificate",
            options={
                "ordering": ["learner", "pk"],
                "verbose_name": "certificat de travail",
                "verbose_name_plural": "certificats de travail",
            },
        ),
        migrations.AlterField(
            model_name="employmentcertificate",
            name="learner",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="employment_certificates",
                to="learners.learner",
            ),
        ),
        migrations.AlterField(
            model_name="employmentcertificate",
            name="months_full_time",
            field=models.DecimalField(
                decimal_places=1,
                default=0,
                max_digits=5,
                validators=[django.core.validators.MinValueValidator(0)],
                verbose_name="mois à temps plein",
            ),
        ),
        migrations.AlterField(
            model_name="employmentcertificate",
            name="months_part_time",
            field=models.DecimalField(
                decimal_places=1,
                default=0,
                max_digits=5,
                validators=[django.core.validators.MinValueValidator(0)],
                verbose_name="mois à temps partiel",
            ),
        ),
        migrations.AlterField(
            model_name="employmentcertificate",
            name="signed",
            field=models.BooleanField(default=False, verbose_name="signé"),
        ),
    ]
