"""Conformity control of the E4 and E6 exam dossiers (annexe II d, 4.1; annexe III b).

`check_dossier` decides whether a dossier is `invalid` (an NV cause of the conformity control
applies: the candidate cannot be examined), `penalised` (only composition irregularities, which
the assessment grid penalises) or `conforming`. The dossier's content and the wordings are data
(`data/frameworks/bts_ndrc_2018/dossiers.yaml`); the practice the candidate's category requires
comes from `ndrc.regulation.internships.required_practice`. The algorithm is described in
`docs/conformity.md`.
"""

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from ndrc.regulation.errors import InputError
from ndrc.regulation.explanation import Explanation, Message, Step, _, comma_list
from ndrc.regulation.framework import CURRENT_FRAMEWORK, FRAMEWORKS_DIR, read_yaml
from ndrc.regulation.internships import RequiredPractice, required_practice

CONFORMING, PENALISED, INVALID = "conforming", "penalised", "invalid"
EFFECT_INVALID, EFFECT_PENALTY = "invalid", "penalty"

_DOSSIER_FIELDS = frozenset(
    {
        "id",
        "exam",
        "candidate_category",
        "deadline",
        "deposited_on",
        "internship_reduced_to_weeks",
        "certificates",
        "sheets",
        "reflective_study_pages",
        "professional_dossier_pages",
        "signed",
    }
)
_CERTIFICATE_FIELDS = {
    "internship": frozenset({"kind", "signed", "weeks"}),
    "apprenticeship_contract": frozenset({"kind", "signed"}),
    "employment": frozenset({"kind", "signed", "months_full_time", "months_part_time"}),
}
_SHEET_FIELDS = frozenset({"nature", "complete", "real_network_experience", "covers_activity_area"})
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class Certificate:
    """A document attesting the candidate's practice: internship certificate, copy of the
    apprenticeship contract, or certificate of employment (weeks and months as declared on it)."""

    kind: str  # internship | apprenticeship_contract | employment
    signed: bool
    weeks: Decimal = ZERO
    months_full_time: Decimal = ZERO
    months_part_time: Decimal = ZERO


@dataclass(frozen=True, slots=True)
class Sheet:
    """An activity sheet (fiche descriptive d'activité professionnelle) of the dossier."""

    nature: str  # E4: negotiation | event; E6: distributors | partners | direct_sales
    complete: bool  # every heading of the national model filled in
    real_network_experience: bool = False  # E6: a real experience lived inside a network
    covers_activity_area: bool = True  # covers the activities of the exam's pôle (P1 or P3)


@dataclass(frozen=True, slots=True)
class Dossier:
    """An exam dossier (dossier support d'épreuve) of E4 or E6, as filed by a candidate."""

    exam: str
    candidate_category: str
    deadline: date
    deposited_on: date | None  # None: not filed
    certificates: tuple[Certificate, ...]
    sheets: tuple[Sheet, ...]
    signed: bool
    internship_reduced_to_weeks: int | None = None
    reflective_study_pages: Decimal | None = None  # E6, recto-verso pages; None: missing
    professional_dossier_pages: Decimal | None = None  # E6, candidates on experience only


@dataclass(frozen=True, slots=True)
class Finding:
    """One NV cause (`effect` invalid) or composition irregularity (`effect` penalty)."""

    code: str
    effect: str
    text: str
    source: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "effect": self.effect, "text": self.text, "source": self.source}


@dataclass(frozen=True, slots=True)
class ConformityResult:
    status: str  # conforming | penalised | invalid
    findings: tuple[Finding, ...]
    explanation: tuple[Step, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "findings": [finding.as_dict() for finding in self.findings],
            "explanation": [step.as_dict() for step in self.explanation],
        }


@cache
def dossier_rules() -> dict[str, Any]:
    """The E4/E6 dossier rules of the current framework (`dossiers.yaml`), read once."""
    return read_yaml(FRAMEWORKS_DIR / CURRENT_FRAMEWORK / "dossiers.yaml")


