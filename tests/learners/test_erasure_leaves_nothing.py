"""After an erasure, nothing in the database or the data folder still names the person.

Lucas Bernard of the demo, given identifiers found nowhere else, gets records in every area (the
whole demo of `ndrc demo`, then a comment, an attachment, a justification, appreciations, an
application and the PDFs generated about him), records keyed by his login (a notice, an API
token, his digest preference, a session), an upload waiting for import, the admin site's log of
his record and background jobs naming him (his cohort's ZIP of grids, a board move that refused
his application, a crash while making his grid), run by the database queue; he is erased, then
every text, JSON and file field of every model (the audit trail and the queue's task records
included), every file of the data folder (PDFs read as text, ZIPs opened, file names too), every
row of every model pointing to his former login and every session are searched for him.
"""

import contextlib
import io
import json
import unicodedata
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path
from unittest import mock

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import Client
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from ndrc.core.models import AuditEntry
from ndrc.demo.population import create_demo_records
from ndrc.documents.models import GeneratedDocument
from ndrc.jobs.services import start_job
from ndrc.learners.personal_data import erase_person
from ndrc.learners.services import update_learner

ON = date(2026, 11, 20)
BIRTH = date(2004, 2, 29)
IDENTITY = {
    "first_name": "Zéphyrine",
    "last_name": "Quintavalle",
    "birth_date": BIRTH,
    "ine": "2024A98765Q",
    "email": "zephyrine.quintavalle@exemple.fr",
    "phone": "06 71 82 93 04",
    "street": "17 impasse des Quintefeuilles",
}
# Each value as it may be written: the birth date in the formats documents and exports use.
NEEDLES = [
    "Zéphyrine",
    "Quintavalle",
    IDENTITY["ine"],
    IDENTITY["email"],
    IDENTITY["phone"],
    "0671829304",
    "Quintefeuilles",
    "2004-02-29",
    "29/02/2004",
    "29 février 2004",
    "29.02.2004",
    "20040229",
]


