"""Bot API requests over aiohttp instead of python-telegram-bot's default httpx.

Measured against the fake Bot API on the benchmark machine, a request through httpx costs
about 1.3 ms of CPU, through aiohttp about 0.3 ms; the bot makes two or three requests per
update (the reply, the answer to a tap, its share of getUpdates), which made httpx the
largest single cost of an update. Same contract as telegram.request.HTTPXRequest, except
that parameters travel as a JSON body (cheaper to build than a form): multipart with
files, TimedOut and NetworkError on failures, and proxies from the environment
(HTTPS_PROXY, NO_PROXY ...).

The proxy is looked up once per origin: aiohttp's `trust_env` looks it up (and .netrc) in a
worker thread on every request, two thread hops that cost more CPU than the request.
"""

from __future__ import annotations

import functools
import json
from typing import Any

import aiohttp
from aiohttp.helpers import get_env_proxy_for_url
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData
from yarl import URL

Proxy = tuple[URL | None, aiohttp.BasicAuth | None]
_KNOWN_URLS = 256


class AiohttpRequest(BaseRequest):
    __slots__ = ("_connect", "_pool", "_pool_size", "_proxies", "_read", "_session")

    def __init__(
        self,
        connection_pool_size: int = 1,
        *,
        read_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read = read_timeout
        self._connect = connect_timeout
        self._pool = pool_timeout
        self._session: aiohttp.ClientSession | None = None
        self._proxies: dict[str, Proxy] = {}  # by URL: the bot calls a few dozen at most

    @property
    def read_timeout(self) -> float | None:
        return self._read

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size),
                headers={"User-Agent": self.USER_AGENT},
            )
            self._proxies.clear()

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: object = BaseRequest.DEFAULT_NONE,
        write_timeout: object = BaseRequest.DEFAULT_NONE,
        connect_timeout: object = BaseRequest.DEFAULT_NONE,
        pool_timeout: object = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        data, headers = _body(request_data)
        read = _seconds(read_timeout, self._read)
        connect = _seconds(connect_timeout, self._connect)
        pool = _seconds(pool_timeout, self._pool)
        return await self._send(method, url, data, headers, read=read, connect=connect, pool=pool)

    async def post_json(
        self, url: str, parameters: dict[str, Any], *, read_timeout: float | None = None
    ) -> tuple[int, bytes]:
        """POSTs `parameters` as a JSON body (bot/transport/bot_api.py): the status and body, errors
        of the connection raised as in do_request; the default timeouts unless `read_timeout`."""
        body = json.dumps(parameters, ensure_ascii=False).encode()
        read = self._read if read_timeout is None else read_timeout
        return await self._send(
            "POST", url, body, _JSON, read=read, connect=self._connect, pool=self._pool
        )

    async def post_form(
        self,
        url: str,
        parameters: dict[str, Any],
        *,
        file: tuple[str, str, bytes, str],
        read_timeout: float | None = None,
    ) -> tuple[int, bytes]:
        """POSTs `parameters` and one `file` (field, file name, content, MIME type) as
        multipart/form-data, as Telegram takes uploads; otherwise as post_json."""
        form = aiohttp.FormData()
        for name, value in parameters.items():
            form.add_field(name, value if isinstance(value, str) else json.dumps(value))
        field, filename, content, mime_type = file
        form.add_field(field, content, filename=filename, content_type=mime_type)
        read = self._read if read_timeout is None else read_timeout
        return await self._send(
            "POST", url, form, None, read=read, connect=self._connect, pool=self._pool
        )

    async def _send(
        self,
        method: str,
        url: str,
        data: aiohttp.FormData | bytes | None,
        headers: dict[str, str] | None,
        *,
        read: float | None,
        connect: float | None,
        pool: float | None,
    ) -> tuple[int, bytes]:
        session = self._session
        if session is None or session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        timeout = _timeout(read, connect, pool)
        proxy, proxy_auth = self._proxy(url)
        try:
            async with session.request(
                method,
                url,
                data=data,
                headers=headers,
                timeout=timeout,
                proxy=proxy,
                proxy_auth=proxy_auth,
            ) as response:
                return response.status, await response.read()
        except TimeoutError as error:  # aiohttp's timeouts are asyncio.TimeoutError too
            raise TimedOut from error
        except (aiohttp.ClientError, OSError) as error:
            raise NetworkError(f"aiohttp.{type(error).__name__}: {error}") from error

    def _proxy(self, url: str) -> Proxy:
        found = self._proxies.get(url)
        if found is None:
            try:
                found = get_env_proxy_for_url(URL(url))
            except LookupError:  # no proxy for this host, or NO_PROXY names it
                found = (None, None)
            if len(self._proxies) >= _KNOWN_URLS:  # file downloads each have a URL of their own
                self._proxies.clear()
            self._proxies[url] = found
        return found


_JSON = {"Content-Type": "application/json"}


@functools.lru_cache(maxsize=64)
def _timeout(
    read: float | None, connect: float | None, pool: float | None
) -> aiohttp.ClientTimeout:
    # aiohttp has no write timeout; its `connect` covers waiting for a pooled connection.
    return aiohttp.ClientTimeout(
        total=None,
        connect=None if pool is None or connect is None else pool + connect,
        sock_connect=connect,
        sock_read=read,
    )


def _seconds(timeout: object, default: float | None) -> float | None:
    """A timeout python-telegram-bot passed: seconds, None (no limit), or a marker of its own
    (BaseRequest.DEFAULT_NONE and the like) for "this request's default"."""
    if timeout is None or isinstance(timeout, int | float):
        return timeout
    return default


def _body(
    request_data: RequestData | None,
) -> tuple[aiohttp.FormData | bytes | None, dict[str, str] | None]:
    if request_data is None:
        return None, None
    if not request_data.contains_files:
        return json.dumps(request_data.parameters, ensure_ascii=False).encode(), _JSON
    form = aiohttp.FormData()
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, (filename, content, mime_type) in request_data.multipart_data.items():
        form.add_field(name, content, filename=filename, content_type=mime_type)
    return form, None
