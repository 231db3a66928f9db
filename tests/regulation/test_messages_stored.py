"""The registration and conformity sentences are `Message`s (French, with their template), and a
message stored as JSON data reads back the same, character for character."""

import json
from datetime import date
from decimal import Decimal

from ndrc.regulation.conformity import check_dossier, parse_dossier
from ndrc.regulation.explanation import (
    Message,
    _,
    euros,
    message_data,
    message_from_data,
)
from ndrc.regulation.registration import check_registration
from tests.regulation.cases import load_cases


def _stored_and_read(message: Message) -> Message:
    return message_from_data(json.loads(json.dumps(message_data(message))))


def _dossier_texts():
    for param in load_cases("conformity"):
        data, case = param.values
        if "error" in case["expected"]:
            continue
        record = {**data["base"], **case.get("input", {})}
        for name in case.get("remove", ()):
            del record[name]
        result = check_dossier(parse_dossier(record))
        yield from (finding.text for finding in result.findings)
        yield from (step.text for step in result.explanation)


def _registration_texts():
    for param in load_cases("registration"):
        case = param.values[0]
        if "error" in case:
            continue
        check = check_registration(json.loads(json.dumps(case["input"]), parse_float=Decimal))
        yield from (problem.message for problem in check.problems)
        yield from (step.text for step in check.explanation)


def test_every_registration_and_conformity_sentence_is_a_message_read_back_the_same():
    texts = [*_dossier_texts(), *_registration_texts()]
    assert len(texts) > 300
    for text in texts:
        assert isinstance(text, Message), text
        read = _stored_and_read(text)
        assert (read, read.template) == (text, text.template)


def test_a_message_with_numbers_dates_amounts_and_messages_inside_reads_back_the_same():
    inner = _("%(weeks)s semaine(s) de stage", weeks=Decimal("15.5"))
    message = _(
        "%(found)s le %(day)s, %(amount)s, %(count)s",
        found=inner,
        day=date(2027, 3, 31),
        amount=euros(Decimal("1823.03")),
        count=3,
    )
    assert message == "15,5 semaine(s) de stage le 31/03/2027, 1\u202f823,03\u00a0€, 3"
    read = _stored_and_read(message)
    assert read == message
    assert read.values["found"].template == "%(weeks)s semaine(s) de stage"
    assert read.values["amount"].value == Decimal("1823.03")
    assert read.values["day"] == date(2027, 3, 31)