# --- Checking ---------------------------------------------------------------------------------


class _Findings:
    """Collects the findings of one dossier, worded from the data of its exam."""

    def __init__(self, exam: str) -> None:
        self.rules = dossier_rules()
        self.exam = self.rules["exams"][exam]
        self.items: list[Finding] = []

    def invalid(self, code: str, **values: Any) -> None:
        cause = self.rules["invalidity_causes"][code]
        self._add(code, EFFECT_INVALID, cause, self.exam["conformity_source"], values)

    def penalty(self, code: str, **values: Any) -> None:
        entry = self.exam["penalties"][code]
        source = entry.get("source", self.exam["conformity_source"])
        self._add(code, EFFECT_PENALTY, entry, source, values)

    def _add(self, code: str, effect: str, entry: dict, source: str, values: dict) -> None:
        # The wordings of the data are French templates, translated like the module's own
        # (`test_every_wording_of_the_dossier_rules_is_translated`).
        text = Message(entry["text"])
        if entry.get("detail"):
            detail = Message(entry["detail"], **values)
            text = _("%(finding)s (%(detail)s)", finding=text, detail=detail)
        self.items.append(Finding(code, effect, text, source))


def check_dossier(dossier: Dossier) -> ConformityResult:
    """Run the conformity control of an E4 or E6 dossier (annexe II d, 4.1; annexe III b).

    Every check runs, so that the findings list all that the dossier lacks: the NV causes
    (not filed, filed after the deadline, practice shorter than the category requires, no
    certificate, a document not signed) and the composition irregularities penalised in the grid.
    The status is `invalid` when any NV cause applies, else `penalised` when any irregularity
    does, else `conforming`. Raises `InputError` on a category or reduction the internship rules
    refuse, or on an exam without a dossier (`parse_dossier` already rejects them).
    """
    if dossier.exam not in dossier_rules()["exams"]:
        raise InputError(f"épreuve à dossier inconnue : « {dossier.exam} » (attendu : E4 ou E6)")
    findings = _Findings(dossier.exam)
    explanation = Explanation()
    exam = findings.exam
    # The natures are the arrêté's names of the sheets (like the exams' titles): kept French.
    natures = comma_list(list(exam["sheets"]["natures"].values()))
    study = exam["reflective_study"]
    values = {"exam": dossier.exam, "count": exam["sheets"]["count"], "natures": natures}
    explanation.add(
        "dossier_content",
        exam["source"],
        _(
            "Le dossier de l'épreuve %(exam)s comprend %(count)s fiches descriptives de nature "
            "différente (%(natures)s), une étude réflexive réseau d'au plus %(max_pages)s "
            "%(unit)s, et les attestations de stage ou certificats de travail.",
            max_pages=study["max_pages"],
            unit=Message(study["unit"]),
            **values,
        )
        if study
        else _(
            "Le dossier de l'épreuve %(exam)s comprend %(count)s fiches descriptives de nature "
            "différente (%(natures)s), et les attestations de stage ou certificats de travail.",
            **values,
        ),
        sheets=exam["sheets"]["count"],
    )
    _check_deposit(dossier, findings, explanation)
    _check_practice(dossier, findings, explanation)
    _check_signatures(dossier, findings, explanation)
    if not _professional_dossier_replaces_sheets(dossier, findings, explanation):
        _check_sheets(dossier, findings, explanation)
    if exam["reflective_study"] is not None:
        _check_reflective_study(dossier, findings, explanation)

    effects = {finding.effect for finding in findings.items}
    count = len(findings.items)
    if EFFECT_INVALID in effects:
        status = INVALID
        text = _(
            "Dossier non conforme : mention NV (non valide) portée à l'épreuve "
            "(%(count)s constat(s)).",
            count=count,
        )
    elif EFFECT_PENALTY in effects:
        status = PENALISED
        text = _(
            "Dossier conforme, insuffisances pénalisées dans la grille (%(count)s constat(s)).",
            count=count,
        )
    else:
        status, text = CONFORMING, _("Dossier conforme (%(count)s constat(s)).", count=count)
    explanation.add("status", exam["conformity_source"], text, status=status)
    return ConformityResult(status, tuple(findings.items), explanation.freeze())


