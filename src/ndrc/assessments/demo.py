"""CCF situations of the demo population (2nd-year cohort, session 2027), through the services.

- Lucas Bernard, E4 situation A (17/11/2026): held, grid complete, grade 14,5 proposed and
  confirmed; his apprenticeship master Sophie Laurent sat in the commission, not responsible.
- Nathan Durand, E4 situation A (17/11/2026): held, grid half rated (no grade yet).
- Emma Petit, E4 situation A (12/01/2027): planned.
- Lucas Bernard, E6 situations A and B (02/03/2027, 16/03/2027): planned.
The teacher `enseignant` (BC01 and BC03 of the 2nd year) is the responsible member throughout.
"""

from datetime import date

from django.db import transaction

from ndrc.assessments import services
from ndrc.assessments.models import AssessmentSituation, Level
from ndrc.assessments.selectors import grid_of

PLACE = "Salle B12 — Lycée Jean Monnet"


def create_demo_assessments(population) -> list[AssessmentSituation]:
    """Create the demo situations once; later calls change nothing."""
    learners = population.learners
    existing = AssessmentSituation.objects.filter(learner__cohort=population.second_year)
    if existing.exists():
        return list(existing)
    manager = population.users["responsable"]
    teacher = population.users["enseignant"]
    master = population.users["maitre"]
    with transaction.atomic():
        bernard = services.plan_situation(
            learner=learners["bernard"],
            exam="E4",
            situation="A",
            date=date(2026, 11, 17),
            place=PLACE,
            members=[teacher, master],
            by=manager,
        )
        durand = services.plan_situation(
            learner=learners["durand"],
            exam="E4",
            situation="A",
            date=date(2026, 11, 17),
            place=PLACE,
            members=[teacher],
            by=manager,
        )
        services.plan_situation(
            learner=learners["petit"],
            exam="E4",
            situation="A",
            date=date(2027, 1, 12),
            place=PLACE,
            members=[teacher, master],
            by=manager,
        )
        for code, day in (("A", date(2027, 3, 2)), ("B", date(2027, 3, 16))):
            services.plan_situation(
                learner=learners["bernard"],
                exam="E6",
                situation=code,
                date=day,
                place=PLACE,
                members=[teacher],
                by=manager,
            )
        for situation in (bernard, durand):
            services.mark_held(situation=situation, by=teacher)
        levels = [Level.SATISFACTORY, Level.VERY_SATISFACTORY, Level.SATISFACTORY]
        for index, row in enumerate(r for r in grid_of(bernard) if r.assessed):
            services.rate_criterion(
                situation=bernard, criterion=row.code, level=levels[index % 3], by=teacher
            )
        for row in grid_of(durand):
            if row.competence == "BC01-C1":
                services.rate_criterion(
                    situation=durand, criterion=row.code, level=Level.INSUFFICIENT, by=teacher
                )
        services.propose_grade(
            situation=bernard,
            grade="14.5",
            observations="Ciblage pertinent, veille bien exploitée ; bilan réflexif à étoffer.",
            by=teacher,
        )
        seen = services.proposal_version(bernard)  # the teacher confirms what they proposed
        services.confirm_grade(situation=bernard, seen=seen, by=teacher)
    return list(existing)
