"""A training manager imports the learners of a cohort from CSV, Parcoursup or XLSX files."""

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from openpyxl import Workbook

from ndrc.core.models import AuditEntry, Role
from ndrc.core.tabular import read_table
from ndrc.imports.services import LearnerImporter, Outcome, iter_import, run
from ndrc.learners.models import Learner
from tests import factories

FILES = Path(__file__).parent / "files"
ON = date(2026, 9, 1)


@pytest.fixture
def centre(db):
    return factories.centre()


@pytest.fixture
def manager(centre):
    return factories.manager_of(centre)


@pytest.fixture
def cohort(centre):
    return factories.cohort(centre, name="BTS NDRC 1re année", start=date(2026, 9, 1))


def import_learners(data, cohort, by, *, apply=True, category="scolaire", filename="f.csv"):
    importer = LearnerImporter(cohort=cohort, default_category=category, on=ON, by=by)
    return run(iter_import(importer, read_table(data, filename=filename), apply=apply))


def parcoursup():
    return (FILES / "parcoursup_admissions.csv").read_bytes()


def state():
    """Everything an import may touch, to check that a rejected file changed nothing."""
    return (
        sorted(Learner.objects.values_list("last_name", "first_name", "ine", "email", "phone")),
        AuditEntry.objects.count(),
    )


def csv(text):
    return text.encode("utf-8")


HEADER = "Nom;Prénom;Date de naissance;INE;Numéro Parcoursup;Email\n"


def test_the_parcoursup_admissions_export_creates_the_cohort(cohort, manager):
    report = import_learners(parcoursup(), cohort, manager)
    assert not report.rejected
    assert report.counts == {"total": 5, "created": 5, "changed": 0, "unchanged": 0, "errors": 0}
    learners = {learner.parcoursup_number: learner for learner in cohort.learners.all()}
    maelle = learners["4821093"]
    assert (maelle.last_name, maelle.first_name) == ("FONTAINE", "Maëlle")
    assert maelle.birth_date == date(2007, 3, 14)
    assert maelle.ine == "090412345AB"
    assert maelle.phone == "06 11 22 33 44"  # the mobile, preferred to the landline
    assert maelle.street == "8 rue Victor Hugo, Bât. B"
    assert (maelle.postal_code, maelle.city) == ("69100", "Villeurbanne")
    assert maelle.current_category == "scolaire"
    ewen = learners["4821240"]
    assert ewen.ine == ""  # no INE: found again by the Parcoursup number
    assert ewen.phone == "04 78 55 66 77"  # no mobile: the landline
    yasmine = learners["4822001"]
    assert yasmine.is_minor_on(ON)
    assert yasmine.guardian_name == "Karim Bensaïd"
    assert yasmine.phone == "06 45 67 89 01"  # +33 written the national way
    assert set(report.ignored_columns) >= {"Sexe", "Nationalité", "Boursier", "Classement"}


def test_the_creations_are_audited_as_the_manager(cohort, manager):
    import_learners(parcoursup(), cohort, manager)
    learner = cohort.learners.get(parcoursup_number="4821093")
    entry = AuditEntry.objects.get(object_id=str(learner.pk), content_type__model="learner")
    assert entry.action == "create"
    assert entry.actor == manager


def test_reimporting_the_same_file_changes_nothing(cohort, manager):
    import_learners(parcoursup(), cohort, manager)
    before = state()
    report = import_learners(parcoursup(), cohort, manager)
    assert report.counts["unchanged"] == 5
    assert report.counts["created"] == report.counts["changed"] == 0
    assert state() == before  # not even an audit entry


def test_a_preview_says_what_would_be_created_and_writes_nothing(cohort, manager):
    before = state()
    report = import_learners(parcoursup(), cohort, manager, apply=False)
    assert not report.applied
    assert [r.outcome for r in report.results] == [Outcome.CREATED] * 5
    created = report.results[0]
    assert created.record == "FONTAINE Maëlle"
    shown = {c.label: c.after for c in created.changes}
    assert shown["date de naissance"] == "14/03/2007"
    assert shown["Statut du candidat"].startswith("Voie scolaire")
    assert state() == before


def test_a_preview_lists_the_changes_field_by_field(cohort, manager):
    import_learners(parcoursup(), cohort, manager)
    changed = parcoursup().replace(b"maelle.fontaine@example.fr", b"m.fontaine@example.fr")
    changed = changed.replace(b"06 11 22 33 44", b"0699887766")
    report = import_learners(changed, cohort, manager, apply=False)
    assert report.counts["changed"] == 1 and report.counts["unchanged"] == 4
    (result,) = report.with_outcome(Outcome.CHANGED)
    assert result.line == 2
    assert [(c.field, c.before, c.after) for c in result.changes] == [
        ("email", "maelle.fontaine@example.fr", "m.fontaine@example.fr"),
        ("phone", "06 11 22 33 44", "06 99 88 77 66"),
    ]
    assert cohort.learners.get(ine="090412345AB").email == "maelle.fontaine@example.fr"


