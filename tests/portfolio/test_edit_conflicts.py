"""Two people edit the same activity sheet (issue 10, hole 3): the learner and an
administrator, from the pages they opened; as for a learner's record (tests/core)."""

from types import SimpleNamespace

from django.urls import reverse

from ndrc.portfolio import services
from ndrc.portfolio.models import ActivitySheet
from tests.core.test_edit_conflicts import conflict_then_knowing_save
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
