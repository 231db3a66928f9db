"""A learner's personal data export reads each kind of record about them once, for all of them:
the records pointing to the learner, then those pointing to these (a sheet's comments and tags,
an attendance record's corrections), one query per relation and not one per record. The same
number of queries however many records the learner has (issue 12)."""

import json
from datetime import date, timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ndrc.attendance import services as attendance
from ndrc.attendance.models import AttendanceRecord
from ndrc.core.permissions import Action, can
from ndrc.learners.personal_data import WITHHELD
from ndrc.portfolio import services as portfolio


def _export(demo, learner) -> tuple[dict, int]:
    client = Client()
    client.force_login(demo.users["responsable"])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("learners:personal_data", args=[learner.pk]))
    assert response.status_code == 200
    return json.loads(response.content), len(captured)


def _count(data: dict, label: str) -> int:
    """How many records of `label` the export holds, at any depth."""
    found = 0
    for name, records in data.items():
        for record in records:
            found += name == label
            found += _count(record.get("records", {}), label)
    return found


def test_the_export_costs_the_same_queries_with_more_sheets_comments_and_corrections(whole_demo):
    demo = whole_demo
    bernard = demo.learners["bernard"]
    data, before = _export(demo, bernard)
    records = data["records"]
    sheets = _count(records, "portfolio.activitysheet")
    comments = _count(records, "portfolio.sheetcomment")
    corrections = _count(records, "attendance.correction")
    assert sheets
    manager, teacher = demo.users["responsable"], demo.users["enseignant"]
    for day in range(3):
        portfolio.create_sheet(
            learner=bernard, exam="E4", title=f"Prospection {day}",
            start=date(2026, 10, 5 + day), by=bernard.user,
        )  # fmt: skip
    reviewed = [s for s in bernard.activity_sheets.all() if can(teacher, Action.REVIEW, s)][:3]
    for sheet in reviewed:
        for text in ("Précisez la cible.", "Ajoutez le bilan chiffré."):
            portfolio.add_comment(sheet=sheet, text=text, by=teacher)
    locked = AttendanceRecord.objects.filter(
        learner=bernard, sheet__teacher_signed_at__isnull=False, corrections__isnull=True
    ).exclude(status="late")[:3]
    now = timezone.now()
    for minute, record in enumerate(locked):
        attendance.correct(record=record, status="late", reason="Train en retard, attestation SNCF",
                           by=manager, at=now + timedelta(minutes=minute))  # fmt: skip
    data, after = _export(demo, bernard)
    assert _count(data["records"], "portfolio.activitysheet") == sheets + 3
    assert _count(data["records"], "portfolio.sheetcomment") == comments + 2 * len(reviewed) > 0
    assert _count(data["records"], "attendance.correction") == corrections + len(locked) > 0
    assert after <= before


def test_the_learners_own_export_asks_once_per_record_what_it_withholds(whole_demo):
    """A CCF situation's grade, its grid's ratings, withheld from the learner before the results
    are published: asked once per record, for the record and for its audit entries."""
    bernard = whole_demo.learners["bernard"]
    client = Client()
    client.force_login(bernard.user)
    url = reverse("learners:personal_data", args=[bernard.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    data = json.loads(response.content)
    situations = data["records"]["assessments.assessmentsituation"]
    assert situations and all(s["grade"] == WITHHELD for s in situations)
    asked = [q for q in captured.captured_queries if '"exams_examsession"' in q["sql"]]
    withheld = len(situations) + sum(
        len(s["records"].get("assessments.criterionrating", [])) for s in situations
    )
    assert len(asked) == withheld
