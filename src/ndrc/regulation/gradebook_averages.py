"""Marks and averages of the teaching year, and a learner's level on the compétences. Pure, exact.

- `teaching_modules`: the modules of the hours grid (annexe III a) with the unit each prepares.
- `parse_mark`: a mark typed or pasted in a gradebook (a number on the assessment's scale, « abs »
  for an absent learner, « disp » for an exempt one).
- `module_average`: a learner's average in a gradebook over a period, weighted by the
  assessments' weights, each mark brought to 20; absent and exempt learners' assessments are left
  out (neither a zero nor a weight).
- `combined_average`: averages weighed by coefficients (a bulletin's general average, a unit of
  the livret scolaire gathering several modules).
- `class_statistics`: the class's minimum, maximum and average of learners' averages.
- `competence_level`, `block_level`: a learner's level on a compétence, from marks tagged with
  it, CCF grids and validated activity sheets, on the 4-level scale of the CCF grids.

Arithmetic is exact (`Fraction`); an average is rounded once, when shown, by the parameter
`gradebook/average_rounding`; an average built from others starts from their exact values. The
texts fix none of this: every choice is ndrc's, stated in docs/gradebook.md with its reasons.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import cache, cached_property

from ndrc.regulation.errors import FrameworkDataError, InputError
from ndrc.regulation.explanation import Explanation, Message, Step, _, comma_list
from ndrc.regulation.framework import (
    CURRENT_FRAMEWORK,
    FRAMEWORKS_DIR,
    load_framework,
    read_yaml,
)
from ndrc.regulation.parameters import parameter
from ndrc.regulation.rounding import french_number

MARKED, ABSENT, EXEMPT = "marked", "absent", "exempt"
DISCOVERY, PRACTICE, MASTERY = "discovery", "practice", "mastery"
SOURCE = "Choix ndrc (aucun texte ne fixe les moyennes et niveaux de la formation)"

# What a teacher types for a learner without a mark (case and a final dot ignored).
ABSENT_WORDS = frozenset({"abs", "absent", "absente"})
EXEMPT_WORDS = frozenset({"disp", "dispense", "dispensé", "dispensée", "dispensee"})


# --- Teaching modules (annexe III a) and the units they prepare (annexe II a) ------------------


@dataclass(frozen=True, slots=True)
class TeachingModule:
    code: str  # cge, lv1… (hours.yaml)
    title: str
    unit: str | None  # U1…U6, UF1; None for the atelier de professionnalisation
    default_coefficient: Decimal  # its weight in a bulletin's general average, by default
    optional: bool


@cache
def teaching_modules(framework_code: str = CURRENT_FRAMEWORK) -> tuple[TeachingModule, ...]:
    """The modules of the hours grid, in its order, each with the unit it prepares."""
    framework = load_framework(framework_code)
    where = f"{framework_code}/teaching_modules.yaml"
    data = read_yaml(FRAMEWORKS_DIR / framework_code / "teaching_modules.yaml")
    try:
        entries = {entry["code"]: entry for entry in data["modules"]}
    except (KeyError, TypeError) as error:
        raise FrameworkDataError(f"{where} : donnée manquante ou mal formée ({error})") from error
    if framework.hours is None:
        raise FrameworkDataError(f"{framework_code} : pas de grille horaire (hours.yaml)")
    rows = {row.code: row for row in framework.hours.rows}
    if set(entries) != set(rows):
        raise FrameworkDataError(
            f"{where} : les modules ({', '.join(sorted(entries))}) ne sont pas ceux de la grille "
            f"horaire ({', '.join(sorted(rows))})"
        )
    modules = []
    for code, row in rows.items():
        unit_code = entries[code].get("unit")
        unit = framework.units.get(unit_code) if unit_code else None
        if unit_code and unit is None:
            raise FrameworkDataError(f"{where}, {code} : unité « {unit_code} » inconnue")
        carries = bool(entries[code].get("carries_unit"))
        coefficient = unit.coefficient if carries and unit and unit.coefficient else Decimal(1)
        modules.append(TeachingModule(code, row.title, unit_code, coefficient, row.optional))
    return tuple(modules)


def teaching_module(code: str, framework_code: str = CURRENT_FRAMEWORK) -> TeachingModule:
    """The module of that code; InputError naming it otherwise."""
    for module in teaching_modules(framework_code):
        if module.code == code:
            return module
    raise InputError(f"champ « module » : module « {code} » inconnu de la grille horaire")


# --- Marks -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MarkEntry:
    """What a cell of the gradebook holds: a mark on the scale, or an absent or exempt learner."""

    status: str  # marked | absent | exempt
    value: Decimal | None = None


def parse_mark(raw: str, *, scale: Decimal) -> MarkEntry | None:
    """A mark as typed or pasted: `12`, `12,5`, `abs`, `disp`; None for an empty cell.

    InputError (French) when it is neither: a number outside 0–scale, or with more than two
    decimals, or a word other than those of an absent or an exempt learner.
    """
    text = " ".join(str(raw).split()).rstrip(".").lower()
    if not text:
        return None
    if text in ABSENT_WORDS:
        return MarkEntry(ABSENT)
    if text in EXEMPT_WORDS:
        return MarkEntry(EXEMPT)
    scale_text = french_number(scale)
    help_text = f"saisissez une note de 0 à {scale_text}, « abs » (absent) ou « disp » (dispensé)"
    try:
        value = Decimal(text.replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        raise InputError(f"« {raw} » n'est pas une note : {help_text}.") from None
    if not value.is_finite():
        raise InputError(f"« {raw} » n'est pas une note : {help_text}.")
    if value < 0 or value > scale:
        raise InputError(
            f"la note {french_number(value)} n'est pas comprise entre 0 et "
            f"{scale_text} (barème de l'évaluation)."
        )
    if value != value.quantize(Decimal("0.01")):
        raise InputError(f"la note {text} a plus de deux décimales.")
    return MarkEntry(MARKED, value.quantize(Decimal("0.01")))


def check_scale(scale: Decimal, *, on: date) -> None:
    """An assessment's scale: more than 0, at most `gradebook/mark_maximum_scale`."""
    maximum = parameter("gradebook/mark_maximum_scale").at(on).value
    if not scale > 0 or scale > maximum:
        raise InputError(
            f"champ « scale » : le barème {french_number(scale)} n'est pas compris entre 1 et "
            f"{french_number(maximum)}."
        )


