"""Reads of the portfolio: who sees which sheets, the coverage map, and each dossier's check.

Who reaches an activity sheet, and what they may do with it (see docs/portfolio.md):

- the learner: sees their own sheets; writes, tags, attaches files and submits them while a
  sheet is a draft or returned;
- a teacher assigned to the cohort: sees the cohort's sheets; reviews them (comments, validates,
  returns) when assigned to the exam's bloc (BC01 for E4, BC03 for E6) or to the whole class;
- the training manager and the exam office: see the centre's sheets, read-only;
- an apprenticeship master or internship tutor: sees, while the supervision runs, the sheets of
  the learners they supervise about an activity in their own company, and attests them once
  submitted;
- an administrator: everything but attesting (a company signature needs a company contact).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils.translation import gettext as _

from ndrc.companies.models import Supervision
from ndrc.contracts.selectors import InternshipTotals, internship_prefetch, internship_progress
from ndrc.core.models import Role
from ndrc.core.permissions import (
    Access,
    Action,
    centres_where,
    get_record_for,
    is_administrator,
    rule,
    today,
)
from ndrc.learners.models import Cohort, Learner, TeacherAssignment
from ndrc.portfolio.models import (
    ActivitySheet,
    Attachment,
    DossierDeadline,
    DossierExam,
    E4Nature,
    EmploymentCertificate,
    Evidence,
    ExamDossier,
    NetworkType,
    SheetStatus,
)
from ndrc.regulation.conformity import (
    EFFECT_INVALID,
    Certificate,
    ConformityResult,
    Dossier,
    Finding,
    Sheet,
    check_dossier,
)
from ndrc.regulation.errors import InputError
from ndrc.regulation.framework import (
    Competence,
    Framework,
    PerformanceCriterion,
    SkillBlock,
    load_framework,
)

# --- Access ---------------------------------------------------------------------------------


def _running_supervision(user: Any, on: date) -> Exists:
    running = Supervision.objects.filter(
        learner=OuterRef("learner"),
        contact__user=user,
        contact__company=OuterRef("company"),
        start__lte=on,
    ).filter(Q(end__isnull=True) | Q(end__gte=on))
    return Exists(running)


def visible_sheets(user: Any, *, on: date | None = None) -> QuerySet[ActivitySheet]:
    """The activity sheets `user` can reach on a date (today by default)."""
    base = ActivitySheet.objects.select_related(
        "learner", "learner__cohort", "company", "attested_by"
    ).filter(learner__erased_on__isnull=True)
    if not user.is_authenticated or not user.is_active:
        return base.none()
    if is_administrator(user):
        return base
    staff_centres = centres_where(user, Role.TRAINING_MANAGER, Role.EXAM_OFFICE)
    reach = (
        Q(learner__cohort__training_centre_id__in=staff_centres)
        | Q(learner__cohort__teacher_assignments__teacher=user)
        | Q(learner__user=user)
        | Q(_running_supervision(user, on or today()))
    )
    return base.filter(reach).distinct()


def exam_skill_block(exam: str, framework: Framework | None = None) -> str:
    """The skill block an exam assesses (E4 → BC01, E6 → BC03), from the framework's units."""
    framework = framework or load_framework()
    return framework.units[framework.exams[exam].unit].skill_block


def _relationships(user: Any, sheet: ActivitySheet, on: date) -> set[str]:
    learner = sheet.learner
    centre_id = learner.cohort.training_centre_id
    found: set[str] = set()
    if centre_id in centres_where(user, Role.TRAINING_MANAGER, Role.EXAM_OFFICE):
        found.add("staff")
    subjects = set(
        TeacherAssignment.objects.filter(teacher=user, cohort_id=learner.cohort_id).values_list(
            "subject", flat=True
        )
    )
    if subjects:
        found.add("teacher")
        if "" in subjects or exam_skill_block(sheet.exam) in subjects:
            found.add("reviewer")
    if learner.user_id is not None and learner.user_id == user.pk:
        found.add("self")
    if (
        sheet.company_id is not None
        and ActivitySheet.objects.filter(pk=sheet.pk)
        .filter(_running_supervision(user, on))
        .exists()
    ):
        found.add("attester")
    return found


