"""The sandbox's back end: the embedded Bot API, a demo database and the real bot, in one process.

The bot is the same Application `interlog run` builds (pipeline, flows, inbox, outbox), told
to find Telegram at the embedded Bot API's address; only the users and chats are simulated.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import SecretStr
from telegram.ext import Application

from bot.app import build_application
from bot.settings import Settings
from bot.transport.polling import Poller
from cli.text import say
from domain.access import OPERATOR
from domain.model import User
from domain.services.demo import load_demo
from sandbox.bot_api import Chat, FakeTelegram, FakeUser
from storage import SqlUnitOfWork, make_engine, make_uow_factory, upgrade

TEAM_CHAT_ID = -100100
TEAM_TITLE = "Sales team"


@dataclass(frozen=True, slots=True)
class SandboxUser:
    """A person the page can act as: a Telegram user registered as a salesperson."""

    telegram_id: int
    first_name: str
    preferred_salesperson: str
    is_admin: bool


USERS = (
    SandboxUser(1001, "Jana", "JN", is_admin=False),
    SandboxUser(1002, "Petr", "PK", is_admin=True),
)


@dataclass(frozen=True, slots=True)
class Member:
    """A sandbox user as registered: who they act as, for the page's user switcher."""

    user: FakeUser
    salesperson_code: str
    salesperson_name: str
    is_admin: bool


class SandboxError(Exception):
    """The sandbox cannot start; the message says why."""


class Sandbox:
    """``async with Sandbox(...) as box:`` starts everything; leaving stops it in order."""

    def __init__(self, *, base: Settings, database_url: str | None, language: str) -> None:
        self.language = language
        self.demo_loaded = False
        self._base = base
        self._database_url = database_url
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self.telegram = FakeTelegram(bot_username="interlog_sandbox_bot", bot_name="Interlog")
        self.members: list[Member] = []
        self.team: Chat | None = None
        self.app: Application[Any, Any, Any, Any, Any, Any] | None = None
        self._poller: Poller | None = None
        self._stack = contextlib.AsyncExitStack()
        self.uow_factory: Callable[[], SqlUnitOfWork] | None = None

    @property
    def database_url(self) -> str:
        if self._database_url is None:
            if self._tmp is None:
                self._tmp = tempfile.TemporaryDirectory(prefix="interlog-sandbox-")
            self._database_url = f"sqlite+aiosqlite:///{self._tmp.name}/sandbox.db"
        return self._database_url

    @property
    def throwaway(self) -> bool:
        return self._tmp is not None

    async def __aenter__(self) -> Sandbox:
        try:
            await self._start()
        except BaseException:
            await self.stop()
            raise
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def _start(self) -> None:
        url = self.database_url
        await upgrade(url)
        engine = make_engine(url)
        self._stack.push_async_callback(engine.dispose)
        uow_factory = self.uow_factory = make_uow_factory(engine)
        registered = await self._prepare_database(uow_factory)
        await self.telegram.start()
        self._stack.push_async_callback(self.telegram.stop)
        self.team = self.telegram.group(chat_id=TEAM_CHAT_ID, title=TEAM_TITLE)
        for person, (code, name) in zip(USERS, registered, strict=True):
            user = self.telegram.user(
                user_id=person.telegram_id, first_name=person.first_name,
                language_code=self.language,
            )  # fmt: skip
            self.members.append(Member(user, code, name, person.is_admin))
        await self._start_bot(uow_factory)

    async def _prepare_database(
        self, uow_factory: Callable[[], SqlUnitOfWork]
    ) -> list[tuple[str, str]]:
        """The demo data (into an empty database only) and the sandbox users; returns each
        user's salesperson code and name."""
        async with uow_factory() as uow:
            loaded = await load_demo(uow, user=OPERATOR, today=dt.date.today())
            self.demo_loaded = loaded.summary is not None
            salespeople = [s for s in await uow.salespeople.list() if not s.blocked]
            if not salespeople:
                raise SandboxError(say("cli.sandbox.no_salespeople"))
            by_code = {s.code: s for s in salespeople}
            registered: list[tuple[str, str]] = []
            for person in USERS:
                salesperson = by_code.get(person.preferred_salesperson, salespeople[0])
                await uow.users.save(
                    User(
                        telegram_id=person.telegram_id,
                        salesperson_code=salesperson.code,
                        is_admin=person.is_admin,
                        language_code=self.language,
                    )
                )
                registered.append((salesperson.code, salesperson.name or salesperson.code))
            await uow.commit()
        return registered

    async def _start_bot(self, uow_factory: Callable[[], SqlUnitOfWork]) -> None:
        settings = self._base.model_copy(
            update={
                "database_url": self.database_url,
                "telegram_bot_token": SecretStr(self.telegram.token),
                "telegram_api_base_url": self.telegram.base_url,
                "telegram_api_file_url": self.telegram.base_file_url,
                "team_chat_id": TEAM_CHAT_ID,
                "admin_chat_id": None,
                "webhook_url": "",
            }
        )
        app = build_application(
            settings, uow_factory=uow_factory, on_done=self.telegram.update_done
        )
        self.app = app
        await app.initialize()
        self._stack.push_async_callback(app.shutdown)
        if app.post_init is not None:
            await app.post_init(app)
        if app.post_shutdown is not None:
            self._stack.push_async_callback(app.post_shutdown, app)
        await app.start()
        self._stack.push_async_callback(app.stop)
        self._poller = Poller(app, timeout=10)
        await self._poller.start()
        self._stack.push_async_callback(self._poller.stop)

    async def stop(self) -> None:
        """Everything started, in reverse order; then the throw-away database goes."""
        try:
            await self._stack.aclose()
        finally:
            if self._tmp is not None:
                self._tmp.cleanup()

    def member(self, telegram_id: int) -> Member:
        for member in self.members:
            if member.user.id == telegram_id:
                return member
        raise KeyError(telegram_id)

    def commands(self) -> list[dict[str, Any]]:
        """The bot's command menu in the sandbox's language (the default list otherwise)."""
        for language in (self.language, ""):
            key = self.telegram.api.commands_key({"language_code": language})
            if commands := self.telegram.state.commands.get(key):
                return commands
        return []
