"""Webhook mode: POST queued updates to the bot's URL, retrying a bounded number of times."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from .completion import UpdateTracker
from .state import QueuedUpdate, UpdateQueue

log = logging.getLogger(__name__)


@dataclass
class WebhookStats:
    """What happened to webhook POSTs; ``outcomes`` holds an HTTP status or error per attempt."""

    attempts: int = 0
    delivered: int = 0
    failed: int = 0
    dropped: int = 0
    outcomes: list[int | str] = field(default_factory=list)
    last_error: str | None = None


@dataclass
class WebhookConfig:
    url: str = ""
    secret_token: str | None = None
    max_connections: int = 40
    allowed_updates: list[str] | None = None
    ip_address: str | None = None
    last_error_date: int | None = None


class WebhookDeliverer:
    """Delivers updates one at a time, in queue order, while a webhook URL is set."""

    def __init__(
        self, queue: UpdateQueue, tracker: UpdateTracker, max_attempts: int, retry_delay: float
    ) -> None:
        self.queue = queue
        self.tracker = tracker
        self.max_attempts = max_attempts
        self.retry_delay = retry_delay
        self.config = WebhookConfig()
        self.stats = WebhookStats()
        #: When set, sent instead of the real secret (to see the bot reject the request).
        self.secret_override: str | None = None
        self._task: asyncio.Task[None] | None = None
        self._session: aiohttp.ClientSession | None = None

    @property
    def active(self) -> bool:
        return bool(self.config.url)

    def info(self) -> dict[str, Any]:
        """The ``WebhookInfo`` object."""
        info: dict[str, Any] = {
            "url": self.config.url,
            "has_custom_certificate": False,
            "pending_update_count": len(self.queue.items),
        }
        if self.active:
            info["max_connections"] = self.config.max_connections
            if self.config.ip_address:
                info["ip_address"] = self.config.ip_address
            if self.config.allowed_updates is not None:
                info["allowed_updates"] = self.config.allowed_updates
        if self.config.last_error_date is not None and self.stats.last_error:
            info["last_error_date"] = self.config.last_error_date
            info["last_error_message"] = self.stats.last_error
        return info

    def set(self, config: WebhookConfig) -> None:
        self.config = config
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="fake-telegram-webhook")
        self.queue.wake()

    async def delete(self) -> None:
        self.config = WebhookConfig()
        await self.stop()

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None and task is not asyncio.current_task():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _run(self) -> None:
        while self.active:
            if not self.queue.items:
                await self.queue.wait_for_change(None)
                continue
            item = self.queue.items[0]
            if await self._post(item):
                self.queue.remove(item)
                self.stats.delivered += 1
                self.tracker.mark_delivered(item.update_id)
            elif item.attempts >= self.max_attempts:
                self.queue.remove(item)
                self.stats.dropped += 1
                reason = f"webhook gave up after {item.attempts} attempts: {self.stats.last_error}"
                log.warning("fake Telegram: update %s %s", item.update_id, reason)
                self.tracker.mark_dropped(item.update_id, reason)
            else:
                await asyncio.sleep(self.retry_delay)

    async def _post(self, item: QueuedUpdate) -> bool:
        if self._session is None:
            # trust_env=False: never route 127.0.0.1 through an HTTP(S)_PROXY from the environment.
            timeout = aiohttp.ClientTimeout(total=10)
            self._session = aiohttp.ClientSession(trust_env=False, timeout=timeout)
        headers = {"Content-Type": "application/json"}  # PTB demands exactly this value
        secret = self.secret_override or self.config.secret_token
        if secret:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        item.handed_out = True
        item.attempts += 1
        self.stats.attempts += 1
        outcome: int | str
        try:
            body = json.dumps(item.body).encode()
            async with self._session.post(self.config.url, data=body, headers=headers) as resp:
                await resp.read()
                outcome = resp.status
        except (aiohttp.ClientError, TimeoutError) as exc:
            outcome = f"{type(exc).__name__}: {exc}"
        self.stats.outcomes.append(outcome)
        if isinstance(outcome, int) and 200 <= outcome < 300:
            return True
        self.stats.failed += 1
        self.stats.last_error = (
            f"Wrong response from the webhook: {outcome}" if isinstance(outcome, int) else outcome
        )
        self.config.last_error_date = int(time.time())
        return False
