"""The files a reply sends, made when it is sent: a chart drawn in a worker thread, the
interaction log exported as the command line exports it, or a text kept in the reply."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from bot.reply import SendFile
from domain.csv_export import write_entries
from domain.ports import UnitOfWork

if TYPE_CHECKING:
    from bot.charts import ChartSpec

MIME_TYPES = {"chart": "image/png", "export": "text/csv", "text": "text/csv"}


def export_params(
    *, date_from: dt.date | None, date_to: dt.date | None, salesperson_code: str
) -> dict[str, Any]:
    """What `source="export"` reads: the entries of one salesperson ("" for all) between
    the dates, as `interlog export interactions` does."""
    return {
        "from": date_from.isoformat() if date_from else None,
        "to": date_to.isoformat() if date_to else None,
        "salesperson": salesperson_code,
    }


async def produce(action: SendFile, *, uow_factory: Callable[[], UnitOfWork]) -> bytes:
    if action.source == "chart":
        # Drawing takes tens to hundreds of milliseconds of CPU: not on the event loop.
        return await asyncio.to_thread(_draw, cast("ChartSpec", action.params))
    if action.source == "export":
        return await _export(action.params, uow_factory)
    return str(action.params["text"]).encode()


def _draw(spec: ChartSpec) -> bytes:
    # matplotlib is imported with the first chart, in the worker thread, not at start: it
    # is a third of the bot's start-up imports, and most updates draw nothing.
    from bot import charts

    return charts.render(spec)


async def _export(params: dict[str, Any], uow_factory: Callable[[], UnitOfWork]) -> bytes:
    first, last = params.get("from"), params.get("to")
    async with uow_factory() as uow:
        entries = await uow.entries.export(
            date_from=dt.date.fromisoformat(first) if first else None,
            date_to=dt.date.fromisoformat(last) if last else None,
            salesperson_code=str(params.get("salesperson", "")),
            include_postponed=False,
        )
    out = io.StringIO(newline="")
    write_entries(out, entries)
    return out.getvalue().encode()
