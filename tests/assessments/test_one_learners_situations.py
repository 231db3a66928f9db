"""The situations of one learner a reader sees (the learner's record): those they see among all."""

import pytest

from ndrc.assessments.selectors import visible_situations

pytestmark = pytest.mark.django_db


def test_one_learners_situations_are_those_each_reader_sees_among_all(ccf):
    # Every one as the centre's staff or the learner themselves (no condition asked), a
    # teacher's of their cohorts, a commission member's where they sit, nobody else's.
    learners = {situation.learner for situation in ccf.situations.values()}
    seen = 0
    for user in ccf.users.values():
        for learner in learners:
            among_all = set(visible_situations(user).filter(learner=learner))
            assert set(visible_situations(user, learner=learner)) == among_all, (user, learner)
            seen += len(among_all)
    assert seen