def _fold(text: str) -> str:
    """Lower case without accents or spaces: « Zéphyrine » is found in a slug or a file name."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c) and not c.isspace())


FOLDED = {_fold(n): n for n in NEEDLES}


def _found_in(text: str) -> list[str]:
    folded = _fold(text)
    return [needle for key, needle in FOLDED.items() if key in folded]


def _database_hits() -> list[str]:
    """`model.field #pk: value` for each value of the database naming the person."""
    hits = []
    text_fields = (models.CharField, models.TextField, models.JSONField, models.FileField,
                   models.BinaryField)  # fmt: skip
    for model in apps.get_models(include_auto_created=True):
        fields = [f for f in model._meta.concrete_fields if isinstance(f, text_fields)]
        dates = [f for f in model._meta.concrete_fields if isinstance(f, models.DateField)]
        for row in model._default_manager.values("pk", *[f.attname for f in fields + dates]):
            for field in fields:
                value = row[field.attname]
                if isinstance(field, models.JSONField):
                    value = json.dumps(value, ensure_ascii=False, default=str)
                if isinstance(field, models.BinaryField):  # an upload kept in the database
                    value = _text_of(bytes(value or b""))
                found = _found_in(str(value or ""))
                if found:
                    hits.append(f"{model._meta.label}.{field.name} #{row['pk']}: {found} in "
                                f"{str(value)[:160]!r}")  # fmt: skip
            for field in dates:
                if row[field.attname] == BIRTH:
                    hits.append(f"{model._meta.label}.{field.name} #{row['pk']}: the birth date")
    return hits


def _text_of(content: bytes) -> str:
    """A file as text: its bytes, a PDF's text, a ZIP's members (their names and texts)."""
    text = content.decode("utf-8", errors="replace")
    # A generated PDF is read as text; a PDF uploaded by hand may not parse: raw bytes then.
    with contextlib.suppress(PdfReadError):
        if content.startswith(b"%PDF"):
            reader = PdfReader(io.BytesIO(content))
            text += " ".join(page.extract_text() for page in reader.pages)
    if zipfile.is_zipfile(io.BytesIO(content)):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            for member in archive.namelist():
                text += f" {member} {_text_of(archive.read(member))}"
    return text


def _file_hits() -> list[str]:
    """`path: values` for each file of the data folder naming the person (its name or text)."""
    hits = []
    for path in sorted(Path(settings.MEDIA_ROOT).rglob("*")):
        if not path.is_file():
            continue
        found = _found_in(path.name + " " + _text_of(path.read_bytes()))
        if found:
            hits.append(f"{path.relative_to(settings.MEDIA_ROOT)}: {found}")
    return hits


def _login_hits(account) -> list[str]:
    """`model.field #pk` for each row of any model pointing to the person's former login, and
    each session of that login; the audit trail keeps who did what (the login anonymised)."""
    hits = []
    for model in apps.get_models(include_auto_created=True):
        if model is AuditEntry:
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is get_user_model():
                for pk in model._default_manager.filter(**{field.name: account}).values_list(
                    "pk", flat=True
                ):
                    hits.append(f"{model._meta.label}.{field.name} #{pk}: his login")
    for session in Session.objects.all():
        data = session.get_decoded()
        if data.get("_auth_user_id") == str(account.pk) or _found_in(json.dumps(data)):
            hits.append(f"session {session.session_key[:8]}…: his login")
    return hits


def _pdf(name: str, words: str) -> SimpleUploadedFile:
    """A small PDF upload with `words` written in it, uncompressed."""
    content = f"%PDF-1.4\n% {words}\n%%EOF\n".encode()
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _give_him_records_everywhere(demo, person) -> None:
    """Every app's demo records, then what people write and issue about him by name."""
    from ndrc.admissions.models import Application
    from ndrc.assessments.services import grid_document
    from ndrc.attendance.documents import Issuer, issue_certificate, issue_sheet_pdf
    from ndrc.attendance.models import AttendanceRecord
    from ndrc.attendance.services import justify_absence
    from ndrc.contracts.services import issue_pay_schedule_pdf
    from ndrc.followup.models import Logbook
    from ndrc.followup.services import generate_logbook_pdf
    from ndrc.gradebook.models import ClassCouncil, Gradebook, Period
    from ndrc.gradebook.services import (
        bulletin_document,
        council_minutes_document,
        write_appreciation,
        write_record_appreciation,
    )
    from ndrc.portfolio.services import add_attachment, add_comment, create_sheet

    create_demo_records(demo)
    manager, teacher = demo.users["responsable"], demo.users["enseignant"]
    name = f"{person.first_name} {person.last_name}"
    at = datetime(2026, 11, 2, 9, tzinfo=timezone.get_current_timezone())

    # A draft sheet of his, in his own words, with a file joined; a teacher's comment.
    sheet = create_sheet(
        learner=person,
        exam="E4",
        title=f"Prospection de {name}",
        start=date(2026, 10, 5),
        by=demo.users["apprenant"],
        context=f"Moi, {name}, j'ai prospecté.",
    )
    add_attachment(
        sheet=sheet, upload=_pdf("quintavalle-fiche.pdf", name), by=demo.users["apprenant"]
    )
    submitted = person.activity_sheets.exclude(status="draft").order_by("pk").first()
    add_comment(sheet=submitted, text=f"{person.first_name} a bien analysé le besoin.", by=teacher)
    justify_absence(
        learner=person,
        start=date(2026, 9, 21),
        end=date(2026, 9, 21),
        reason=f"Rendez-vous médical de {name}",
        document=_pdf("certificat-quintavalle.pdf", name),
        by=manager,
        at=at,
    )
    gradebook = Gradebook.objects.filter(cohort=person.cohort).order_by("pk").first()
    period = Period.objects.filter(training_centre=demo.centre).order_by("start").first()
    write_appreciation(
        gradebook=gradebook,
        learner=person,
        period=period,
        text=f"{person.first_name} progresse.",
        by=gradebook.teacher,
    )
    write_record_appreciation(
        learner=person, unit="U4", text=f"{person.first_name} convainc.", by=manager
    )
    # The application he was admitted from, with his identity and his words.
    Application.objects.filter(pk=Application.objects.order_by("pk").first().pk).update(
        learner=person,
        first_name=person.first_name,
        last_name=person.last_name,
        email=person.email,
        phone=person.phone,
        ine=person.ine,
        motivation=f"Je suis {name}, née le 29/02/2004.",
    )

    # The PDFs about him, and two about his group that name him among others.
    situation = person.assessment_situations.exclude(grade=None).order_by("pk").first()
    grid_document(situation=situation, by=teacher)
    bulletin_document(learner=person, period=period, by=manager)
    logbook = Logbook.objects.filter(learner=person).order_by("pk").first()
    generate_logbook_pdf(logbook=logbook, on=ON, by=manager)
    issue_pay_schedule_pdf(contract=person.contracts.order_by("pk").first(), by=manager, on=ON)
    issue_certificate(
        kind="attendance_certificate",
        learner=person,
        start=date(2026, 9, 1),
        end=date(2026, 10, 31),
        issuer=Issuer("M. Martin", "Directeur", "Lyon", ON),
        by=manager,
    )
    record = AttendanceRecord.objects.filter(learner=person).order_by("pk").first()
    issue_sheet_pdf(sheet=record.sheet, by=manager)
    council = ClassCouncil.objects.filter(cohort=person.cohort).order_by("pk").first()
    council_minutes_document(council=council, on=ON, by=manager)


