"""The Parcoursup list feeds the same applications: a new candidate is a new application of
source "Parcoursup", a candidate who also applied through the form is merged into that
application with a trace, a second import changes nothing, a bad line changes nothing."""

from pathlib import Path

import pytest
from django.urls import reverse

from ndrc.admissions import parcoursup, selectors, services
from ndrc.admissions.models import Application, Merge, Outcome, Source, Stage
from ndrc.imports.services import run
from tests.admissions.conftest import ON, at

FILE = (
    Path(__file__).parent.parent / "imports" / "files" / "parcoursup_admissions.csv"
).read_bytes()


def import_file(intake, manager, data=FILE, *, apply=True):
    upload = parcoursup.keep_upload(
        intake=intake, data=data, filename="parcoursup.csv", by=manager, now=at(ON)
    )
    return run(parcoursup.run_upload(upload, apply=apply, on=ON, now=at(ON), by=manager))


def test_the_parcoursup_list_becomes_applications_of_that_source(intake, manager):
    preview = import_file(intake, manager, apply=False)
    assert preview.counts["created"] == 5 and Application.objects.count() == 0
    report = import_file(intake, manager)
    assert report.applied and report.counts["created"] == 5
    fontaine = Application.objects.get(parcoursup_number="4821093")
    assert fontaine.source == Source.PARCOURSUP and fontaine.stage == Stage.RECEIVED
    assert fontaine.ine == "090412345AB" and fontaine.email == "maelle.fontaine@example.fr"


def test_a_duplicate_from_parcoursup_merges_into_the_form_application_with_a_trace(
    intake, manager, applicant
):
    # Maëlle applied through the form first (same e-mail, no Parcoursup number yet).
    form = applicant(source=Source.FORM, phone="06 99 88 77 66")
    services.move_application(application=form, stage=Stage.INTERVIEW, by=manager, now=at(ON))

    report = import_file(intake, manager)
    assert report.applied
    assert report.counts["created"] == 4 and report.counts["changed"] == 1
    [note] = [r for r in report.results if r.notes]
    assert "fusionnée" in note.notes[0] and "même courriel" in note.notes[0]

    form.refresh_from_db()
    assert form.outcome == Outcome.ACTIVE and form.stage == Stage.INTERVIEW
    assert form.parcoursup_number == "4821093" and form.ine == "090412345AB"
    assert form.phone == "06 99 88 77 66"  # what she typed is kept
    merge = Merge.objects.get(survivor=form)
    assert merge.absorbed.source == Source.PARCOURSUP
    assert merge.absorbed.outcome == Outcome.MERGED and merge.absorbed.merged_into == form
    assert merge.matched_on == "Parcoursup : même courriel"
    assert merge.fields_taken["parcoursup_number"] == "4821093"
    assert merge.by == manager
    # One person in the list of applications and on the board.
    assert (
        selectors.filtered_applications(manager, selectors.Filters())
        .filter(last_name="Fontaine")
        .count()
        == 1
    )

    # Importing the same file again changes nothing.
    again = import_file(intake, manager)
    assert again.counts["created"] == 0 and again.counts["changed"] == 0
    assert Application.objects.count() == 6


def test_a_duplicate_is_also_found_by_name_and_birth_date(intake, manager, applicant):
    applicant(email="autre.adresse@example.fr", first_name="MAELLE", last_name="fontaine")
    report = import_file(intake, manager)
    [note] = [r for r in report.results if r.notes]
    assert "mêmes nom, prénom et date de naissance" in note.notes[0]


def test_a_file_with_a_bad_line_changes_nothing(intake, manager):
    bad = FILE.replace(b"14/03/2007", b"14/03/2030")
    report = import_file(intake, manager, bad)
    assert report.rejected and not report.applied
    assert any(e.line == 2 and "Date de naissance" in e.column for e in report.errors)
    assert Application.objects.count() == 0


def test_the_import_pages_preview_then_apply(manager_client, intake):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = manager_client.post(
        reverse("admissions:parcoursup_upload", args=[intake.pk]),
        {"file": SimpleUploadedFile("liste.csv", FILE)},
    )
    assert response.status_code == 302
    preview = manager_client.get(response["Location"])
    assert "Nouvelles candidatures" in b"".join(preview.streaming_content).decode()
    assert Application.objects.count() == 0
    applied = manager_client.post(response["Location"] + "appliquer/")
    assert "Import appliqué" in b"".join(applied.streaming_content).decode()
    assert Application.objects.filter(source=Source.PARCOURSUP).count() == 5


def test_the_duplicates_page_lists_and_merges_a_pair(manager_client, applicant):
    first = applicant()
    second = applicant(email="maelle.f@example.fr", parcoursup_number="123")
    page = manager_client.get(reverse("admissions:duplicates")).content.decode()
    assert "mêmes nom, prénom et date de naissance" in page
    manager_client.post(reverse("admissions:merge", args=[first.pk, second.pk]))
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.merged_into == first and first.parcoursup_number == "123"
    assert (
        "Aucun doublon possible"
        in manager_client.get(reverse("admissions:duplicates")).content.decode()
    )


@pytest.mark.parametrize("field", ["ine", "parcoursup_number"])
def test_two_applications_with_one_identifier_are_a_possible_duplicate(applicant, manager, field):
    value = {"ine": "090412345AB", "parcoursup_number": "4821093"}[field]
    applicant(**{field: value})
    applicant(first_name="Autre", last_name="Personne", email="x@example.fr", **{field: value})
    [pair] = selectors.possible_duplicates(manager)
    assert pair.matched_on.startswith("même")


def test_a_control_character_in_a_parcoursup_line_is_named_at_the_preview(intake, manager):
    """The preview checks a line as the services do (core's rule of typed text, in its words):
    a control character in a town is refused on its line."""
    bad = FILE.replace(b";Villeurbanne;", b";Villeur\x07banne;")
    report = import_file(intake, manager, bad, apply=False)
    assert report.rejected
    (error,) = [e for e in report.errors if e.line == 2]
    assert "Commune" in error.column and "Caractère de contrôle interdit (code 7)" in error.message
    assert Application.objects.count() == 0
