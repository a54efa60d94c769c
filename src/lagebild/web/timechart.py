"""The event timeline as a server-drawn SVG: one column per day on which the reports date
something (or appear), a stacked cell per dated claim coloured by what the checks made
of it, and the reports published that day under the axis. Days are placed in order
rather than to scale, with the length of each gap written out, so that a date three
weeks before the event does not squeeze the days that matter into a corner."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from lagebild.events.timeline import Timeline

WIDTH = 1100.0  # at most; a chart of a few days is narrower and is not stretched
MIN_WIDTH = 640.0
CHART_TOP = 22.0  # room for the counts above the tallest stack
STACK_PX = 132.0  # tallest stack
CELL_PX = 12.0  # one dated claim, when the tallest stack fits
GAP_PX = 46.0  # a break in the axis between days that are not consecutive
MAX_COLUMN = 120.0
MIN_COLUMN = 40.0
STATUS_ORDER = ("contradicted", "uncorroborated", "unchecked", "corroborated")  # bottom to top: conflicts first


@dataclass
class Cell:
    y: float
    height: float
    status: str
    title: str


@dataclass
class Column:
    day: date
    x: float  # centre
    width: float
    cells: list[Cell]
    published: list[str]  # publishers (or ids) of the reports published that day
    count_y: float

    @property
    def anchor(self) -> str:
        return f"day-{self.day.isoformat()}"


@dataclass
class Gap:
    x: float
    days: int


@dataclass
class TimeChart:
    width: float
    height: float
    axis_y: float
    columns: list[Column] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:.0f} {self.height:.0f}"


def time_chart(timeline: Timeline, names: dict[str, str]) -> TimeChart | None:
    """`names` gives each report's publisher, for the cells' hover text."""
    published: dict[date, list[str]] = {}
    for day, doc_id in timeline.published:
        published.setdefault(day, []).append(names.get(doc_id, doc_id))
    days = sorted(set(timeline.days) | set(published))
    if not days:
        return None
    breaks = sum(1 for a, b in zip(days, days[1:]) if (b - a).days > 1)
    column = max(MIN_COLUMN, min(MAX_COLUMN, (WIDTH - 20 - breaks * GAP_PX) / len(days)))
    width = max(MIN_WIDTH, 20 + len(days) * column + breaks * GAP_PX)
    tallest = max((len(timeline.on(d)) for d in days), default=0)
    cell = min(CELL_PX, STACK_PX / tallest) if tallest else CELL_PX
    axis_y = CHART_TOP + (tallest * cell if tallest else 20.0) + 4
    chart = TimeChart(width, axis_y + 78, axis_y)
    x = 10.0 + (width - 20 - len(days) * column - breaks * GAP_PX) / 2
    for i, day in enumerate(days):
        if i and (day - days[i - 1]).days > 1:
            chart.gaps.append(Gap(x + GAP_PX / 2, (day - days[i - 1]).days - 1))
            x += GAP_PX
        chart.columns.append(_column(timeline, day, x + column / 2, column, cell, axis_y, published.get(day, []),
                                     names))
        x += column
    return chart


def _column(timeline: Timeline, day: date, centre: float, width: float, cell: float, axis_y: float,
            published: list[str], names: dict[str, str]) -> Column:
    claims = sorted(timeline.on(day), key=lambda c: STATUS_ORDER.index(c.status))
    cells = []
    for n, claim in enumerate(claims):
        title = f"{names.get(claim.document, claim.document)}: “{claim.phrases[0]}” – {claim.claim}"
        cells.append(Cell(round(axis_y - (n + 1) * cell, 2), round(max(cell - 1.5, 1.0), 2), claim.status,
                          title[:400]))
    return Column(day, round(centre, 2), round(width * 0.62, 2), cells, published,
                  round(axis_y - len(claims) * cell - 6, 2))

