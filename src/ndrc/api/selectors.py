"""Reads of API tokens: one's own; an administrator sees everyone's."""

from typing import Any

from django.db.models import QuerySet

from ndrc.api.models import ApiToken
from ndrc.core.permissions import Access, Action, get_record_for, is_administrator, rule
from ndrc.learners.personal_data import erasure_deletes


def visible_tokens(user: Any) -> QuerySet[ApiToken]:
    tokens = ApiToken.objects.select_related("user")
    if not user.is_authenticated or not user.is_active:
        return tokens.none()
    return tokens if is_administrator(user) else tokens.filter(user=user)


@rule(ApiToken)
def _token_rule(user: Any, action: Action, token: ApiToken) -> Access:
    return Access.ALLOWED if token.user_id == user.pk else Access.HIDDEN


def get_token_for(user: Any, pk: int) -> ApiToken:
    return get_record_for(
        user, visible_tokens(user), pk, Action.CHANGE, not_found="Jeton introuvable."
    )


# Erasure of a person (learners.personal_data.erase_person): the tokens of their login go.
erasure_deletes(ApiToken)
