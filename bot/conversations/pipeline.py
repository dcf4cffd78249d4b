"""One path for every update: record it, find the user and their state in the database,
run the step, commit, and only then reply.

Recording the update id in the same transaction as its effects makes a redelivered update
a no-op; reading the state from the database for each update makes a restart (or another
instance) continue exactly where the user was."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.ext import ContextTypes

from bot.conversations import incoming as reading
from bot.conversations import inline
from bot.conversations.context import Ctx, Incoming
from bot.conversations.router import Step, command_step, tap_step, text_step
from bot.conversations.state import ChatState
from bot.errors import render_error, shown_as_message
from bot.i18n import language_of, translate
from bot.reply import Reply, Send, SendFile, StartImport, dump, load
from bot.settings import Settings
from bot.transport.replies import Sender
from domain.errors import DomainError
from domain.model import User
from storage import Priority
from storage.unit_of_work import SqlUnitOfWork

log = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]


def local_now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def clock_in(time_zone: str) -> Clock:
    """The wall clock of `time_zone` (naive, as the entries store it); the server's own
    when empty."""
    if not time_zone:
        return local_now
    zone = ZoneInfo(time_zone)
    return lambda: dt.datetime.now(zone).replace(microsecond=0, tzinfo=None)


class Pipeline:
    def __init__(
        self,
        *,
        uow_factory: Callable[[], SqlUnitOfWork],
        settings: Settings,
        bot_id: int,
        sender: Sender,
        wake_outbox: Callable[[], None],
        superseded: set[int],
        clock: Clock = local_now,
    ) -> None:
        self._uow_factory = uow_factory
        self._settings = settings
        self._bot_id = bot_id
        self._sender = sender
        self._wake_outbox = wake_outbox
        self._superseded = superseded
        self._clock = clock

    @property
    def clock(self) -> Clock:
        return self._clock

    async def handle(self, update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
        incoming = reading.read(update, bot_username=self._sender.username)
        if incoming is None or update.effective_user is None:
            await self._mark_handled(update.update_id)
            return
        if incoming.query_id and incoming.chat_id != update.effective_user.id:
            # A button's message lies in the tapper's private chat (whose id is the user's),
            # or the tap is forged: nothing of another chat is edited or sent to.
            await self._mark_handled(update.update_id)
            refusal = Reply()
            text = translate("tap.not_here", language_of(incoming.language_code))
            refusal.answer(incoming.query_id, text, alert=True)
            await self._sender.perform(refusal, tap=incoming.query_id)
            return
        if incoming.inline_query_id:
            await self._inline(update.update_id, update.effective_user.id, incoming)
            return
        if update.effective_chat is not None and update.effective_chat.type != "private":
            await self._in_group(update.update_id, update.effective_user.id, incoming)
            return
        try:
            reply = await self._process(update.update_id, update.effective_user.id, incoming)
        except DomainError as error:
            reply = await self._refuse(update.update_id, update.effective_user.id, incoming, error)
        if reply is None:
            return
        # Not taken by Telegram after every attempt: kept and not marked sent, it goes out
        # again at the next start.
        if await self._sender.perform(reply, tap=incoming.query_id):
            self._sender.sent.add(update.effective_user.id, update.update_id)
            if any(isinstance(action, Send | SendFile | StartImport) for action in reply.actions):
                # Sending an edit or an answer twice after a crash is harmless, a message is
                # not: its mark is written now, not with the next batch (the user's next
                # update waits for it, hence not behind the background writes).
                await self._sender.sent.write(priority=Priority.NORMAL)
        if reply.outbox_written:
            self._wake_outbox()

    async def _mark_handled(self, update_id: int) -> None:
        """Records an update that changes nothing as handled, or the inbox would hand it over
        again at every start."""
        async with self._uow_factory() as uow:
            await uow.processed_updates.claim(self._bot_id, update_id, dt.datetime.now(dt.UTC))
            await uow.commit()

    async def _in_group(self, update_id: int, telegram_id: int, incoming: Incoming) -> None:
        """In a group the bot answers its users' commands with a pointer to the private chat
        and otherwise stays silent (at most once: nothing is kept there), so that nobody
        else in the group can make it talk."""
        async with self._uow_factory() as uow:
            now = dt.datetime.now(dt.UTC)
            if not await uow.processed_updates.claim(self._bot_id, update_id, now):
                return
            user = await uow.users.get(telegram_id)
            await uow.commit()
        if incoming.command and user is not None:
            lang = language_of(user.language_code or incoming.language_code)
            text = translate("group.use_private", lang, bot=self._sender.username)
            await self._sender.perform(Reply([Send(incoming.chat_id, text)]), tap="")

    async def _inline(self, update_id: int, telegram_id: int, incoming: Incoming) -> None:
        """An inline query ("@bot novak" in any chat) is answered with matching contacts to
        registered users, and with nothing but a Register button to anyone else. It leaves
        the user's conversation as it is: no state is read or written."""
        async with self._uow_factory() as uow:
            if not await uow.processed_updates.claim(
                self._bot_id, update_id, dt.datetime.now(dt.UTC)
            ):
                return
            user = await uow.users.get(telegram_id)
            try:
                answer = await inline.answer(
                    uow, user=user, incoming=incoming, bot=self._sender.username
                )
            except DomainError:  # a query of nothing searchable: no results
                answer = inline.nothing(incoming)
            await uow.commit()
        await self._sender.perform(Reply([answer]), tap="")

    async def _process(self, update_id: int, telegram_id: int, incoming: Incoming) -> Reply | None:
        now = self._clock()
        async with self._uow_factory() as uow:
            if not await uow.processed_updates.claim(
                self._bot_id, update_id, dt.datetime.now(dt.UTC)
            ):
                return await self._redelivered(uow, telegram_id, update_id)
            user = await uow.users.get(telegram_id)
            if user is None:
                reply = self._unauthorised(telegram_id, incoming)
            else:
                ctx = await self._context(uow, user, incoming, now)
                step = self._step(ctx)
                if step is None:
                    ctx.toast(ctx.t("stale"))
                else:
                    before = ctx.state.to_json()
                    await step(ctx)
                    if ctx.drew_buttons or ctx.state.to_json() != before:
                        # Buttons drawn before are stale now; a step that changed nothing
                        # and drew none (/help, a hint to use the buttons) leaves them be.
                        ctx.state.version += 1
                    # The state and the reply to keep, in one statement.
                    await uow.chat_states.save(
                        user.telegram_id,
                        ctx.state.to_json(),
                        ctx.state.version,
                        reply=(update_id, dump(ctx.reply)),
                    )
                    await uow.commit()
                    return ctx.reply
                reply = ctx.reply
            return await self._commit(uow, telegram_id, update_id, reply)

    @staticmethod
    async def _commit(uow: SqlUnitOfWork, telegram_id: int, update_id: int, reply: Reply) -> Reply:
        """The reply is stored with the update's effects, then everything is committed."""
        await uow.chat_states.keep_reply(telegram_id, update_id, dump(reply))
        await uow.commit()
        return reply

    @staticmethod
    def _unauthorised(telegram_id: int, incoming: Incoming) -> Reply:
        lang = language_of(incoming.language_code)
        text = translate("unauthorised", lang, telegram_id=telegram_id)
        reply = Reply()
        if incoming.query_id:
            reply.answer(incoming.query_id, text, alert=True)
        else:
            reply.add(Send(incoming.chat_id, text))
        return reply

    async def _redelivered(
        self, uow: SqlUnitOfWork, telegram_id: int, update_id: int
    ) -> Reply | None:
        """A redelivery changes nothing; if the first delivery died before its reply went
        out (and the user sent nothing since), the stored reply is sent now."""
        if update_id in self._superseded:
            return None
        pending = await uow.chat_states.pending_reply(telegram_id, update_id)
        log.info("update %s was already handled%s", update_id, "; re-sending" if pending else "")
        return load(pending) if pending else None

    async def _context(
        self, uow: SqlUnitOfWork, user: User, incoming: Incoming, now: dt.datetime
    ) -> Ctx:
        # Locked until the commit: the user's next update, on any instance, waits for this
        # one and then finds its state (a second tap on the same card is then out of date).
        stored = await uow.chat_states.lock(user.telegram_id)
        state = ChatState.from_json(*stored) if stored else ChatState()
        return Ctx(
            uow=uow, user=user, state=state, incoming=incoming, now=now, settings=self._settings
        )

    @staticmethod
    def _step(ctx: Ctx) -> Step | None:
        if ctx.incoming.query_id:
            return tap_step(ctx)
        if ctx.incoming.command:
            return command_step(ctx)
        return text_step(ctx)

    async def _refuse(
        self, update_id: int, telegram_id: int, incoming: Incoming, error: DomainError
    ) -> Reply | None:
        """The step's changes are rolled back; the update is still recorded as handled,
        and the user is told why, with the step's question again where it asked one."""
        now = self._clock()
        async with self._uow_factory() as uow:
            if not await uow.processed_updates.claim(
                self._bot_id, update_id, dt.datetime.now(dt.UTC)
            ):
                return await self._redelivered(uow, telegram_id, update_id)
            user = await uow.users.get(telegram_id)
            assert user is not None  # refusals come from steps, which only users reach
            ctx = await self._context(uow, user, incoming, now)
            text = render_error(ctx, error)
            if incoming.query_id and shown_as_message(error):
                ctx.send(text)
            elif incoming.query_id:
                ctx.toast(text, alert=True)
            else:
                ask = ctx.state.data.get("ask")
                ctx.send(f"{text}\n{ctx.t(str(ask))}" if ask else text)
            return await self._commit(uow, telegram_id, update_id, ctx.reply)
