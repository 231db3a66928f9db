"""Quality indicators of a training: the pass rate as the brochures define it, the rates the Code
du travail (L. 6111-8) asks a CFA to publish every year, the termination rate of apprenticeship
contracts, and the satisfaction of learners and companies.

The facts come in as frozen dataclasses (candidates at the exam, apprenticeship contracts,
leavers' situations six months after the training, answers to the satisfaction questionnaires,
entries in training); every indicator comes out with its formula, its numerator and denominator,
its rate (a percentage, `Decimal`, rounded as `indicators/rate_decimals` says) or, when its
denominator is zero or ndrc cannot compute it, no rate and the reason why. Each fact may carry a
`ref` (a learner's id…) that the indicator hands back in `numerator_refs` and `denominator_refs`:
who is behind a figure is decided here, once.

Sources and every choice where the texts are silent: docs/indicators.md.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from ndrc.regulation.errors import InputError, shown
from ndrc.regulation.explanation import Explanation, Message, Step, _
from ndrc.regulation.parameters import parameter
from ndrc.regulation.rounding import round_to

STATUSES = ("apprentice", "student", "continuing_education", "other")
SITUATIONS = ("employed", "further_studies", "seeking", "other", "unknown")
SURVEYS = ("learners", "companies")

# How each status is named in a formula restricted to it.
_SCOPES = {
    None: _("tous statuts confondus"),
    "apprentice": _("sous statut d'apprenti"),
    "student": _("sous statut scolaire"),
    "continuing_education": _("en formation continue"),
    "other": _("autres statuts"),
}

# The candidate categories of the framework (arrêté du 19 février 2018, annexe II c) by the
# status the indicators count them under: apprentices, students (voie scolaire), continuing
# education (formation professionnelle continue, professionalisation contracts included), and
# candidates of none of them (distance learning, three years of experience).
STATUS_OF_CATEGORY = {
    "scolaire": "student",
    "scolaire_hors_contrat": "student",
    "apprenti_habilite": "apprentice",
    "apprenti_non_habilite": "apprentice",
    "fpc_public": "continuing_education",
    "fpc_public_ccf": "continuing_education",
    "fpc_non_habilite": "continuing_education",
    "distance": "other",
    "experience": "other",
}

# The satisfaction questionnaires' overall question is answered on four levels (1 "pas du tout
# satisfait" … 4 "très satisfait"); the two upper levels count as satisfied.
SATISFACTION_LEVELS = (1, 2, 3, 4)
SATISFIED_FROM = 3


def status_of_category(category: str) -> str:
    """The status (`STATUSES`) a candidate category of the framework is counted under."""
    try:
        return STATUS_OF_CATEGORY[category]
    except KeyError:
        known = ", ".join(STATUS_OF_CATEGORY)
        raise InputError(f"catégorie de candidat inconnue : « {category} » ({known})") from None


def is_satisfied(level: int) -> bool:
    """Whether an answer to the overall satisfaction question (1 to 4) counts as satisfied."""
    if level not in SATISFACTION_LEVELS:
        raise InputError(f"niveau de satisfaction attendu de 1 à 4, reçu {shown(level)}")
    return level >= SATISFIED_FROM


# --- The facts -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Candidate:
    """A candidate registered at the exam: present (sat it) and admitted (obtained it)."""

    status: str
    present: bool
    admitted: bool
    ref: Any = None


@dataclass(frozen=True, slots=True)
class ContractFact:
    """An apprenticeship contract from `start` to `end`, terminated on `terminated_on` if it was.
    `trial_period`: terminated during the first 45 days in the company (Code du travail,
    L. 6222-18), when known."""

    start: date
    end: date
    terminated_on: date | None = None
    trial_period: bool | None = None
    ref: Any = None


@dataclass(frozen=True, slots=True)
class Leaver:
    """A learner who reached the end of the training, and their situation six months later."""

    situation: str
    status: str | None = None
    ref: Any = None


@dataclass(frozen=True, slots=True)
class Answer:
    """An answer to the overall question of a satisfaction questionnaire. A learner's answer
    may carry the respondent's status (None: not known, counted only for all statuses)."""

    survey: str
    satisfied: bool
    status: str | None = None
    ref: Any = None


@dataclass(frozen=True, slots=True)
class Enrolment:
    """A learner who entered the training, and whether they left it before its end."""

    status: str
    interrupted: bool
    ref: Any = None


# --- The indicators --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Definition:
    name: str
    label: str
    formula: str  # `{scope}` stands for the statuses counted
    source: str


