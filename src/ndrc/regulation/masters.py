"""Apprenticeship masters and professionalisation tutors: the legal conditions on the person a
contract names to train the learner in the company.

- Apprenticeship contract: the master's professional competence (Code du travail, R. 6223-22: a
  related diploma of at least the level prepared and one year of related activity, or two years
  of related activity) and at most two apprentices at once per master, plus one whose training
  was extended after a failed exam (R. 6223-6).
- Professionalisation contract: the tutor's two years of related experience (D. 6325-6) and at
  most three beneficiaries of professionalisation or apprenticeship contracts at once, two when
  the employer tutors (D. 6325-9); the latter also binds a master who already tutors a
  professionalisation employee.

Every figure is a dated parameter under `data/parameters/masters/`; the date is an argument. A
branch agreement may set other competence conditions (R. 6223-22 applies "à défaut"): not
encoded. See docs/masters.md for the algorithm and the choices where the texts are silent.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ndrc.regulation.errors import InputError
from ndrc.regulation.explanation import Explanation, Message, Step, _
from ndrc.regulation.parameters import DatedValue, parameter

CONTRACT_TYPES = ("apprenticeship", "professionalisation")
# What a person already supervises: apprentices, professionalisation employees, interns.
LEARNER_KINDS = ("apprentice", "professionalisation", "intern")
# The levels of the cadre national des certifications professionnelles (décret n° 2019-14).
LEVELS = range(1, 9)
# Beyond this, a figure of years of experience is a typing error, not a career.
MAXIMUM_YEARS = Decimal(60)

QUALIFICATION = "master_qualification"
APPRENTICES_PER_MASTER = "apprentices_per_master"
TUTOR_EXPERIENCE = "tutor_experience"
TUTOR_LOAD = "tutor_load"


@dataclass(frozen=True, slots=True)
class Diploma:
    """A diploma or title the master holds: its level (1–8) and whether it belongs to the
    professional field of the diploma the learner prepares."""

    field_related: bool
    level: int


@dataclass(frozen=True, slots=True)
class Master:
    """The person named as apprenticeship master or tutor. `years_of_related_experience`
    counts professional activity related to the qualification prepared, internships and
    training periods excluded (R. 6223-22, last paragraph). `is_employer`: the employer tutors
    in person (D. 6325-9)."""

    diplomas: tuple[Diploma, ...]
    years_of_related_experience: Decimal
    is_employer: bool = False


@dataclass(frozen=True, slots=True)
class CurrentLearner:
    """A learner the person already supervises on the date, besides the one of the contract."""

    kind: str  # one of LEARNER_KINDS
    extended_after_failed_exam: bool = False


@dataclass(frozen=True, slots=True)
class Violation:
    rule: str
    article: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "article": self.article, "message": self.message}


@dataclass(frozen=True, slots=True)
class MasterCheck:
    """Whether the person may be named for the contract, what breaks the law, and why."""

    eligible: bool
    violations: tuple[Violation, ...]
    explanation: tuple[Step, ...]


def _article(value: DatedValue) -> str:
    """The article of a parameter's source, without the decree that last wrote it."""
    return value.source.split(" (", 1)[0]


def _at(name: str, on: date) -> DatedValue:
    try:
        return parameter(f"masters/{name}").at(on)
    except LookupError:
        raise InputError(
            f"champ « on » : aucune règle sur les maîtres d'apprentissage et tuteurs n'est "
            f"encodée au {on:%d/%m/%Y} (règles en vigueur depuis le 01/01/2019)"
        ) from None


def _check_contract_type(contract_type: str) -> None:
    if contract_type not in CONTRACT_TYPES:
        raise InputError(
            f"champ « contract_type » : type de contrat « {contract_type} » inconnu "
            f"(attendu : {', '.join(CONTRACT_TYPES)})"
        )


def _check_level(field: str, level: int) -> None:
    if isinstance(level, bool) or not isinstance(level, int) or level not in LEVELS:
        raise InputError(f"{field} : niveau de 1 à 8 attendu (cadre national des certifications)")


def _validate_master(master: Master) -> None:
    for index, diploma in enumerate(master.diplomas):
        _check_level(f"master · diplomas[{index}] : champ « level »", diploma.level)
    years = master.years_of_related_experience
    if years < 0 or years > MAXIMUM_YEARS:
        raise InputError(
            f"master : champ « years_of_related_experience » : nombre d'années de 0 à "
            f"{MAXIMUM_YEARS} attendu, reçu {years}"
        )


