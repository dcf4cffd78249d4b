"""Who may use the bot: each Telegram user acts as one salesperson."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace

from domain.access import require_active, require_admin
from domain.errors import NotFound, ValidationFailed
from domain.model import Salesperson, User
from domain.ports import UnitOfWork


@dataclass(frozen=True, slots=True)
class Authorised:
    user: User
    salesperson: Salesperson
    updated: bool  # the Telegram user was one already


async def authorise_user(
    uow: UnitOfWork, *, user: User, telegram_id: int, salesperson_code: str, admin: bool
) -> Authorised:
    """Adds or updates a Telegram user acting as an existing salesperson who is not blocked:
    a blocked one can do nothing, so nobody new may act as them. Administrators only."""
    require_admin(user)
    if telegram_id <= 0:
        raise ValidationFailed("telegram_id_invalid")
    code = salesperson_code.strip().upper()
    salesperson = await uow.salespeople.get(code)
    if salesperson is None:
        known = [s.code for s in await uow.salespeople.list()]
        raise NotFound("salesperson_not_found", code=code, known=known)
    old = await uow.users.get(telegram_id)
    added = User(
        telegram_id=telegram_id,
        salesperson_code=code,
        is_admin=admin,
        language_code=old.language_code if old else "",
        salesperson_blocked=salesperson.blocked,
    )
    require_active(added)
    await uow.users.save(added)
    return Authorised(user=added, salesperson=salesperson, updated=old is not None)


async def choose_language(
    uow: UnitOfWork, *, user: User, language: str, offered: Collection[str]
) -> User:
    """The language the user reads from now on, one of those `offered`; kept with them."""
    require_active(user)
    if language not in offered:
        raise ValidationFailed("language_invalid", value=language[:10])
    chosen = replace(user, language_code=language)
    await uow.users.save(chosen)
    return chosen


async def remove_user(uow: UnitOfWork, *, user: User, telegram_id: int) -> User:
    """Takes away a Telegram user's access; the user as they were. Administrators only."""
    require_admin(user)
    removed = await uow.users.get(telegram_id)
    if removed is None or not await uow.users.remove(telegram_id):
        raise NotFound("user_not_found", telegram_id=telegram_id)
    return removed


@dataclass(frozen=True, slots=True)
class ListedUser:
    user: User
    salesperson_name: str | None  # None: no such salesperson


async def list_users(uow: UnitOfWork, *, user: User) -> list[ListedUser]:
    """Every Telegram user of the bot with their salesperson's name. Administrators only."""
    require_admin(user)
    names = {s.code: s.name for s in await uow.salespeople.list()}
    return [ListedUser(u, names.get(u.salesperson_code)) for u in await uow.users.list()]
