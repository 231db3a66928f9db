"""Cohorts, learners, their candidate category over time, and teachers' assignments."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ndrc.core.models import TrainingCentre
from ndrc.core.validators import (
    validate_ine,
    validate_multiline_text,
    validate_phone,
    validate_plain_text,
    validate_postal_code,
)
from ndrc.regulation.errors import FrameworkDataError
from ndrc.regulation.framework import CURRENT_FRAMEWORK, load_framework
from ndrc.regulation.parameters import parameter


def validate_framework_code(value: str) -> None:
    try:
        load_framework(value)
    except FrameworkDataError as error:
        raise ValidationError(str(error), code="unknown_framework") from error


def candidate_category_choices(framework: str = CURRENT_FRAMEWORK) -> list[tuple[str, str]]:
    """The candidate categories of a framework (columns of Annexe II c), as form choices."""
    return [(c.code, c.label) for c in load_framework(framework).candidate_categories.values()]


def subject_choices(framework: str = CURRENT_FRAMEWORK) -> list[tuple[str, str]]:
    """What a teacher can be assigned to: a skill block (BC01…) or a unit without a block."""
    loaded = load_framework(framework)
    blocks = sorted({u.skill_block for u in loaded.units.values() if u.skill_block})
    units = [u for u in loaded.units.values() if not u.skill_block]
    return [(b, b) for b in blocks] + [(u.code, f"{u.code} — {u.title}") for u in units]


class Cohort(models.Model):
    """A two-year BTS class ('section', 'promotion') of a training centre, for one framework."""

    training_centre = models.ForeignKey(
        TrainingCentre,
        on_delete=models.PROTECT,
        related_name="cohorts",
        verbose_name=_("centre de formation"),
    )
    name = models.CharField(_("nom"), max_length=100, validators=[validate_plain_text])
    framework = models.CharField(
        _("référentiel"),
        max_length=40,
        default=CURRENT_FRAMEWORK,
        validators=[validate_framework_code, validate_plain_text],
    )
    first_year_start = models.DateField(_("début de la 1re année"))
    exam_session = models.PositiveSmallIntegerField(_("session d'examen"))

    class Meta:
        verbose_name = _("promotion")
        verbose_name_plural = _("promotions")
        ordering = ["-exam_session", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["training_centre", "name", "exam_session"],
                name="unique_cohort_name",
                violation_error_message=_(
                    "Une promotion de ce nom existe déjà pour cette session."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} (session {self.exam_session})"

    def clean(self) -> None:
        # The session ends a course of one to three years (shortened, usual, lengthened): a
        # session of 0 or 9999 would break every date computed from it (CCF situations).
        if self.first_year_start is None or self.exam_session is None:
            return
        first = self.first_year_start.year
        if not first <= self.exam_session <= first + 3:
            raise ValidationError(
                {
                    "exam_session": _(
                        "Session d'examen %(value)s impossible pour une promotion commencée en "
                        "%(first)s : une session de %(first)s à %(last)s est attendue."
                    )
                    % {"value": self.exam_session, "first": first, "last": first + 3}
                }
            )

    def year_on(self, on: date) -> int | None:
        """1 or 2: the training year on a date; None before the start or after the session."""
        if on < self.first_year_start:
            return None
        years = on.year - self.first_year_start.year
        if (on.month, on.day) < (self.first_year_start.month, self.first_year_start.day):
            years -= 1
        return years + 1 if years < 2 else None


# The learner's own data (identity, contact, legal guardian, accommodation), in the order of the
# record: what the training manager edits, and what an erasure blanks.
PERSONAL_FIELDS = (
    "first_name",
    "last_name",
    "birth_date",
    "ine",
    "parcoursup_number",
    "email",
    "phone",
    "street",
    "postal_code",
    "city",
    "guardian_name",
    "guardian_email",
    "guardian_phone",
    "accommodation",
    "extra_time",
)


class Learner(models.Model):
    """A person trained in a cohort; becomes a candidate when registered for the exam."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.PROTECT, related_name="learners", verbose_name=_("promotion")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="learner",
        verbose_name=_("compte"),
    )
    first_name = models.CharField(_("prénom"), max_length=100, validators=[validate_plain_text])
    last_name = models.CharField(_("nom"), max_length=100, validators=[validate_plain_text])
    # Nullable only for an erased person; services require it otherwise.
    birth_date = models.DateField(_("date de naissance"), null=True, blank=True)
    ine = models.CharField(
        _("INE"), max_length=11, blank=True, validators=[validate_ine, validate_plain_text]
    )
    parcoursup_number = models.CharField(
        _("numéro Parcoursup"), max_length=20, blank=True, validators=[validate_plain_text]
    )
    email = models.EmailField(_("courriel"), blank=True, validators=[validate_plain_text])
    phone = models.CharField(
        _("téléphone"), max_length=20, blank=True, validators=[validate_phone, validate_plain_text]
    )
    street = models.CharField(
        _("adresse"), max_length=200, blank=True, validators=[validate_plain_text]
    )
    postal_code = models.CharField(
        _("code postal"),
        max_length=5,
        blank=True,
        validators=[validate_postal_code, validate_plain_text],
    )
    city = models.CharField(
        _("commune"), max_length=100, blank=True, validators=[validate_plain_text]
    )
    guardian_name = models.CharField(
        _("représentant légal"), max_length=200, blank=True, validators=[validate_plain_text]
    )
    guardian_email = models.EmailField(
        _("courriel du représentant légal"), blank=True, validators=[validate_plain_text]
    )
    guardian_phone = models.CharField(
        _("téléphone du représentant légal"),
        max_length=20,
        blank=True,
        validators=[validate_phone, validate_plain_text],
    )
    accommodation = models.TextField(
        _("aménagement (handicap)"), blank=True, validators=[validate_multiline_text]
    )
    extra_time = models.BooleanField(_("tiers-temps"), default=False)
    erased_on = models.DateField(_("effacé le"), null=True, blank=True)
    # The CCF evaluation file is kept after an erasure until this date, then destroyed.
    ccf_file_kept_until = models.DateField(
        _("dossier d'évaluation CCF conservé jusqu'au"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("apprenant")
        verbose_name_plural = _("apprenants")
        ordering = ["last_name", "first_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["ine"],
                condition=~Q(ine=""),
                name="unique_learner_ine",
                violation_error_message=_("Un apprenant avec cet INE existe déjà."),
            ),
            models.UniqueConstraint(
                fields=["parcoursup_number"],
                condition=~Q(parcoursup_number=""),
                name="unique_learner_parcoursup_number",
                violation_error_message=_("Un apprenant avec ce numéro Parcoursup existe déjà."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.last_name.upper()} {self.first_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def is_minor_on(self, on: date) -> bool:
        if self.birth_date is None:
            return False
        majority = parameter("records/age_of_majority").at(on).value
        return on < _add_years(self.birth_date, majority)

    def categories(self) -> list["CategoryPeriod"]:
        """The dated history of the candidate category, by start: as loaded for a list of
        learners by `categories_prefetch()` (a plain list: Django builds no queryset per
        learner, ~55 µs each), else through the relation (its prefetch, or a query)."""
        loaded = getattr(self, "loaded_categories", None)
        return loaded if loaded is not None else list(self.category_periods.all())

    def category_on(self, on: date) -> str | None:
        """The candidate category in force on a date, from the dated history."""
        return category_in_force(self.categories(), on)

    @property
    def current_category(self) -> str | None:
        """The category of the open period (the one without an end date)."""
        for period in self.categories():
            if period.end is None:
                return period.candidate_category
        return None


def category_in_force(periods: Iterable[Any], on: date) -> str | None:
    """The candidate category in force on `on` among a learner's `periods` (by start, each with
    its `candidate_category`, `start` and `end`, inclusive; open when None): model instances,
    or the lines a list of learners reads (`learners.selectors.read_rows`)."""
    for period in periods:
        if period.start <= on and (period.end is None or on <= period.end):
            return period.candidate_category
    return None


def categories_prefetch() -> models.Prefetch:
    """What `Learner.categories` reads, loaded for many learners at once."""
    return models.Prefetch("category_periods", to_attr="loaded_categories")


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February: the birthday falls on 1 March in common years
        return date(day.year + years, 3, 1)


class CategoryPeriod(models.Model):
    """The learner's candidate category from `start` to `end` (inclusive; open when None)."""

    learner = models.ForeignKey(
        Learner,
        on_delete=models.CASCADE,
        related_name="category_periods",
        verbose_name=_("apprenant"),
    )
    # Checked against the categories of the cohort's framework (see `clean`), not as choices:
    # each framework version has its own list.
    candidate_category = models.CharField(
        _("statut du candidat"), max_length=32, validators=[validate_plain_text]
    )
    start = models.DateField(_("début"))
    # How a history shows the codes of fields without choices (core.ui.history).
    history_labels = {"candidate_category": lambda: dict(candidate_category_choices())}
    end = models.DateField(_("fin"), null=True, blank=True)

    class Meta:
        verbose_name = _("période de statut")
        verbose_name_plural = _("périodes de statut")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="category_period_end_after_start",
                violation_error_message=_("La fin du statut précède son début."),
            ),
            models.UniqueConstraint(
                fields=["learner"],
                condition=Q(end__isnull=True),
                name="one_open_category_period",
                violation_error_message=_("L'apprenant a déjà un statut en cours."),
            ),
        ]

    def __str__(self) -> str:
        end = f"{self.end:%d/%m/%Y}" if self.end else "…"
        return _("%(category)s du %(start)s au %(end)s") % {
            "category": self.candidate_category,
            "start": f"{self.start:%d/%m/%Y}",
            "end": end,
        }

    def clean(self) -> None:
        framework = self.learner.cohort.framework
        if self.candidate_category not in dict(candidate_category_choices(framework)):
            raise ValidationError(
                {
                    "candidate_category": _(
                        "Statut du candidat « %(value)s » inconnu du référentiel %(framework)s."
                    )
                    % {"value": self.candidate_category, "framework": framework}
                }
            )


class TeacherAssignment(models.Model):
    """A teacher teaching a cohort, for a skill block or a general unit (blank: the whole class)."""

    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="teacher_assignments",
        verbose_name=_("enseignant"),
    )
    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.CASCADE,
        related_name="teacher_assignments",
        verbose_name=_("promotion"),
    )
    subject = models.CharField(
        _("bloc ou unité"), max_length=8, blank=True, validators=[validate_plain_text]
    )

    class Meta:
        verbose_name = _("affectation d'enseignant")
        verbose_name_plural = _("affectations d'enseignants")
        constraints = [
            models.UniqueConstraint(
                fields=["teacher", "cohort", "subject"], name="unique_teacher_assignment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.teacher} — {self.cohort} — {self.subject or _('toute la classe')}"

    def clean(self) -> None:
        framework = self.cohort.framework
        if self.subject and self.subject not in dict(subject_choices(framework)):
            raise ValidationError(
                {
                    "subject": _("« %(value)s » n'est ni un bloc ni une unité du référentiel.")
                    % {"value": self.subject}
                }
            )