def _check_deposit(dossier: Dossier, findings: _Findings, explanation: Explanation) -> None:
    source = findings.exam["conformity_source"]
    deadline, deposited = dossier.deadline, dossier.deposited_on
    if deposited is None:
        findings.invalid("not_filed")
        text = _("Dossier non déposé (date limite le %(deadline)s) : NV.", deadline=deadline)
    elif deposited > deadline:
        findings.invalid("filed_late", deposited_on=deposited, deadline=deadline)
        text = _(
            "Dossier déposé le %(deposited)s, après la date limite du %(deadline)s : NV.",
            deposited=deposited,
            deadline=deadline,
        )
    else:
        text = _(
            "Dossier déposé le %(deposited)s, au plus tard le %(deadline)s : dans les délais.",
            deposited=deposited,
            deadline=deadline,
        )
    explanation.add(
        "deposit", source, text, deadline=dossier.deadline, deposited_on=dossier.deposited_on
    )


def _check_practice(dossier: Dossier, findings: _Findings, explanation: Explanation) -> None:
    required = required_practice(
        dossier.candidate_category, reduced_to_weeks=dossier.internship_reduced_to_weeks
    )
    explanation.steps.extend(required.explanation)
    rules = findings.rules
    source = findings.exam["conformity_source"]
    if required.proof == "none":
        explanation.add(
            "practice", source, _("Aucune pièce de stage ni durée n'est exigée pour ce candidat.")
        )
        return
    proof_label = Message(rules["proofs"][required.proof])
    proofs = [
        c for c in dossier.certificates if rules["certificate_kinds"][c.kind] == required.proof
    ]
    # A certificate attesting no time at all proves no practice (docs/conformity.md).
    if not any(_attests_time(c) for c in proofs):
        findings.invalid("no_certificate", proof=proof_label)
        explanation.add(
            "proof",
            source,
            _("Pièce exigée : %(proof)s ; aucune n'atteste une durée : NV.", proof=proof_label),
            proof=required.proof,
        )
    else:
        explanation.add(
            "proof",
            source,
            _(
                "Pièce exigée : %(proof)s ; %(count)s fournie(s).",
                proof=proof_label,
                count=len(proofs),
            ),
            proof=required.proof,
            count=len(proofs),
        )
    if required.minimum_weeks is not None:
        _check_weeks(required, proofs, findings, explanation, source)
    if required.full_time_months is not None or required.part_time_months is not None:
        _check_months(required, proofs, findings, explanation, source)


def _attests_time(certificate: Certificate) -> bool:
    if certificate.kind == "apprenticeship_contract":
        return True
    return (certificate.weeks + certificate.months_full_time + certificate.months_part_time) > 0


def _check_weeks(
    required: RequiredPractice,
    proofs: list[Certificate],
    findings: _Findings,
    explanation: Explanation,
    source: str,
) -> None:
    # The required duration is a total over the training: the certificates are summed.
    weeks = [c.weeks for c in proofs]
    total = sum(weeks, ZERO)
    minimum = required.minimum_weeks
    # The sum, its numbers written in the reader's language (a formula: nothing to translate).
    terms = {f"weeks_{number}": w for number, w in enumerate(weeks)}
    formula = " + ".join(f"%({name})s" for name in terms) or "0"
    if len(weeks) > 1:
        formula, terms["total"] = f"{formula} = %(total)s", total
    computation = Message(formula, **terms)
    if total < minimum:
        findings.invalid(
            "practice_too_short",
            found=_("%(weeks)s semaine(s) de stage", weeks=total),
            required=_("%(weeks)s semaines", weeks=minimum),
        )
        text = _(
            "Durée de stage attestée : %(computation)s semaine(s) < %(minimum)s semaines "
            "requises : NV.",
            computation=computation,
            minimum=minimum,
        )
    else:
        text = _(
            "Durée de stage attestée : %(computation)s semaine(s) ≥ %(minimum)s semaines requises.",
            computation=computation,
            minimum=minimum,
        )
    explanation.add(
        "practice_duration",
        source,
        text,
        weeks=total,
        minimum_weeks=minimum,
    )