def check_weight(weight: Decimal) -> None:
    """An assessment's weight (coefficient of the assessment in the module's average): > 0."""
    if not weight > 0:
        raise InputError(
            f"champ « weight » : le coefficient {french_number(weight)} doit être "
            "strictement positif."
        )


# --- Averages ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MarkInput:
    """One cell of a learner's row: the assessment (its label for the explanation), its scale and
    weight, and the learner's entry (None when nothing is entered yet)."""

    label: str
    scale: Decimal
    weight: Decimal
    entry: MarkEntry | None


@dataclass(frozen=True)
class Average:
    exact: Fraction | None  # None: no mark counted
    shown: Decimal | None  # rounded by `gradebook/average_rounding`
    counted: int
    left_out: int  # absent, exempt
    # The steps are written when read: a cohort's page computes thousands of averages and shows
    # few of their explanations.
    explain: Callable[[], tuple[Step, ...]] = field(repr=False, compare=False)

    @cached_property
    def explanation(self) -> tuple[Step, ...]:
        return self.explain()


def average_scale(on: date) -> Decimal:
    """Averages are on 20, as the exam's grades (`assessments/grade_maximum`)."""
    return parameter("assessments/grade_maximum").at(on).value


def rounded(value: Fraction, *, on: date) -> Decimal:
    """An exact average rounded for display by `gradebook/average_rounding` (half up)."""
    rule = parameter("gradebook/average_rounding").at(on).value
    places = int(rule["decimals"])
    if rule["mode"] != "half_up":
        raise FrameworkDataError(f"gradebook/average_rounding : mode « {rule['mode']} » inconnu")
    scaled = value * 10**places
    # Half up for non-negative values: floor(x + 1/2), exact on fractions.
    units = (scaled.numerator * 2 + scaled.denominator) // (scaled.denominator * 2)
    return Decimal(units).scaleb(-places)


