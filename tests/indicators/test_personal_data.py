"""What the indicators hold about a person is in their personal data export, and an anonymous
answer is not; erasing the person clears what the indicators say of them in words, and their
figures still count."""

from datetime import UTC, date, datetime

from ndrc.core.models import AuditEntry
from ndrc.indicators import services
from ndrc.indicators.models import Invitation, QuestionKind, Response, SurveyKind
from ndrc.indicators.selectors import indicators_by_year
from ndrc.learners.models import Learner
from ndrc.learners.personal_data import erase_person, export_person
from tests.indicators.test_facts import ON


def test_the_export_holds_the_situation_and_the_invitations_not_the_anonymous_answer(
    indicators,
):
    muller = Learner.objects.get(last_name="Muller")
    records = export_person(muller, by=indicators.users["responsable"])["records"]
    [situation] = records["indicators.leaversituation"]
    assert situation["detail"] == "Rhône Distribution, attaché commercial"
    invitations = records["indicators.invitation"]
    assert len(invitations) == 2  # the learners' questionnaire and the six-month survey
    # The anonymous questionnaire's answer is tied to nobody, so it is not his to export.
    assert all(invitation["records"] == {} for invitation in invitations)
    assert "email" not in invitations[0]


def _texts_in_the_journal(*texts):
    return [
        entry.pk
        for entry in AuditEntry.objects.all()
        for text in texts
        if text in str(entry.before) or text in str(entry.after)
    ]


def test_erasure_clears_the_situation_the_interruption_note_and_free_answers(indicators):
    manager = indicators.users["responsable"]
    muller = Learner.objects.get(last_name="Muller")
    henry = Learner.objects.get(last_name="Henry", cohort__exam_session=2026)
    services.record_interruption(
        learner=henry,
        left_on=date(2024, 12, 20),
        reason="no_employer",
        note="Départ pour raisons familiales à Marseille",
        by=manager,
    )
    # A named questionnaire answered by Muller, with a free answer.
    now = datetime(2026, 12, 5, 10, tzinfo=UTC)
    survey = services.create_survey(
        centre=indicators.centre, kind=SurveyKind.LEARNERS, year=2026, title="Avis nominatif",
        anonymous=False, closes_on=date(2026, 12, 31), cohort=None, created_at=now, by=manager,
    )  # fmt: skip
    services.send_survey(survey=survey, base_url="http://testserver/", now=now, by=manager)
    overall = survey.questions.get(overall=True).pk
    free = survey.questions.get(kind=QuestionKind.TEXT).pk
    services.answer_questionnaire(
        invitation=Invitation.objects.get(survey=survey, learner=muller),
        answers={overall: 4, free: "Mon tuteur Paul"},
        now=now,
    )
    before = indicators_by_year(centre=indicators.centre, years=[2026], on=ON)[0]
    erase_person(muller, by=manager, on=ON)
    erase_person(henry, by=manager, on=ON)
    muller.refresh_from_db()
    henry.refresh_from_db()
    assert muller.six_month_situation.detail == ""
    assert muller.six_month_situation.situation == "employed"  # still counted
    assert henry.training_interruption.note == ""
    assert (
        _texts_in_the_journal(
            "Rhône Distribution, attaché commercial", "raisons familiales", "Mon tuteur Paul"
        )
        == []
    )
    response = Response.objects.get(invitation__learner=muller, survey=survey)
    assert str(free) not in response.answers
    assert response.answers[str(overall)] == 4 and response.satisfied
    after = indicators_by_year(centre=indicators.centre, years=[2026], on=ON)[0]
    for name in ("employment_rate", "interruption_rate", "continuation_rate"):
        assert after.indicators[name].rate == before.indicators[name].rate, name