def _check_months(
    required: RequiredPractice,
    proofs: list[Certificate],
    findings: _Findings,
    explanation: Explanation,
    source: str,
) -> None:
    # Full-time months count for the full-time alternative, and also for the part-time one:
    # a full-time job is at least a part-time one (docs/conformity.md).
    full_time = sum((c.months_full_time for c in proofs), ZERO)
    at_least_part_time = full_time + sum((c.months_part_time for c in proofs), ZERO)
    alternatives = []
    met = False
    if required.full_time_months is not None:
        alternatives.append(_("%(months)s mois à temps plein", months=required.full_time_months))
        met = met or full_time >= required.full_time_months
    if required.part_time_months is not None:
        alternatives.append(_("%(months)s mois à temps partiel", months=required.part_time_months))
        met = met or at_least_part_time >= required.part_time_months
    found = _(
        "%(full_time)s mois à temps plein, %(part_time)s mois à temps plein ou partiel",
        full_time=full_time,
        part_time=at_least_part_time,
    )
    wanted = alternatives[0]
    for alternative in alternatives[1:]:
        wanted = _("%(first)s ou %(next)s", first=wanted, next=alternative)
    if not met:
        findings.invalid("practice_too_short", found=found, required=wanted)
    explanation.add(
        "practice_duration",
        source,
        _(
            "Expérience attestée : %(found)s ; requis : %(required)s : atteint.",
            found=found,
            required=wanted,
        )
        if met
        else _(
            "Expérience attestée : %(found)s ; requis : %(required)s : non atteint, NV.",
            found=found,
            required=wanted,
        ),
        months_full_time=full_time,
        months_at_least_part_time=at_least_part_time,
        full_time_months=required.full_time_months,
        part_time_months=required.part_time_months,
    )


def _check_signatures(dossier: Dossier, findings: _Findings, explanation: Explanation) -> None:
    proofs = findings.rules["proofs"]
    kinds = findings.rules["certificate_kinds"]
    unsigned = 0
    for number, certificate in enumerate(dossier.certificates, start=1):
        if not certificate.signed:
            unsigned += 1
            document = Message(proofs[kinds[certificate.kind]])
            findings.invalid("certificate_unsigned", number=number, document=document)
    if not dossier.signed:
        unsigned += 1
        findings.invalid("dossier_unsigned")
    explanation.add(
        "signatures",
        findings.exam["conformity_source"],
        (
            _(
                "Pièces non signées : %(unsigned)s sur %(count)s (dossier et attestations) : NV.",
                unsigned=unsigned,
                count=len(dossier.certificates) + 1,
            )
            if unsigned
            else _(
                "Pièces non signées : %(unsigned)s sur %(count)s (dossier et attestations).",
                unsigned=unsigned,
                count=len(dossier.certificates) + 1,
            )
        ),
        unsigned=unsigned,
    )


