"""The accounts page's rows, written in one string (`account_rows`): the HTML the template's
loop wrote, for every kind of login (deactivated, administrator without a role, several roles,
never logged in, a name to escape), in French and in English."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Prefetch, prefetch_related_objects
from django.template import Context, Template
from django.utils import translation

from ndrc.accounts.selectors import roles_by_login, user_rows
from ndrc.accounts.templatetags.account_rows import account_rows
from ndrc.core.models import Membership, Role

User = get_user_model()

# The rows as the template wrote them before `account_rows`.
LOOP = Template(
    """{% load i18n %}{% for other in page %}<tr data-user="{{ other.pk }}"{% if not other.is_active %} class="muted"{% endif %}>
    <td><a href="{% url 'accounts:user' other.pk %}">{{ other.get_full_name|default:other.username }}</a><br><span class="muted">{{ other.username }}</span>{% if not other.is_active %} <span class="badge bad">{% translate "désactivé" %}</span>{% endif %}</td>
    <td>{% for membership in other.memberships.all %}{{ membership.get_role_display }} — {{ membership.training_centre.name }}{% if not forloop.last %}<br>{% endif %}{% empty %}{% if other.is_superuser %}{% translate "Administrateur" %}{% else %}—{% endif %}{% endfor %}</td>
    <td>{{ other.last_login|date:"d/m/Y H:i"|default:_("jamais") }}</td>
  </tr>{% empty %}<tr><td colspan="3" class="muted">{% translate "Aucun compte." %}</td></tr>{% endfor %}"""  # noqa: E501
)


@pytest.fixture
def logins(demo):
    centre = demo.centre
    left = User.objects.create_user("zoe", first_name="<Zoé>", last_name="& Co", is_active=False)
    for role in (Role.TEACHER, Role.EXAM_OFFICE):
        Membership.objects.create(user=left, training_centre=centre, role=role)
    left.last_login = datetime(2026, 7, 1, 22, 5, tzinfo=ZoneInfo("UTC"))  # 2 July in Paris
    left.save()
    User.objects.create_superuser("root", password="x")  # no role: an administrator
    User.objects.create_user("sans-role")  # no role, never logged in
    logins = list(user_rows(demo.users["admin"]))
    # The roles as the loop read them before: each login's memberships by centre, then role.
    ordered = Membership.objects.select_related("training_centre")
    prefetch_related_objects(
        logins, Prefetch("memberships", ordered.order_by("training_centre__name", "role"))
    )
    return logins


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_rows_are_the_loops(logins, language):
    with translation.override(language):
        assert str(account_rows(logins, roles_by_login(logins))) == LOOP.render(
            Context({"page": logins})
        )
        assert str(account_rows([], {})) == LOOP.render(Context({"page": []}))
    written = str(account_rows(logins, roles_by_login(logins)))
    assert "&lt;Zoé&gt; &amp; Co" in written and "02/07/2026 00:05" in written
