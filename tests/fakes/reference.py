"""Salespeople, users, interaction groups and templates, marketing setup."""

from __future__ import annotations

import copy
from dataclasses import replace

from domain.model import (
    InteractionGroup,
    InteractionTemplate,
    MarketingSetup,
    NumberSeries,
    Salesperson,
    User,
)
from domain.usage import template_usage
from tests.fakes.data import _Repo


class FakeSalespeople(_Repo):
    async def get(self, code: str) -> Salesperson | None:
        return copy.copy(self.d.salespeople.get(code))

    async def save(self, salesperson: Salesperson) -> None:
        self.d.salespeople[salesperson.code] = copy.copy(salesperson)

    async def list(self) -> list[Salesperson]:
        return [copy.copy(s) for s in sorted(self.d.salespeople.values(), key=lambda s: s.code)]


class FakeUsers(_Repo):
    async def get(self, telegram_id: int) -> User | None:
        user = self.d.users.get(telegram_id)
        return self._with_blocked(user) if user else None

    def _with_blocked(self, user: User) -> User:
        salesperson = self.d.salespeople.get(user.salesperson_code)
        return replace(user, salesperson_blocked=salesperson is not None and salesperson.blocked)

    async def save(self, user: User) -> None:
        self.d.users[user.telegram_id] = replace(user, salesperson_blocked=False)

    async def remove(self, telegram_id: int) -> bool:
        return self.d.users.pop(telegram_id, None) is not None

    async def list(self) -> list[User]:
        return [self._with_blocked(u) for u in self.d.users.values()]


class FakeGroups(_Repo):
    async def get(self, code: str) -> InteractionGroup | None:
        return copy.copy(self.d.groups.get(code))

    async def save(self, group: InteractionGroup) -> None:
        self.d.groups[group.code] = copy.copy(group)

    async def list(self) -> list[InteractionGroup]:
        return [copy.copy(g) for g in sorted(self.d.groups.values(), key=lambda g: g.code)]


class FakeTemplates(_Repo):
    async def get(self, code: str) -> InteractionTemplate | None:
        return copy.copy(self.d.templates.get(code))

    async def save(self, template: InteractionTemplate) -> None:
        self.d.templates[template.code] = copy.copy(template)

    async def list(self) -> list[InteractionTemplate]:
        return [copy.copy(t) for t in sorted(self.d.templates.values(), key=lambda t: t.code)]

    async def usage(self, salesperson_code: str) -> dict[str, int]:
        return template_usage(self.d.entries.values(), salesperson_code)


class FakeSetup(_Repo):
    async def get(self) -> MarketingSetup:
        return copy.copy(self.d.setup)

    async def save(self, setup: MarketingSetup) -> None:
        self.d.setup = copy.copy(setup)

    async def series(self, code: str) -> NumberSeries | None:
        return copy.copy(self.d.series.get(code))

    async def save_series(self, series: NumberSeries) -> None:
        self.d.series[series.code] = copy.copy(series)