_L6111_8 = "Code du travail, L. 6111-8"
_INSERJEUNES = "InserJeunes (DEPP, Dares)"
_CHARMILLES = "Brochure du CFP Charmilles, BTS NDRC, « Statistiques des apprentis »"

DEFINITIONS = (
    Definition(
        "pass_rate",
        "Taux de réussite",
        "Nbr de candidats ayant réussi l'examen / Nbr de candidats présents à l'examen "
        "({scope}) × 100",
        f"{_CHARMILLES} (« Taux de réussite global de la formation »)",
    ),
    Definition(
        "apprentice_pass_rate",
        "Taux de réussite des apprentis",
        "Nbr de candidats ayant réussi l'examen / Nbr de candidats présents à l'examen "
        "(sous statut d'apprenti) × 100",
        f"{_CHARMILLES} (« Taux de réussite des apprentis de la formation »)",
    ),
    Definition(
        "graduation_rate",
        "Taux d'obtention du diplôme",
        "Nbr de candidats ayant obtenu le diplôme / Nbr de candidats inscrits à l'examen, "
        "présents ou absents ({scope}) × 100",
        f"{_L6111_8}, 1° (« taux d'obtention des diplômes ») ; dénominateur : choix ndrc",
    ),
    Definition(
        "continuation_rate",
        "Taux de poursuite d'études",
        "Nbr de sortants poursuivant des études / Nbr de sortants dont la situation est connue "
        "({scope}) × 100",
        f"{_L6111_8}, 2° ; {_INSERJEUNES} : ré-inscrits en formation l'année suivante / inscrits "
        "en dernière année",
    ),
    Definition(
        "interruption_rate",
        "Taux d'interruption en cours de formation",
        "Nbr d'apprenants ayant quitté la formation avant son terme / Nbr d'apprenants entrés en "
        "formation ({scope}) × 100",
        f"{_L6111_8}, 3° ; définition : choix ndrc",
    ),
    Definition(
        "employment_rate",
        "Taux d'insertion professionnelle à 6 mois",
        "Nbr de sortants en emploi 6 mois après la formation / (Nbr de sortants dont la "
        "situation est connue − Nbr de sortants poursuivant des études) ({scope}) × 100",
        f"{_L6111_8}, 4° ; {_INSERJEUNES} : sortants en emploi 6 mois après leur sortie / "
        "sortants ne poursuivant pas d'études",
    ),
    Definition(
        "favourable_outcome_rate",
        "Taux de devenir favorable",
        "(Nbr de sortants poursuivant des études + Nbr de sortants en emploi 6 mois après) / "
        "Nbr de sortants dont la situation est connue ({scope}) × 100",
        f"{_INSERJEUNES} : « taux de devenir favorable » (poursuite d'études ou emploi)",
    ),
    Definition(
        "added_value",
        "Valeur ajoutée de l'établissement",
        "Écart entre le résultat de l'établissement et celui attendu compte tenu du profil de "
        "ses jeunes (calcul national)",
        f"{_L6111_8}, 5° ; calculée par {_INSERJEUNES}",
    ),
    Definition(
        "termination_rate",
        "Taux de rupture des contrats d'apprentissage",
        "Nbr de contrats d'apprentissage rompus avant leur terme / Nbr de contrats "
        "d'apprentissage conclus ({scope}) × 100",
        f"{_L6111_8}, dernier alinéa ; {_INSERJEUNES} : part des contrats d'apprentissage "
        "interrompus avant leur terme",
    ),
    Definition(
        "learner_satisfaction_rate",
        "Satisfaction globale des apprenants",
        "Nbr de réponses « plutôt » ou « très satisfait » / Nbr de réponses à la question de "
        "satisfaction globale du questionnaire des apprenants ({scope}) × 100",
        f"{_CHARMILLES} (« Satisfaction globale apprentis »)",
    ),
    Definition(
        "company_satisfaction_rate",
        "Satisfaction globale des entreprises",
        "Nbr de réponses « plutôt » ou « très satisfait » / Nbr de réponses à la question de "
        "satisfaction globale du questionnaire des entreprises × 100",
        f"{_CHARMILLES} (« Satisfaction globale entreprises »)",
    ),
)
DEFINITION_OF = {definition.name: definition for definition in DEFINITIONS}
NAMES = tuple(DEFINITION_OF)


