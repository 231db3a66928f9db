"""The training calendar of a cohort (rhythms, closures, exam and internship periods), rooms,
half-day sessions, the private iCalendar feeds and the notices of changes."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ndrc.core.models import TrainingCentre
from ndrc.core.validators import validate_plain_text
from ndrc.learners.models import Cohort, Learner
from ndrc.regulation.training_calendar import HALF_DAYS


class HalfDay(models.TextChoices):
    AM = "am", _("Matin")
    PM = "pm", _("Après-midi")


class Mode(models.TextChoices):
    CENTRE = "centre", _("En centre")
    DISTANCE = "distance", _("À distance")


class Zone(models.TextChoices):
    A = "A", _("Zone A")
    B = "B", _("Zone B")
    C = "C", _("Zone C")


class Room(models.Model):
    training_centre = models.ForeignKey(
        TrainingCentre, on_delete=models.PROTECT, related_name="rooms"
    )
    name = models.CharField(_("nom"), max_length=100, validators=[validate_plain_text])
    capacity = models.PositiveSmallIntegerField(_("places"), null=True, blank=True)

    class Meta:
        verbose_name = _("salle")
        verbose_name_plural = _("salles")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["training_centre", "name"],
                name="unique_room_name",
                violation_error_message=_("Une salle de ce nom existe déjà."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class TrainingCalendar(models.Model):
    """The training cycle of a cohort: its dates, the centre's department (public holidays)
    and school holiday zone, and the hours of a half-day."""

    cohort = models.OneToOneField(
        Cohort, on_delete=models.PROTECT, related_name="training_calendar"
    )
    start = models.DateField(_("début du cycle"))
    end = models.DateField(_("fin du cycle"))
    department = models.CharField(
        _("département du centre"),
        max_length=2,
        help_text=_("Pour les jours fériés."),
        validators=[validate_plain_text],
    )
    school_holiday_zone = models.CharField(
        _("zone de vacances scolaires"), max_length=1, choices=Zone.choices
    )
    close_in_school_holidays = models.BooleanField(
        _("centre fermé pendant les vacances scolaires"), default=False
    )
    # « De 8 h 15 à 12 h 00 et de 13 h 00 à 16 h 45 » (brochure 001): the default of a centre.
    am_start = models.TimeField(_("début du matin"), default=datetime.time(8, 15))
    am_end = models.TimeField(_("fin du matin"), default=datetime.time(12, 0))
    pm_start = models.TimeField(_("début de l'après-midi"), default=datetime.time(13, 0))
    pm_end = models.TimeField(_("fin de l'après-midi"), default=datetime.time(16, 45))

    class Meta:
        verbose_name = _("calendrier de formation")
        verbose_name_plural = _("calendriers de formation")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="training_calendar_end_after_start",
                violation_error_message=_("La fin du cycle précède son début."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.cohort} — {self.start:%d/%m/%Y} → {self.end:%d/%m/%Y}"

    def times(self, half_day: str) -> tuple[datetime.time, datetime.time]:
        return (self.am_start, self.am_end) if half_day == "am" else (self.pm_start, self.pm_end)

    def hours(self, half_day: str) -> Decimal:
        """The length of a half-day in hours (3.75 for 8:15-12:00)."""
        start, end = self.times(half_day)
        minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
        return Decimal(minutes) / 60

    def hours_per_half_day(self) -> dict[str, Decimal]:
        return {half: self.hours(half) for half in HALF_DAYS}


class Rhythm(models.Model):
    """A group of the cohort with its alternance rhythm (apprentices, students…), and the volume
    of training promised to it. The learners of the group are those whose candidate category is
    in `categories`."""

    calendar = models.ForeignKey(TrainingCalendar, on_delete=models.CASCADE, related_name="rhythms")
    name = models.CharField(_("nom du groupe"), max_length=100, validators=[validate_plain_text])
    categories = models.JSONField(_("statuts des apprenants du groupe"), default=list)
    # The weeks of the rhythm, repeated in turn: [["mon-am", …], …] (regulation.training_calendar).
    pattern = models.JSONField(_("rythme"), default=list)
    away_place = models.CharField(
        _("hors du centre"),
        max_length=10,
        choices=[("company", _("en entreprise")), ("off", _("sans cours"))],
        default="company",
    )
    promised_hours = models.DecimalField(
        _("volume promis sur le cycle (heures)"), max_digits=7, decimal_places=2
    )
    promised_by_module = models.JSONField(_("volume promis par module"), default=dict, blank=True)
    promise_source = models.CharField(
        _("source du volume promis"), max_length=200, validators=[validate_plain_text]
    )

    class Meta:
        verbose_name = _("rythme")
        verbose_name_plural = _("rythmes")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class PeriodKind(models.TextChoices):
    CLOSURE = "closure", _("Fermeture du centre")
    EXAM = "exam", _("Période d'examen")
    INTERNSHIP = "internship", _("Période de stage")


class CalendarPeriod(models.Model):
    """A closure, exam or internship period; an internship period concerns one group."""

    calendar = models.ForeignKey(TrainingCalendar, on_delete=models.CASCADE, related_name="periods")
    kind = models.CharField(_("type"), max_length=12, choices=PeriodKind.choices)
    start = models.DateField(_("premier jour"))
    end = models.DateField(_("dernier jour"))
    label = models.CharField(
        _("libellé"), max_length=100, blank=True, validators=[validate_plain_text]
    )
    rhythm = models.ForeignKey(
        Rhythm,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="periods",
        verbose_name=_("groupe concerné"),
    )

    class Meta:
        verbose_name = _("période du calendrier")
        verbose_name_plural = _("périodes du calendrier")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="calendar_period_end_after_start",
                violation_error_message=_("Le dernier jour précède le premier."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start:%d/%m/%Y} → {self.end:%d/%m/%Y}"


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Prévue")
    CANCELLED = "cancelled", _("Annulée")


class Session(models.Model):
    """A half-day of training: a module of the grille horaire, a teacher, a room, a mode. A
    session is never deleted: a cancelled one stays, marked cancelled."""

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="sessions")
    date = models.DateField(_("date"))
    half_day = models.CharField(_("demi-journée"), max_length=2, choices=HalfDay.choices)
    # The group attending; none: every learner of the cohort in the centre that half-day.
    rhythm = models.ForeignKey(
        Rhythm,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("groupe"),
    )
    module = models.CharField(_("module"), max_length=16, validators=[validate_plain_text])
    hours = models.DecimalField(_("durée (heures)"), max_digits=4, decimal_places=2)
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="taught_sessions",
        verbose_name=_("enseignant"),
    )
    room = models.ForeignKey(
        Room,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("salle"),
    )
    mode = models.CharField(_("modalité"), max_length=10, choices=Mode.choices, default=Mode.CENTRE)
    status = models.CharField(
        _("état"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    note = models.CharField(
        _("remarque"), max_length=200, blank=True, validators=[validate_plain_text]
    )

    class Meta:
        verbose_name = _("séance")
        verbose_name_plural = _("séances")
        ordering = ["date", "half_day", "pk"]
        indexes = [
            models.Index(fields=["cohort", "date"]),
            models.Index(fields=["teacher", "date"]),
            models.Index(fields=["room", "date"]),
        ]
        # The services refuse double bookings with their reason; these constraints are the
        # last guard against two requests racing.
        constraints = [
            models.UniqueConstraint(
                fields=["teacher", "date", "half_day"],
                condition=Q(status="scheduled"),
                name="teacher_booked_once",
            ),
            models.UniqueConstraint(
                fields=["room", "date", "half_day"],
                condition=Q(status="scheduled", room__isnull=False),
                name="room_booked_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_half_day_display()} — {self.module}"

    @property
    def cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED


class FeedKind(models.TextChoices):
    LEARNER = "learner", _("Mon emploi du temps (apprenant)")
    TEACHER = "teacher", _("Mes séances (enseignant)")
    COHORT = "cohort", _("Emploi du temps d'une promotion")


class CalendarFeed(models.Model):
    """A private iCalendar address: whoever has the token reads the feed; its owner revokes it."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    kind = models.CharField(_("contenu"), max_length=10, choices=FeedKind.choices)
    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, null=True, blank=True)
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, null=True, blank=True)
    token = models.CharField(max_length=64, unique=True, validators=[validate_plain_text])
    created_at = models.DateTimeField(_("créée le"))
    revoked_at = models.DateTimeField(_("révoquée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("abonnement iCalendar")
        verbose_name_plural = _("abonnements iCalendar")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.owner}"


class Notice(models.Model):
    """An in-app notice to one person (a change of their timetable), read or not."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    created_at = models.DateTimeField(_("date"), db_index=True)
    text = models.CharField(_("texte"), max_length=500, validators=[validate_plain_text])
    url = models.CharField(_("lien"), max_length=200, blank=True, validators=[validate_plain_text])
    read_at = models.DateTimeField(_("lu le"), null=True, blank=True)

    class Meta:
        verbose_name = _("avis")
        verbose_name_plural = _("avis")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.text
