"""Starting an apprenticeship training without an employer (Code du travail L. 6222-12-1).

"Toute personne âgée de seize à vingt-neuf ans révolus […] peut, à sa demande, si elle n'a pas
été engagée par un employeur, débuter un cycle de formation en apprentissage dans la limite
d'une durée de trois mois" (six months for cycles begun from 1 August to 31 December 2020). The
rule answers, for a person and a date: may they still be in training without a contract, and
until when. The algorithm, its sources and the choices made where the text is silent are in
docs/admissions.md. Every figure is a dated parameter; dates are arguments.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from ndrc.regulation.errors import InputError
from ndrc.regulation.explanation import Explanation, Step
from ndrc.regulation.parameters import parameter
from ndrc.regulation.pay import add_months, age_on

ARTICLE = "Code du travail, L. 6222-12-1"
FIRST_DAY = date(2019, 1, 1)  # the article applies to cycles begun from its entry into force
LAST_DAY = date(2100, 12, 31)  # beyond it a date is a typing error, not a plan


@dataclass(frozen=True, slots=True)
class Violation:
    """A condition of the rule the person does not meet, with the article that sets it."""

    rule: str
    article: str
    message: str


@dataclass(frozen=True, slots=True)
class StartWithoutContract:
    """May the person be in training without an employer on the date asked, and until when.

    `deadline` is the last day of the period without a contract (a contract must start on the
    next day at the latest); `days_left` counts the days from the date asked to the deadline
    (0 on the deadline itself, negative once it has passed).
    """

    allowed: bool
    deadline: date
    days_left: int
    violations: tuple[Violation, ...]
    explanation: tuple[Step, ...]


def _check_date(name: str, value: date) -> None:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise InputError(
            f"{name} : date hors des limites ({value:%d/%m/%Y}) ; attendu du "
            f"{FIRST_DAY:%d/%m/%Y} au {LAST_DAY:%d/%m/%Y}"
        )


def period_deadline(training_start: date) -> tuple[date, int, str]:
    """The last day of the period without an employer for a cycle starting on
    `training_start` (the day before the same date N months later), N, and N's source."""
    _check_date("training_start", training_start)
    months = parameter("apprenticeship/months_without_employer").at(training_start)
    return add_months(training_start, months.value) - timedelta(days=1), months.value, months.source


def check_start_without_contract(
    *, birth_date: date, training_start: date, on: date, has_recognised_disability: bool
) -> StartWithoutContract:
    """Whether a person born on `birth_date`, whose apprenticeship training cycle starts on
    `training_start`, may attend it without an employment contract on `on` (L. 6222-12-1).

    The age is taken on the first day of the cycle ("débuter un cycle"); the period runs from
    that day for the number of months in force on it, the day before the same date N months
    later being its last day. Before the cycle starts, the period is still to come: allowed.
    """
    deadline, months, source = period_deadline(training_start)
    _check_date("on", on)
    if not date(1900, 1, 1) <= birth_date < training_start:
        raise InputError(
            "birth_date : la date de naissance doit précéder le début du cycle de formation "
            f"({training_start:%d/%m/%Y})"
        )
    explanation = Explanation()
    violations: list[Violation] = []

    explanation.add(
        "period",
        source,
        f"Cycle commencé le {training_start:%d/%m/%Y} : sans employeur, la formation peut être "
        f"suivie {months} mois au plus, jusqu'au {deadline:%d/%m/%Y} inclus ; le contrat "
        f"doit commencer au plus tard le {deadline + timedelta(days=1):%d/%m/%Y}.",
        months=months,
        deadline=deadline,
    )

    limits = parameter("start_without_contract/age_limits").at(training_start)
    minimum, maximum = limits.value["minimum_age"], limits.value["maximum_age"]
    age = age_on(birth_date, training_start)
    explanation.add(
        "age",
        limits.source,
        f"Âge au début du cycle ({training_start:%d/%m/%Y}) : {age} ans ; la règle vaut de "
        f"{minimum} à {maximum} ans révolus.",
        age=age,
        minimum_age=minimum,
        maximum_age=maximum,
    )
    if age < minimum:
        after_lower_secondary = limits.value["minimum_age_after_lower_secondary"]
        message = f"{age} ans au début du cycle : il faut {minimum} ans au moins" + (
            f" ({after_lower_secondary} ans avec la scolarité du premier cycle de "
            "l'enseignement secondaire accomplie, à justifier)."
            if age >= after_lower_secondary
            else "."
        )
        violations.append(Violation("minimum_age", ARTICLE, message))
        explanation.add("minimum_age", limits.source, message)
    elif age > maximum:
        lifted = parameter("start_without_contract/disability_lifts_maximum_age").at(training_start)
        if has_recognised_disability and lifted.value:
            explanation.add(
                "maximum_age",
                lifted.source,
                f"{age} ans > {maximum}, mais la personne est reconnue travailleur handicapé : "
                "la limite d'âge ne s'applique pas.",
            )
        else:
            message = (
                f"{age} ans au début du cycle : au-delà de {maximum} ans révolus, la formation "
                "ne peut pas commencer sans employeur (sauf reconnaissance de travailleur "
                "handicapé)."
            )
            violations.append(Violation("maximum_age", ARTICLE, message))
            explanation.add("maximum_age", limits.source, message)

    days_left = (deadline - on).days
    if on < training_start:
        text = (
            f"Au {on:%d/%m/%Y}, le cycle n'a pas commencé : la période sans employeur courra "
            f"du {training_start:%d/%m/%Y} au {deadline:%d/%m/%Y}."
        )
    elif on <= deadline:
        text = (
            f"Au {on:%d/%m/%Y}, {(on - training_start).days} jour(s) écoulé(s) depuis le début "
            f"du cycle ; {days_left} jour(s) restant(s) jusqu'au {deadline:%d/%m/%Y}."
        )
    else:
        text = (
            f"Au {on:%d/%m/%Y}, la période sans employeur a pris fin le {deadline:%d/%m/%Y} "
            f"({-days_left} jour(s) de dépassement) : la formation ne peut se poursuivre "
            "qu'avec un contrat d'apprentissage."
        )
        violations.append(Violation("period_exceeded", ARTICLE, text))
    explanation.add("on", source, text, days_left=days_left)
    explanation.add(
        "status",
        f"{ARTICLE}, al. 2 et 3",
        "Pendant cette période, la personne a le statut de stagiaire de la formation "
        "professionnelle et le CFA l'aide à trouver un employeur ; à la signature, la durée du "
        "contrat est réduite du nombre de mois écoulés depuis le début du cycle.",
    )
    return StartWithoutContract(
        allowed=not violations,
        deadline=deadline,
        days_left=days_left,
        violations=tuple(violations),
        explanation=explanation.freeze(),
    )