def _professional_dossier_replaces_sheets(
    dossier: Dossier, findings: _Findings, explanation: Explanation
) -> bool:
    option = findings.exam["professional_dossier"]
    if option is None or dossier.professional_dossier_pages is None:
        return False
    source = findings.exam["source"]
    if dossier.candidate_category not in option["categories"]:
        explanation.add(
            "professional_dossier",
            source,
            _(
                "Le dossier professionnel ne remplace les fiches que pour un candidat qui se "
                "présente au titre de son expérience professionnelle : les fiches sont contrôlées."
            ),
            category=dossier.candidate_category,
        )
        return False
    pages, max_pages = dossier.professional_dossier_pages, option["max_pages"]
    if pages > max_pages:
        findings.penalty("professional_dossier_too_long", pages=pages, max_pages=max_pages)
    explanation.add(
        "professional_dossier",
        source,
        _(
            "Dossier professionnel à la place des fiches : %(pages)s pages, une dizaine au "
            "maximum, lue comme %(max_pages)s au plus : dépassé.",
            pages=pages,
            max_pages=max_pages,
        )
        if pages > max_pages
        else _(
            "Dossier professionnel à la place des fiches : %(pages)s pages, une dizaine au "
            "maximum, lue comme %(max_pages)s au plus.",
            pages=pages,
            max_pages=max_pages,
        ),
        pages=pages,
        max_pages=max_pages,
    )
    return True


def _check_sheets(dossier: Dossier, findings: _Findings, explanation: Explanation) -> None:
    rules = findings.exam["sheets"]
    source = findings.exam["conformity_source"]
    required, count = rules["count"], len(dossier.sheets)
    if count < required:
        findings.penalty("sheets_missing", count=count, required=required)
    counts = Counter(sheet.nature for sheet in dossier.sheets)
    for nature, same in counts.items():
        if same > 1:
            findings.penalty("sheets_same_nature", count=same, nature=rules["natures"][nature])
    for number, sheet in enumerate(dossier.sheets, start=1):
        if not sheet.covers_activity_area:
            findings.penalty("sheet_outside_activity_area", number=number)
    for number, sheet in enumerate(dossier.sheets, start=1):
        if not sheet.complete:
            findings.penalty("sheet_incomplete", number=number)
    listed = (
        # Each nature by its name in the arrêté (`natures`), not its code.
        comma_list(
            [f"{rules['natures'].get(nature, nature)} × {same}" for nature, same in counts.items()]
        )
        if counts
        else _("aucune")
    )
    explanation.add(
        "sheets",
        source,
        _(
            "Fiches : %(count)s pour %(required)s attendues de nature différente (%(listed)s).",
            count=count,
            required=required,
            listed=listed,
        ),
        count=count,
        required=required,
    )
    minimum = rules["real_network_experience_minimum"]
    if minimum and dossier.sheets:
        real = sum(1 for sheet in dossier.sheets if sheet.real_network_experience)
        if real < minimum:
            findings.penalty("no_real_network_experience")
        explanation.add(
            "real_network_experience",
            findings.exam["source"],
            _(
                "Fiches relatant une expérience réelle vécue au sein d'un réseau : %(real)s, au "
                "moins %(minimum)s attendue(s).",
                real=real,
                minimum=minimum,
            ),
            real=real,
            minimum=minimum,
        )


def _check_reflective_study(
    dossier: Dossier, findings: _Findings, explanation: Explanation
) -> None:
    max_pages = findings.exam["reflective_study"]["max_pages"]
    pages = dossier.reflective_study_pages
    if pages is None:
        findings.penalty("reflective_study_missing")
        text = _("Étude réflexive réseau absente.")
    elif pages > max_pages:
        findings.penalty("reflective_study_too_long", pages=pages, max_pages=max_pages)
        text = _(
            "Étude réflexive réseau de %(pages)s pages recto-verso > %(max_pages)s.",
            pages=pages,
            max_pages=max_pages,
        )
    else:
        text = _(
            "Étude réflexive réseau de %(pages)s pages recto-verso ≤ %(max_pages)s.",
            pages=pages,
            max_pages=max_pages,
        )
    explanation.add(
        "reflective_study",
        findings.exam["conformity_source"],
        text,
        pages=pages,
        max_pages=max_pages,
    )


# --- Parsing ----------------------------------------------------------------------------------


class _Where:
    """Names the record and the field in the French error messages."""

    def __init__(self, record: Mapping, index: int | None) -> None:
        identifier = record.get("id")
        if isinstance(identifier, str) and identifier:
            self.prefix = f"dossier « {identifier} », "
        elif index is not None:
            self.prefix = f"dossier n° {index + 1}, "
        else:
            self.prefix = ""

    def error(self, field: str, problem: str) -> InputError:
        return InputError(f"{self.prefix}champ « {field} » : {problem}")


