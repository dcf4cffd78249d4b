"""An administrator's CSV document captioned `/import KIND`, imported off the update's path.

The update's step only checks who asks and what (bot/conversations/imports.py) and keeps a
StartImport in its reply; once that is committed, the sender hands it here. The import
then runs as a task of its own: it posts one message and edits its progress into it,
downloads the file (getFile, then the file's URL, as Telegram serves it) into a temporary
folder, runs the import service (domain/services/imports.py) on it and answers with the
count or every problem. Its transactions queue behind the bot's updates (background
priority on SQLite) and it reads and checks the file in small chunks between which the
event loop serves other users, so nobody's replies wait for it.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import tempfile
from collections.abc import Callable
from pathlib import Path

from telegram import Bot
from telegram.error import TelegramError

from bot import import_texts
from bot.i18n import translate
from bot.reply import Edit, Reply, SendFile, StartImport
from bot.transport.background import cancel
from bot.transport.replies import Sender
from domain.errors import DomainError
from domain.services import imports
from domain.services.imports import ImportResult, Notice, Pace, Stage
from storage import Priority
from storage.import_owners import HostProcesses
from storage.unit_of_work import SqlUnitOfWork

log = logging.getLogger(__name__)

MAX_DOWNLOAD = 20 * 1024 * 1024
"""Telegram's limit on the files a bot may download (getFile)."""

PROBLEMS_SHOWN = 20
"""More problems than this come as a document, one per line."""

PROGRESS_MIN_ROWS = 1_000
"""Smaller files are imported before anyone could read their progress."""

PROGRESS_STEPS = 10
"""A stage's progress is edited in at every tenth of it."""

CHAT_PACE = Pace(check_chunk=500, write_chunk=200, pause=0.0)
"""Small chunks, each a few milliseconds of the event loop; no pause, since the writes
wait for the bot's own in the writers' queue (background priority)."""

DOWNLOAD_TIMEOUT = 120.0  # seconds for 20 MB on a slow link

_MAX_TEXT = 4096


class ChatImports:
    def __init__(
        self, *, bot: Bot, sender: Sender, uow_factory: Callable[..., SqlUnitOfWork]
    ) -> None:
        self._bot = bot
        self._sender = sender
        self._uow_factory = uow_factory
        self._tasks: set[asyncio.Task[None]] = set()

    def start(self, action: StartImport) -> None:
        task = asyncio.create_task(self._run(action), name=f"import {action.file_name}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def wait(self) -> None:
        """Until every import started has ended (tests, a graceful stop)."""
        while self._tasks:
            await asyncio.wait(set(self._tasks))

    async def stop(self) -> None:
        """Cancels the imports running: each undoes what it wrote before it ends."""
        for task in list(self._tasks):
            await cancel(task)

    async def _run(self, action: StartImport) -> None:
        lang = action.language
        name = action.file_name or "file.csv"
        message_id = await self._sender.send_message(
            action.chat_id, translate("import.started", lang, name=name)
        )
        progress = _Progress(self, action, message_id, name)
        try:
            async with self._uow_factory(read_only=True) as uow:
                user = await uow.users.get(action.telegram_id)
            if user is None:
                await self._say(action, translate("error.user_not_found", lang))
                return
            with tempfile.TemporaryDirectory(prefix="interlog-import-") as folder:
                path = Path(folder) / "import.csv"
                await self._download(action.file_id, path)
                notices: list[Notice] = []
                result = await imports.import_csv(
                    lambda: self._uow_factory(priority=Priority.BACKGROUND),
                    user=user,
                    kind=action.kind,
                    source=lambda: path.open("rb"),
                    reader=lambda: self._uow_factory(read_only=True),
                    progress=progress,
                    notify=notices.append,
                    pace=CHAT_PACE,
                    owners=HostProcesses(),
                )
            await progress.finished()
            await self._answer(action, name, result, notices)
        except DomainError as refusal:
            lines = import_texts.error(refusal, name=name, kind=action.kind, lang=lang)
            await self._say(action, "\n".join(lines))
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the chat hears of it; the log keeps the traceback
            reference = secrets.token_hex(4).upper()
            log.exception("the import of %s failed, reference %s", name, reference)
            if isinstance(exc, TelegramError):
                text = translate("import.failed", lang, name=name, reason=exc.message)
            else:
                text = translate("import.failed_unexpected", lang, name=name, reference=reference)
            await self._say(action, text)

    async def _download(self, file_id: str, path: Path) -> None:
        telegram_file = await self._bot.get_file(file_id, read_timeout=DOWNLOAD_TIMEOUT)
        await telegram_file.download_to_drive(path, read_timeout=DOWNLOAD_TIMEOUT)

    async def _answer(
        self, action: StartImport, name: str, result: ImportResult, notices: list[Notice]
    ) -> None:
        lang = action.language
        said = [import_texts.notice(n, lang) for n in notices]
        if result.ok:
            if result.rows:
                said.append(import_texts.done(result, lang))
            else:
                said.append(translate("import.no_rows", lang, name=name))
            await self._say(action, "\n".join(said))
            return
        refused = translate(
            "import.refused", lang, name=name, count=result.bad_rows, rows=result.rows
        )
        lines = [import_texts.problem(problem, lang) for problem in result.problems]
        text = "\n".join([*said, *lines, refused])
        if len(lines) <= PROBLEMS_SHOWN and len(text) <= _MAX_TEXT:
            await self._say(action, text)
            return
        caption = translate(
            "import.problems_caption", lang, name=name, count=result.bad_rows, rows=result.rows
        )
        problems = "\n".join([*said, *lines]) + "\n"
        stem = name.rsplit(".", 1)[0] or "import"
        document = SendFile(
            action.chat_id, "document", "text", {"text": problems}, f"{stem}-problems.txt", caption
        )
        await self._sender.perform(Reply([document]), tap="")

    async def _say(self, action: StartImport, text: str) -> None:
        await self._sender.send_message(action.chat_id, text[:_MAX_TEXT])

    async def edit(self, action: StartImport, message_id: int, text: str) -> None:
        try:
            await self._sender.perform(Reply([Edit(action.chat_id, message_id, text)]), tap="")
        except TelegramError:  # progress is a courtesy: the import goes on without it
            log.warning("could not show the progress of %s", action.file_name)


class _Progress:
    """Edits the import's message at each tenth of a stage, for files large enough."""

    def __init__(
        self, imports: ChatImports, action: StartImport, message_id: int | None, name: str
    ) -> None:
        self._imports = imports
        self._action = action
        self._message_id = message_id
        self._name = name
        self._shown: tuple[Stage, int] | None = None
        self._large = False

    async def __call__(self, stage: Stage, done: int, total: int) -> None:
        if stage is Stage.READING:
            self._large = self._large or done >= PROGRESS_MIN_ROWS
            return
        if not self._large and total < PROGRESS_MIN_ROWS:
            return
        self._large = True
        step = done * PROGRESS_STEPS // total if total else 0
        if self._shown == (stage, step):
            return
        self._shown = (stage, step)
        key = f"import.progress.{stage.value}"
        text = translate(key, self._action.language, name=self._name, done=done, total=total)
        await self._show(text)

    async def finished(self) -> None:
        if self._large:
            lang = self._action.language
            await self._show(translate("import.progress.finished", lang, name=self._name))

    async def _show(self, text: str) -> None:
        if self._message_id is not None:
            await self._imports.edit(self._action, self._message_id, text)