def _validate_learners(current_learners: tuple[CurrentLearner, ...]) -> None:
    for index, learner in enumerate(current_learners):
        where = f"current_learners[{index}]"
        if learner.kind not in LEARNER_KINDS:
            raise InputError(
                f"{where} : champ « kind » : « {learner.kind} » inconnu "
                f"(attendu : {', '.join(LEARNER_KINDS)})"
            )
        if learner.extended_after_failed_exam and learner.kind != "apprentice":
            raise InputError(
                f"{where} : champ « extended_after_failed_exam » : seule la formation d'un "
                "apprenti est prolongée après un échec à l'examen (L. 6222-11)"
            )


def _years(value: Decimal) -> Message:
    return _("%(years)s ans", years=value) if value >= 2 else _("%(years)s an", years=value)


def _verdict(text: Message, met: bool, failed: Message) -> Message:
    """A condition's sentence ended by its verdict: « … : conforme. »"""
    return _(
        "%(condition)s : %(verdict)s.", condition=text, verdict=_("conforme") if met else failed
    )


def check_qualification(
    *, contract_type: str, on: date, master: Master, target_level: int
) -> MasterCheck:
    """The professional competence of the master (R. 6223-22) or the tutor's experience
    (D. 6325-6), for a contract starting on `on` towards a diploma of `target_level`."""
    _check_contract_type(contract_type)
    _check_level("champ « target_level »", target_level)
    _validate_master(master)
    explanation = Explanation()
    years = master.years_of_related_experience
    if contract_type == "professionalisation":
        required = parameter("masters/tutor_experience_years").at(on)
        allowed = years >= required.value
        message = _verdict(
            _(
                "Tuteur : %(years)s d'expérience dans une qualification en rapport avec "
                "l'objectif visé, %(required)s au moins exigés",
                years=_years(years),
                required=_years(required.value),
            ),
            allowed,
            _("condition non remplie"),
        )
        explanation.add(TUTOR_EXPERIENCE, required.source, message, years=years)
        violations = () if allowed else (Violation(TUTOR_EXPERIENCE, _article(required), message),)
        return MasterCheck(allowed, violations, explanation.freeze())

    rule = _at("master_qualification", on)
    with_diploma = rule.value["with_diploma_years"]
    without_diploma = rule.value["without_diploma_years"]
    related = [d for d in master.diplomas if d.field_related and d.level >= target_level]
    if related:
        best = max(d.level for d in related)
        diploma_text = _(
            "un diplôme du domaine professionnel du diplôme préparé, de niveau %(level)s "
            "≥ %(target)s",
            level=best,
            target=target_level,
        )
    elif any(d.field_related for d in master.diplomas):
        best = max(d.level for d in master.diplomas if d.field_related)
        diploma_text = _(
            "un diplôme du domaine professionnel, mais de niveau %(level)s < %(target)s : "
            "il ne compte pas",
            level=best,
            target=target_level,
        )
    else:
        diploma_text = _("aucun diplôme du domaine professionnel du diplôme préparé")
    explanation.add(
        "master_diploma",
        rule.source,
        _("Diplômes du maître d'apprentissage : %(diplomas)s.", diplomas=diploma_text),
        target_level=target_level,
    )
    if related and years >= with_diploma:
        allowed, how = (
            True,
            _(
                "1° diplôme du domaine d'un niveau au moins équivalent et %(years)s d'activité "
                "en rapport (≥ %(required)s) : conforme.",
                years=_years(years),
                required=_years(Decimal(with_diploma)),
            ),
        )
    elif years >= without_diploma:
        allowed, how = (
            True,
            _(
                "2° %(years)s d'activité professionnelle en rapport avec la qualification "
                "préparée (≥ %(required)s) : conforme.",
                years=_years(years),
                required=_years(Decimal(without_diploma)),
            ),
        )
    else:
        allowed = False
        route = (
            _(
                "il faut %(required)s d'activité en rapport avec ce diplôme",
                required=_years(Decimal(with_diploma)),
            )
            if related
            else _(
                "sans diplôme du domaine de niveau %(level)s au moins, il faut %(required)s "
                "d'activité en rapport",
                level=target_level,
                required=_years(Decimal(without_diploma)),
            )
        )
        how = _(
            "Compétence professionnelle non établie : %(years)s d'activité en rapport avec la "
            "qualification préparée ; %(route)s (stages et formation non comptés).",
            years=_years(years),
            route=route,
        )
    explanation.add(QUALIFICATION, rule.source, how, years=years)
    violations = () if allowed else (Violation(QUALIFICATION, _article(rule), how),)
    return MasterCheck(allowed, violations, explanation.freeze())


