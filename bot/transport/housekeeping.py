"""Periodic clean-up: handled update ids are remembered only as long as Telegram may
redeliver (it keeps updates for 24 hours), so the table stays small and an update id that
Telegram reuses after a quiet week is not mistaken for a redelivery."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable

from storage.unit_of_work import SqlUnitOfWork

log = logging.getLogger(__name__)

INTERVAL = 3600.0  # seconds


async def prune_processed_updates(
    uow_factory: Callable[[], SqlUnitOfWork], *, retention: dt.timedelta, now: dt.datetime
) -> int:
    async with uow_factory() as uow:
        pruned = await uow.processed_updates.prune(now - retention)
        await uow.commit()
    return pruned


async def keep_tidy(uow_factory: Callable[[], SqlUnitOfWork], *, retention: dt.timedelta) -> None:
    while True:
        try:
            now = dt.datetime.now(dt.UTC)
            pruned = await prune_processed_updates(uow_factory, retention=retention, now=now)
            log.info("forgot %d handled update ids older than %s", pruned, retention)
        except Exception:  # a database hiccup must not end the housekeeping
            log.exception("housekeeping failed")
        await asyncio.sleep(INTERVAL)
