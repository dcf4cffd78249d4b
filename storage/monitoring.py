"""What an operator watches, read from the database: the schema's revision and the work
waiting (notifications not yet sent, updates stored and not yet handled) and the updates
that failed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.schema import read_revision
from storage.tables import failed_update, outbox, processed_update

_OUTBOX = select(func.count(), func.min(outbox.c.created_at)).where(outbox.c.sent_at.is_(None))
_INBOX = select(func.count()).where(processed_update.c.payload.is_not(None))
_FAILED = select(func.count()).select_from(failed_update)


@dataclass(frozen=True, slots=True)
class Backlog:
    outbox: int  # notifications not yet sent
    outbox_oldest: dt.datetime | None  # when the oldest of them was written (UTC)
    inbox: int  # updates stored and not yet handled, by every instance
    failed: int  # updates kept as failed (`interlog updates failed`)


async def revision(conn: AsyncConnection) -> str | None:
    """The migration the database is at; None for a database never migrated."""
    return await conn.run_sync(read_revision)


async def backlog(conn: AsyncConnection) -> Backlog:
    waiting, oldest = (await conn.execute(_OUTBOX)).one()
    inbox = await conn.scalar(_INBOX)
    failed = await conn.scalar(_FAILED)
    if oldest is not None and oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=dt.UTC)
    return Backlog(
        outbox=int(waiting), outbox_oldest=oldest, inbox=int(inbox or 0), failed=int(failed or 0)
    )
