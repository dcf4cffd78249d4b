"""A conversation's steps need only the domain's port: they run on the in-memory fakes too
(the end-to-end tests in tests/bot drive them through Telegram on real databases)."""

from __future__ import annotations

import pytest

from bot.conversations import callbacks, interact, postponed
from bot.conversations.context import Ctx, Incoming
from bot.conversations.state import ChatState
from bot.reply import Send
from bot.settings import Settings
from domain.model import User
from tests.fakes import Data, FakeUnitOfWork
from tests.seed import JANA, seed
from tests.services.conftest import NOW

pytestmark = pytest.mark.parametrize("backend_url", ["fake"], indirect=True)


async def _uow(backend_url: str) -> FakeUnitOfWork:
    assert backend_url == ""
    uow = FakeUnitOfWork(Data())
    await seed(uow)
    return uow


def _ctx(uow: FakeUnitOfWork, state: ChatState, incoming: Incoming, user: User = JANA) -> Ctx:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    return Ctx(uow=uow, user=user, state=state, incoming=incoming, now=NOW, settings=settings)


def _texts(ctx: Ctx) -> list[str]:
    return [a.text for a in ctx.reply.actions if isinstance(a, Send)]


async def test_choosing_a_contact_then_cancelling_postpones_it(backend_url: str) -> None:
    uow = await _uow(backend_url)
    state = ChatState()
    chosen = _ctx(uow, state, Incoming(chat_id=1, text="jan novak"))
    await interact.PICKER.on_text(chosen)
    assert state.draft_id is not None and "Jan Novák" in _texts(chosen)[-1]
    tap = callbacks.Tap(version=state.version, action="postpone", argument="")
    cancelled = _ctx(uow, state, Incoming(chat_id=1, tap=tap, query_id="q"))
    await interact.postpone(cancelled)
    listing = _ctx(uow, state, Incoming(chat_id=1, command="postponed"))
    await postponed.start(listing)
    assert state.draft_id is None
    assert "Jan Novák" in _texts(listing)[-1]