def parse_dossier(record: Mapping, *, index: int | None = None) -> Dossier:
    """Build a `Dossier` from a JSON-like record (the `ndrc check-dossier` input).

    `index` is the record's 0-based position in an array; messages print it from 1. Raises
    `InputError` naming the record and the field on an unknown or missing field, a wrong type,
    an unknown exam, category or sheet nature, or an internship reduction the rules refuse.
    """
    if not isinstance(record, Mapping):
        where = f"dossier n° {index + 1} : " if index is not None else ""
        raise InputError(f"{where}un dossier doit être un objet JSON")
    at = _Where(record, index)
    for name in record:
        if name not in _DOSSIER_FIELDS:
            raise at.error(str(name), "champ inconnu")
    if "id" in record and not (isinstance(record["id"], str) and record["id"]):
        raise at.error("id", "texte non vide attendu")
    rules = dossier_rules()
    exam = _required(record, "exam", at)
    if not isinstance(exam, str) or exam not in rules["exams"]:
        raise at.error("exam", f"« {exam} » : épreuve à dossier inconnue (attendu : E4 ou E6)")
    category = _required(record, "candidate_category", at)
    if not isinstance(category, str):
        raise at.error("candidate_category", "texte attendu")
    reduced = record.get("internship_reduced_to_weeks")
    if reduced is not None and (isinstance(reduced, bool) or not _is_integer(reduced)):
        raise at.error("internship_reduced_to_weeks", "nombre entier de semaines attendu")
    reduced = None if reduced is None else int(reduced)
    _validate_practice(category, reduced, at)

    deadline = _date(_required(record, "deadline", at), "deadline", at)
    deposited = _required(record, "deposited_on", at)
    deposited = None if deposited is None else _date(deposited, "deposited_on", at)
    certificates = _list(_required(record, "certificates", at), "certificates", at)
    sheets = _list(_required(record, "sheets", at), "sheets", at)
    exam_rules = rules["exams"][exam]
    reflective = _pages(record, "reflective_study_pages", exam_rules["reflective_study"], at)
    professional = _pages(
        record, "professional_dossier_pages", exam_rules["professional_dossier"], at
    )
    return Dossier(
        exam=exam,
        candidate_category=category,
        deadline=deadline,
        deposited_on=deposited,
        certificates=tuple(
            _certificate(item, f"certificates[{i}]", at) for i, item in enumerate(certificates)
        ),
        sheets=tuple(
            _sheet(item, f"sheets[{i}]", exam, exam_rules, at) for i, item in enumerate(sheets)
        ),
        signed=_bool(_required(record, "signed", at), "signed", at),
        internship_reduced_to_weeks=reduced,
        reflective_study_pages=reflective,
        professional_dossier_pages=professional,
    )


def _validate_practice(category: str, reduced: int | None, at: _Where) -> None:
    # The internship rules know the categories and the allowed reductions: ask them, and name
    # the field they refuse.
    try:
        required_practice(category)
    except InputError as error:
        raise at.error("candidate_category", str(error)) from error
    if reduced is not None:
        try:
            required_practice(category, reduced_to_weeks=reduced)
        except InputError as error:
            problem = str(error).removeprefix("reduced_to_weeks : ")
            raise at.error("internship_reduced_to_weeks", problem) from error


def _required(record: Mapping, field: str, at: _Where) -> Any:
    if field not in record:
        raise at.error(field, "champ obligatoire manquant")
    return record[field]


def _bool(value: Any, field: str, at: _Where) -> bool:
    if not isinstance(value, bool):
        raise at.error(field, "true ou false attendu")
    return value


def _date(value: Any, field: str, at: _Where) -> date:
    # Python callers (the application) may pass dates; JSON gives ISO text.
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise at.error(field, f"date AAAA-MM-JJ attendue, reçu {value!r}")


