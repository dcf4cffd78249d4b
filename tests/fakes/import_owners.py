"""Who runs a contact import, as the test says (domain.ports.ImportOwners)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class FakeImportOwners:
    me: str = "here:1"
    gone: set[str] = field(default_factory=set)  # owners whose process is known to be dead
    asked: list[str] = field(default_factory=list)

    def this_process(self) -> str:
        return self.me

    def may_run(self, owner: str) -> bool:
        self.asked.append(owner)
        return owner not in self.gone
