"""Activity sheets: who sees which, what they may do with it, and the sheets to act on.

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

import operator
from collections import defaultdict
from datetime import date
from functools import reduce
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.lookups import Exact

from ndrc.companies.selectors import running_supervisions, supervisions_running
from ndrc.core.audit import REDACTED
from ndrc.core.permissions import (
    Access,
    Action,
    get_record_for,
    is_administrator,
    kept,
    rule,
    today,
)
from ndrc.learners.models import Learner, TeacherAssignment
from ndrc.learners.personal_data import erases, erasure_deletes
from ndrc.learners.selectors import (
    NO_BRANCH,
    Taught,
    is_own_record,
    of_centres,
    own_record,
    reach_of,
    reaches_every_record_of,
    staff_centres,
    taught_by,
)
from ndrc.portfolio.models import (
    ActivitySheet,
    Attachment,
    DossierDocument,
    DossierExam,
    EmploymentCertificate,
    SheetComment,
    SheetStatus,
)
from ndrc.regulation.framework import Framework, load_framework


def _supervised_by(user: Any, on: date) -> dict[int, set[int]]:
    """company id → the learners `user` supervises on `on` as a contact of that company, from
    the supervisions they hold that day (read once for the request)."""
    learners_by_company: dict[int, set[int]] = defaultdict(set)
    for supervision in running_supervisions(user, on=on):
        learners_by_company[supervision.contact.company_id].add(supervision.learner_id)
    return learners_by_company


def _running_supervision(user: Any, on: date) -> Q:
    """The sheets of a learner `user` supervises on `on`, about an activity in the company
    they are a contact of. Once their supervisions are read for the request, asked by the
    sheets' keys (the learner's index; a subquery there let SQLite scan every sheet),
    `NO_BRANCH` when they supervise nobody that day; before, asked of the supervisions in the
    query (a reader who is no company contact, the most, reads none)."""
    if kept(user, ("running_supervisions", on)) is None:
        return Q(
            Exists(
                supervisions_running(user, on=on).filter(
                    learner=OuterRef("learner"), contact__company=OuterRef("company")
                )
            )
        )
    return reach_of(
        *(
            Q(company_id=company, learner_id__in=sorted(learners))
            for company, learners in _supervised_by(user, on).items()
        )
    )


def _sheets_for(user: Any) -> QuerySet[ActivitySheet]:
    """The sheets of the learners not erased; none for a visitor or a deactivated account."""
    base = ActivitySheet.objects.filter(learner__erased_on__isnull=True)
    return base if user.is_authenticated and user.is_active else base.none()


def _shown(user: Any) -> QuerySet[ActivitySheet]:
    return _sheets_for(user).select_related("learner", "learner__cohort", "company", "attested_by")


def _own(user: Any) -> Q:
    """A learner reaches their own sheets (`own_record`)."""
    return own_record(user, "learner__user")


def visible_sheets(
    user: Any, *, on: date | None = None, learner: Learner | None = None
) -> QuerySet[ActivitySheet]:
    """The activity sheets `user` can reach on a date (today by default). Given `learner` (read
    within `user`'s reach, with its cohort), those of the learner."""
    base = _shown(user)
    if learner is not None:
        base = base.filter(learner=learner)
        if reaches_every_record_of(user, learner):
            return base  # no condition to build nor compile
    if not user.is_authenticated or not user.is_active or is_administrator(user):
        return base  # none, or all
    reach = reach_of(
        of_centres(staff_centres(user), "learner__cohort__training_centre_id"),
        taught_by(user, "learner__cohort"),
        _own(user),
        _running_supervision(user, on or today()),
    )
    return base.none() if reach is NO_BRANCH else base.filter(reach)


def own_sheets(user: Any) -> QuerySet[ActivitySheet]:
    """`user`'s own sheets as a learner: the one way of `visible_sheets` that reaches them
    (the others, which cost the query a supervision's subquery and a DISTINCT, not asked)."""
    return _shown(user).filter(_own(user))


def exam_skill_block(exam: str, framework: Framework | None = None) -> str:
    """The skill block an exam assesses (E4 → BC01, E6 → BC03), from the framework's units."""
    framework = framework or load_framework()
    return framework.units[framework.exams[exam].unit].skill_block


def _relationships(user: Any, sheet: ActivitySheet, on: date) -> set[str]:
    learner = sheet.learner
    centre_id = learner.cohort.training_centre_id
    found: set[str] = set()
    if centre_id in staff_centres(user):
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
    if is_own_record(user, learner):
        found.add("self")
    if learner.pk in _supervised_by(user, on).get(sheet.company_id, ()):
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


def sheets_prefetch() -> Prefetch:
    """The sheets of a cohort's learners, loaded at once as `sheets_of` reads them one by one."""
    return Prefetch(
        "activity_sheets",
        queryset=ActivitySheet.objects.select_related("company", "attested_by").prefetch_related(
            "tags"
        ),
        to_attr="prefetched_sheets",
    )


def loaded_sheets(learner: Learner) -> list[ActivitySheet] | QuerySet[ActivitySheet]:
    """The learner's sheets: those `sheets_prefetch` loaded with the cohort, else queried."""
    sheets = getattr(learner, "prefetched_sheets", None)
    return sheets_of(learner) if sheets is None else sheets


def sheets_to_attest(user: Any, *, on: date | None = None) -> QuerySet[ActivitySheet]:
    """The sheets a company contact may attest now: submitted or validated, not yet attested."""
    if not user.is_authenticated:
        return ActivitySheet.objects.none()
    on = on or today()
    running_supervisions(user, on=on)  # read for the request: the sheets asked by their keys
    supervised = _running_supervision(user, on)
    if supervised is NO_BRANCH:  # nobody's: no query to build
        return ActivitySheet.objects.none()
    return (
        ActivitySheet.objects.select_related("learner", "company")
        .filter(learner__erased_on__isnull=True, attested_by__isnull=True)
        .filter(status__in=(SheetStatus.SUBMITTED, SheetStatus.VALIDATED))
        .filter(supervised)
    )


# What a line of a list of sheets to act on shows (the portfolio's first page, the dashboards):
# the sheet's exam, title and submission day, and its learner's name; not its texts, its
# company, the learner's cohort.
SHEET_LINE = (
    "exam",
    "title",
    "submitted_on",
    "learner",
    "learner__first_name",
    "learner__last_name",
)


def sheet_lines(sheets: QuerySet[ActivitySheet]) -> QuerySet[ActivitySheet]:
    """`sheets` read as their lines show them (`SHEET_LINE`), joined to their learner alone."""
    return sheets.select_related(None).select_related("learner").only(*SHEET_LINE)


# What a line of a learner's portfolio shows (`portfolio/learner.html`): the sheet's exam,
# title, kind (`ActivitySheet.kind_label`), status and attestation (`is_attested`, its day);
# not its texts, its learner (the page's), its company, who attested it.
PORTFOLIO_LINE = ("exam", "title", "nature", "network_type", "status", "attested_by", "attested_on")


def portfolio_lines(sheets: QuerySet[ActivitySheet]) -> QuerySet[ActivitySheet]:
    """`sheets` of one learner read as the lines of their portfolio show them
    (`PORTFOLIO_LINE`), joined to nothing."""
    return sheets.select_related(None).only(*PORTFOLIO_LINE)


def sheets_to_review(user: Any, *, taught: Taught | None = None) -> QuerySet[ActivitySheet]:
    """Submitted sheets a teacher may review: of the cohorts they are assigned to, for the
    exam's bloc (BC01 for E4, BC03 for E6) or for the whole class (as `sheet_access`), those
    waiting the longest first. `taught`: `user`'s assignments, when the page read them
    (`learners.selectors.taught_by`)."""
    # The subject of an assignment that lets a teacher review a sheet, and the exam of the sheets
    # it does: the whole class (no subject) any exam's, a bloc its exam's.
    reviewing = [("", None), *((exam_skill_block(exam), exam) for exam in DossierExam.values)]
    if taught is None:
        # One subquery of the teacher's assignments asks it, whichever the exam.
        blocs = reduce(
            operator.or_,
            (
                Q(subject=subject)
                if exam is None
                else Q(Exact(OuterRef("exam"), exam), subject=subject)
                for subject, exam in reviewing
            ),
        )
        reach = taught_by(user, "learner__cohort", blocs)
    else:
        # The cohorts of each subject, as the assignments read give them: no subquery.
        branches = []
        for subject, exam in reviewing:
            branch = taught_by(user, "learner__cohort", subjects=(subject,), taught=taught)
            branches.append(
                branch if branch is NO_BRANCH or exam is None else branch & Q(exam=exam)
            )
        reach = reach_of(*branches)
    # The assignment to the cohort is what makes its sheets visible to a teacher
    # (`visible_sheets`): the other ways to reach a sheet, which cost the query a supervision's
    # subquery, are not asked again. The lists show the learner and the cohort of each sheet.
    return (
        _sheets_for(user)
        .select_related("learner__cohort")
        .filter(status=SheetStatus.SUBMITTED)
        .filter(reach)
        .order_by("submitted_on", "pk")
    )


# Erasure of a person (learners.personal_data.erase_person): their sheets stay (the conformity
# of the exam dossier counts them: dates, company, nature, status); what they wrote goes, with
# what was written to them and the files they joined.
SHEET_TEXTS = ("upstream_analysis", "information_analysis", "reflective_analysis", "context",
               "diagnosis", "actions", "methods", "results", "recommendations")  # fmt: skip


@erases(ActivitySheet)
def _sheet_texts(sheet: ActivitySheet) -> dict[str, Any]:
    return {name: "" for name in SHEET_TEXTS} | {"title": REDACTED}


@erases(EmploymentCertificate)
def _certificate_texts(certificate: EmploymentCertificate) -> dict[str, Any]:
    return {"note": ""}


erasure_deletes(SheetComment)
erasure_deletes(Attachment)
erasure_deletes(DossierDocument)