def check_load(
    *,
    contract_type: str,
    on: date,
    current_learners: tuple[CurrentLearner, ...],
    is_employer: bool = False,
) -> MasterCheck:
    """Whether the person may take one more learner under `contract_type` on `on`, besides
    `current_learners`: two apprentices per master plus one extended after a failed exam
    (R. 6223-6); three beneficiaries per employee tutor, two for the employer (D. 6325-9)."""
    _check_contract_type(contract_type)
    _validate_learners(current_learners)
    explanation = Explanation()
    violations: list[Violation] = []
    apprentices = [c for c in current_learners if c.kind == "apprentice"]
    extended = sum(1 for c in apprentices if c.extended_after_failed_exam)
    professionalisation = sum(1 for c in current_learners if c.kind == "professionalisation")
    interns = sum(1 for c in current_learners if c.kind == "intern")

    if contract_type == "apprenticeship":
        rule = _at("apprentices_per_master", on)
        per_master = rule.value["per_master"]
        extra = min(rule.value["extra_extended_after_failed_exam"], extended)
        total = len(apprentices) + 1
        limit = per_master + extra
        allowed = total <= limit
        count = _(
            "%(total)s apprenti(s) simultanément avec ce contrat (%(current)s déjà "
            "accueilli(s), dont %(extended)s prolongé(s) après un échec à l'examen) pour "
            "%(per_master)s par maître d'apprentissage",
            total=total,
            current=len(apprentices),
            extended=extended,
            per_master=per_master,
        )
        if extra:
            count = _("%(count)s, plus %(extra)s prolongé après un échec", count=count, extra=extra)
        message = _verdict(count, allowed, _("limite dépassée"))
        explanation.add(APPRENTICES_PER_MASTER, rule.source, message, total=total, limit=limit)
        if not allowed:
            violations.append(Violation(APPRENTICES_PER_MASTER, _article(rule), message))

    if contract_type == "professionalisation" or professionalisation:
        load = parameter("masters/tutor_load").at(on)
        limit = load.value["employer_tutor" if is_employer else "employee_tutor"]
        total = len(apprentices) + professionalisation + 1
        allowed = total <= limit
        who = _("l'employeur tuteur") if is_employer else _("un tuteur salarié")
        message = _verdict(
            _(
                "%(total)s bénéficiaire(s) de contrats de professionnalisation ou d'apprentissage "
                "suivis simultanément avec ce contrat, pour %(limit)s au plus par %(who)s",
                total=total,
                limit=limit,
                who=who,
            ),
            allowed,
            _("limite dépassée"),
        )
        explanation.add(TUTOR_LOAD, load.source, message, total=total, limit=limit)
        if not allowed:
            violations.append(Violation(TUTOR_LOAD, _article(load), message))
    elif contract_type == "apprenticeship":
        explanation.add(
            TUTOR_LOAD,
            parameter("masters/tutor_load").at(on).source,
            _(
                "Aucun salarié en contrat de professionnalisation suivi : la limite des tuteurs "
                "ne s'applique pas."
            ),
        )
    if interns:
        explanation.add(
            "interns",
            "Code de l'éducation, R. 124-13",
            _(
                "%(interns)s stagiaire(s) suivi(s) : non comptés ici (les stagiaires ont leur "
                "propre limite, trois par tuteur).",
                interns=interns,
            ),
        )
    return MasterCheck(not violations, tuple(violations), explanation.freeze())


def check_master(
    *,
    contract_type: str,
    on: date,
    master: Master,
    target_level: int,
    current_learners: tuple[CurrentLearner, ...],
) -> MasterCheck:
    """Every condition on the person a contract of `contract_type` starting on `on` names as
    apprenticeship master or tutor: qualification, then load (see the module)."""
    qualification = check_qualification(
        contract_type=contract_type, on=on, master=master, target_level=target_level
    )
    load = check_load(
        contract_type=contract_type,
        on=on,
        current_learners=current_learners,
        is_employer=master.is_employer,
    )
    violations = qualification.violations + load.violations
    return MasterCheck(not violations, violations, qualification.explanation + load.explanation)
