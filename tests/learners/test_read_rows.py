"""A page's rows of learners, their periods and supervisions read as values (`read_rows`), say
what the rows read through the models say (`learner_rows`): the same status, companies and
people, on any day (issue 12)."""

from datetime import date, timedelta

from ndrc.learners.models import Learner
from ndrc.learners.selectors import learner_rows, read_rows, shown_rows, visible_learners


def _shown(rows) -> list[tuple]:
    return [
        (
            row.learner.pk,
            row.learner.cohort.name,
            row.category,
            row.category_label,
            row.companies,
            row.supervisors,
            [s.contact.company_id for s in row.supervisions],
        )
        for row in rows
    ]


def test_a_pages_rows_say_what_the_models_say(demo):
    learners = shown_rows(visible_learners(demo.users["responsable"]))
    first = min(Learner.objects.values_list("cohort__first_year_start", flat=True))
    days = [first + timedelta(days=days) for days in range(-30, 3 * 365, 45)]
    assert any(row.supervisions for row in learner_rows(learners, on=date(2026, 1, 10)))
    for on in days:
        rows = read_rows(learners, on=on)
        assert _shown(rows) == _shown(learner_rows(learners, on=on)), on
    assert read_rows([], on=days[0]) == []
