"""Every statement an update runs reads through an index, on both databases, and reads
about what its page shows: a step costs the same however long the log and the contact list
grow. The statements are listed here by the repository call that runs them; a call added to
a step belongs here. Inserts of given values (upserts too: their conflict check is the
key's index) are left out.

SQLite: EXPLAIN QUERY PLAN has no SCAN of a table that grows (a SCAN ... USING INDEX reads
the whole index: it fails too). PostgreSQL: EXPLAIN ANALYZE with sequential scans off
(tables this small would rightly be scanned otherwise) has no Seq Scan of a table that
grows, no index scan without an index condition (a whole index read in order), and no node
that reads more than a page's rows of such a table, while the salesperson has a few hundred
entries of other contacts (counting them per template, as steps once did, reads them all)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import event, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.model import Draft
from domain.usage import RECENT_WINDOW
from storage import SqlUnitOfWork
from storage.tables import interaction_log_entry, metadata
from tests.seed import JANA, seed
from tests.storage.builders import entry

# A few rows each, whatever the data: reading them whole is the cheapest way.
SMALL = {"interaction_template", "interaction_group", "marketing_setup", "number_series"}
GROWING = {t.name for t in metadata.sorted_tables} - SMALL
BOT = 7
BACKGROUND = 300  # entries of the salesperson with other contacts
POSTPONED = 40  # of them postponed: /postponed shows 8 at a time
PAGE_ROWS = 20
NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
LOCAL = NOW.replace(tzinfo=None)  # the salespeople's wall clock, as the scheduler reads it

Step = Callable[[SqlUnitOfWork], Awaitable[object]]


async def _update_entry(uow: SqlUnitOfWork) -> None:
    stored = await uow.entries.get(1)
    assert stored is not None
    await uow.entries.update(replace(stored, template_code="VISIT"))


async def _update_draft(uow: SqlUnitOfWork) -> None:
    draft = await uow.drafts.get(1)
    assert draft is not None
    await uow.drafts.update(replace(draft, description="Visit"))


# The statements of a conversation's step, from receiving the update to sending the reply.
STEPS: dict[str, Step] = {
    "user": lambda uow: uow.users.get(JANA.telegram_id),
    "chat state: lock": lambda uow: uow.chat_states.lock(JANA.telegram_id),
    "chat state: reply pending": lambda uow: uow.chat_states.pending_reply(JANA.telegram_id, 2),
    "chat state: replies sent": lambda uow: uow.chat_states.replies_sent([(JANA.telegram_id, 2)]),
    "contact": lambda uow: uow.contacts.get("CT000001"),
    "contacts by phone": lambda uow: uow.contacts.by_phone("777123456", limit=20),
    "templates by use": lambda uow: uow.templates.usage(JANA.salesperson_code),
    "template": lambda uow: uow.templates.get("CALL-OUT"),
    "draft": lambda uow: uow.drafts.get(1),
    "draft: update": _update_draft,
    "draft: delete": lambda uow: uow.drafts.delete(1),
    "entry": lambda uow: uow.entries.get(1),
    "entry: log": lambda uow: uow.entries.add(entry("CT000001", salesperson_code="JN")),
    "entry: update": _update_entry,
    "entry: delete": lambda uow: uow.entries.delete(1),
    "contact history page": lambda uow: uow.entries.history(["CT000001"], limit=5),
    # Bare /interact's recent pairs, and the template last used with a contact.
    "recent pairs": lambda uow: uow.entries.recent("JN", limit=RECENT_WINDOW),
    "last template of a contact": lambda uow: uow.entries.history(["CT000001"], limit=1),
    "contact statistics": lambda uow: uow.entries.statistics(["CT000001"]),
    "postponed interactions: count": lambda uow: uow.entries.count_postponed("JN"),
    "postponed interactions: page": lambda uow: uow.entries.postponed("JN", limit=8, offset=8),
    "outbox: due": lambda uow: uow.outbox.due(NOW, 1),
    # Follow-ups: /todo, Log now, Snooze, after Log; the scheduler's pass.
    "to-do": lambda uow: uow.todos.get("TD000001"),
    "to-dos: page": lambda uow: uow.todos.open(salesperson_code="JN", limit=8, offset=8),
    "to-dos: count": lambda uow: uow.todos.count_open(salesperson_code="JN"),
    "to-dos with a contact": lambda uow: uow.todos.open(salesperson_code="JN", contact_no="CT1"),
    "to-do planned after an entry": lambda uow: uow.todos.created_by(1),
    "scheduler: to-dos to remind": lambda uow: uow.todos.due_reminders(LOCAL, limit=50),
    "scheduler: to-do reminded": lambda uow: uow.todos.mark_reminded("TD000001"),
    "scheduler: postponed to remind": lambda uow: uow.entries.postponed_to_remind(
        LOCAL + dt.timedelta(days=2), limit=50
    ),
    "scheduler: agendas claimed": lambda uow: uow.schedule_marks.claimed("agenda", ["1001:x"]),
}
# Statements that read more than a page, and why that stays small.
ROWS = {
    # /postponed's title counts them: a salesperson's interactions put aside, not the log.
    "postponed interactions: count": POSTPONED + 1,
    # Its window of the newest entries, of the hundreds the salesperson has.
    "recent pairs": RECENT_WINDOW,
    # Its batch of the postponed entries of everyone (here the salesperson's 40), along the
    # partial index of postponed entries: never the log.
    "scheduler: postponed to remind": 50,
}


async def _prepare(uow: SqlUnitOfWork) -> None:
    await seed(uow)
    for n in range(3):
        await uow.entries.add(entry("CT000001", salesperson_code="JN", postponed=n == 2))
    await uow.drafts.add(
        Draft(
            id=None,
            user_id=JANA.telegram_id,
            entry_no=None,
            contact_no="CT000001",
            contact_company_no="CT000001",
            date=NOW.date(),
            time=NOW.time(),
            salesperson_code="JN",
        )
    )
    background = [
        {
            "entry_no": 1000 + n,
            "contact_no": f"BG{n:06}",
            "date": NOW.date(),
            "time": NOW.time(),
            "salesperson_code": "JN",
            "template_code": ("CALL-OUT", "VISIT", "MAIL")[n % 3],
            "postponed": n < POSTPONED,
        }
        for n in range(BACKGROUND)
    ]
    await uow.connection.execute(insert(interaction_log_entry), background)
    await uow.processed_updates.receive(BOT, [(1, "{}"), (2, "{}")], NOW)
    await uow.chat_states.save(JANA.telegram_id, {}, 1, now=NOW)


async def _statements(uow: SqlUnitOfWork, step: Step) -> list[tuple[str, Any]]:
    seen: list[tuple[str, Any]] = []

    def record(_c: Any, _cur: Any, sql: str, params: Any, _ctx: Any, many: bool) -> None:
        seen.append((sql, params[0] if many else params))

    sync_engine = uow.connection.sync_engine
    event.listen(sync_engine, "before_cursor_execute", record)
    try:
        await step(uow)
    finally:
        event.remove(sync_engine, "before_cursor_execute", record)
    return [(sql, params) for sql, params in seen if _reads(sql)]


def _reads(sql: str) -> bool:
    """Statements that find rows: not an INSERT of given values."""
    text = re.sub(r"/\*.*?\*/", "", sql).strip().upper()
    return not (text.startswith("INSERT") and "SELECT" not in text) and not text.startswith(
        ("BEGIN", "SAVEPOINT", "RELEASE", "SET ")
    )


async def _full_reads(
    conn: AsyncConnection, sql: str, params: Any, *, rows: int = PAGE_ROWS
) -> list[str]:
    """The growing tables this statement reads whole (or more than `rows` of)."""
    if conn.dialect.name == "sqlite":
        plan = await conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params)
        scanned = (re.match(r"SCAN (\w+)", row[3]) for row in plan)
        return [m.group(1) for m in scanned if m and m.group(1) in GROWING]
    await conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
    explain = f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}"
    plan = (await conn.exec_driver_sql(explain, params)).scalar_one()
    nodes = json.loads(plan) if isinstance(plan, str) else plan
    return [n["Relation Name"] for n in _nodes(nodes[0]["Plan"]) if _reads_whole(n, rows)]


def _nodes(node: dict[str, Any]) -> list[dict[str, Any]]:
    return [node, *(n for child in node.get("Plans", []) for n in _nodes(child))]


def _reads_whole(node: dict[str, Any], rows: int) -> bool:
    if node.get("Relation Name") not in GROWING:
        return False
    if node["Node Type"] == "Seq Scan" or node["Actual Rows"] * node["Actual Loops"] > rows:
        return True
    return node["Node Type"] in ("Index Scan", "Index Only Scan") and "Index Cond" not in node


@pytest.mark.parametrize("name", list(STEPS))
async def test_a_step_reads_through_indexes(
    name: str, uow_factory: Callable[[], SqlUnitOfWork]
) -> None:
    async with uow_factory() as uow:  # never committed
        await _prepare(uow)
        statements = await _statements(uow, STEPS[name])
        assert statements, "the step runs no statement that reads"
        for sql, params in statements:
            rows = ROWS.get(name, PAGE_ROWS)
            assert await _full_reads(uow.connection, sql, params, rows=rows) == [], sql
