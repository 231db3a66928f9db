"""An indicator over the years as a bar chart, drawn on the server as SVG (`_chart.svg`).

Only geometry here: where each bar goes, how tall, what it says. The template draws it with
SVG presentation attributes (no style attribute, no script: the pages' Content-Security-Policy
allows neither, and a chart downloaded into a report keeps its colours). Accessible: the SVG is
an image whose title and description give every value; each bar has its own title.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from ndrc.regulation.indicators import Indicator
from ndrc.regulation.rounding import BEFORE_UNIT, french_number

WIDTH = 640
HEIGHT = 280
TOP, BOTTOM, LEFT, RIGHT = 24, 40, 48, 16  # margins: values above, years below, scale left
GRID = (0, 25, 50, 75, 100)


@dataclass(frozen=True)
class Bar:
    year: int
    x: float
    y: float
    width: float
    height: float
    rate: Decimal | None
    label: str  # above the bar: "46,15 %", or "n.c." when not computed
    title: str  # "2025 : 46,15 % (6 / 13)"
    small_number: bool

    @property
    def centre(self) -> float:
        return self.x + self.width / 2

    @property
    def label_y(self) -> float:
        return self.y - 6


@dataclass(frozen=True)
class Chart:
    name: str
    title: str
    description: str
    width: int
    height: int
    bars: tuple[Bar, ...]
    grid: tuple[tuple[float, str], ...]  # (y, "50 %")
    left: int
    right: int
    baseline: float
    year_y: float


def _y(rate: Decimal) -> float:
    plot = HEIGHT - TOP - BOTTOM
    return HEIGHT - BOTTOM - float(rate) / 100 * plot


def bar_chart(name: str, title: str, points: Sequence[tuple[int, Indicator]]) -> Chart:
    """The chart of one indicator: one bar per (year, indicator) of `points`, oldest first."""
    count = max(len(points), 1)
    slot = (WIDTH - LEFT - RIGHT) / count
    width = min(slot * 0.6, 72)
    bars, described = [], []
    for index, (year, indicator) in enumerate(points):
        x = LEFT + slot * index + (slot - width) / 2
        if indicator.rate is None:
            label, y, height = _("n.c."), HEIGHT - BOTTOM, 0.0
            text = _("%(year)s : non calculé (%(reason)s)") % {
                "year": year,
                "reason": indicator.reason,
            }
        else:
            label = f"{french_number(indicator.rate)}{BEFORE_UNIT}%"
            y = _y(indicator.rate)
            height = HEIGHT - BOTTOM - y
            text = f"{year} : {label} ({indicator.numerator} / {indicator.denominator})"
            if indicator.small_number:
                text += _(", petit effectif")
        described.append(text)
        bars.append(
            Bar(year, x, y, width, height, indicator.rate, label, text, indicator.small_number)
        )
    return Chart(
        name=name,
        title=title,
        description=" ; ".join(described) or _("Aucune année."),
        width=WIDTH,
        height=HEIGHT,
        bars=tuple(bars),
        grid=tuple((_y(Decimal(level)), f"{level}{BEFORE_UNIT}%") for level in GRID),
        left=LEFT,
        right=WIDTH - RIGHT,
        baseline=HEIGHT - BOTTOM,
        year_y=HEIGHT - BOTTOM + 20,
    )
