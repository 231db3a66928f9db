"""The CCF situation page keeps what the user typed and says what happened: the date field shows
the planned date (a change of room needs no date typed again), each action ends on a success
message, the grid's completeness follows each rating without a reload, and removing a commission
member asks to confirm."""

import re
from datetime import date

from django.urls import reverse

from ndrc.assessments.models import Status
from ndrc.assessments.selectors import grid_of
from tests.forms import form_data


def _situation_page(client, situation):
    return client.get(reverse("assessments:situation", args=[situation.pk])).text


def _messages(client, response) -> list[str]:
    page = client.get(response["Location"]).text
    return [" ".join(m.split()) for m in re.findall(r'<li class="success">(.*?)</li>', page)]


def test_the_planned_date_is_in_the_date_field_and_a_new_room_keeps_it(client, ccf):
    situation = ccf.situations[("petit", "E4", "A")]  # planned on 12/01/2027
    client.force_login(ccf.users["responsable"])
    page = _situation_page(client, situation)
    field = re.search(r'<input type="date" name="date"[^>]*>', page).group(0)
    assert 'value="2027-01-12"' in field
    # The browser sends back what the form shows: only the room changes.
    response = client.post(
        reverse("assessments:action", args=[situation.pk, "reporter"]),
        {**form_data(page, having="place"), "place": "Salle C3"},
    )
    situation.refresh_from_db()
    assert (situation.date, situation.place) == (date(2027, 1, 12), "Salle C3")
    assert _messages(client, response) == ["Date et lieu enregistrés."]


def test_proposing_and_confirming_a_grade_each_say_so(client, ccf):
    situation = ccf.situations[("durand", "E4", "A")]
    client.force_login(ccf.users["enseignant"])
    for row in grid_of(situation):
        if not row.level and row.assessed:
            url = reverse("assessments:rate", args=[situation.pk, row.code])
            client.post(url, {"level": "satisfactory"})
    response = client.post(
        reverse("assessments:action", args=[situation.pk, "note"]), {"grade": "12"}
    )
    assert _messages(client, response) == [
        "Note proposée : la commission doit encore la confirmer."
    ]
    # The confirmation names the proposal the page showed (issue 10, hole 2).
    seen = re.search(r'name="seen" value="([^"]*)"', _situation_page(client, situation)).group(1)
    response = client.post(
        reverse("assessments:action", args=[situation.pk, "confirmer"]), {"seen": seen}
    )
    assert _messages(client, response) == ["Note confirmée : elle est proposée au jury."]
    situation.refresh_from_db()
    assert situation.status == Status.GRADE_CONFIRMED


def test_the_grid_completeness_follows_each_rating_without_a_reload(client, ccf):
    situation = ccf.situations[("durand", "E4", "A")]
    client.force_login(ccf.users["enseignant"])
    before = re.search(r'<p id="grid-status".*?</p>', _situation_page(client, situation), re.S)
    row = next(r for r in grid_of(situation) if r.assessed and not r.level)
    response = client.post(
        reverse("assessments:rate", args=[situation.pk, row.code]),
        {"level": "satisfactory"},
        headers={"HX-Request": "true"},
    )
    status = re.search(r'<p id="grid-status"[^>]*>(.*?)</p>', response.text, re.S)
    assert 'hx-swap-oob="true"' in status.group(0)
    assert status.group(0) != before.group(0)  # one criterion fewer to rate


def test_removing_a_commission_member_is_a_secondary_button_asking_to_confirm(client, ccf):
    situation = ccf.situations[("petit", "E4", "A")]  # teacher and master sit
    client.force_login(ccf.users["responsable"])
    page = _situation_page(client, situation)
    confirm = re.findall(r'<details class="confirm">.*?</details>', page, re.S)
    assert len(confirm) == 2
    assert "<summary>Retirer</summary>" in confirm[0]
    assert "Retirer Paul Girard de la commission ?" in confirm[0]
    member = situation.commission_members.get(user=ccf.users["enseignant"])
    response = client.post(
        reverse("assessments:action", args=[situation.pk, "retirer"]), {"member": member.pk}
    )
    assert _messages(client, response) == ["Paul Girard ne siège plus dans la commission."]


def test_removing_a_member_not_named_by_a_number_is_404_not_a_server_error(client, ccf):
    # Found by the fuzzing of the forms: an empty `member` answered 500 (ValueError).
    situation = ccf.situations[("petit", "E4", "A")]
    client.force_login(ccf.users["responsable"])
    url = reverse("assessments:action", args=[situation.pk, "retirer"])
    for member in ("", "abc", "1\x00", "²", "9" * 40):
        assert client.post(url, {"member": member}).status_code == 404, member
    assert client.post(url).status_code == 404
    assert situation.commission_members.count() == 2