def sheet_access(
    user: Any, action: Action, sheet: ActivitySheet, *, on: date | None = None
) -> Access:
    if not visible_sheets(user, on=on).filter(pk=sheet.pk).exists():
        return Access.HIDDEN
    if action in (Action.VIEW, Action.VIEW_HISTORY):
        return Access.ALLOWED
    relationships = _relationships(user, sheet, on or today())
    if action in (Action.CHANGE, Action.DELETE):
        allowed = "self" in relationships and sheet.is_editable
    elif action is Action.REVIEW:
        allowed = "reviewer" in relationships and sheet.status != SheetStatus.DRAFT
    elif action is Action.ATTEST:
        allowed = "attester" in relationships and sheet.status in (
            SheetStatus.SUBMITTED,
            SheetStatus.VALIDATED,
        )
    else:
        allowed = False
    return Access.ALLOWED if allowed else Access.DENIED


@rule(ActivitySheet)
def _sheet_rule(user: Any, action: Action, sheet: ActivitySheet) -> Access:
    return sheet_access(user, action, sheet)


@rule(Attachment)
def _attachment_rule(user: Any, action: Action, attachment: Attachment) -> Access:
    # A file is read with its sheet and changed by whoever may change the sheet.
    if action is Action.DELETE:
        action = Action.CHANGE
    return sheet_access(user, action, attachment.sheet)


def get_sheet_for(
    user: Any, pk: int, action: Action | str = Action.VIEW, *, on: date | None = None
) -> ActivitySheet:
    """The sheet `pk` if `user` may do `action` on it: Http404 out of reach, 403 if forbidden."""
    return get_record_for(
        user, visible_sheets(user, on=on), pk, action, not_found="Fiche introuvable."
    )


def get_attachment_for(user: Any, pk: int, action: Action | str = Action.VIEW) -> Attachment:
    attachments = Attachment.objects.select_related("sheet").filter(sheet__in=visible_sheets(user))
    return get_record_for(user, attachments, pk, action, not_found="Pièce jointe introuvable.")


def sheets_of(learner: Learner) -> QuerySet[ActivitySheet]:
    """All sheets of a learner with their tags (the caller has checked the learner is visible)."""
    return learner.activity_sheets.select_related("company", "attested_by").prefetch_related("tags")


def _sheets_prefetch() -> Prefetch:
    """The sheets of a cohort's learners, loaded at once as `sheets_of` reads them one by one."""
    return Prefetch(
        "activity_sheets",
        queryset=ActivitySheet.objects.select_related("company", "attested_by").prefetch_related(
            "tags"
        ),
        to_attr="prefetched_sheets",
    )


def _loaded_sheets(learner: Learner) -> list[ActivitySheet] | QuerySet[ActivitySheet]:
    """The learner's sheets: those `_sheets_prefetch` loaded with the cohort, else queried."""
    sheets = getattr(learner, "prefetched_sheets", None)
    return sheets_of(learner) if sheets is None else sheets


def sheets_to_attest(user: Any, *, on: date | None = None) -> QuerySet[ActivitySheet]:
    """The sheets a company contact may attest now: submitted or validated, not yet attested."""
    if not user.is_authenticated:
        return ActivitySheet.objects.none()
    return (
        ActivitySheet.objects.select_related("learner", "company")
        .filter(learner__erased_on__isnull=True, attested_by__isnull=True)
        .filter(status__in=(SheetStatus.SUBMITTED, SheetStatus.VALIDATED))
        .filter(_running_supervision(user, on or today()))
    )


def sheets_to_review(user: Any) -> QuerySet[ActivitySheet]:
    """Submitted sheets a teacher may review: of the cohorts they are assigned to, for the
    exam's bloc (BC01 for E4, BC03 for E6) or for the whole class (as `sheet_access`)."""
    blocs = Q()
    for exam in DossierExam.values:
        subjects = ("", exam_skill_block(exam))
        blocs |= Q(exam=exam, learner__cohort__teacher_assignments__subject__in=subjects)
    # One filter() call: the teacher and the subject are those of the same assignment.
    return (
        visible_sheets(user)
        .filter(status=SheetStatus.SUBMITTED)
        .filter(Q(learner__cohort__teacher_assignments__teacher=user) & blocs)
        .distinct()
    )


# --- Coverage map ---------------------------------------------------------------------------

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
    sheets = [sheet for sheet in _loaded_sheets(learner) if sheet.status == SheetStatus.VALIDATED]
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


@dataclass
class CohortCriterionRow:
    criterion: PerformanceCriterion
    competence: Competence
    block: SkillBlock
    cells: list[tuple[Learner, str]]  # (learner, state), in the order of the learners
    counts: Counts