@dataclass(frozen=True, slots=True)
class Indicator:
    """One indicator: its counts and rate (None: not computed, `reason` says why)."""

    name: str
    label: str
    formula: str
    source: str
    numerator: int | None
    denominator: int | None
    rate: Decimal | None
    reason: str
    small_number: bool  # computed on fewer people than `indicators/small_number_threshold`
    numerator_refs: tuple = ()
    denominator_refs: tuple = ()

    def as_dict(self) -> dict[str, Any]:
        """The indicator as `ndrc indicators` prints it."""
        return {
            "name": self.name,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "rate": None if self.rate is None else str(self.rate),
            "formula": self.formula,
            "source": self.source,
            "reason": self.reason or None,
            "small_number": self.small_number,
        }


@dataclass(frozen=True, slots=True)
class Indicators:
    """The indicators of a set of facts, in `DEFINITIONS` order, and how they were computed."""

    items: tuple[Indicator, ...]
    explanation: tuple[Step, ...]
    status: str | None = None

    def __getitem__(self, name: str) -> Indicator:
        for item in self.items:
            if item.name == name:
                return item
        raise KeyError(name)

    def get(self, name: str) -> Indicator | None:
        try:
            return self[name]
        except KeyError:
            return None


def rate(numerator: int, denominator: int, *, on: date) -> Decimal | None:
    """numerator / denominator × 100, rounded as `indicators/rate_decimals` says on `on`
    (two decimals, half up: 6 / 13 → 46.15); None when the denominator is zero."""
    if denominator == 0:
        return None
    setting = parameter("indicators/rate_decimals").at(on).value
    exact = Decimal(100 * numerator) / Decimal(denominator)
    return round_to(exact, setting["rounding"], int(setting["decimals"]))


def small_number_threshold(on: date) -> int:
    """The headcount below which a rate is flagged as computed on few people."""
    return int(parameter("indicators/small_number_threshold").at(on).value)


# --- Checking the facts ----------------------------------------------------------------------


def _refuse(where: str, field: str, message: str) -> InputError:
    return InputError(f"{where} : champ « {field} » : {message}")


def _check_choice(value: Any, allowed: Sequence[str], where: str, field: str) -> None:
    if value not in allowed:
        expected = ", ".join(allowed)
        raise _refuse(where, field, f"valeur {shown(value)} inconnue (attendu : {expected})")


def _check(
    candidates: Sequence[Candidate],
    contracts: Sequence[ContractFact],
    leavers: Sequence[Leaver],
    answers: Sequence[Answer],
    enrolments: Sequence[Enrolment] | None,
    status: str | None,
) -> None:
    if status is not None:
        _check_choice(status, STATUSES, "statut demandé", "status")
    for index, candidate in enumerate(candidates):
        where = f"candidates[{index}]"
        _check_choice(candidate.status, STATUSES, where, "status")
        if candidate.admitted and not candidate.present:
            raise _refuse(where, "admitted", "un candidat absent à l'examen ne peut y être reçu")
    for index, contract in enumerate(contracts):
        where = f"contracts[{index}]"
        if contract.end < contract.start:
            raise _refuse(where, "end", "la fin du contrat précède son début")
        ended = contract.terminated_on
        if ended is not None and not contract.start <= ended <= contract.end:
            raise _refuse(where, "terminated_on", "la rupture doit tomber pendant le contrat")
    for index, leaver in enumerate(leavers):
        where = f"leavers[{index}]"
        _check_choice(leaver.situation, SITUATIONS, where, "situation_6_months")
        if leaver.status is not None:
            _check_choice(leaver.status, STATUSES, where, "status")
    for index, answer in enumerate(answers):
        where = f"answers[{index}]"
        _check_choice(answer.survey, SURVEYS, where, "survey")
        if answer.status is not None:
            _check_choice(answer.status, STATUSES, where, "status")
    for index, enrolment in enumerate(enrolments or ()):
        _check_choice(enrolment.status, STATUSES, f"enrolments[{index}]", "status")


# --- Computing -------------------------------------------------------------------------------


def _refs(facts: Iterable[Any]) -> tuple:
    return tuple(fact.ref for fact in facts if fact.ref is not None)


