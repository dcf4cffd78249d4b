"""Health and metrics for whatever watches the bot: `GET /healthz` (200 when the database
answers and its schema is current, else 503 with the reason) and `GET /metrics` in the
Prometheus text format. Served on the webhook server, and on METRICS_PORT when set."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Callable, Coroutine
from typing import Any

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.exposition import generate_latest
from telegram import Update

from storage import Priority, monitoring
from storage.schema import head_revision
from storage.unit_of_work import SqlUnitOfWork

log = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
METRICS_PATH = "/metrics"
# A probe must answer, even when the database does not: past this it is unhealthy.
_PROBE_SECONDS = 5.0

Handler = Callable[[Update, Any], Coroutine[Any, Any, None]]


def update_kind(update: Update) -> str:
    """The update's type as Telegram names it (message, callback_query, ...)."""
    for kind in Update.ALL_TYPES:
        if getattr(update, kind, None) is not None:
            return kind
    return "other"


class Monitoring:
    def __init__(self, uow_factory: Callable[..., SqlUnitOfWork]) -> None:
        self._uow_factory = uow_factory
        self._head = head_revision()
        self.registry = CollectorRegistry()
        r = self.registry
        self.handled = Counter(
            "interlog_updates_handled", "Updates handled, by kind", ["kind"], registry=r
        )
        self.errors = Counter(
            "interlog_update_errors", "Updates whose handling failed unexpectedly", registry=r
        )
        self.latency = Histogram(
            "interlog_update_handling_seconds",
            "From the start of handling an update to its reply sent",
            buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
            registry=r,
        )
        self.database_up = Gauge(
            "interlog_database_up", "1 when the last scrape could read the database", registry=r
        )
        self.outbox_backlog = Gauge(
            "interlog_outbox_backlog", "Team notifications not yet sent", registry=r
        )
        self.outbox_oldest = Gauge(
            "interlog_outbox_oldest_age_seconds",
            "Age of the oldest team notification not yet sent (0 when none waits)",
            registry=r,
        )
        self.inbox_backlog = Gauge(
            "interlog_inbox_backlog",
            "Updates stored and not yet handled (by every instance)",
            registry=r,
        )
        self.failed = Gauge(
            "interlog_failed_updates",
            "Updates kept as failed (interlog updates failed), by every instance",
            registry=r,
        )
        self._runner: web.AppRunner | None = None

    def measured(self, handler: Handler) -> Handler:
        """`handler`, counting each update by kind, its failures and how long it took."""

        async def handle(update: Update, context: Any) -> None:
            started = time.perf_counter()
            try:
                await handler(update, context)
            except Exception:
                self.errors.inc()
                raise
            finally:
                self.latency.observe(time.perf_counter() - started)
                self.handled.labels(kind=update_kind(update)).inc()

        return handle

    # -- HTTP ------------------------------------------------------------------------------
    def add_routes(self, router: web.UrlDispatcher) -> None:
        router.add_get(HEALTH_PATH, self._health)
        router.add_get(METRICS_PATH, self._metrics)

    async def serve(self, *, listen: str, port: int) -> None:
        """A server of its own (polling mode has no other)."""
        server = web.Application()
        self.add_routes(server.router)
        self._runner = web.AppRunner(server, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, listen, port).start()

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def problem(self) -> str | None:
        """Why the bot cannot work now, or None when it can."""
        try:
            async with asyncio.timeout(_PROBE_SECONDS):
                async with self._uow_factory(priority=Priority.BACKGROUND) as uow:
                    current = await monitoring.revision(uow.connection)
        except TimeoutError:
            return f"database did not answer within {_PROBE_SECONDS:g} s"
        except Exception as exc:  # whatever the driver raises: the probe reports it
            return f"database unreachable: {type(exc).__name__}: {exc}"[:500]
        if current != self._head:
            at = current or "no revision"
            return f"database schema at {at}, not {self._head}: run `interlog db upgrade`"
        return None

    async def _health(self, _: web.Request) -> web.Response:
        problem = await self.problem()
        if problem is not None:
            log.warning("health check failed: %s", problem)
            return web.Response(status=503, text=problem + "\n")
        return web.Response(text="ok\n")

    async def _metrics(self, _: web.Request) -> web.Response:
        await self._read_backlog()
        body = generate_latest(self.registry)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    async def _read_backlog(self) -> None:
        try:
            async with asyncio.timeout(_PROBE_SECONDS):
                async with self._uow_factory(priority=Priority.BACKGROUND) as uow:
                    backlog = await monitoring.backlog(uow.connection)
        except Exception:
            log.warning("metrics: could not read the database", exc_info=True)
            self.database_up.set(0)
            return
        self.database_up.set(1)
        self.outbox_backlog.set(backlog.outbox)
        self.inbox_backlog.set(backlog.inbox)
        self.failed.set(backlog.failed)
        oldest = backlog.outbox_oldest
        age = (dt.datetime.now(dt.UTC) - oldest).total_seconds() if oldest else 0.0
        self.outbox_oldest.set(max(age, 0.0))
