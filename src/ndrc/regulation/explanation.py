"""Explanations: every engine decision carries the steps that led to it, each citing its source."""

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a decision: the rule applied, its source (article, annex) and what it did.

    `values` holds the figures the step used, so that a reader can redo the computation.
    """

    rule: str
    source: str
    text: str
    values: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "source": self.source, "text": self.text}


class Explanation:
    """An ordered list of steps, built while a decision is taken."""

    __slots__ = ("steps",)

    def __init__(self) -> None:
        self.steps: list[Step] = []

    def add(self, rule: str, source: str, text: str, **values: Any) -> None:
        self.steps.append(Step(rule, source, text, values))

    def freeze(self) -> tuple[Step, ...]:
        return tuple(self.steps)