class _Builder:
    """Collects the indicators and the explanation's steps, with the parameters of `on`."""

    def __init__(self, *, on: date, status: str | None) -> None:
        self.on = on
        self.status = status
        self.threshold = small_number_threshold(on)
        self.threshold_source = parameter("indicators/small_number_threshold").at(on).source
        self.items: list[Indicator] = []
        self.explanation = Explanation()

    def add(
        self,
        name: str,
        numerator: Sequence[Any] | None,
        denominator: Sequence[Any] | None,
        *,
        counted: Message | str,
        empty: Message,
    ) -> None:
        """Add indicator `name` from the facts counted above and below the line; `counted`
        says in words who they are, `empty` why there is no rate when nobody is below."""
        definition = DEFINITION_OF[name]
        known = numerator is not None and denominator is not None
        top = len(numerator) if known else None
        bottom = len(denominator) if known else None
        value = rate(top, bottom, on=self.on) if known else None
        small = value is not None and bottom < self.threshold
        if value is None:
            text = _("Non calculé : %(reason)s.", reason=empty)
            self.explanation.add(name, definition.source, text)
        else:
            figures = {"counted": counted, "top": top, "bottom": bottom, "rate": value}
            if small:
                text = _(
                    "%(counted)s : %(top)s / %(bottom)s × 100 = %(rate)s\xa0%%. Effectif de "
                    "%(bottom)s < %(threshold)s : petit effectif, à lire avec recul.",
                    threshold=self.threshold,
                    **figures,
                )
            else:
                text = _("%(counted)s : %(top)s / %(bottom)s × 100 = %(rate)s\xa0%%.", **figures)
            self.explanation.add(name, definition.source, text, numerator=top, denominator=bottom)
        if small:
            self.explanation.add(
                f"{name}_small_number",
                self.threshold_source,
                _("%(bottom)s < %(threshold)s.", bottom=bottom, threshold=self.threshold),
            )
        self.items.append(
            Indicator(
                name=name,
                label=definition.label,
                formula=definition.formula.replace("{scope}", _SCOPES[self.status]),
                source=definition.source,
                numerator=top,
                denominator=bottom,
                rate=value,
                reason="" if value is not None else empty,
                small_number=small,
                numerator_refs=_refs(numerator or ()) if value is not None else (),
                denominator_refs=_refs(denominator or ()) if value is not None else (),
            )
        )


