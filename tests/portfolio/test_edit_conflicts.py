"""Two people edit the same activity sheet (issue 10, hole 3): the learner and an
administrator, from the pages they opened; as for a learner's record (tests/core)."""

from datetime import date
from types import SimpleNamespace

from django.urls import reverse

from ndrc.contracts import services as contract_services
from ndrc.contracts.models import InternshipReduction
from ndrc.portfolio import services
from ndrc.portfolio.models import ActivitySheet, ExamDossier
from tests.core.test_edit_conflicts import (
    conflict_then_knowing_save,
    merged_beside,
    nothing_saved_without_version,
)
from tests.portfolio.test_permissions import sheet_of


def test_the_learner_and_an_administrator_change_a_returned_sheet(portfolio):
    sheet = sheet_of(portfolio, "bernard", "Dégustation")
    services.return_sheet(sheet=sheet, comment="Précisez.", by=portfolio.users["enseignant"])
    url = reverse("portfolio:sheet_edit", args=[sheet.pk])
    read = lambda: ActivitySheet.objects.get(pk=sheet.pk).context  # noqa: E731
    two = SimpleNamespace(
        users={"responsable": portfolio.users["apprenant"], "admin": portfolio.users["admin"]}
    )
    conflict_then_knowing_save(url, "context", "Magasin de Bron", "Magasin de Caluire", read)(two)


# The filing of a dossier and the reduction of an internship, changed from the dossier page.


def _dossier_page(portfolio, name, action):
    learner = portfolio.learners[name]
    page = reverse("portfolio:learner_dossier", args=[learner.pk, "E4"])
    return learner, page, reverse(f"portfolio:{action}", args=[learner.pk, "E4"])


def _filed(portfolio):
    bernard, page, post = _dossier_page(portfolio, "bernard", "dossier_filing")
    services.record_exam_dossier(
        learner=bernard, exam="E4", deposited_on=None, by=portfolio.users["responsable"]
    )

    def read():
        filing = ExamDossier.objects.get(learner=bernard, exam="E4")
        return str(filing.deposited_on), filing.signed

    return page, post, read


def test_two_people_change_a_dossiers_filing_date(portfolio):
    page, post, read = _filed(portfolio)
    conflict_then_knowing_save(
        page,
        "deposited_on",
        "2027-03-20",
        "2027-03-22",
        lambda: read()[0],
        post_url=post,
        shown=("20 mars 2027", "22 mars 2027"),
    )(portfolio)


def test_a_visa_from_an_older_page_keeps_the_other_persons_filing_date(portfolio):
    page, post, read = _filed(portfolio)
    read_marked = lambda: (read()[0], "on" if read()[1] else "")  # noqa: E731
    merged_beside(page, "deposited_on", "2027-03-20", "signed", "on", read_marked, post_url=post)(
        portfolio
    )


def test_a_filing_form_without_its_version_saves_nothing(portfolio):
    page, post, read = _filed(portfolio)
    nothing_saved_without_version(page, "deposited_on", "2027-03-20", read, post_url=post)(
        portfolio
    )


def _reduced(portfolio):
    durand, page, post = _dossier_page(portfolio, "durand", "dossier_reduction")
    contract_services.set_internship_reduction(
        learner=durand,
        weeks=12,
        reason="force_majeure",
        decided_on=date(2026, 9, 1),
        by=portfolio.users["responsable"],
    )

    def read():
        reduction = InternshipReduction.objects.get(learner=durand)
        return str(reduction.weeks), reduction.note

    return page, post, read


def test_two_people_change_an_internships_reduction(portfolio):
    page, post, read = _reduced(portfolio)
    conflict_then_knowing_save(page, "weeks", "10", "14", lambda: read()[0], post_url=post)(
        portfolio
    )


def test_a_note_from_an_older_page_keeps_the_other_persons_weeks(portfolio):
    page, post, read = _reduced(portfolio)
    merged_beside(page, "weeks", "10", "note", "Décision du conseil", read, post_url=post)(
        portfolio
    )


def test_a_reduction_form_without_its_version_saves_nothing(portfolio):
    page, post, read = _reduced(portfolio)
    nothing_saved_without_version(page, "weeks", "10", read, post_url=post)(portfolio)
