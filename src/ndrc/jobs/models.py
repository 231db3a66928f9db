"""Background jobs as their users see them: who started what, how far it is, what came out."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ndrc.core.models import TrainingCentre
from ndrc.core.validators import validate_multiline_text, validate_plain_text
from ndrc.regulation.explanation import Message, message_from_data


class State(models.TextChoices):
    QUEUED = "queued", _("En attente")
    RUNNING = "running", _("En cours")
    DONE = "done", _("Terminée")
    FAILED = "failed", _("Échouée")


def result_path(job: "Job", filename: str) -> str:
    return f"jobs/{job.pk}/{filename}"


class Job(models.Model):
    """A long piece of work run by a background worker (django-tasks) for a user.

    `function` (a dotted path) is called with `arguments`, the user who started the job (`by`)
    and a `progress(done, total)` callback, in one transaction: it either finishes, and its result
    (a file, a link, a sentence) is kept here, or fails and leaves nothing behind but `error`.
    """

    kind = models.CharField(_("type"), max_length=100, validators=[validate_plain_text])
    title = models.CharField(_("titre"), max_length=200, validators=[validate_plain_text])
    function = models.CharField(_("fonction"), max_length=200, validators=[validate_plain_text])
    arguments = models.JSONField(_("arguments"), default=dict)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lancée par"),
    )
    # The centre whose training managers may follow the job too.
    training_centre = models.ForeignKey(
        TrainingCentre,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("centre de formation"),
    )
    return_url = models.CharField(
        _("page d'origine"), max_length=300, blank=True, validators=[validate_plain_text]
    )
    state = models.CharField(_("état"), max_length=8, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(_("fait"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    message = models.CharField(
        _("message"), max_length=300, blank=True, validators=[validate_plain_text]
    )
    # Set by a person's erasure while the job is queued or running (`services.erase_from_jobs`):
    # what it read may name the person, so its outcome is dropped (`services.run`).
    erased_during_run = models.BooleanField(_("effacement pendant l'exécution"), default=False)
    result_file = models.FileField(_("fichier"), upload_to=result_path, max_length=300, blank=True)
    result_url = models.CharField(
        _("lien"), max_length=300, blank=True, validators=[validate_plain_text]
    )
    result_label = models.CharField(
        _("libellé du lien"), max_length=200, blank=True, validators=[validate_plain_text]
    )
    error = models.TextField(_("erreur"), blank=True, validators=[validate_multiline_text])
    # The texts above (title, message, result label, error) written from a template, kept with
    # it and its values ({name: `message_data`}): shown in the reader's language (`shown`).
    text_data = models.JSONField(_("textes (modèles)"), default=dict, blank=True)
    task_id = models.CharField(
        _("identifiant de la tâche"), max_length=64, blank=True, validators=[validate_plain_text]
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    started_at = models.DateTimeField(_("commencée le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finie le"), null=True, blank=True)

    class Meta:
        verbose_name = _("tâche de fond")
        verbose_name_plural = _("tâches de fond")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", args=[self.pk])

    def shown(self, name: str) -> Message | str:
        """The text `name` (title, message, error) as its reader should read it: from its
        template when it was written from one, French as stored otherwise."""
        data = self.text_data.get(name)
        return message_from_data(data) if data else getattr(self, name)

    @property
    def shown_title(self) -> Message | str:
        return self.shown("title")

    @property
    def shown_message(self) -> Message | str:
        return self.shown("message")

    @property
    def shown_error(self) -> Message | str:
        return self.shown("error")

    @property
    def shown_result_label(self) -> Message | str:
        return self.shown("result_label")

    @property
    def finished(self) -> bool:
        return self.state in (State.DONE, State.FAILED)