@dataclass
class CohortCoverage:
    cohort: Cohort
    learners: list[LearnerCoverage]
    rows: list[CohortCriterionRow]


def cohort_coverage(user: Any, cohort: Cohort) -> CohortCoverage:
    """The coverage of every learner of the cohort `user` can see, criterion by criterion."""
    learners = (
        Learner.objects.filter(pk__in=_visible_learner_ids(user, cohort))
        .select_related("cohort")
        .prefetch_related(
            "dossier_documents",
            _sheets_prefetch(),
        )
    )
    coverages = [learner_coverage(learner) for learner in learners]
    rows = []
    framework = load_framework(cohort.framework)
    cells: dict[str, list[tuple[Learner, str]]] = defaultdict(list)
    for coverage in coverages:
        for block in coverage.blocks:
            for competence in block.competences:
                for item in competence.criteria:
                    cells[item.criterion.code].append((coverage.learner, item.state))
    for block in framework.skill_blocks.values():
        for competence in block.competences:
            for criterion in competence.performance_criteria:
                counts = Counts()
                for _learner, state in cells[criterion.code]:
                    counts.add(state)
                rows.append(
                    CohortCriterionRow(criterion, competence, block, cells[criterion.code], counts)
                )
    return CohortCoverage(cohort, coverages, rows)


def _visible_learner_ids(user: Any, cohort: Cohort) -> QuerySet:
    from ndrc.learners.selectors import learners_of_cohort

    return learners_of_cohort(user, cohort).values("pk")


# --- Dossier conformity ---------------------------------------------------------------------

# Before the deadline, a dossier not yet filed (nor visaed by the centre) is work to do, not a
# risk; every other finding is (docs/portfolio.md).
AT_RISK, PENALTY_RISK, ON_TRACK, UNCHECKED = "at_risk", "penalty_risk", "on_track", "unchecked"
VISA_MISSING = "Visa et signature de l'établissement non enregistrés."


@dataclass
class DossierCheck:
    learner: Learner
    exam: str
    on: date
    deadline: date | None
    sheets: list[ActivitySheet]  # the sheets the dossier would hold, in the national order
    result: ConformityResult | None
    risk: str  # at_risk | penalty_risk | on_track | unchecked
    findings: list[Finding]  # the findings that matter on the date asked
    pending: list[str]  # what is still to do and not yet a risk
    notes: list[str]  # why the application gave the engine what it gave
    error: str = ""
    practice: InternshipTotals | None = None  # the internship figures the check used

    @property
    def days_left(self) -> int | None:
        return None if self.deadline is None else (self.deadline - self.on).days


def dossier_sheets(learner: Learner, exam: str) -> list[ActivitySheet]:
    """The sheets of the learner's dossier: for each nature (E4) or network type (E6), in the
    national order, the best validated sheet — attested first, then relating a real network
    experience, then complete, then the latest validated."""
    kinds = E4Nature if exam == DossierExam.E4 else NetworkType
    # A cohort's learners come with their sheets loaded by `conformity_prefetch()`.
    validated = [
        s for s in _loaded_sheets(learner) if s.exam == exam and s.status == SheetStatus.VALIDATED
    ]
    chosen = []
    for kind in kinds:
        candidates = [s for s in validated if s.kind == kind.value]
        if candidates:
            chosen.append(
                max(
                    candidates,
                    key=lambda s: (
                        s.is_attested,
                        s.real_network_experience,
                        s.is_complete,
                        s.validated_on or date.min,
                        s.pk,
                    ),
                )
            )
    return chosen


