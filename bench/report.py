"""Figures, the table printed at the end, bench/results.json and the machine it ran on."""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).with_name("results.json")


@dataclass(slots=True)
class Figure:
    """One measured number. `target` reads like "ratio <= 2" or "value <= 5": what `met` was
    decided on; figures without a target have `target` and `met` None."""

    name: str
    value: float
    unit: str
    baseline: float | None = None
    ratio: float | None = None
    target: str | None = None
    met: bool | None = None
    note: str = ""

    @classmethod
    def against(
        cls,
        name: str,
        value: float,
        unit: str,
        baseline: float,
        *,
        max_ratio: float,
        note: str = "",
    ) -> Figure:
        """value / baseline must stay at or under `max_ratio`."""
        ratio = value / baseline if baseline else float("inf")
        return cls(
            name, value, unit, baseline, ratio, f"ratio <= {max_ratio:g}", ratio <= max_ratio, note
        )

    @classmethod
    def at_least(
        cls,
        name: str,
        value: float,
        unit: str,
        baseline: float,
        *,
        min_ratio: float,
        note: str = "",
    ) -> Figure:
        """value / baseline must reach `min_ratio` (throughput)."""
        ratio = value / baseline if baseline else 0.0
        return cls(
            name, value, unit, baseline, ratio, f"ratio >= {min_ratio:g}", ratio >= min_ratio, note
        )

    @classmethod
    def at_most(cls, name: str, value: float, unit: str, limit: float, note: str = "") -> Figure:
        return cls(name, value, unit, target=f"value <= {limit:g}", met=value <= limit, note=note)


def percentile(samples: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100), linear between the closest ranks."""
    ordered = sorted(samples)
    if not ordered:
        return float("nan")
    if len(ordered) == 1:
        return ordered[0]
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def median(samples: Sequence[float]) -> float:
    return statistics.median(samples)


def machine(postgres_version: str) -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor()
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": postgres_version,
        "platform": platform.platform(),
    }


def _number(value: float | None, unit: str = "") -> str:
    if value is None:
        return ""
    if unit in ("rows", "updates", "count"):
        return f"{value:,.0f}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}" if abs(value) < 1 else f"{value:.2f}"


def table(figures: Sequence[Figure]) -> str:
    """A Markdown table (readable in a terminal too)."""
    header = ("figure", "value", "unit", "baseline", "ratio", "target", "met")
    rows = [
        (
            f.name,
            _number(f.value, f.unit),
            f.unit,
            _number(f.baseline, f.unit),
            "" if f.ratio is None else f"{f.ratio:.2f}",
            f.target or "",
            "" if f.met is None else ("yes" if f.met else "**NO**"),
        )
        for f in figures
    ]
    widths = [max(len(str(r[i])) for r in (header, *rows)) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(header), rule, *(line(r) for r in rows)])


def write(path: Path, figures: Sequence[Figure], meta: dict[str, Any]) -> None:
    payload = {**meta, "figures": [asdict(f) for f in figures]}
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
