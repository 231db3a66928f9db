"""The coverage map: the critères de performance each learner performed or observed in validated
activity sheets, and what the E4 and E6 dossiers still lack; for a learner and a cohort."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from ndrc.learners.models import Cohort, Learner
from ndrc.learners.selectors import learners_of_cohort
from ndrc.portfolio.models import (
    ActivitySheet,
    DossierExam,
    E4Nature,
    Evidence,
    NetworkType,
    SheetStatus,
)
from ndrc.portfolio.selectors.sheets import loaded_sheets, sheets_prefetch
from ndrc.regulation.framework import Competence, PerformanceCriterion, SkillBlock, load_framework

PERFORMED, OBSERVED, MISSING = "performed", "observed", "missing"


@dataclass
class Counts:
    performed: int = 0
    observed: int = 0
    missing: int = 0

    def add(self, state: str) -> None:
        setattr(self, state, getattr(self, state) + 1)

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


def learner_coverage(learner: Learner) -> LearnerCoverage:
    """The critères de performance of every bloc, each covered by validated sheets where the
    learner performed it, only observed in them, or missing; and what the dossiers still need.

    Only validated sheets count: a draft or a submitted sheet proves nothing yet.
    """
    framework = load_framework(learner.cohort.framework)
    # A cohort's learners come with their sheets and documents loaded (`cohort_coverage`).
    sheets = [sheet for sheet in loaded_sheets(learner) if sheet.status == SheetStatus.VALIDATED]
    performed: dict[str, list[ActivitySheet]] = defaultdict(list)
    observed: dict[str, list[ActivitySheet]] = defaultdict(list)
    for sheet in sheets:
        for tag in sheet.tags.all():
            target = performed if tag.evidence == Evidence.PERFORMED else observed
            target[tag.criterion].append(sheet)
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
                state = PERFORMED if performed[code] else OBSERVED if observed[code] else MISSING
                criteria.append(
                    CriterionCoverage(criterion, state, performed[code], observed[code])
                )
                for bucket in (counts, block_counts, total):
                    bucket.add(state)
            competences.append(CompetenceCoverage(competence, criteria, counts))
        blocks.append(BlockCoverage(block, competences, block_counts))
    documents = {document.kind for document in learner.dossier_documents.all()}
    return LearnerCoverage(learner, blocks, total, dossier_needs(sheets, documents))


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
class CoverageCell:
    """One learner's state on one criterion of the cohort's map, with the link to their map."""

    learner: Learner
    state: str
    href: str  # the learner's coverage page, built once per learner (a map has thousands of cells)
    name: str


@dataclass
class CohortCriterionRow:
    criterion: PerformanceCriterion
    competence: Competence
    block: SkillBlock
    cells: list[CoverageCell]  # in the order of the learners
    counts: Counts


@dataclass
class CohortCoverage:
    cohort: Cohort
    learners: list[LearnerCoverage]
    rows: list[CohortCriterionRow]


def cohort_coverage(user: Any, cohort: Cohort) -> CohortCoverage:
    """The coverage of every learner of the cohort `user` can see, criterion by criterion."""
    learners = (
        Learner.objects.filter(pk__in=learners_of_cohort(user, cohort).values("pk"))
        .select_related("cohort")
        .prefetch_related(
            "dossier_documents",
            sheets_prefetch(),
        )
    )
    coverages = [learner_coverage(learner) for learner in learners]
    rows = []
    framework = load_framework(cohort.framework)
    cells: dict[str, list[CoverageCell]] = defaultdict(list)
    for coverage in coverages:
        learner = coverage.learner
        href = reverse("portfolio:learner_coverage", args=[learner.pk])
        for block in coverage.blocks:
            for competence in block.competences:
                for item in competence.criteria:
                    cells[item.criterion.code].append(
                        CoverageCell(learner, item.state, href, learner.full_name)
                    )
    for block in framework.skill_blocks.values():
        for competence in block.competences:
            for criterion in competence.performance_criteria:
                counts = Counts()
                for cell in cells[criterion.code]:
                    counts.add(cell.state)
                rows.append(
                    CohortCriterionRow(criterion, competence, block, cells[criterion.code], counts)
                )
    return CohortCoverage(cohort, coverages, rows)