def build_dossier(
    learner: Learner, exam: str, *, deadline: date
) -> tuple[Dossier, list[ActivitySheet], list[str], InternshipTotals]:
    """The conformity control's input for a learner's dossier, from the application's records.

    Returns the engine's `Dossier`, the sheets it holds, notes saying where each value came
    from, and the internship totals of the contracts app it used (category on the deadline).
    Raises `InputError` when the learner has no candidate category on the deadline.
    """
    framework = load_framework(learner.cohort.framework)
    block = exam_skill_block(exam, framework)
    category = learner.category_on(deadline)
    if category is None:
        raise InputError(
            f"{learner} : aucune catégorie de candidat à la date limite du {deadline:%d/%m/%Y}"
        )
    sheets = dossier_sheets(learner, exam)
    notes = []
    engine_sheets = []
    for sheet in sheets:
        covers = any(tag.criterion.startswith(f"{block}-") for tag in sheet.tags.all())
        if not covers:
            notes.append(
                _("Fiche « %(title)s » : aucun critère du bloc %(block)s indiqué.")
                % {"title": sheet.title, "block": block}
            )
        missing = sheet.missing_headings()
        if missing:
            notes.append(f"Fiche « {sheet.title} » : rubriques vides : {', '.join(missing)}.")
        engine_sheets.append(
            Sheet(
                nature=sheet.kind,
                complete=not missing,
                real_network_experience=sheet.real_network_experience,
                covers_activity_area=covers,
            )
        )
    filing = filing_of(learner, exam)
    unattested = [s for s in sheets if not s.is_attested]
    for sheet in unattested:
        notes.append(f"Fiche « {sheet.title} » : attestation de l'entreprise manquante.")
    visa = filing is not None and filing.signed
    if not visa:
        notes.append(VISA_MISSING)
    practice = internship_progress(learner, on=deadline, category=category)
    certificates = practice_certificates(learner, practice)
    if practice.reduction_error:
        notes.append(
            _("Réduction de la durée de stage non appliquée : %(error)s.")
            % {"error": practice.reduction_error}
        )
    documents = {d.kind: d.pages for d in learner.dossier_documents.all()}
    is_e6 = exam == DossierExam.E6
    dossier = Dossier(
        exam=exam,
        candidate_category=category,
        deadline=deadline,
        deposited_on=filing.deposited_on if filing else None,
        certificates=certificates,
        sheets=tuple(engine_sheets),
        # The company's attestation is the signature of each sheet (docs/portfolio.md).
        signed=visa and not unattested,
        internship_reduced_to_weeks=practice.reduced_to_weeks,
        reflective_study_pages=(documents.get("reflective_study") or None) if is_e6 else None,
        professional_dossier_pages=(
            (documents.get("professional_dossier") or None) if is_e6 else None
        ),
    )
    return dossier, sheets, notes, practice


def practice_certificates(learner: Learner, practice: InternshipTotals) -> tuple[Certificate, ...]:
    """The proofs of practice of the dossier, each from where it is recorded: the internship
    certificates (weeks from their dates, as the alternance page counts them) and the
    apprenticeship contracts of the contracts app, the certificates of employment here."""
    certificates = [
        Certificate(kind="internship", signed=True, weeks=_decimal(item.weeks))
        for item in practice.certificates
    ]
    # A contract is recorded once signed; its copy is the apprentice's proof (annexe III b, II.2).
    certificates += [
        Certificate(kind="apprenticeship_contract", signed=True)
        for _contract in practice.apprenticeship_contracts
    ]
    certificates += [
        Certificate(
            kind="employment",
            signed=employment.signed,
            months_full_time=employment.months_full_time,
            months_part_time=employment.months_part_time,
        )
        for employment in learner.employment_certificates.all()
    ]
    return tuple(certificates)


def _decimal(value: Fraction) -> Decimal:
    # Weeks are fifths (working days / 5): the division is exact.
    return Decimal(value.numerator) / Decimal(value.denominator)


def check_learner_dossier(
    learner: Learner, exam: str, *, on: date, deadline: date | None
) -> DossierCheck:
    """Run the conformity control on what the application knows of a learner's dossier, on a
    date, and say whether it is at risk (an NV cause that is not just "not filed yet")."""
    check = DossierCheck(learner, exam, on, deadline, [], None, UNCHECKED, [], [], [])
    if deadline is None:
        check.error = _("Date limite de dépôt non fixée pour cette promotion.")
        return check
    try:
        dossier, check.sheets, check.notes, check.practice = build_dossier(
            learner, exam, deadline=deadline
        )
        check.result = check_dossier(dossier)
    except InputError as error:
        check.error = str(error)
        return check
    open_filing = dossier.deposited_on is None and on <= deadline
    only_visa_missing = all(s.is_attested for s in check.sheets)
    for finding in check.result.findings:
        if open_filing and finding.code == "not_filed":
            check.pending.append(_("Dossier à déposer."))
        elif open_filing and finding.code == "dossier_unsigned" and only_visa_missing:
            check.pending.append(_("Dossier à faire viser par l'établissement."))
            check.notes.remove(VISA_MISSING)
        else:
            check.findings.append(finding)
    effects = {f.effect for f in check.findings}
    if EFFECT_INVALID in effects:
        check.risk = AT_RISK
    elif effects:
        check.risk = PENALTY_RISK
    else:
        check.risk = ON_TRACK
    return check


