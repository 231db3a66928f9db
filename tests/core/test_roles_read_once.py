"""A user's roles are read once per user object (`core.permissions.read_once`), and read again
once a service gave them a role: what they may do follows at once (`forget_roles`)."""

import pytest

from ndrc.core import services as core_services
from ndrc.core.models import Role
from ndrc.core.permissions import centres_where, is_manager
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_role_given_is_seen_by_the_same_user_object(django_assert_num_queries):
    centre = factories.centre()
    admin = factories.administrator()
    user = core_services.create_user(username="prof", password=None, by=admin)
    assert centres_where(user, Role.TEACHER) == set()
    with django_assert_num_queries(0):  # read once for the user object
        assert not is_manager(user, centre)
    core_services.grant_role(user=user, training_centre=centre, role=Role.TEACHER, by=admin)
    assert centres_where(user, Role.TEACHER) == {centre.pk}
    core_services.grant_role(
        user=user, training_centre=centre, role=Role.TRAINING_MANAGER, by=admin
    )
    assert is_manager(user, centre)