def _list(value: Any, field: str, at: _Where) -> list:
    if not isinstance(value, list | tuple):
        raise at.error(field, "tableau attendu")
    return list(value)


def _is_integer(value: Any) -> bool:
    return isinstance(value, int) or (isinstance(value, Decimal) and value == value.to_integral())


def _decimal(value: Any, field: str, at: _Where) -> Decimal:
    """A non-negative number; floats (from YAML) go through their shortest text, never binary."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise at.error(field, "nombre attendu")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise at.error(field, f"nombre attendu, reçu {value!r}") from None
    if not number.is_finite() or number < 0:
        raise at.error(field, f"nombre positif ou nul attendu, reçu {value!r}")
    return number


def _pages(record: Mapping, field: str, rule: dict | None, at: _Where) -> Decimal | None:
    value = record.get(field)
    if value is None:
        return None
    if rule is None:
        raise at.error(field, f"sans objet pour l'épreuve {record['exam']}, null attendu")
    pages = _decimal(value, field, at)
    # Zero pages is no document at all (docs/conformity.md).
    return pages if pages > 0 else None


def _certificate(item: Any, field: str, at: _Where) -> Certificate:
    if not isinstance(item, Mapping):
        raise at.error(field, "objet attendu")
    kind = _required(item, "kind", _Nested(at, field))
    if not isinstance(kind, str) or kind not in _CERTIFICATE_FIELDS:
        known = ", ".join(_CERTIFICATE_FIELDS)
        raise at.error(f"{field}.kind", f"« {kind} » : nature inconnue (attendu : {known})")
    for name in item:
        if name not in _CERTIFICATE_FIELDS[kind]:
            raise at.error(f"{field}.{name}", f"champ inconnu pour une pièce « {kind} »")
    signed = _bool(_required(item, "signed", _Nested(at, field)), f"{field}.signed", at)
    if kind == "internship":
        weeks = _decimal(_required(item, "weeks", _Nested(at, field)), f"{field}.weeks", at)
        return Certificate(kind, signed, weeks=weeks)
    if kind == "employment":
        months = {
            name: _decimal(item.get(name, 0), f"{field}.{name}", at)
            for name in ("months_full_time", "months_part_time")
        }
        return Certificate(kind, signed, **months)
    return Certificate(kind, signed)


def _sheet(item: Any, field: str, exam: str, exam_rules: dict, at: _Where) -> Sheet:
    if not isinstance(item, Mapping):
        raise at.error(field, "objet attendu")
    nested = _Nested(at, field)
    for name in item:
        if name not in _SHEET_FIELDS:
            raise at.error(f"{field}.{name}", "champ inconnu")
    nature = _required(item, "nature", nested)
    natures = exam_rules["sheets"]["natures"]
    if not isinstance(nature, str) or nature not in natures:
        raise at.error(
            f"{field}.nature",
            f"« {nature} » : nature inconnue pour {exam} (attendu : {', '.join(natures)})",
        )
    complete = _bool(_required(item, "complete", nested), f"{field}.complete", at)
    if exam_rules["sheets"]["real_network_experience_minimum"]:
        real = _bool(
            _required(item, "real_network_experience", nested),
            f"{field}.real_network_experience",
            at,
        )
    else:
        real = _bool(
            item.get("real_network_experience", False), f"{field}.real_network_experience", at
        )
    covers = _bool(item.get("covers_activity_area", True), f"{field}.covers_activity_area", at)
    return Sheet(nature, complete, real_network_experience=real, covers_activity_area=covers)


class _Nested(_Where):
    """The same record, for a field inside one of its lists (`sheets[1].nature`)."""

    def __init__(self, parent: _Where, path: str) -> None:
        self.prefix = parent.prefix
        self.path = path

    def error(self, field: str, problem: str) -> InputError:
        return super().error(f"{self.path}.{field}", problem)