def _give_his_login_records(demo, person) -> None:
    """What his login holds: a notice, an API token named after him, his digest preference, a
    session opened on his phone; a list naming him uploaded for import, not yet confirmed; and a
    change of his record made through /admin/ (its log)."""
    from django.contrib.admin.models import CHANGE, LogEntry

    from ndrc.api.services import issue_token
    from ndrc.followup.services import set_digest_preference
    from ndrc.imports.services.jobs import create_job
    from ndrc.timetable.models import Notice

    account = person.user
    at = datetime(2026, 11, 3, 8, tzinfo=timezone.get_current_timezone())
    Notice.objects.create(
        user=account, created_at=at, text=f"{person.first_name}, votre séance du 4/11 est déplacée."
    )
    issue_token(user=account, name=f"Téléphone de {person.first_name}", by=account, now=at)
    set_digest_preference(user=account, weekly_digest=False, by=account)
    Client().force_login(account)
    # A list of the cohort uploaded for import, waiting for its preview to be confirmed.
    create_job(
        kind="learners",
        data=f"Nom;Prénom;INE\n{person.last_name};{person.first_name};{person.ine}\n".encode(),
        filename="inscrits.csv",
        by=demo.users["responsable"],
        cohort=person.cohort,
    )
    admin = demo.users["admin"].pk
    LogEntry.objects.log_actions(admin, [person, account], CHANGE, single_object=False)


def _run_jobs_naming_him(demo, person, settings) -> None:
    """Jobs run by the database queue (as `ndrc db_worker` does): his cohort's ZIP of grids, a
    board move that refuses his application (its summary names him), and a crash while making
    his grid (the job's last progress line names him, the task's traceback too)."""
    from ndrc.admissions.models import Application
    from ndrc.admissions.services import move_applications
    from ndrc.assessments import services as assessments

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )
    teacher = demo.users["enseignant"]

    def run(function, by, **arguments):
        job = start_job(function, by=by, title="Tâche", arguments=arguments)
        worker.run_task(DBTaskResult.objects.get(pk=job.task_id))

    run(assessments.build_cohort_grids, teacher, cohort=person.cohort)
    application = Application.objects.filter(learner=person).order_by("pk").first()
    run(move_applications, demo.users["responsable"], application_ids=[application.pk],
        stage=application.stage, now=timezone.now(), reason="")  # fmt: skip
    made = assessments.grid_document

    def crash(*, situation, by):
        if situation.learner_id == person.pk:
            raise RuntimeError(f"Police absente pour {situation.learner.full_name}")
        return made(situation=situation, by=by)

    with mock.patch.object(assessments, "grid_document", crash):
        run(assessments.build_cohort_grids, teacher, cohort=person.cohort)


def test_nothing_about_an_erased_person_remains_in_the_database_or_the_files(
    demo, settings, tmp_path
):
    from ndrc.assessments.services import purge_evaluation_files

    settings.MEDIA_ROOT = tmp_path / "media"
    manager = demo.users["responsable"]
    person = demo.learners["bernard"]
    update_learner(learner=person, changes=IDENTITY, on=ON, by=manager)
    account = person.user
    account.first_name, account.last_name = IDENTITY["first_name"], IDENTITY["last_name"]
    account.email = IDENTITY["email"]
    account.save()
    _give_him_records_everywhere(demo, person)
    _give_his_login_records(demo, person)
    _run_jobs_naming_him(demo, person, settings)
    assert _database_hits() and _file_hits() and _login_hits(account)  # he is named everywhere

    issued = list(GeneratedDocument.objects.values_list("kind", flat=True))

    erase_person(person, by=manager, on=ON)

    # Of the PDFs issued about him or his groups, only the CCF grids are left to download (his
    # and those of his cohort's other learners, printed by the job).
    assert set(issued) == {"ccf_assessment_grid", "period_report", "apprenticeship_logbook",
                           "pay_schedule", "attendance_certificate", "attendance_sheet",
                           "class_council_minutes"}  # fmt: skip
    assert set(GeneratedDocument.objects.values_list("kind", flat=True)) == {"ccf_assessment_grid"}

    # The law keeps the CCF evaluation file (the filled grid as issued, the documents joined to
    # it) until `ccf_file_kept_until`: only its files may still name him, and nothing else.
    person.refresh_from_db()
    kept = [h for h in _file_hits() if h.startswith("documents/ccf_assessment_grid/")]
    remaining = [h for h in _file_hits() if h not in kept] + _database_hits() + _login_hits(account)
    assert remaining == [], "\n".join(["Still naming the erased person:", *remaining])
    assert person.ccf_file_kept_until is not None
    # Once the retention ends, the purge removes them too: then nothing at all names him.
    purge_evaluation_files(on=person.ccf_file_kept_until + timedelta(days=1), by=manager)
    remaining = _file_hits() + _database_hits()
    assert remaining == [], "\n".join(["Still naming the erased person:", *remaining])
