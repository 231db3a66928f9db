"""The funnel as bar charts drawn on the server (SVG in the page: no script, no inline style,
so the Content-Security-Policy holds). This module only places the bars; the template draws
them with their text alternative (a title per chart, a title per bar, and the table below).
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from ndrc.admissions.models import Source
from ndrc.admissions.selectors import MEASURES, Funnel

BAR = 10  # width of a bar
GAP = 14  # between two groups of bars
HEIGHT = 160  # of the plotting area
TOP, BOTTOM, LEFT = 10, 46, 34  # margins: above, below (labels), left (scale)


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: int
    height: int
    measure: str
    title: str


@dataclass(frozen=True)
class Group:
    x: int  # centre of the group, for its label
    label: str
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Tick:
    y: int
    value: int


@dataclass(frozen=True)
class Chart:
    title: str
    description: str
    width: int
    height: int
    groups: tuple[Group, ...]
    ticks: tuple[Tick, ...]
    baseline: int
    right: int


def _ticks(maximum: int) -> tuple[int, ...]:
    if maximum <= 0:
        return (0,)
    step = 1
    while maximum / step > 5:
        step = step * 2 if str(step)[0] in "15" else step * 5 // 2
    return tuple(range(0, maximum + step, step))


def _chart(
    title: str, description: str, groups: list[tuple[str, dict[str, int]]], *, bar: int = BAR
) -> Chart:
    maximum = max((value for _label, counts in groups for value in counts.values()), default=0)
    ticks = _ticks(maximum)
    scale = HEIGHT / (ticks[-1] or 1)
    per_group = bar * len(MEASURES) + GAP
    width = LEFT + per_group * max(len(groups), 1) + GAP
    baseline = TOP + HEIGHT
    drawn = []
    for index, (label, counts) in enumerate(groups):
        left = LEFT + GAP + index * per_group
        bars = []
        for position, (measure, measure_label) in enumerate(MEASURES):
            value = counts.get(measure, 0)
            height = round(value * scale)
            bars.append(
                Bar(
                    x=left + position * bar,
                    y=baseline - height,
                    width=bar - 1,
                    height=height,
                    measure=measure,
                    title=f"{label} — {measure_label} : {value}",
                )
            )
        drawn.append(Group(left + bar * len(MEASURES) // 2, label, tuple(bars)))
    return Chart(
        title=title,
        description=description,
        width=width,
        height=baseline + BOTTOM,
        groups=tuple(drawn),
        ticks=tuple(Tick(round(baseline - t * scale), t) for t in ticks),
        baseline=baseline,
        right=width - GAP // 2,
    )


def _week_label(week: date) -> str:
    return f"{week:%d/%m}"


def funnel_charts(funnel: Funnel) -> tuple[Chart, Chart]:
    """The funnel by week (every source together) and by source (every week together)."""
    measures = ", ".join(str(label).lower() for _m, label in MEASURES)
    totals = funnel.totals
    summary = " ; ".join(f"{label} : {totals[m]}" for m, label in MEASURES)
    by_week = _chart(
        _("Par semaine"),
        _("Nombre de %(measures)s par semaine (toutes sources) ; total : %(summary)s.")
        % {"measures": measures, "summary": summary},
        [(_week_label(w), funnel.by_week(w)) for w in funnel.weeks],
    )
    sources = dict(Source.choices)
    by_source = _chart(
        _("Par source"),
        _("Nombre de %(measures)s par source de candidature ; total : %(summary)s.")
        % {"measures": measures, "summary": summary},
        [(str(sources[s]), funnel.by_source(s)) for s in funnel.sources],
        bar=20,  # few groups, long labels
    )
    return by_week, by_source