def test_applying_a_change_records_before_and_after(cohort, manager):
    import_learners(parcoursup(), cohort, manager)
    import_learners(parcoursup().replace(b"Villeurbanne", b"Vaulx-en-Velin"), cohort, manager)
    learner = cohort.learners.get(ine="090412345AB")
    assert learner.city == "Vaulx-en-Velin"
    entry = AuditEntry.objects.filter(object_id=str(learner.pk), action="update").get()
    assert (entry.before, entry.after) == ({"city": "Villeurbanne"}, {"city": "Vaulx-en-Velin"})


def test_an_empty_cell_never_clears_a_value(cohort, manager):
    import_learners(parcoursup(), cohort, manager)
    report = import_learners(
        parcoursup().replace(b"maelle.fontaine@example.fr", b""), cohort, manager
    )
    assert report.counts["unchanged"] == 5
    assert cohort.learners.get(ine="090412345AB").email == "maelle.fontaine@example.fr"


def test_a_learner_without_ine_is_found_again_by_parcoursup_number_and_gets_one(cohort, manager):
    import_learners(parcoursup(), cohort, manager)
    # Ewen Le Gall came without an INE; the next export has it.
    with_ine = parcoursup().replace(
        "Française;;3 impasse".encode(), "Française;091112223JK;3 impasse".encode()
    )
    report = import_learners(with_ine, cohort, manager)
    (result,) = report.with_outcome(Outcome.CHANGED)
    assert [(c.field, c.before, c.after) for c in result.changes] == [("ine", "", "091112223JK")]
    assert cohort.learners.get(parcoursup_number="4821240").ine == "091112223JK"


def test_a_comma_separated_file_with_bom_and_a_category_column(cohort, manager):
    report = import_learners((FILES / "learners_comma.csv").read_bytes(), cohort, manager)
    assert report.counts["created"] == 2
    ines = {learner.ine: learner for learner in cohort.learners.all()}
    assert ines["091234567GH"].current_category == "apprenti_habilite"
    assert ines["091234567GH"].birth_date == date(2006, 5, 21)  # ISO date
    assert ines["091234567GH"].street == "4, rue Mercière"
    assert ines["1005987654L"].current_category == "scolaire"  # given by its label