def compute_indicators(
    *,
    candidates: Sequence[Candidate] = (),
    contracts: Sequence[ContractFact] = (),
    leavers: Sequence[Leaver] = (),
    answers: Sequence[Answer] = (),
    enrolments: Sequence[Enrolment] | None = None,
    status: str | None = None,
    on: date,
) -> Indicators:
    """Every indicator of `DEFINITIONS` from the facts, for all statuses (`status` None) or for
    one status of `STATUSES`: then only the candidates, entries, leavers and learners' answers
    of that status count, the contracts only for apprentices, and the companies' answers for
    every status.

    `enrolments` None: the entries in training are not known (the interruption rate is not
    computed). `on`: the date whose parameters apply (rounding, small-number threshold).
    Raises InputError naming the fact and the field when a fact is inconsistent.
    """
    _check(candidates, contracts, leavers, answers, enrolments, status)
    build = _Builder(on=on, status=status)
    scope = _SCOPES[status]

    def of_status(facts: Iterable[Any]) -> list[Any]:
        return [f for f in facts if status is None or f.status == status]

    # Pass rate (the brochures): admitted among candidates present; absent ones do not count.
    registered = of_status(candidates)
    present = [c for c in registered if c.present]
    admitted = [c for c in present if c.admitted]
    absent = len(registered) - len(present)
    build.add(
        "pass_rate",
        admitted,
        present,
        counted=_(
            "%(present)s candidats présents (%(scope)s), %(admitted)s reçus",
            present=len(present),
            scope=scope,
            admitted=len(admitted),
        )
        if not absent
        else _(
            "%(present)s candidats présents (%(scope)s), %(admitted)s reçus ; %(absent)s "
            "absent(s) non compté(s)",
            present=len(present),
            scope=scope,
            admitted=len(admitted),
            absent=absent,
        ),
        empty=_("aucun candidat présent à l'examen"),
    )
    if status is None:
        apprentices = [c for c in present if c.status == "apprentice"]
        build.add(
            "apprentice_pass_rate",
            [c for c in apprentices if c.admitted],
            apprentices,
            counted=_(
                "%(present)s apprentis présents, %(admitted)s reçus",
                present=len(apprentices),
                admitted=sum(c.admitted for c in apprentices),
            ),
            empty=_("aucun apprenti présent à l'examen"),
        )
    build.add(
        "graduation_rate",
        admitted,
        registered,
        counted=_(
            "%(registered)s candidats inscrits (%(scope)s), absents compris, %(admitted)s diplômés",
            registered=len(registered),
            scope=scope,
            admitted=len(admitted),
        ),
        empty=_("aucun candidat inscrit à l'examen"),
    )

    # What became of the leavers six months after the training (InserJeunes' definitions): an
    # unknown situation is left out of every denominator.
    known = [leaver for leaver in of_status(leavers) if leaver.situation != "unknown"]
    unknown = len(of_status(leavers)) - len(known)
    studying = [leaver for leaver in known if leaver.situation == "further_studies"]
    employed = [leaver for leaver in known if leaver.situation == "employed"]
    out_of_studies = [leaver for leaver in known if leaver.situation != "further_studies"]

    def not_known(counted: Message) -> Message:
        if not unknown:
            return counted
        return _(
            "%(counted)s ; %(unknown)s situation(s) inconnue(s) non comptée(s)",
            counted=counted,
            unknown=unknown,
        )

    build.add(
        "continuation_rate",
        studying,
        known,
        counted=not_known(
            _(
                "%(known)s sortants de situation connue (%(scope)s), %(studying)s poursuivant "
                "des études",
                known=len(known),
                scope=scope,
                studying=len(studying),
            )
        ),
        empty=_("aucun sortant dont la situation à 6 mois est connue"),
    )

    # Interruption: those who left the training before its end, among those who entered it.
    entered = None if enrolments is None else of_status(enrolments)
    build.add(
        "interruption_rate",
        None if entered is None else [e for e in entered if e.interrupted],
        entered,
        counted=_(
            "%(entered)s apprenants entrés en formation (%(scope)s), %(left)s l'ayant quittée "
            "avant son terme",
            entered=len(entered or ()),
            scope=scope,
            left=sum(e.interrupted for e in entered or ()),
        ),
        empty=_("les entrées en formation ne sont pas fournies")
        if entered is None
        else _("aucun apprenant entré en formation"),
    )
    build.add(
        "employment_rate",
        employed,
        out_of_studies,
        counted=not_known(
            _(
                "%(leavers)s sortants ne poursuivant pas d'études (%(scope)s), %(employed)s en "
                "emploi 6 mois après",
                leavers=len(out_of_studies),
                scope=scope,
                employed=len(employed),
            )
        ),
        empty=_("aucun sortant hors poursuite d'études dont la situation à 6 mois est connue"),
    )
    build.add(
        "favourable_outcome_rate",
        studying + employed,
        known,
        counted=_(
            "%(known)s sortants de situation connue (%(scope)s), %(studying)s en poursuite "
            "d'études et %(employed)s en emploi",
            known=len(known),
            scope=scope,
            studying=len(studying),
            employed=len(employed),
        ),
        empty=_("aucun sortant dont la situation à 6 mois est connue"),
    )
    build.add(
        "added_value",
        None,
        None,
        counted="",
        empty=_(
            "calculée au niveau national par la DEPP et la Dares à partir de données dont "
            "l'établissement ne dispose pas ; la consulter sur le site InserJeunes"
        ),
    )

    # Termination rate of apprenticeship contracts: any termination before the term counts,
    # one during the first 45 days in the company (L. 6222-18) included.
    concluded = list(contracts) if status in (None, "apprentice") else []
    terminated = [c for c in concluded if c.terminated_on is not None]
    trial = sum(1 for c in terminated if c.trial_period)
    build.add(
        "termination_rate",
        terminated,
        concluded,
        counted=_(
            "%(concluded)s contrats d'apprentissage conclus, %(terminated)s rompus avant leur "
            "terme",
            concluded=len(concluded),
            terminated=len(terminated),
        )
        if not trial
        else _(
            "%(concluded)s contrats d'apprentissage conclus, %(terminated)s rompus avant leur "
            "terme (dont %(trial)s pendant les 45 premiers jours en entreprise)",
            concluded=len(concluded),
            terminated=len(terminated),
            trial=trial,
        ),
        empty=_("aucun contrat d'apprentissage"),
    )

    for survey, name, counted, empty in (
        (
            "learners",
            "learner_satisfaction_rate",
            _(
                "%(given)s réponses du questionnaire des apprenants, %(satisfied)s satisfaites"
            ).template,
            _("aucune réponse au questionnaire des apprenants"),
        ),
        (
            "companies",
            "company_satisfaction_rate",
            _(
                "%(given)s réponses du questionnaire des entreprises, %(satisfied)s satisfaites"
            ).template,
            _("aucune réponse au questionnaire des entreprises"),
        ),
    ):
        given = [a for a in answers if a.survey == survey]
        if survey == "learners":
            given = of_status(given)
        satisfied = [a for a in given if a.satisfied]
        build.add(
            name,
            satisfied,
            given,
            counted=Message(counted, given=len(given), satisfied=len(satisfied)),
            empty=empty,
        )
    return Indicators(tuple(build.items), build.explanation.freeze(), status)
