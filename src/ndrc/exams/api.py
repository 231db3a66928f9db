"""The exam sessions in the JSON API (a django-ninja router mounted by `ndrc.api.api`).

A learner's CCF grades and exam results are proposals to the jury until the results are
published: before that, the learner reads their situations and registration without them
(`grade` and `decision` are null), as on the pages. Staff read them as the pages show them.
A learner's exam results exist only for those who reach them on the pages (the exam office and
the training manager of the learner's centre, administrators, the learner): 404 for the others.
"""

from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from ndrc.core.permissions import Action, can
from ndrc.exams import selectors
from ndrc.learners.selectors import get_learner_for

router = Router(tags=["examens"])


class SessionOut(Schema):
    id: int
    year: int
    training_centre: str
    state: str
    registration_deadline: Any
    publication_at: Any


class StatisticsOut(Schema):
    year: int
    training_centre: str
    category: str
    registered: int
    present: int
    admitted: int
    pass_rate: Decimal | None


class ResultOut(Schema):
    session: int
    number: str
    units: list[str]
    published: bool
    decision: str | None
    average: Decimal | None
    units_obtained: list[str] | None


class SituationOut(Schema):
    id: int
    exam: str
    situation: str
    date: Any
    status: str
    grade: Decimal | None
    observations: str | None


@router.get("/exam-sessions", response=list[SessionOut])
def list_sessions(request: HttpRequest):
    return [
        {
            "id": s.pk,
            "year": s.year,
            "training_centre": s.training_centre.name,
            "state": s.state,
            "registration_deadline": s.registration_deadline,
            "publication_at": s.publication_at,
        }
        for s in selectors.visible_sessions(request.auth)
    ]


@router.get("/exam-sessions/{session_id}/statistics", response=list[StatisticsOut])
def statistics(request: HttpRequest, session_id: int):
    session = selectors.get_session_for(request.auth, session_id, Action.VIEW_GRADES)
    return [
        {**row.__dict__, "pass_rate": row.pass_rate}
        for row in selectors.session_statistics(exam_sessions=[session])
    ]


@router.get("/learners/{learner_id}/exam-results", response=list[ResultOut])
def exam_results(request: HttpRequest, learner_id: int):
    learner = get_learner_for(request.auth, learner_id)
    if not selectors.reads_exam_results(request.auth, learner):
        raise Http404  # as the exam pages: teachers, masters and tutors have none
    results = []
    registrations = selectors.visible_registrations(request.auth).filter(learner=learner)
    for registration in registrations.prefetch_related("decisions"):
        shown = can(request.auth, Action.VIEW_GRADES, registration)
        decision = selectors.current_decision(registration) if shown else None
        results.append(
            {
                "session": registration.session.year,
                "number": registration.number,
                "units": registration.units,
                "published": selectors.results_published(
                    learner, exam_session=registration.session
                ),
                "decision": decision.decision if decision else None,
                "average": decision.average if decision else None,
                "units_obtained": decision.units_obtained if decision else None,
            }
        )
    return results


@router.get("/learners/{learner_id}/ccf-situations", response=list[SituationOut])
def ccf_situations(request: HttpRequest, learner_id: int):
    from ndrc.assessments.selectors import visible_situations

    learner = get_learner_for(request.auth, learner_id)
    situations = visible_situations(request.auth).filter(learner=learner).order_by("date")
    return [
        {
            "id": s.pk,
            "exam": s.exam,
            "situation": s.situation,
            "date": s.date,
            "status": s.status,
            "grade": s.grade if (shown := can(request.auth, Action.VIEW_GRADES, s)) else None,
            "observations": s.observations if shown else None,
        }
        for s in situations
    ]
