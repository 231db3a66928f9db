"""Work done in a separate process against a real site folder (tests/core/site.py):
`python -m tests.core.site_scripts populate` or `… grid`, with the site's NDRC_* environment."""

import os
import sys

import django


def populate() -> None:
    """The database migrated (as `ndrc migrate` does), then the demo population, a generated PDF
    and a few uploaded files of odd names."""
    from django.conf import settings
    from django.core.management import call_command

    from ndrc.assessments.models import AssessmentSituation
    from ndrc.assessments.services import grid_document
    from ndrc.core.models import User

    call_command("migrate", interactive=False, verbosity=0)
    call_command("demo", verbosity=0)
    situation = AssessmentSituation.objects.order_by("pk").first()
    grid_document(situation=situation, by=User.objects.get(username="responsable"))
    media = settings.MEDIA_ROOT
    os.makedirs(os.path.join(media, "pièces jointes", "2026"), exist_ok=True)
    with open(os.path.join(media, "pièces jointes", "2026", "fiche n°1 (copie).odt"), "wb") as f:
        f.write(bytes(range(256)) * 64)
    with open(os.path.join(media, "vide.txt"), "wb"):
        pass


def grid() -> None:
    """Generate the filled grid of the demo's first CCF situation once, when told to: the
    process says `ready` (on its output) once started, then waits for a line on its input, sent
    to all the processes started together once they are all ready."""
    from ndrc.assessments.models import AssessmentSituation
    from ndrc.assessments.services import grid_document
    from ndrc.core.models import User

    situation = AssessmentSituation.objects.order_by("pk").first()
    manager = User.objects.get(username="responsable")
    print("ready", flush=True)
    sys.stdin.readline()
    grid_document(situation=situation, by=manager)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ndrc.settings")
    django.setup()
    {"populate": populate, "grid": grid}[sys.argv[1]]()