def _text(value: Fraction | Decimal) -> str:
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        shown = (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.0001"))
        # An ellipsis says the decimals go on (31/3 = 10,3333…), not for 31/2 = 15,5.
        return french_number(shown) + ("" if Fraction(shown) == value else "…")
    return french_number(value)


def _hundredths(value: Decimal) -> int | None:
    """value × 100 as an integer when it has at most two decimals (marks, weights and scales as
    stored), None otherwise."""
    scaled = value * 100
    return int(scaled) if scaled == scaled.to_integral_value() else None


def module_average(marks: Sequence[MarkInput], *, on: date) -> Average:
    """Σ weight × (mark × 20 / scale) / Σ weight, over the marks entered; absent and exempt
    learners' assessments, and assessments without an entry, are left out."""
    out_of = average_scale(on)
    # Exact sums on integers (hundredths), one per scale; a fraction only per scale at the end.
    by_scale: dict[Decimal, int] = {}
    weights = 0
    other = Fraction(0)  # values with more than two decimals (not from the gradebook's forms)
    other_weights = Fraction(0)
    counted = 0
    left_out = 0
    for mark in marks:
        entry = mark.entry
        if entry is None:
            continue
        if entry.status != MARKED:
            left_out += 1
            continue
        counted += 1
        value, weight = _hundredths(entry.value), _hundredths(mark.weight)
        if value is None or weight is None:
            other += Fraction(mark.weight) * Fraction(entry.value) / Fraction(mark.scale)
            other_weights += Fraction(mark.weight)
            continue
        by_scale[mark.scale] = by_scale.get(mark.scale, 0) + weight * value
        weights += weight
    rules = (marks, out_of, on)
    if not counted:
        return Average(None, None, 0, left_out, lambda: _module_steps(*rules, None, None))
    total = other + sum(
        (Fraction(amount, 10_000) / Fraction(scale) for scale, amount in by_scale.items()),
        Fraction(0),
    )
    exact = total * Fraction(out_of) / (Fraction(weights, 100) + other_weights)
    shown = rounded(exact, on=on)
    return Average(exact, shown, counted, left_out, lambda: _module_steps(*rules, exact, shown))


def _average_text(terms: str, weights: str, exact: str, shown: Decimal) -> Message:
    """The computation of an average, in the reader's language: "(2×12 + 1×14) / 3 = …"."""
    return _(
        "(%(terms)s) / %(weights)s = %(exact)s, arrondie à %(shown)s.",
        terms=terms, weights=weights, exact=exact, shown=shown,
    )  # fmt: skip


def _module_steps(marks, out_of, on, exact, shown) -> tuple[Step, ...]:
    """The explanation of `module_average`: what was left out, and the computation."""
    terms = []
    weights = Fraction(0)
    left_out = []
    for mark in marks:
        entry = mark.entry
        if entry is None:
            continue
        if entry.status != MARKED:
            left_out.append(
                _("%(mark)s (absent)", mark=mark.label)
                if entry.status == ABSENT
                else _("%(mark)s (dispensé)", mark=mark.label)
            )
            continue
        weights += Fraction(mark.weight)
        shown_mark = _text(entry.value)
        if mark.scale != out_of:
            shown_mark = f"{shown_mark}/{_text(mark.scale)}×{_text(out_of)}"
        terms.append(f"{_text(mark.weight)}×{shown_mark}")
    steps = Explanation()
    if left_out:
        steps.add(
            "left_out",
            SOURCE,
            _("Laissées de côté (ni zéro ni coefficient) : %(marks)s.", marks=comma_list(left_out)),
        )
    if exact is None:
        steps.add("no_mark", SOURCE, _("Aucune note comptée : pas de moyenne."))
    else:
        steps.add(
            "average",
            SOURCE,
            _average_text(" + ".join(terms), _text(weights), _text(exact), shown),
            exact=exact,
            shown=shown,
        )
    return steps.freeze()


@dataclass(frozen=True, slots=True)
class Part:
    """An average weighed by a coefficient in a combined average (a module in the general
    average, a module in its unit)."""

    label: str
    average: Fraction | None
    coefficient: Decimal


def combined_average(parts: Iterable[Part], *, on: date) -> Average:
    """Σ coefficient × average / Σ coefficient, over the parts that have an average (exact
    values, not the rounded ones); a part without average or with a zero coefficient is left
    out."""
    parts = list(parts)
    total = Fraction(0)
    coefficients = Fraction(0)
    counted = 0
    for part in parts:
        if part.average is None or part.coefficient == 0:
            continue
        total += Fraction(part.coefficient) * part.average
        coefficients += Fraction(part.coefficient)
        counted += 1
    left_out = len(parts) - counted
    if not coefficients:
        return Average(None, None, 0, left_out, lambda: _combined_steps(parts, None, None))
    exact = total / coefficients
    shown = rounded(exact, on=on)
    return Average(exact, shown, counted, left_out, lambda: _combined_steps(parts, exact, shown))


def _combined_steps(parts: list[Part], exact, shown) -> tuple[Step, ...]:
    steps = Explanation()
    if exact is None:
        steps.add("no_average", SOURCE, _("Aucune moyenne à combiner."))
        return steps.freeze()
    counted = [p for p in parts if p.average is not None and p.coefficient != 0]
    terms = [f"{_text(p.coefficient)}×{_text(p.average)} ({p.label})" for p in counted]
    coefficients = sum((Fraction(p.coefficient) for p in counted), Fraction(0))
    steps.add(
        "combined",
        SOURCE,
        _average_text(" + ".join(terms), _text(coefficients), _text(exact), shown),
        exact=exact,
        shown=shown,
    )
    return steps.freeze()


@dataclass(frozen=True, slots=True)
class ClassStatistics:
    count: int  # learners with an average
    minimum: Decimal | None
    maximum: Decimal | None
    mean: Decimal | None  # the mean of the exact averages, rounded


def class_statistics(averages: Iterable[Fraction | None], *, on: date) -> ClassStatistics:
    """The class's lowest, highest and mean average, over the learners who have one."""
    values = [value for value in averages if value is not None]
    if not values:
        return ClassStatistics(0, None, None, None)
    return ClassStatistics(
        len(values),
        rounded(min(values), on=on),
        rounded(max(values), on=on),
        rounded(sum(values, Fraction(0)) / len(values), on=on),
    )


# --- Level on the compétences ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RatingLevel:
    code: str
    label: str
    short: str
    rank: int  # 1 (very insufficient) to 4 (very satisfactory)


def _label(level: "RatingLevel") -> Message:
    """A level's label (ccf_assessments.yaml) in a sentence: a msgid of the catalogue."""
    return Message(level.label)


@cache
def rating_levels(framework_code: str = CURRENT_FRAMEWORK) -> tuple[RatingLevel, ...]:
    """The 4-level scale of the CCF grids (ccf_assessments.yaml, `rating_scale`)."""
    data = read_yaml(FRAMEWORKS_DIR / framework_code / "ccf_assessments.yaml")
    try:
        levels = data["rating_scale"]["levels"]
        return tuple(
            RatingLevel(level["code"], level["label"], level["short"], rank)
            for rank, level in enumerate(levels, start=1)
        )
    except (KeyError, TypeError) as error:
        raise FrameworkDataError(
            f"{framework_code}/ccf_assessments.yaml : échelle de notation mal formée ({error})"
        ) from error


@dataclass(frozen=True, slots=True)
class MarkEvidence:
    """A mark of an assessment tagged with the compétence, and the level it assesses it at."""

    label: str
    value: Decimal
    scale: Decimal
    assessment_level: str  # discovery | practice | mastery


@dataclass(frozen=True, slots=True)
class GridEvidence:
    """A CCF grid: the ratings of the compétence's critères in it (level codes)."""

    label: str
    ratings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SheetEvidence:
    """A validated activity sheet in which the learner performed a critère of the compétence."""

    label: str


Evidence = MarkEvidence | GridEvidence | SheetEvidence


@dataclass(frozen=True, slots=True)
class Level:
    rank: Fraction | None  # 1 to 4, exact; None without evidence
    level: RatingLevel | None  # the nearest level of the scale
    evidence: int
    explanation: tuple[Step, ...]

    @property
    def position(self) -> Fraction:
        """Where the level sits from 0 (none) to 1 (very satisfactory), for a chart."""
        return Fraction(0) if self.rank is None else (self.rank - 1) / 3


def _nearest(rank: Fraction, levels: tuple[RatingLevel, ...]) -> RatingLevel:
    whole = (rank.numerator * 2 + rank.denominator) // (rank.denominator * 2)  # half up
    return levels[min(max(whole, 1), len(levels)) - 1]


def competence_level(
    evidence: Sequence[Evidence], *, on: date, framework_code: str = CURRENT_FRAMEWORK
) -> Level:
    """A learner's level on a compétence: the weighted mean of the ranks (1–4) of its evidence.

    A mark counts at the rank its value reaches (floors of `gradebook/competence_evidence`, on
    20) with the weight of the level the assessment assesses the compétence at; a CCF grid at the
    mean rank of the critères rated in it, with the grid weight; a validated sheet at the
    portfolio level and weight. The shown level is the nearest one (half up).
    """
    rules = parameter("gradebook/competence_evidence").at(on)
    levels = rating_levels(framework_code)
    by_code = {level.code: level for level in levels}
    floors = sorted(
        (
            (Fraction(value), by_code[code].rank)
            for code, value in rules.value["mark_floors"].items()
        ),
        reverse=True,
    )
    out_of = Fraction(average_scale(on))
    total = Fraction(0)
    weights = Fraction(0)
    counted = 0
    steps = Explanation()
    for item in evidence:
        if isinstance(item, MarkEvidence):
            on_20 = Fraction(item.value) * out_of / Fraction(item.scale)
            rank = next((r for floor, r in floors if on_20 >= floor), 1)
            weight = Fraction(rules.value["assessment_weights"][item.assessment_level])
            text = _(
                "%(evidence)s : %(grade)s/20 → %(level)s (poids %(weight)s)",
                evidence=item.label,
                grade=_text(on_20),
                level=_label(levels[rank - 1]),
                weight=_text(weight),
            )
            rank = Fraction(rank)
        elif isinstance(item, GridEvidence):
            ranks = [by_code[code].rank for code in item.ratings if code in by_code]
            if not ranks:
                continue
            rank = Fraction(sum(ranks), len(ranks))
            weight = Fraction(rules.value["ccf_grid_weight"])
            text = _(
                "%(evidence)s : %(count)s critère(s), rang moyen %(rank)s (poids %(weight)s)",
                evidence=item.label,
                count=len(ranks),
                rank=_text(rank),
                weight=_text(weight),
            )
        else:
            level = by_code[rules.value["portfolio"]["level"]]
            rank = Fraction(level.rank)
            weight = Fraction(rules.value["portfolio"]["weight"])
            text = _(
                "%(evidence)s : fiche validée → %(level)s (poids %(weight)s)",
                evidence=item.label,
                level=_label(level),
                weight=_text(weight),
            )
        total += weight * rank
        weights += weight
        counted += 1
        steps.add("evidence", rules.source, text, rank=rank, weight=weight)
    if not weights:
        steps.add("no_evidence", rules.source, _("Aucune évaluation de cette compétence."))
        return Level(None, None, 0, steps.freeze())
    rank = total / weights
    nearest = _nearest(rank, levels)
    steps.add(
        "level",
        rules.source,
        _(
            "Rang moyen pondéré %(rank)s sur 4 → %(level)s.",
            rank=_text(rank),
            level=_label(nearest),
        ),
        rank=rank,
    )
    return Level(rank, nearest, counted, steps.freeze())


def block_level(
    levels: Sequence[Level], *, on: date, framework_code: str = CURRENT_FRAMEWORK
) -> Level:
    """A bloc's level: the mean rank of its compétences that have evidence."""
    ranked = [level.rank for level in levels if level.rank is not None]
    steps = Explanation()
    if not ranked:
        steps.add("no_evidence", SOURCE, _("Aucune compétence du bloc n'est encore évaluée."))
        return Level(None, None, 0, steps.freeze())
    rank = sum(ranked, Fraction(0)) / len(ranked)
    nearest = _nearest(rank, rating_levels(framework_code))
    steps.add(
        "block",
        SOURCE,
        _(
            "Moyenne des rangs de %(count)s compétence(s) évaluée(s) : %(rank)s → %(level)s.",
            count=len(ranked),
            rank=_text(rank),
            level=_label(nearest),
        ),
        rank=rank,
    )
    return Level(rank, nearest, sum(level.evidence for level in levels), steps.freeze())
