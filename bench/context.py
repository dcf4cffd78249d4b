"""What every benchmark gets: the sizes asked for, the run's databases, the figures so far."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bench.databases import Workspace
from bench.report import Figure

FULL = 1_000_000


@dataclass(slots=True)
class Options:
    quick: bool = False
    size: int | None = None  # overrides every benchmark's main size
    seconds: float | None = None  # overrides the length of every timed phase
    repeats: int = 3

    def sized(self, full: int, quick: int) -> int:
        if self.size is not None:
            return self.size
        return quick if self.quick else full

    @property
    def segment_lines(self) -> int:
        return self.sized(100_000, 5_000)

    @property
    def segment_contacts(self) -> int:
        """Contacts in the database of the realistic segment figures (the search one)."""
        return max(self.search_contacts, self.segment_lines)

    @property
    def search_contacts(self) -> int:
        return self.sized(FULL, 20_000)

    @property
    def memory_rows(self) -> int:
        return self.sized(FULL, 20_000)

    @property
    def bot_contacts(self) -> int:
        return self.sized(FULL, 20_000)

    @property
    def growth_sizes(self) -> list[int]:
        top = self.sized(FULL, 20_000)
        return sorted({max(top // 100, 100), max(top // 10, 100), top})

    def phase(self, full: float, quick: float) -> float:
        """Seconds of a timed phase (bot under load)."""
        if self.seconds is not None:
            return self.seconds
        return quick if self.quick else full

    @property
    def throughput_seconds(self) -> float:
        return self.phase(20.0, 4.0)

    @property
    def memory_seconds(self) -> float:
        return self.phase(15.0, 3.0)


@dataclass(slots=True)
class Bench:
    options: Options
    workspace: Workspace
    figures: list[Figure] = field(default_factory=list)
    memo: dict[tuple[Any, ...], Any] = field(default_factory=dict)

    def add(self, figure: Figure) -> None:
        self.figures.append(figure)
        print(f"  {figure.name}: {figure.value:.4g} {figure.unit}", flush=True)
