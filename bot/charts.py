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
from matplotlib.ticker import MaxNLocator, NullLocator

FONT = "DejaVu Sans"
_LONGEST = 24  # characters of a name under a bar; longer ones are cut with "…"
_CHARACTER_INCHES = 0.085  # the width of a character of DejaVu Sans at 8 points, at most
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
    figure = draw(spec)
    out = io.BytesIO()
    # zlib's level 3 rather than its default 6: ~40% less time for a few KiB more
    figure.savefig(out, format="png", dpi=_DPI, pil_kwargs={"compress_level": 3})
    return out.getvalue()


def draw(spec: ChartSpec) -> Figure:
    figure = _grouped(spec) if spec["groups"] else _stacked(spec)
    FigureCanvasAgg(figure)
    return figure


def _figure(width: float, spec: ChartSpec) -> tuple[Figure, Any]:
    figure = Figure(figsize=(width, 4.5))
    figure.subplots_adjust(left=0.06, right=0.98, top=0.9, bottom=0.18)
    axes = figure.add_subplot()
    # y given, as matplotlib would otherwise measure the axes' labels to place the title
    axes.set_title(spec["title"], fontfamily=FONT, fontsize=12, loc="left", y=1.0)
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
    bars = _Bars()
    legend: list[Patch] = []
    for i, (key, counts) in enumerate(spec["series"].items()):
        colour = _COLOURS[i % len(_COLOURS)]
        bars.add([p - 0.35 for p in positions], bottom, 0.7, counts, colour)
        legend.append(Patch(color=colour, label=key))
        bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
    bars.draw(axes)
    _limits(axes, len(labels), max(bottom, default=0))
    _names(axes, labels, rotated=False)
    if legend:
        axes.legend(handles=legend, prop={"family": FONT, "size": 8}, frameon=False)
    else:
        _nothing(axes, spec)
    return figure


class _Bars:
    """Every bar of a chart in one collection of rectangles, drawn in one go: a patch per
    bar costs milliseconds each, and a collection per colour adds up too."""

    def __init__(self) -> None:
        self.rectangles: list[list[tuple[float, float]]] = []
        self.colours: list[str] = []

    def add(
        self, lefts: list[float], bottoms: list[int], width: float, heights: list[int], colour: str
    ) -> None:
        for x, y, h in zip(lefts, bottoms, heights, strict=True):
            if h:
                self.rectangles.append([(x, y), (x + width, y), (x + width, y + h), (x, y + h)])
                self.colours.append(colour)

    def draw(self, axes: Any) -> None:
        if self.rectangles:
            bars = PolyCollection(self.rectangles, facecolors=self.colours, linewidths=0)
            axes.add_collection(bars, autolim=False)  # the limits are set (_limits)


def _limits(axes: Any, positions: int, highest: int) -> None:
    axes.set_xlim(-0.6, max(positions, 1) - 0.4)
    axes.set_ylim(0, max(highest, 1) * 1.15)


def _names(axes: Any, names: list[str], *, rotated: bool) -> None:
    """The names under the bars (or groups of bars) as plain texts, without ticks: a tick
    per name costs milliseconds each (five artists, their properties deep-copied)."""
    axes.xaxis.set_major_locator(NullLocator())
    below = axes.get_xaxis_transform()  # x in data, y in the axes' height
    if rotated:
        names = [name if len(name) <= _LONGEST else name[: _LONGEST - 1] + "…" for name in names]
        # Room below the axes for the longest name standing upright (estimated from its
        # length: measuring every text would cost what the drawing saves).
        # The figure grows by that room, so that the bars keep their height.
        longest = max((len(name) for name in names), default=0)
        room = 0.1 + longest * _CHARACTER_INCHES
        figure = axes.figure
        bars = figure.get_figheight() * (0.9 - 0.18)  # the axes' share (_figure)
        height = bars + room + 0.45  # and the title's
        figure.set_figheight(height)
        figure.subplots_adjust(bottom=room / height, top=1 - 0.45 / height)
    for position, name in enumerate(names):
        axes.text(
            position, -0.02, name, transform=below, ha="center", va="top",
            rotation=90 if rotated else 0, fontfamily=FONT, fontsize=8,
        )  # fmt: skip


def _grouped(spec: ChartSpec) -> Figure:
    members = list(spec["groups"])
    bars = len(spec["labels"])
    figure, axes = _figure(min(4.0 + 0.35 * len(members) * max(bars, 1) ** 0.5, 16.0), spec)
    width = 0.8 / max(bars, 1)
    drawn = _Bars()
    legend: list[Patch] = []
    for bar in range(bars):
        counts = [spec["groups"][m][bar] for m in members]
        lefts = [m - 0.4 + width * bar for m in range(len(members))]
        colour = _COLOURS[bar] if bars <= len(_COLOURS) else _shade(bar, bars)
        drawn.add(lefts, [0] * len(members), width, counts, colour)
        legend.append(Patch(color=colour, label=spec["labels"][bar]))
    drawn.draw(axes)
    highest = max((max(counts, default=0) for counts in spec["groups"].values()), default=0)
    _limits(axes, len(members), highest)
    _names(axes, members, rotated=len(members) > 12)
    if bars <= len(_COLOURS):
        axes.legend(handles=legend, prop={"family": FONT, "size": 8}, frameon=False)
    if not any(any(counts) for counts in spec["groups"].values()):
        _nothing(axes, spec)
    return figure


def _shade(bar: int, bars: int) -> str:
    """Oldest light, newest dark, for more bars per group than there are colours."""
    level = int(200 - 150 * bar / max(bars - 1, 1))
    return f"#{level // 2:02x}{level // 2 + 40:02x}{min(level + 55, 255):02x}"
