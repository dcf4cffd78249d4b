"""Figure 6: how the costs of figures 1 and 3 grow with the data: logging a segment of 10k,
100k and 1M lines (SQLite; should grow linearly, as its baseline does) and searching 10k,
100k and 1M contacts (both databases; should stay nearly flat)."""

from __future__ import annotations

from bench import search, segment
from bench.context import Bench
from bench.report import Figure, percentile


async def run(bench: Bench) -> None:
    sizes = bench.options.growth_sizes
    for lines in sizes:
        result = await segment.measure(bench, "sqlite", lines)
        for figure in segment.figures("sqlite", lines, result):
            if lines != bench.options.segment_lines:
                # The 2x target is set at 100k lines; at 10k fixed costs (checks, commit)
                # weigh more, at 1M it is shown to hold as the sizes grow.
                figure.target, figure.met = None, None
            bench.add(_growth(figure))
        bench.add(
            Figure(f"growth: log segment per 1,000 lines, {lines:,}, SQLite",
                   result["plain"] / lines * 1000 * 1000, "ms")
        )  # fmt: skip
    for kind in ("sqlite", "postgresql"):
        for contacts in sizes:
            samples = await search.measure(bench, kind, contacts)
            label = f"{search.backend(kind)}, {contacts:,} contacts"
            for query_kind, values in samples.items():
                bench.add(
                    Figure.at_most(
                        f"growth: search {query_kind} p95, {label}",
                        percentile(values, 95), "ms", search.P95_MS,
                    )
                )  # fmt: skip


def _growth(figure: Figure) -> Figure:
    figure.name = f"growth: {figure.name}"
    return figure
