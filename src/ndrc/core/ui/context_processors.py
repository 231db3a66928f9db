"""What every page's navigation needs to know about the user: the roles they hold."""

from django.http import HttpRequest

from ndrc.core.models import Role
from ndrc.core.permissions import is_administrator, is_manager, roles_of

STAFF = {Role.TRAINING_MANAGER, Role.TEACHER, Role.EXAM_OFFICE, Role.ADMINISTRATOR}


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = roles_of(user)
    if is_administrator(user):
        roles.add(Role.ADMINISTRATOR)
    return {
        "nav_is_staff": bool(roles & STAFF),
        "nav_manages": is_manager(user),
    }
