"""The scheduler: reminders of to-dos and postponed interactions, the morning agenda and
the team's digest, computed from the database at every pass.

A pass claims what is due (domain/services/reminders.py) and writes its messages to the
outbox in the same transaction, then the outbox delivers them with its lease
(bot/transport/outbox.py). So each message is queued exactly once, whichever instance's
pass claimed it and however often the bot restarts, and nothing due is lost while the bot
is down: the next pass finds it. Delivery is the outbox's: at least once, and twice only if
the bot dies after Telegram took a message and before it was marked sent.

Time is the salespeople's wall clock (TIME_ZONE), from the same clock the conversations
use; tests inject one they move by hand and call `run_once`."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from bot import formatting as fmt
from bot.conversations import followup
from bot.i18n import translate
from bot.reply import Keyboard
from bot.settings import Settings
from bot.transport.background import cancel
from domain.followups import parse_weekly
from domain.model import User
from domain.ports import UnitOfWork
from domain.services import reminders
from storage import Priority
from storage.unit_of_work import SqlUnitOfWork

log = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]
_AGENDA_ITEMS = 20  # to-dos listed (each with its buttons); the rest are counted
_BATCHES = 100  # claims per pass, at most 50 each: a backlog drains over a few passes
_STOP_GRACE = 5.0  # seconds for a pass under way to finish when stopping


class Scheduler:
    def __init__(
        self,
        *,
        uow_factory: Callable[..., SqlUnitOfWork],
        settings: Settings,
        clock: Clock,
        wake_outbox: Callable[[], None],
    ) -> None:
        self._uow_factory = uow_factory
        self._settings = settings
        self._clock = clock
        self._wake_outbox = wake_outbox
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()
        self._weekly = (
            parse_weekly(settings.team_digest_weekly) if settings.team_digest_weekly else None
        )

    def start(self) -> None:
        if self._task is None:
            self._stopping.clear()
            self._task = asyncio.create_task(self._run_forever(), name="scheduler")

    async def stop(self) -> None:
        """Lets a pass under way finish (within a grace): cancelled inside a transaction, it
        would leave its connection to be rolled back by the garbage collector, after the
        database may be gone."""
        task, self._task = self._task, None
        if task is None:
            return
        self._stopping.set()
        try:
            await asyncio.wait_for(asyncio.shield(task), timeout=_STOP_GRACE)
        except TimeoutError:
            await cancel(task)

    async def _run_forever(self) -> None:
        while not self._stopping.is_set():
            try:
                await self.run_once()
            except Exception:  # a database hiccup must not end the scheduler
                log.exception("scheduler pass failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), self._settings.scheduler_interval)

    async def run_once(self) -> int:
        """One pass over everything due now; returns how many messages it queued."""
        now = self._clock()
        queued = 0
        for _ in range(_BATCHES):
            if self._stopping.is_set():
                break  # the rest at the next start: nothing claimed is lost
            async with self._uow_factory(priority=Priority.BACKGROUND) as uow:
                count = await self._claim_and_queue(uow, now)
                await uow.commit()
            queued += count
            if count == 0:
                break
        if queued:
            self._wake_outbox()
        return queued

    async def _claim_and_queue(self, uow: UnitOfWork, now: dt.datetime) -> int:
        settings = self._settings
        queued = 0
        for agenda in await reminders.claim_agendas(uow, now=now, at=settings.agenda_time):
            text, keyboard = _agenda(agenda, settings.team_language)
            await uow.outbox.add(chat_id=agenda.user.telegram_id, text=text, buttons=keyboard)
            queued += 1
        for reminder in await reminders.claim_todo_reminders(uow, now=now):
            for user in reminder.users:
                lang = _language(user, settings.team_language)
                t = _translator(lang)
                text = t("reminder.todo", todo=followup.todo_label(t, reminder.item, lang))
                keyboard = followup.todo_buttons(t, reminder.item.todo.no)
                await uow.outbox.add(chat_id=user.telegram_id, text=text, buttons=keyboard)
                queued += 1
        hours = settings.postponed_reminder_hours
        for due in await reminders.claim_postponed_reminders(uow, now=now, hours=hours):
            assert due.entry.entry_no is not None
            for user in due.users:
                lang = _language(user, settings.team_language)
                t = _translator(lang)
                text = t(
                    "reminder.postponed",
                    entry_no=due.entry.entry_no,
                    date=fmt.date(due.entry.date, lang),
                    contact=due.contact_name,
                )
                keyboard = [[followup.resume_button(t, due.entry.entry_no)]]
                await uow.outbox.add(chat_id=user.telegram_id, text=text, buttons=keyboard)
                queued += 1
        if settings.team_chat_id is not None and self._weekly is not None:
            week = await reminders.claim_weekly_digest(uow, now=now, weekly=self._weekly)
            if week is not None:
                digest = await reminders.weekly_digest(uow, first=week[0], last=week[1])
                caption, attachment = _weekly(digest, settings.team_language)
                await uow.outbox.add(
                    chat_id=settings.team_chat_id, text=caption, attachment=attachment
                )
                queued += 1
        if settings.team_chat_id is not None and settings.team_digest_time is not None:
            counts = await reminders.claim_team_digest(uow, now=now, at=settings.team_digest_time)
            if counts is not None:
                await uow.outbox.add(
                    chat_id=settings.team_chat_id,
                    text=await _digest(uow, counts, now, settings.team_language),
                )
                queued += 1
        return queued


def _language(user: User, team_language: str) -> str:
    """What the user chose with /language; else the team's (outside a chat update the
    bot does not know their Telegram app's)."""
    return user.language_code or team_language