def cohort_conformity(user: Any, cohort: Cohort, exam: str, *, on: date) -> list[DossierCheck]:
    """The dossier check of every learner of the cohort `user` can see, those at risk first."""
    deadline = (
        DossierDeadline.objects.filter(cohort=cohort, exam=exam)
        .values_list("date", flat=True)
        .first()
    )
    learners = (
        Learner.objects.filter(pk__in=_visible_learner_ids(user, cohort))
        .select_related("cohort")
        .prefetch_related(*conformity_prefetch())
    )
    checks = [check_learner_dossier(lr, exam, on=on, deadline=deadline) for lr in learners]
    order = {AT_RISK: 0, PENALTY_RISK: 1, UNCHECKED: 2, ON_TRACK: 3}
    return sorted(checks, key=lambda c: order[c.risk])


def conformity_prefetch() -> tuple[str | Prefetch, ...]:
    """What the dossier check reads of a learner, to load for a whole cohort at once (one
    query per relation instead of several per learner and exam)."""
    return (
        "category_periods",
        "employment_certificates",
        "dossier_documents",
        _filings_prefetch(),
        _sheets_prefetch(),
        *internship_prefetch(),
    )


def _filings_prefetch() -> Prefetch:
    """The learner's exam dossiers (filing, visa), as `filing_of` reads them."""
    return Prefetch(
        "exam_dossiers", queryset=ExamDossier.objects.all(), to_attr="prefetched_filings"
    )


def deadline_of(cohort: Cohort, exam: str) -> DossierDeadline | None:
    return DossierDeadline.objects.filter(cohort=cohort, exam=exam).first()


@dataclass
class LearnerDossier:
    """Everything the page of one learner's E4 or E6 dossier shows."""

    learner: Learner
    exam: str
    deadline: DossierDeadline | None
    check: DossierCheck
    practice: InternshipTotals  # the running total, as on the alternance page
    filing: ExamDossier | None
    employment_certificates: list[EmploymentCertificate]


def learner_dossier(learner: Learner, exam: str, *, on: date) -> LearnerDossier:
    """The dossier check of a learner on `on`, with the records it was built from."""
    # The check and the page both read the filing: load it once.
    prefetch_related_objects([learner], _filings_prefetch())
    deadline = deadline_of(learner.cohort, exam)
    check = check_learner_dossier(
        learner, exam, on=on, deadline=deadline.date if deadline else None
    )
    # Without a deadline (or a category on it) the totals are those of the day.
    practice = check.practice or internship_progress(learner, on=on)
    return LearnerDossier(
        learner=learner,
        exam=exam,
        deadline=deadline,
        check=check,
        practice=practice,
        filing=filing_of(learner, exam),
        employment_certificates=list(employment_certificates_of(learner)),
    )


@rule(ExamDossier)
@rule(EmploymentCertificate)
def _exam_dossier_rule(
    user: Any, action: Action, record: ExamDossier | EmploymentCertificate
) -> Access:
    # The dossier, its pieces (and its PDF) are read by those who follow the learner's
    # assessment; they are recorded by whoever manages the learner's record.
    # `learner_access` hides a learner out of reach whatever the action asked.
    from ndrc.learners.selectors import learner_access

    if action in (Action.VIEW, Action.VIEW_HISTORY):
        return learner_access(user, Action.VIEW_GRADES, record.learner)
    return learner_access(user, Action.CHANGE, record.learner)


def get_employment_certificate_for(
    user: Any, pk: int, action: Action | str = Action.VIEW
) -> EmploymentCertificate:
    """The certificate of employment `pk` if `user` may do `action` on it (404 / 403)."""
    return get_record_for(
        user,
        EmploymentCertificate.objects.select_related("learner"),
        pk,
        action,
        not_found="Certificat de travail introuvable.",
    )


def employment_certificates_of(learner: Learner) -> QuerySet[EmploymentCertificate]:
    return learner.employment_certificates.select_related("company")


def filing_of(learner: Learner, exam: str) -> ExamDossier | None:
    if hasattr(learner, "prefetched_filings"):  # conformity_prefetch()
        return next((f for f in learner.prefetched_filings if f.exam == exam), None)
    return ExamDossier.objects.filter(learner=learner, exam=exam).first()
