"""A deliberation's result as the machine interface gives it (issue 2): a JSON object with the
decision, the figures as decimal strings, the units obtained and the explanation's steps."""

import json
from collections.abc import Callable
from decimal import Decimal
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import Any

from ndrc.regulation.deliberation.rules import Result
from ndrc.regulation.deliberation.steps import explain, written_steps
from ndrc.regulation.rounding import decimal_text, fixed_point


def result_as_dict(result: Result) -> dict[str, Any]:
    """The result object of the machine interface (issue 2), JSON-ready."""
    return {
        "id": result.id,
        "decision": result.decision,
        "average": None if result.average is None else _average_text(result.average),
        "points": None if result.points is None else decimal_text(result.points),
        "coefficients": None if result.coefficients is None else decimal_text(result.coefficients),
        "professional_average": None
        if result.professional_average is None
        else _average_text(result.professional_average),
        "units_obtained": list(result.units_obtained),
        "explanation": [
            {"rule": rule, "source": source, "text": text}
            for rule, source, text, _ in explain(result.trace)
        ],
    }


def result_as_json(result: Result) -> str:
    """The text of `json.dumps(result_as_dict(result), ensure_ascii=False)`, written directly
    (a batch writes a hundred thousand of them): the same keys, separators and escapes."""
    steps = written_steps(result.trace, _step_json, _STEPS_JSON)
    units = result.units_obtained
    units_json = _UNITS_JSON.get(units)
    if units_json is None:
        units_json = _UNITS_JSON[units] = json.dumps(list(units), ensure_ascii=False)
    return (
        f'{{"id": {encode_basestring(result.id)}, '
        f'"decision": {encode_basestring(result.decision)}, '
        f'"average": {_figure(result.average, _average_text)}, '
        f'"points": {_figure(result.points, decimal_text)}, '
        f'"coefficients": {_figure(result.coefficients, decimal_text)}, '
        f'"professional_average": {_figure(result.professional_average, _average_text)}, '
        f'"units_obtained": {units_json}, "explanation": [{", ".join(steps)}]}}'
    )


def _average_text(average: Decimal) -> str:
    return fixed_point(average)  # with its decimals: "10.00"


def _figure(value: Decimal | None, text: Callable[[Decimal], str]) -> str:
    # A number's text is digits, a point and a sign: nothing to escape.
    return "null" if value is None else f'"{text(value)}"'


def _step_json(rule: str, source: str, text: str) -> str:
    return (
        f'{{"rule": {encode_basestring(rule)}, "source": {encode_basestring(source)}, '
        f'"text": {encode_basestring(text)}}}'
    )


# The JSON text of each step written (by its trace entry), and of each list of units obtained.
_STEPS_JSON: dict[tuple[Any, ...], str] = {}
_UNITS_JSON: dict[tuple[str, ...], str] = {}
