"""Reads of the portfolio, by subject: who sees which activity sheets (`sheets`), the coverage
map (`coverage`), and each dossier's conformity (`conformity`). The names other apps read are
importable from here."""

from ndrc.portfolio.selectors.conformity import (
    AT_RISK,
    ON_TRACK,
    PENALTY_RISK,
    UNCHECKED,
    CheckLines,
    CohortDossiers,
    DossierCheck,
    check_learner_dossier,
    cohort_conformity,
    cohorts_conformity,
    cohorts_dossiers,
    deadline_of,
    dossier_deadlines,
    dossier_sheets,
    get_employment_certificate_for,
    learner_dossier,
)
from ndrc.portfolio.selectors.coverage import (
    DossierNeeds,
    cohort_coverage,
    learner_coverage,
    learner_dossier_needs,
)
from ndrc.portfolio.selectors.sheets import (
    exam_skill_block,
    get_attachment_for,
    get_sheet_for,
    own_sheets,
    sheet_lines,
    sheets_to_attest,
    sheets_to_review,
    visible_sheets,
)

__all__ = [
    "AT_RISK",
    "ON_TRACK",
    "PENALTY_RISK",
    "UNCHECKED",
    "CheckLines",
    "CohortDossiers",
    "DossierCheck",
    "DossierNeeds",
    "check_learner_dossier",
    "cohort_conformity",
    "cohort_coverage",
    "cohorts_conformity",
    "cohorts_dossiers",
    "deadline_of",
    "dossier_deadlines",
    "dossier_sheets",
    "exam_skill_block",
    "get_attachment_for",
    "get_employment_certificate_for",
    "get_sheet_for",
    "learner_coverage",
    "learner_dossier",
    "learner_dossier_needs",
    "own_sheets",
    "sheet_lines",
    "sheets_to_attest",
    "sheets_to_review",
    "visible_sheets",
]
