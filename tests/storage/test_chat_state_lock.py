"""ChatStateRepository.lock: one user's row held by one transaction until it ends."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from storage import SqlUnitOfWork

UowFactory = Callable[[], SqlUnitOfWork]


async def test_lock_reads_the_state_as_get_does(uow_factory: UowFactory) -> None:
    async with uow_factory() as uow:
        await uow.chat_states.save(1, {"flow": "interact"}, 4)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.chat_states.lock(1) == ({"flow": "interact"}, 4)
        missing = await uow.chat_states.lock(2)
        # PostgreSQL needs a row to lock: a user without one gets an empty state.
        assert missing == (({}, 0) if uow.connection.dialect.name == "postgresql" else None)


# SQLite serialises every transaction (BEGIN IMMEDIATE) already.
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_a_locked_user_waits_for_the_transaction_that_holds_it(
    uow_factory: UowFactory,
) -> None:
    async with uow_factory() as uow:
        await uow.chat_states.save(6, {"flow": "interact"}, 3)
        await uow.commit()
    # User 6 has a state, user 7 none yet: either way the second transaction must wait.
    for user, state in ((6, ({"flow": "interact"}, 3)), (7, ({}, 0))):
        async with uow_factory() as first, uow_factory() as second:
            await first.chat_states.lock(user)
            await second.connection.execute(text("SET LOCAL lock_timeout = '50ms'"))
            with pytest.raises(DBAPIError, match="lock timeout"):
                await second.chat_states.lock(user)
            await second.rollback()
            assert await second.chat_states.lock(8) == ({}, 0)  # others are not held up
            await first.commit()
            assert await second.chat_states.lock(user) == state
