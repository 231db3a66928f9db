"""Attendance (émargement): a learner's hours planned, attended and missed, from the half-day
sessions and the signed records.

The rule: a half-day counts as attended only when it is signed by the learner and by the
teacher, or when the teacher recorded why the learner could not sign (no phone…). A late arrival
counts the half-day as attended: the sheet's unit is the half-day. Absences count whether or not
the sheet was signed yet. The algorithm in prose, and why: docs/attendance.md.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ndrc.regulation.errors import InputError
from ndrc.regulation.explanation import Explanation, Step, _, hours
from ndrc.regulation.training_calendar import HALF_DAYS

STATUSES = ("present", "late", "absent_justified", "absent_unjustified")
PRESENT = frozenset({"present", "late"})
SOURCE_SIGNATURE = (
    "Code du travail, R6332-26 (justification de la réalisation de l'action) ; émargement par "
    "demi-journée signé par l'apprenant et le formateur"
)
SOURCE_ABSENCE = (
    "Code du travail, L6222-24 (le temps en centre est compris dans l'horaire de travail de "
    "l'apprenti) ; règlement intérieur du centre (absences justifiées ou non)"
)
ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class PlannedSession:
    date: date
    half_day: str
    hours: Decimal
    module: str


@dataclass(frozen=True, slots=True)
class AttendanceMark:
    """One learner's record on one half-day's sheet."""

    date: date
    half_day: str
    status: str
    learner_signed: bool
    teacher_signed: bool
    # Why the learner could not sign, recorded by the teacher: stands for the learner's signature.
    learner_unable_reason: str = ""


@dataclass(slots=True)
class ModuleHours:
    planned: Decimal = ZERO
    attended: Decimal = ZERO
    absent_justified: Decimal = ZERO
    absent_unjustified: Decimal = ZERO


@dataclass(frozen=True, slots=True)
class Unsigned:
    date: date
    half_day: str
    missing: str  # "learner", "teacher" or "both"


@dataclass(frozen=True, slots=True)
class AttendanceSummary:
    planned_hours: Decimal
    attended_hours: Decimal
    absent_justified_hours: Decimal
    absent_unjustified_hours: Decimal
    by_module: dict[str, ModuleHours] = field(default_factory=dict)
    unsigned: tuple[Unsigned, ...] = ()
    explanation: tuple[Step, ...] = ()

    @property
    def unconfirmed_hours(self) -> Decimal:
        """Planned hours neither attended (signed) nor missed: sheets not yet taken or signed."""
        return (
            self.planned_hours
            - self.attended_hours
            - self.absent_justified_hours
            - self.absent_unjustified_hours
        )


def _missing(mark: AttendanceMark) -> str | None:
    learner_ok = mark.learner_signed or bool(mark.learner_unable_reason.strip())
    if learner_ok and mark.teacher_signed:
        return None
    if not learner_ok and not mark.teacher_signed:
        return "both"
    return "teacher" if learner_ok else "learner"


def summarise_attendance(
    sessions: Iterable[PlannedSession], marks: Iterable[AttendanceMark]
) -> AttendanceSummary:
    """A learner's hours from the half-day sessions planned for them and their records on the
    sheets. Each record must match a session (same date and half-day); a session without a
    record is planned but neither attended nor missed, and listed as unsigned."""
    by_slot: dict[tuple[date, str], PlannedSession] = {}
    for index, session in enumerate(sessions):
        if session.half_day not in HALF_DAYS:
            raise InputError(
                f"sessions[{index}] : champ « half_day » : « am » ou « pm » attendu, reçu "
                f"« {session.half_day} »"
            )
        slot = (session.date, session.half_day)
        if slot in by_slot:
            raise InputError(
                f"sessions[{index}] : deux séances le {session.date:%d/%m/%Y} ({session.half_day})"
            )
        by_slot[slot] = session
    by_module: dict[str, ModuleHours] = {}
    planned = attended = justified = unjustified = ZERO
    for session in by_slot.values():
        planned += session.hours
        by_module.setdefault(session.module, ModuleHours()).planned += session.hours
    seen: set[tuple[date, str]] = set()
    unsigned: list[Unsigned] = []
    for index, mark in enumerate(marks):
        slot = (mark.date, mark.half_day)
        session = by_slot.get(slot)
        if session is None:
            raise InputError(
                f"records[{index}] : aucune séance le {mark.date:%d/%m/%Y} ({mark.half_day})"
            )
        if slot in seen:
            raise InputError(
                f"records[{index}] : deux relevés le {mark.date:%d/%m/%Y} ({mark.half_day})"
            )
        if mark.status not in STATUSES:
            raise InputError(
                f"records[{index}] : champ « status » : « {mark.status} » inconnu (attendu : "
                + ", ".join(STATUSES)
                + ")"
            )
        seen.add(slot)
        module = by_module[session.module]
        if mark.status == "absent_justified":
            justified += session.hours
            module.absent_justified += session.hours
        elif mark.status == "absent_unjustified":
            unjustified += session.hours
            module.absent_unjustified += session.hours
        else:
            missing = _missing(mark)
            if missing is None:
                attended += session.hours
                module.attended += session.hours
            else:
                unsigned.append(Unsigned(mark.date, mark.half_day, missing))
    for slot in sorted(set(by_slot) - seen):
        unsigned.append(Unsigned(slot[0], slot[1], "both"))
    unsigned.sort(key=lambda u: (u.date, HALF_DAYS.index(u.half_day)))

    explanation = Explanation()
    explanation.add(
        "planned",
        "Emploi du temps du centre",
        _(
            "%(count)s demi-journée(s) prévue(s) : %(planned)s.",
            count=len(by_slot),
            planned=hours(planned),
        ),
        planned=planned,
    )
    explanation.add(
        "attended",
        SOURCE_SIGNATURE,
        _(
            "Heures suivies : %(attended)s (présent ou en retard, signé par l'apprenant — ou "
            "motif noté par le formateur — et par le formateur).",
            attended=hours(attended),
        ),
        attended=attended,
    )
    explanation.add(
        "absences",
        SOURCE_ABSENCE,
        _(
            "Absences justifiées : %(justified)s ; non justifiées : %(unjustified)s.",
            justified=hours(justified),
            unjustified=hours(unjustified),
        ),
        absent_justified=justified,
        absent_unjustified=unjustified,
    )
    if unsigned:
        explanation.add(
            "unsigned",
            SOURCE_SIGNATURE,
            _(
                "%(count)s demi-journée(s) sans les deux signatures : elles ne comptent pas "
                "comme suivies tant qu'elles ne sont pas signées.",
                count=len(unsigned),
            ),
            unsigned=len(unsigned),
        )
    return AttendanceSummary(
        planned_hours=planned,
        attended_hours=attended,
        absent_justified_hours=justified,
        absent_unjustified_hours=unjustified,
        by_module=by_module,
        unsigned=tuple(unsigned),
        explanation=explanation.freeze(),
    )
