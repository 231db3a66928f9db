"""Job functions the tests start: plain module-level functions, as a domain app writes them."""

import threading
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from ndrc.core import services as core_services
from ndrc.core.models import TrainingCentre
from ndrc.jobs.services import JobResult, ResultFile

# The browser test holds a job half-way until it has seen its progress.
HALF_WAY = threading.Event()
CARRY_ON = threading.Event()


def describe_arguments(*, centre, on, amount, names, by, progress):
    progress(1, 2, "lecture")
    assert isinstance(centre, TrainingCentre) and isinstance(on, date)
    assert isinstance(amount, Decimal)
    progress(2, 2)
    return JobResult(
        summary=f"{centre.name} le {on:%d/%m/%Y} : {amount} € pour {', '.join(names)} ({by})",
        file=ResultFile(name="rapport.txt", content="Résumé\n".encode()),
        link_url="/referentiel/",
        link_label="Voir le référentiel",
    )


def create_a_centre_then_refuse(*, by, progress):
    """Writes a record, keeps a file, then meets bad input: nothing of it may remain."""
    core_services.create_training_centre(
        by=by, name="Centre à moitié créé", uai="0751234J", siret="19690026000015", address=""
    )
    progress(1, 3, "premier pas")
    raise ValidationError("Ligne 2, champ « UAI » : le centre existe déjà.")


def refuse_lazily(*, by, progress):
    """Refuses with a sentence of the catalogue, written when the refusal is read."""
    raise ValidationError(
        gettext_lazy("Aucune grille CCF que vous puissiez imprimer dans cette promotion.")
    )


def crash(*, by, progress):
    progress(1, 4)
    raise RuntimeError("/srv/ndrc/secret path in a traceback")


def wait_half_way_then_refuse(*, by, progress):
    progress(1, 3, "Grille 1 sur 3")
    HALF_WAY.set()
    CARRY_ON.wait(timeout=30)
    progress(2, 3, "Grille 2 sur 3")
    raise ValidationError("La grille de Durand Nathan est incomplète : rien n'a été enregistré.")


def list_learners(*, learners, by, progress):
    """A file naming each learner, as a cohort's batch of documents does."""
    names = "\n".join(learner.full_name for learner in learners)
    return JobResult(
        summary=f"{len(learners)} apprenant(s) : {names.replace(chr(10), ', ')}.",
        file=ResultFile(name="liste.txt", content=names.encode()),
    )


def list_learners_while_the_first_is_erased(*, learners, by, progress):
    """A list naming each learner, read before the first one's erasure commits (on PostgreSQL an
    erasure may commit while a job runs; on SQLite the job's transaction holds the write lock).
    The erasure's work on the jobs is done half-way through the run, as it would land then."""
    from ndrc.jobs.services import erase_from_jobs
    from ndrc.learners.personal_data import personal_values

    names = "\n".join(learner.full_name for learner in learners)
    progress(1, 2, f"Liste : {learners[0].full_name}")
    erase_from_jobs(about=[learners[0]], values=personal_values(learners[0]))
    return JobResult(
        summary=f"{len(learners)} apprenant(s) : {names.replace(chr(10), ', ')}.",
        file=ResultFile(name="liste.txt", content=names.encode()),
    )
