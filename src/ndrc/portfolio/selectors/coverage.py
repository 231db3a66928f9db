"""The coverage map: the critères de performance each learner performed or observed in validated
activity sheets, and what the E4 and E6 dossiers still lack; for a learner and a cohort."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ndrc.core.ui.routes import record_addresses
from ndrc.learners.models import Cohort, Learner
from ndrc.learners.selectors import learners_of_cohort
from ndrc.portfolio.models import (
    ActivitySheet,
    CriterionTag,
    DossierExam,
    E4Nature,
    Evidence,
    NetworkType,
    SheetStatus,
)
from ndrc.portfolio.selectors.sheets import loaded_sheets
from ndrc.regulation.framework import Competence, PerformanceCriterion, SkillBlock, load_framework

PERFORMED, OBSERVED, MISSING = "performed", "observed", "missing"


@dataclass
class Counts:
    performed: int = 0
    observed: int = 0
    missing: int = 0

    def add(self, state: str) -> None:
        setattr(self, state, getattr(self, state) + 1)

    @classmethod
    def of(cls, states: list[str] | tuple[str, ...]) -> "Counts":
        """The states of a row or a column of a map, counted (in C: a map has thousands of
        cells)."""
        return cls(states.count(PERFORMED), states.count(OBSERVED), states.count(MISSING))

    @property
    def total(self) -> int:
        return self.performed + self.observed + self.missing


@dataclass
class CriterionCoverage:
    criterion: PerformanceCriterion
    state: str  # performed | observed | missing
    performed_by: list[ActivitySheet] = field(default_factory=list)
    observed_in: list[ActivitySheet] = field(default_factory=list)


@dataclass
class CompetenceCoverage:
    competence: Competence
    criteria: list[CriterionCoverage]
    counts: Counts


@dataclass
class BlockCoverage:
    block: SkillBlock
    competences: list[CompetenceCoverage]
    counts: Counts


@dataclass
class DossierNeeds:
    """What an exam dossier still lacks in validated sheets."""

    exam: str
    missing_kinds: list[str]  # labels of the natures / network types without a validated sheet
    real_network_experience_missing: bool = False
    reflective_study_missing: bool = False

    @property
    def complete(self) -> bool:
        return not (
            self.missing_kinds
            or self.real_network_experience_missing
            or self.reflective_study_missing
        )


@dataclass
class LearnerCoverage:
    learner: Learner
    blocks: list[BlockCoverage]
    counts: Counts
    needs: list[DossierNeeds]


def counts_as_proof(status: str) -> bool:
    """Only validated sheets count: a draft or a submitted sheet proves nothing yet."""
    return status == SheetStatus.VALIDATED


def _proofs(tags: Iterable[tuple[str, str, Any]]) -> tuple[dict[str, list], dict[str, list]]:
    """(criterion, evidence, proof) of the tags of validated sheets → for each criterion, the
    proofs where the learner performed it, and those where it was only observed."""
    performed: dict[str, list] = defaultdict(list)
    observed: dict[str, list] = defaultdict(list)
    for criterion, evidence, proof in tags:
        (performed if evidence == Evidence.PERFORMED else observed)[criterion].append(proof)
    return performed, observed


def _state(code: str, performed: dict[str, list], observed: dict[str, list]) -> str:
    """A criterion is performed once a validated sheet shows it performed, else observed once one
    shows it, else missing."""
    return PERFORMED if performed.get(code) else OBSERVED if observed.get(code) else MISSING


def learner_coverage(learner: Learner) -> LearnerCoverage:
    """The critères de performance of every bloc, each covered by validated sheets where the
    learner performed it, only observed in them, or missing; and what the dossiers still need.
    """
    framework = load_framework(learner.cohort.framework)
    sheets = [sheet for sheet in loaded_sheets(learner) if counts_as_proof(sheet.status)]
    performed, observed = _proofs(
        (tag.criterion, tag.evidence, sheet) for sheet in sheets for tag in sheet.tags.all()
    )
    total = Counts()
    blocks = []
    for block in framework.skill_blocks.values():
        block_counts = Counts()
        competences = []
        for competence in block.competences:
            counts = Counts()
            criteria = []
            for criterion in competence.performance_criteria:
                code = criterion.code
                state = _state(code, performed, observed)
                criteria.append(
                    CriterionCoverage(criterion, state, performed[code], observed[code])
                )
                for bucket in (counts, block_counts, total):
                    bucket.add(state)
            competences.append(CompetenceCoverage(competence, criteria, counts))
        blocks.append(BlockCoverage(block, competences, block_counts))
    return LearnerCoverage(learner, blocks, total, dossier_needs(sheets, _documents(learner)))


def _documents(learner: Learner) -> set[str]:
    """The kinds of the documents the learner joined to their dossiers."""
    return {document.kind for document in learner.dossier_documents.all()}


def learner_dossier_needs(
    learner: Learner, sheets: Iterable[ActivitySheet] | None = None
) -> list[DossierNeeds]:
    """What the learner's E4 and E6 dossiers still need, as `learner_coverage` says it, without
    drawing its map of the criteria: the learner's sheets without their tags, in one query (none
    when `sheets_prefetch` loaded them, or the caller gives them: every sheet of the learner),
    and their documents in another."""
    if sheets is None:
        sheets = getattr(learner, "prefetched_sheets", None)
    if sheets is None:
        sheets = learner.activity_sheets.all()
    proofs = [sheet for sheet in sheets if counts_as_proof(sheet.status)]
    return dossier_needs(proofs, _documents(learner))


def dossier_needs(validated: list[ActivitySheet], documents: set[str]) -> list[DossierNeeds]:
    """For E4 and E6, the sheet natures (network types) that no validated sheet covers yet."""
    needs = []
    for exam, kinds in ((DossierExam.E4, E4Nature), (DossierExam.E6, NetworkType)):
        present = {sheet.kind for sheet in validated if sheet.exam == exam}
        need = DossierNeeds(exam, [str(kind.label) for kind in kinds if kind.value not in present])
        if exam == DossierExam.E6:
            need.real_network_experience_missing = not any(
                s.real_network_experience for s in validated if s.exam == exam
            )
            need.reflective_study_missing = not (
                documents & {"reflective_study", "professional_dossier"}
            )
        needs.append(need)
    return needs


@dataclass(frozen=True)
class CoverageColumn:
    """A learner's column of the cohort's map: the link to their map, their counts."""

    learner: Learner
    href: str  # the learner's coverage page, built once per learner (a map has thousands of cells)
    counts: Counts


@dataclass
class CohortCriterionRow:
    criterion: PerformanceCriterion
    competence: Competence
    block: SkillBlock
    states: list[str]  # each learner's state, in the order of the columns
    counts: Counts


@dataclass
class CohortCoverage:
    cohort: Cohort
    learners: list[CoverageColumn]
    rows: list[CohortCriterionRow]


def cohort_coverage(user: Any, cohort: Cohort) -> CohortCoverage:
    """The coverage of every learner of the cohort `user` can see, criterion by criterion: the
    criteria tagged in each learner's sheets read in one query (no sheet loaded), whatever the
    number of learners."""
    learners = list(
        Learner.objects.filter(pk__in=learners_of_cohort(user, cohort).values("pk")).only(
            "first_name", "last_name"
        )
    )
    tags: dict[int, list[tuple[str, str, None]]] = {learner.pk: [] for learner in learners}
    # Unordered: which criteria are tagged is all the map asks, not in which order.
    for learner_id, status, criterion, evidence in (
        CriterionTag.objects.filter(sheet__learner__in=[learner.pk for learner in learners])
        .order_by()
        .values_list("sheet__learner_id", "sheet__status", "criterion", "evidence")
    ):
        if counts_as_proof(status):
            tags[learner_id].append((criterion, evidence, None))
    proofs = [_proofs(tags[learner.pk]) for learner in learners]
    rows = []
    framework = load_framework(cohort.framework)
    for block in framework.skill_blocks.values():
        for competence in block.competences:
            for criterion in competence.performance_criteria:
                code = criterion.code
                states = [_state(code, performed, observed) for performed, observed in proofs]
                rows.append(
                    CohortCriterionRow(criterion, competence, block, states, Counts.of(states))
                )
    address = record_addresses("portfolio:learner_coverage")
    # Each learner's column of states: the rows' lists turned around, each counted.
    columns_states = list(zip(*(row.states for row in rows), strict=True)) or [()] * len(learners)
    columns = [
        CoverageColumn(learner, address(learner.pk), Counts.of(states))
        for learner, states in zip(learners, columns_states, strict=True)
    ]
    return CohortCoverage(cohort, columns, rows)
