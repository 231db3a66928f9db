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
from ndrc.regulation.explanation import Explanation, Step, _
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
        _(
            "Cycle commencé le %(start)s : sans employeur, la formation peut être suivie "
            "%(months)s mois au plus, jusqu'au %(deadline)s inclus ; le contrat doit commencer "
            "au plus tard le %(latest)s.",
            start=training_start,
            months=months,
            deadline=deadline,
            latest=deadline + timedelta(days=1),
        ),
        months=months,
        deadline=deadline,
    )

    limits = parameter("start_without_contract/age_limits").at(training_start)
    minimum, maximum = limits.value["minimum_age"], limits.value["maximum_age"]
    age = age_on(birth_date, training_start)
    explanation.add(
        "age",
        limits.source,
        _(
            "Âge au début du cycle (%(start)s) : %(age)s ans ; la règle vaut de %(minimum)s à "
            "%(maximum)s ans révolus.",
            start=training_start,
            age=age,
            minimum=minimum,
            maximum=maximum,
        ),
        age=age,
        minimum_age=minimum,
        maximum_age=maximum,
    )
    if age < minimum:
        after_lower_secondary = limits.value["minimum_age_after_lower_secondary"]
        if age >= after_lower_secondary:
            message = _(
                "%(age)s ans au début du cycle : il faut %(minimum)s ans au moins (%(lower)s ans "
                "avec la scolarité du premier cycle de l'enseignement secondaire accomplie, à "
                "justifier).",
                age=age,
                minimum=minimum,
                lower=after_lower_secondary,
            )
        else:
            message = _(
                "%(age)s ans au début du cycle : il faut %(minimum)s ans au moins.",
                age=age,
                minimum=minimum,
            )
        violations.append(Violation("minimum_age", ARTICLE, message))
        explanation.add("minimum_age", limits.source, message)
    elif age > maximum:
        lifted = parameter("start_without_contract/disability_lifts_maximum_age").at(training_start)
        if has_recognised_disability and lifted.value:
            explanation.add(
                "maximum_age",
                lifted.source,
                _(
                    "%(age)s ans > %(maximum)s, mais la personne est reconnue travailleur "
                    "handicapé : la limite d'âge ne s'applique pas.",
                    age=age,
                    maximum=maximum,
                ),
            )
        else:
            message = _(
                "%(age)s ans au début du cycle : au-delà de %(maximum)s ans révolus, la "
                "formation ne peut pas commencer sans employeur (sauf reconnaissance de "
                "travailleur handicapé).",
                age=age,
                maximum=maximum,
            )
            violations.append(Violation("maximum_age", ARTICLE, message))
            explanation.add("maximum_age", limits.source, message)

    days_left = (deadline - on).days
    if on < training_start:
        text = _(
            "Au %(on)s, le cycle n'a pas commencé : la période sans employeur courra du "
            "%(start)s au %(deadline)s.",
            on=on,
            start=training_start,
            deadline=deadline,
        )
    elif on <= deadline:
        text = _(
            "Au %(on)s, %(past)s jour(s) écoulé(s) depuis le début du cycle ; %(left)s jour(s) "
            "restant(s) jusqu'au %(deadline)s.",
            on=on,
            past=(on - training_start).days,
            left=days_left,
            deadline=deadline,
        )
    else:
        text = _(
            "Au %(on)s, la période sans employeur a pris fin le %(deadline)s (%(over)s jour(s) "
            "de dépassement) : la formation ne peut se poursuivre qu'avec un contrat "
            "d'apprentissage.",
            on=on,
            deadline=deadline,
            over=-days_left,
        )
        violations.append(Violation("period_exceeded", ARTICLE, text))
    explanation.add("on", source, text, days_left=days_left)
    explanation.add(
        "status",
        f"{ARTICLE}, al. 2 et 3",
        _(
            "Pendant cette période, la personne a le statut de stagiaire de la formation "
            "professionnelle et le CFA l'aide à trouver un employeur ; à la signature, la durée "
            "du contrat est réduite du nombre de mois écoulés depuis le début du cycle."
        ),
    )
    return StartWithoutContract(
        allowed=not violations,
        deadline=deadline,
        days_left=days_left,
        violations=tuple(violations),
        explanation=explanation.freeze(),
    )
