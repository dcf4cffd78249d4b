"""Drawing a chart as PNG: bars stacked by key, or a group of bars per salesperson.

The chart arrives as plain data (`ChartSpec`, JSON in a kept reply) with every text already
translated, and is drawn when the reply is sent, in a worker thread (`render` is
synchronous): other users' replies do not wait for it. Only matplotlib's object API is
used (a Figure with its own Agg canvas), no pyplot and its global figures, so that drawings
in several threads do not meet. DejaVu Sans ships with matplotlib and carries Czech and
Cyrillic letters."""

from __future__ import annotations

import io
from typing import Any, TypedDict

import matplotlib

matplotlib.use("Agg")  # headless: no display, whatever the environment says

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

FONT = "DejaVu Sans"
_COLOURS = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
)  # fmt: skip
_DPI = 100


class ChartSpec(TypedDict):
    title: str
    labels: list[str]  # one per bar position (day, week or month)
    series: dict[str, list[int]]  # stacked: key -> count per bar
    groups: dict[str, list[int]]  # grouped: member -> count per bar
    empty: str  # said on a chart without any interaction


def render(spec: ChartSpec) -> bytes:
    """The chart as PNG bytes."""
    figure = _grouped(spec) if spec["groups"] else _stacked(spec)
    FigureCanvasAgg(figure)
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=_DPI)
    return out.getvalue()


def _figure(width: float, spec: ChartSpec) -> tuple[Figure, Any]:
    figure = Figure(figsize=(width, 4.5))
    figure.subplots_adjust(left=0.06, right=0.98, top=0.9, bottom=0.18)
    axes = figure.add_subplot()
    axes.set_title(spec["title"], fontfamily=FONT, fontsize=12, loc="left")
    axes.spines[["top", "right"]].set_visible(False)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    return figure, axes


def _nothing(axes: Any, spec: ChartSpec) -> None:
    axes.text(
        0.5, 0.5, spec["empty"], transform=axes.transAxes, ha="center", va="center",
        fontfamily=FONT, color="#666666",
    )  # fmt: skip


def _stacked(spec: ChartSpec) -> Figure:
    figure, axes = _figure(8.0, spec)
    labels = spec["labels"]
    positions = list(range(len(labels)))
    bottom = [0] * len(labels)
    legend: list[Patch] = []
    for i, (key, counts) in enumerate(spec["series"].items()):
        colour = _COLOURS[i % len(_COLOURS)]
        _bars(axes, [p - 0.35 for p in positions], bottom, 0.7, counts, colour)
        legend.append(Patch(color=colour, label=key))
        bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
    _limits(axes, len(labels), max(bottom, default=0))
    axes.set_xticks(positions, labels, fontfamily=FONT, fontsize=8)
    if legend:
        axes.legend(handles=legend, prop={"family": FONT, "size": 8}, frameon=False)
    else:
        _nothing(axes, spec)
    return figure


def _bars(
    axes: Any, lefts: list[float], bottoms: list[int], width: float, heights: list[int], colour: str
) -> None:
    """Bars as one collection of rectangles: a patch per bar costs milliseconds each."""
    rectangles = [
        [(x, y), (x + width, y), (x + width, y + h), (x, y + h)]
        for x, y, h in zip(lefts, bottoms, heights, strict=True)
        if h
    ]
    if rectangles:
        axes.add_collection(PolyCollection(rectangles, facecolors=colour, linewidths=0))


def _limits(axes: Any, positions: int, highest: int) -> None:
    axes.set_xlim(-0.6, max(positions, 1) - 0.4)
    axes.set_ylim(0, max(highest, 1) * 1.15)


def _grouped(spec: ChartSpec) -> Figure:
    members = list(spec["groups"])
    bars = len(spec["labels"])
    figure, axes = _figure(min(4.0 + 0.35 * len(members) * max(bars, 1) ** 0.5, 16.0), spec)
    width = 0.8 / max(bars, 1)
    legend: list[Patch] = []
    for bar in range(bars):
        counts = [spec["groups"][m][bar] for m in members]
        lefts = [m - 0.4 + width * bar for m in range(len(members))]
        colour = _COLOURS[bar] if bars <= len(_COLOURS) else _shade(bar, bars)
        _bars(axes, lefts, [0] * len(members), width, counts, colour)
        legend.append(Patch(color=colour, label=spec["labels"][bar]))
    highest = max((max(counts, default=0) for counts in spec["groups"].values()), default=0)
    _limits(axes, len(members), highest)
    axes.set_xticks(
        list(range(len(members))), members, fontfamily=FONT, fontsize=8,
        rotation=90 if len(members) > 12 else 0,
    )  # fmt: skip
    if bars <= len(_COLOURS):
        axes.legend(handles=legend, prop={"family": FONT, "size": 8}, frameon=False)
    if not any(any(counts) for counts in spec["groups"].values()):
        _nothing(axes, spec)
    return figure


def _shade(bar: int, bars: int) -> str:
    """Oldest light, newest dark, for more bars per group than there are colours."""
    level = int(200 - 150 * bar / max(bars - 1, 1))
    return f"#{level // 2:02x}{level // 2 + 40:02x}{min(level + 55, 255):02x}"
