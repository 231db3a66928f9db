"""`ndrc reissue-ccf-grids`: render again every stored CCF grid PDF issued before the grid
stopped showing the learner's INE (teachers read the stored grids and may not see identifiers:
issue 10, hole 8). Run once after upgrading; running it again re-issues nothing."""

from django.core.management.base import BaseCommand

from ndrc.assessments.services import reissue_grid_documents
from ndrc.core.audit import acting_as


class Command(BaseCommand):
    help = (
        "Régénère, à leur place, les grilles CCF enregistrées avant la suppression de l'INE "
        "(à lancer une fois après la mise à jour)."
    )

    def handle(self, *args, **options) -> None:
        with acting_as(None, "ndrc reissue-ccf-grids"):
            reissued, left = reissue_grid_documents()
        for document in reissued:
            self.stdout.write(f"Régénérée : {document.title}")
        for document in left:
            self.stdout.write(f"Laissée (situation supprimée) : {document.title}")
        self.stdout.write(f"{len(reissued)} grille(s) CCF régénérée(s) sans l'INE.")