def _translator(lang: str) -> Callable[..., str]:

    def t(key: str, /, **params: object) -> str:
        return translate(key, lang, **params)

    return t


def _agenda(agenda: reminders.Agenda, team_language: str) -> tuple[str, Keyboard]:
    """One message: overdue to-dos, today's, postponed interactions; a row of buttons
    for each to-do listed and a Resume for each postponed one."""
    user = agenda.user
    lang = _language(user, team_language)
    t = _translator(lang)
    lines = [t("agenda.title", day=fmt.day(agenda.day, lang))]
    keyboard: Keyboard = []
    listed = 0
    for heading, items in (("agenda.overdue", agenda.overdue), ("agenda.today", agenda.today)):
        if not items:
            continue
        lines += ["", t(heading)]
        for item in items:
            if listed == _AGENDA_ITEMS:
                break
            lines.append(followup.todo_label(t, item, lang))
            keyboard += followup.todo_buttons(t, item.todo.no)
            listed += 1
    rest = len(agenda.overdue) + len(agenda.today) - listed
    if rest > 0:
        lines.append(t("agenda.more", count=rest))
    if agenda.postponed:
        lines += ["", t("agenda.postponed")]
        for entry, contact in agenda.postponed[:_AGENDA_ITEMS]:
            assert entry.entry_no is not None
            lines.append(
                t(
                    "agenda.postponed_item",
                    entry_no=entry.entry_no,
                    date=fmt.date(entry.date, lang),
                    contact=contact,
                )
            )
            keyboard.append([followup.resume_button(t, entry.entry_no)])
    # Telegram's limit on buttons per message is far above this, its text limit is 4096.
    return "\n".join(lines)[:4000], keyboard


async def _digest(uow: UnitOfWork, counts: dict[str, int], now: dt.datetime, lang: str) -> str:
    names = {sp.code: sp.name for sp in await uow.salespeople.list()}
    lines = [translate("digest.team_title", lang, day=fmt.day(now.date(), lang))]
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        lines.append(
            translate("digest.team_line", lang, name=names.get(code, code), code=code, count=count)
        )
    return "\n".join(lines)


def _weekly(digest: reminders.WeeklyDigest, lang: str) -> tuple[str, dict[str, Any]]:
    """The caption and the chart to draw when sending (as /stats team draws it)."""
    chart = digest.report.chart
    title = translate(
        "stats.title.team",
        lang,
        period=translate("stats.period.week", lang),
        first=fmt.date(digest.first, lang),
        last=fmt.date(digest.last, lang),
    )
    spec: dict[str, Any] = {
        "title": title,
        "labels": [fmt.short_date(start, lang) for start in chart.span.starts],
        "series": chart.series,
        "groups": chart.groups,
        "empty": translate("stats.empty", lang),
    }
    contacts = ", ".join(f"{name} ({count})" for name, count in digest.top)
    caption = translate(
        "digest.weekly_caption",
        lang,
        first=fmt.date(digest.first, lang),
        last=fmt.date(digest.last, lang),
        count=digest.report.totals.interactions,
        contacts=contacts or translate("digest.weekly_none", lang),
    )
    name = f"team-week-{digest.first.isoformat()}.png"
    return caption, {"kind": "photo", "source": "chart", "params": spec, "filename": name}