def test_an_xlsx_file_made_in_a_spreadsheet(cohort, manager):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["NOM", "PRÉNOM", "DATE DE NAISSANCE", "INE", "Portable"])
    sheet.append(["Roche", "Lou", date(2006, 1, 31), "091239876MN", "0611111111"])
    sheet.append(["Perret", "Sam", "05/07/2006", "091239877PQ", None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = import_learners(buffer.getvalue(), cohort, manager, filename="classe.xlsx")
    assert report.counts["created"] == 2
    lou = cohort.learners.get(ine="091239876MN")
    assert (lou.birth_date, lou.phone) == (date(2006, 1, 31), "06 11 11 11 11")
    assert cohort.learners.get(ine="091239877PQ").birth_date == date(2006, 7, 5)


def test_the_status_of_a_known_learner_is_not_changed_by_an_import(cohort, manager):
    data = (FILES / "learners_comma.csv").read_bytes()
    import_learners(data, cohort, manager)
    report = import_learners(data.replace(b",apprenti_habilite", b",fpc_public"), cohort, manager)
    assert report.counts["unchanged"] == 2
    (noted,) = [r for r in report.results if r.notes]
    assert "un import ne change pas le statut" in noted.notes[0]
    assert cohort.learners.get(ine="091234567GH").current_category == "apprenti_habilite"


# --- Bad files: rejected whole, nothing changed, the line and the column named


def rejected(data, cohort, manager, **options):
    before = state()
    report = import_learners(data, cohort, manager, **options)
    assert report.rejected and not report.applied
    assert state() == before
    return [(e.line, e.column, e.message) for e in report.errors]


def test_missing_columns_are_named_with_the_headers_accepted(cohort, manager):
    errors = rejected(csv("Nom;Date de naissance\nDupont;01/02/2006\n"), cohort, manager)
    assert [(line, column) for line, column, _m in errors] == [
        (1, "Prénom"),
        (1, "INE / Numéro Parcoursup"),
    ]
    assert "« Prénom »" in errors[0][2]


def test_a_company_file_given_as_learners_is_rejected_for_its_columns(cohort, manager):
    errors = rejected((FILES / "companies.csv").read_bytes(), cohort, manager)
    assert {column for _l, column, _m in errors} == {
        "Nom",
        "Prénom",
        "Date de naissance",
        "INE / Numéro Parcoursup",
    }


def test_one_bad_line_rejects_the_whole_file(cohort, manager):
    data = csv(
        HEADER
        + "Dupont;Alice;14/03/2006;091234500AA;;alice@example.fr\n"
        + "Martin;Léo;31/02/2006;091234501AB;;leo@example.fr\n"
    )
    errors = rejected(data, cohort, manager)
    assert errors == [
        (3, "Date de naissance", "« 31/02/2006 » n'est pas une date valide (attendu JJ/MM/AAAA).")
    ]
    assert not Learner.objects.filter(last_name="Dupont").exists()


def test_a_future_birth_date_is_named(cohort, manager):
    data = csv(HEADER + "Dupont;Alice;14/03/2030;091234500AA;;\n")
    ((line, column, message),) = rejected(data, cohort, manager)
    assert (line, column) == (2, "Date de naissance")
    assert "dans le futur" in message


def test_a_duplicated_ine_inside_the_file_names_both_lines(cohort, manager):
    data = csv(
        HEADER
        + "Dupont;Alice;14/03/2006;091234500AA;;\n"
        + "Martin;Léo;01/02/2006;091234501AB;;\n"
        + "Durand;Zoé;05/05/2006;091234500aa;;\n"
    )
    assert rejected(data, cohort, manager) == [(4, "INE", "INE 091234500AA déjà présent ligne 2.")]


def test_a_duplicated_parcoursup_number_is_named(cohort, manager):
    data = csv(
        "Numéro;Nom;Prénom;Date de naissance\n"
        "4821093;Dupont;Alice;14/03/2006\n"
        "4821093;Martin;Léo;01/02/2006\n"
    )
    assert rejected(data, cohort, manager) == [
        (3, "Numéro", "Numéro Parcoursup 4821093 déjà présent ligne 2.")
    ]


def test_every_bad_field_of_every_line_is_listed(cohort, manager):
    data = csv(
        HEADER.replace("\n", ";Portable;Code postal\n")
        + "Dupont;;14/03/2006;12345;;pas-un-courriel;0612;6900\n"
        + ";Léo;;;;;;\n"
    )
    errors = rejected(data, cohort, manager)
    assert [(line, column) for line, column, _m in errors] == [
        (2, "Prénom"),
        (2, "INE"),
        (2, "Email"),
        (2, "Portable"),
        (2, "Code postal"),
        (3, "Nom"),
        (3, "Date de naissance"),
        (3, "INE"),
    ]
    assert "INE « 12345 » invalide" in errors[1][2]
    assert "obligatoire" in errors[7][2]


def test_a_minor_without_a_guardian_is_named_on_the_guardian_column(cohort, manager):
    data = csv(HEADER + "Dupont;Alice;14/03/2010;091234500AA;;\n")
    assert rejected(data, cohort, manager) == [
        (2, "Représentant légal", "Apprenant mineur : le représentant légal est obligatoire.")
    ]


def test_an_unknown_status_lists_the_codes_accepted(cohort, manager):
    data = csv(
        "Nom;Prénom;Date de naissance;INE;Statut\nDupont;Alice;14/03/2006;091234500AA;apprenti\n"
    )
    ((line, column, message),) = rejected(data, cohort, manager)
    assert (line, column) == (2, "Statut")
    assert "apprenti_habilite" in message


def test_a_learner_of_another_cohort_is_not_moved_by_an_import(centre, cohort, manager):
    other = factories.cohort(centre, name="BTS NDRC 2e année", start=date(2025, 9, 1), session=2027)
    factories.learner(other, ine="091234500AA")
    data = csv(HEADER + "Martin;Lina;04/05/2006;091234500AA;;\n")
    ((line, column, message),) = rejected(data, cohort, manager)
    assert (line, column) == (2, "INE")
    assert "BTS NDRC 2e année" in message


def test_a_teacher_cannot_import_into_their_cohort(centre, cohort):
    teacher = factories.person("prof", role=Role.TEACHER, training_centre=centre)
    from ndrc.learners import services

    services.assign_teacher(teacher=teacher, cohort=cohort, by=factories.administrator())
    with pytest.raises(PermissionDenied):
        LearnerImporter(cohort=cohort, default_category="scolaire", on=ON, by=teacher)


def test_a_manager_of_another_centre_does_not_reach_the_cohort(cohort):
    elsewhere = factories.centre(name="CFA Ailleurs", uai="0690001B")
    with pytest.raises(Http404):
        LearnerImporter(
            cohort=cohort,
            default_category="scolaire",
            on=ON,
            by=factories.manager_of(elsewhere, "manager-ailleurs"),
        )


def test_a_control_character_in_an_imported_name_is_named(cohort, manager):
    """Issue 10, hole 5, through the import (its batched checks): a control character in a name
    would break every XLSX export of the cohort."""
    data = csv(
        HEADER + "Dupont;Alice;14/03/2006;091234500AA;;\nMar\x07tin;Léo;01/02/2006;091234501AB;;\n"
    )
    ((line, column, message),) = rejected(data, cohort, manager)
    assert (line, column) == (3, "Nom")
    assert message.startswith("Caractère de contrôle interdit (code ")
