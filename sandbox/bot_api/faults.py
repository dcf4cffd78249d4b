"""FaultPlan: deterministic (seeded) fault injection for the fake Bot API."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

FaultKind = Literal["400", "401", "429", "500", "slow", "redirect"]

#: The "send" family: calls whose failure a bot must survive without losing or doubling output.
SEND_METHODS = frozenset(
    {"sendMessage", "editMessageText", "answerCallbackQuery", "editMessageReplyMarkup"}
)


@dataclass(frozen=True)
class Fault:
    """One injected fault: an error response (400/401/429/500) or a delayed, otherwise
    normal one."""

    kind: FaultKind
    retry_after: int
    delay: float


@dataclass
class FaultPlan:
    """What goes wrong, how often, reproducibly.

    * ``probability``: chance per call of a method in ``methods`` that a fault fires; the fault
      kind is drawn uniformly from ``kinds``. An error fault has no effect (nothing stored;
      400 is a refusal no retry changes, as for a malformed request; 401 is what Telegram
      answers a revoked token);
      a "redirect" fault answers 307 to the same URL (a redirect loop, as from a misconfigured
      proxy); a "slow" fault performs the call normally and answers ``slow_delay`` seconds
      late (as Telegram may: what a client that stopped waiting sent has taken effect all
      the same).
    * ``max_faults``: stop injecting call faults after this many (``None`` = unlimited).
    * ``duplicate_probability``: chance that an update is queued twice (same update_id).
    * ``swap_probability``: chance that a new update is queued *before* the previous one, if
      that one was not delivered yet (out-of-order delivery).
    """

    seed: int = 0
    probability: float = 0.0
    methods: frozenset[str] = SEND_METHODS
    kinds: tuple[FaultKind, ...] = ("429",)
    retry_after: int = 1
    slow_delay: float = 0.05
    max_faults: int | None = None
    duplicate_probability: float = 0.0
    swap_probability: float = 0.0
    injected: Counter[str] = field(default_factory=Counter)
    rng: random.Random = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self._methods = {name.lower() for name in self.methods}
        if not self.kinds:
            raise ValueError("FaultPlan.kinds must not be empty")

    @property
    def call_faults(self) -> int:
        """How many call faults (400, 401, 429, 500, slow, redirect) fired so far."""
        kinds = ("400", "401", "429", "500", "slow", "redirect")
        return sum(self.injected[kind] for kind in kinds)

    def fault_for(self, method: str) -> Fault | None:
        """Decide whether this call of ``method`` fails, and how."""
        if method.lower() not in self._methods or self.probability <= 0:
            return None
        if self.max_faults is not None and self.call_faults >= self.max_faults:
            return None
        if self.rng.random() >= self.probability:
            return None
        kind = self.rng.choice(self.kinds)
        self.injected[kind] += 1
        return Fault(kind=kind, retry_after=self.retry_after, delay=self.slow_delay)

    def duplicate(self) -> bool:
        """Whether the update being queued should be queued twice."""
        return self._roll(self.duplicate_probability, "duplicate")

    def swap(self) -> bool:
        """Whether the update being queued should jump ahead of its predecessor."""
        return self._roll(self.swap_probability, "swap")

    def _roll(self, probability: float, counter: str) -> bool:
        if probability <= 0 or self.rng.random() >= probability:
            return False
        self.injected[counter] += 1
        return True
