"""What the indicators hold about a person is in their personal data export, and an anonymous
answer is not."""

from ndrc.learners.models import Learner
from ndrc.learners.personal_data import export_person


def test_the_export_holds_the_situation_and_the_invitations_not_the_anonymous_answer(
    indicators,
):
    muller = Learner.objects.get(last_name="Muller")
    records = export_person(muller)["records"]
    [situation] = records["indicators.leaversituation"]
    assert situation["detail"] == "Rhône Distribution, attaché commercial"
    invitations = records["indicators.invitation"]
    assert len(invitations) == 2  # the learners' questionnaire and the six-month survey
    # The anonymous questionnaire's answer is tied to nobody, so it is not his to export.
    assert all(invitation["records"] == {} for invitation in invitations)
    assert "email" not in invitations[0]
