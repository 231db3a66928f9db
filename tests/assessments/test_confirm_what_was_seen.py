"""A member confirms the grade the page showed them, never one proposed again since (issue 10,
hole 2): two tabs propose 12 then 15, the first proposes 8 again, the second (showing 15)
confirms → refused, 8 stays a proposal; the page then shows 8, which can be confirmed."""

import re

from django.urls import reverse

from ndrc.assessments.models import Status
from ndrc.assessments.selectors import grid_of


def _page(client, situation) -> str:
    return client.get(reverse("assessments:situation", args=[situation.pk])).text


def _confirm_form(page: str) -> dict[str, str]:
    """The fields the confirmation form of the page sends (its hidden inputs)."""
    form = re.search(r'<form[^>]*/confirmer/?"[^>]*>(.*?)</form>', page, re.S).group(1)
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))


def _propose(client, situation, grade):
    return client.post(reverse("assessments:action", args=[situation.pk, "note"]), {"grade": grade})


def _confirm(client, situation, form):
    return client.post(reverse("assessments:action", args=[situation.pk, "confirmer"]), form)


def test_a_member_cannot_confirm_a_grade_proposed_again_since_their_page_opened(client, ccf):
    situation = ccf.situations[("durand", "E4", "A")]
    client.force_login(ccf.users["enseignant"])
    for row in grid_of(situation):
        if not row.level and row.assessed:
            client.post(
                reverse("assessments:rate", args=[situation.pk, row.code]),
                {"level": "satisfactory"},
            )
    _propose(client, situation, "12")  # first tab
    _propose(client, situation, "15")  # second tab
    second_tab = _page(client, situation)
    assert "15 / 20" in second_tab
    _propose(client, situation, "8")  # the first tab again
    response = _confirm(client, situation, _confirm_form(second_tab))
    assert response.status_code == 400
    assert (
        "La note proposée a changé depuis l&#x27;ouverture de la page (elle est maintenant de "
        "8 / 20) : relisez-la avant de la confirmer." in response.text
    )
    situation.refresh_from_db()
    assert situation.status == Status.GRADE_PROPOSED and situation.grade_confirmed_at is None
    # The page now shows 8: confirming it, knowingly, is accepted.
    assert "8 / 20" in response.text
    _confirm(client, situation, _confirm_form(response.text))
    situation.refresh_from_db()
    assert (situation.status, situation.grade_text) == (Status.GRADE_CONFIRMED, "8")
