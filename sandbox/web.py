"""The sandbox's web server: the chat page, its JSON API and the live event stream.

    GET  /                  the page (static files under /static/)
    GET  /api/state         bot, users, team group, command menu and every message so far
    GET  /api/events        server-sent events: a "snapshot" first, then "message" (new,
                            edited or deleted) and "answer" (the bot answered a tap)
    POST /api/messages      {"user": id, "text": "...", "chat": id?, "wait": bool?}
    POST /api/taps          {"user": id, "chat": id?, "message_id": n, "data": "...", "wait"?}
    POST /api/attachments   {"user": id, "kind": "photo"|"document", "name": "...",
                            "mime_type": "...", "base64": "...", "wait"?}, or
                            {"user": id, "kind": "location", "latitude": x, "longitude": y}
    GET  /api/files/{id}    a photo or document in a chat

With "wait": true a POST answers once the bot has handled the update, with the bot messages it
created or edited in that chat meanwhile (what a script or a test wants); without, at once
(what the page wants: it hears of the replies on the event stream).
POSTs take JSON only: a form on another site cannot send that without the browser asking
first, which this server never allows.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import mimetypes
from collections.abc import Callable
from importlib import resources
from typing import Any

from aiohttp import web

from sandbox.bot_api import Chat, ChatMessage
from sandbox.bot_api.state import CallbackQueryRecord
from sandbox.session import Member, Sandbox
from sandbox.views import JSON, answer_view, message_view

STATIC = {"index.html": "text/html", "app.js": "text/javascript", "style.css": "text/css"}
MAX_TEXT = 4096
MAX_UPLOAD = 10 * 1024 * 1024
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
Event = tuple[str, JSON] | None


class BadRequest(Exception):
    pass


class EventHub:
    """Fans the Bot API's changes out to every open event stream."""

    def __init__(self) -> None:
        self.queues: set[asyncio.Queue[Event]] = set()

    def publish(self, kind: str, subject: Any) -> None:
        if kind == "message" and isinstance(subject, ChatMessage):
            event: Event = ("message", message_view(subject))
        elif kind == "answer" and isinstance(subject, CallbackQueryRecord):
            event = ("answer", answer_view(subject))
        else:
            return
        for queue in self.queues:
            queue.put_nowait(event)

    def close(self) -> None:
        for queue in self.queues:
            queue.put_nowait(None)


class SandboxWeb:
    def __init__(self, box: Sandbox, *, notice: str = "") -> None:
        self.box = box
        self.notice = notice
        self.hub = EventHub()
        box.telegram.state.observers.append(self.hub.publish)

    def application(self) -> web.Application:
        app = web.Application(client_max_size=MAX_UPLOAD * 4 // 3 + 4096)  # base64 in JSON
        app.on_response_prepare.append(_security_headers)
        app.router.add_get("/", self.page)
        app.router.add_get("/static/{name}", self.static)
        app.router.add_get("/api/state", self.state)
        app.router.add_get("/api/events", self.events)
        app.router.add_post("/api/messages", self.send)
        app.router.add_post("/api/taps", self.tap)
        app.router.add_post("/api/attachments", self.attach)
        app.router.add_get("/api/files/{file_id}", self.file)

        async def close_streams(_: web.Application) -> None:
            self.hub.close()

        app.on_shutdown.append(close_streams)
        return app

    # -- the page ------------------------------------------------------------------------
    async def page(self, request: web.Request) -> web.Response:
        return _static_file("index.html")

    async def static(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        if name not in STATIC or name == "index.html":
            raise web.HTTPNotFound()
        return _static_file(name)

    # -- reading -------------------------------------------------------------------------
    def snapshot(self) -> JSON:
        box = self.box
        team = box.team
        chats = [m.user.chat for m in box.members] + ([team] if team else [])
        messages = [
            message_view(m) for chat in chats for m in chat.history.values() if not m.deleted
        ]
        return {
            "bot": {
                "name": "Interlog",
                "username": box.telegram.state.bot_user.get("username"),
            },
            "language": box.language,
            "notice": self.notice,
            "users": [_member_view(m) for m in box.members],
            "team": {"chat_id": team.id, "title": team.title} if team else None,
            "commands": box.commands(),
            "messages": sorted(messages, key=lambda v: int(v["seq"])),
        }

    async def state(self, request: web.Request) -> web.Response:
        return web.json_response(self.snapshot())

    async def events(self, request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(
            headers={"Content-Type": "text/event-stream", "Cache-Control": "no-store"}
        )
        await response.prepare(request)
        queue: asyncio.Queue[Event] = asyncio.Queue()
        self.hub.queues.add(queue)
        try:
            await _send_event(response, "snapshot", self.snapshot())
            while (event := await queue.get()) is not None:
                await _send_event(response, *event)
        except ConnectionResetError:
            pass  # the page went away
        finally:
            self.hub.queues.discard(queue)
        return response

    async def file(self, request: web.Request) -> web.Response:
        stored = self.box.telegram.state.files.get(request.match_info["file_id"])
        if stored is None:
            raise web.HTTPNotFound()
        kind = mimetypes.guess_type(stored.file_path)[0] or "application/octet-stream"
        name = stored.file_path.rsplit("/", 1)[-1]
        disposition = "inline" if kind.startswith("image/") else "attachment"
        return web.Response(
            body=stored.content,
            content_type=kind,
            headers={"Content-Disposition": f'{disposition}; filename="{name}"'},
        )

    # -- acting --------------------------------------------------------------------------
    async def send(self, request: web.Request) -> web.Response:
        try:
            body = await _json_body(request)
            member, chat = self._who_where(body)
            text = body.get("text")
            if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT:
                raise BadRequest(f"text: 1 to {MAX_TEXT} characters")
        except BadRequest as exc:
            return web.json_response({"error": str(exc)}, status=400)
        return await self._act(body, chat, lambda: member.user.send_in(chat, text))

    async def tap(self, request: web.Request) -> web.Response:
        try:
            body = await _json_body(request)
            member, chat = self._who_where(body)
            message = chat.history.get(_int(body, "message_id"))
            data = body.get("data")
            if message is None or message.deleted:
                raise BadRequest("no such message in that chat")
            offered = [b.get("callback_data") for b in message.inline_buttons()]
            if not isinstance(data, str) or data not in offered:
                raise BadRequest("that message has no button with this data")
        except BadRequest as exc:
            return web.json_response({"error": str(exc)}, status=400)
        return await self._act(body, chat, lambda: member.user.send_callback(message, data))

    async def attach(self, request: web.Request) -> web.Response:
        """What the user's phone would send: a photo, a file or their location."""
        try:
            body = await _json_body(request)
            member, chat = self._who_where(body)
            content = _attachment(member, body)
        except BadRequest as exc:
            return web.json_response({"error": str(exc)}, status=400)
        return await self._act(body, chat, lambda: member.user.post(content, chat))

    async def _act(self, body: JSON, chat: Chat, queue: Callable[[], int]) -> web.Response:
        state = self.box.telegram.state
        mark = state.mark()
        update_id: int = queue()
        if not body.get("wait"):
            return web.json_response({"update_id": update_id})
        await self.box.telegram.wait_done(update_id)
        changed = [message_view(m) for m in state.changed_since(chat, mark)]
        return web.json_response({"update_id": update_id, "messages": changed})

    def _who_where(self, body: JSON) -> tuple[Member, Chat]:
        try:
            member = self.box.member(_int(body, "user"))
        except KeyError:
            raise BadRequest("user: one of the sandbox users") from None
        chat_id = body.get("chat", member.user.id)
        team = self.box.team
        if chat_id == member.user.id:
            return member, member.user.chat
        if team is not None and chat_id == team.id:
            return member, team
        raise BadRequest("chat: the user's private chat or the team group")


def _attachment(member: Member, body: JSON) -> JSON:
    kind = body.get("kind")
    if kind == "location":
        latitude, longitude = body.get("latitude"), body.get("longitude")
        if not all(isinstance(v, int | float) for v in (latitude, longitude)):
            raise BadRequest("latitude and longitude: numbers")
        return {"location": {"latitude": latitude, "longitude": longitude}}
    if kind not in ("photo", "document"):
        raise BadRequest("kind: photo, document or location")
    try:
        content = base64.b64decode(str(body.get("base64", "")), validate=True)
    except binascii.Error:
        raise BadRequest("base64: the file's bytes in base64") from None
    if not content or len(content) > MAX_UPLOAD:
        raise BadRequest(f"the file: 1 byte to {MAX_UPLOAD // 1024 // 1024} MB")
    if kind == "photo":
        return member.user.photo(content)
    name = str(body.get("name") or "file").replace("/", "_")[:100]
    mime_type = str(body.get("mime_type") or "application/octet-stream")
    return member.user.document(name, content, mime_type)


def _member_view(member: Member) -> JSON:
    return {
        "id": member.user.id,
        "first_name": member.user.first_name,
        "name": member.salesperson_name,
        "salesperson": member.salesperson_code,
        "role": "administrator" if member.is_admin else "salesperson",
        "chat_id": member.user.chat.id,
    }


def _int(body: JSON, key: str) -> int:
    value = body.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise BadRequest(f"{key}: a number")
    return value


async def _json_body(request: web.Request) -> JSON:
    if request.content_type != "application/json":
        raise BadRequest("send JSON (Content-Type: application/json)")
    try:
        body = await request.json()
    except ValueError:
        raise BadRequest("not JSON") from None
    if not isinstance(body, dict):
        raise BadRequest("send a JSON object")
    return body


async def _send_event(response: web.StreamResponse, kind: str, data: JSON) -> None:
    payload = json.dumps(data, ensure_ascii=False)
    await response.write(f"event: {kind}\ndata: {payload}\n\n".encode())


def _static_file(name: str) -> web.Response:
    content = (resources.files("sandbox") / "web" / name).read_bytes()
    return web.Response(body=content, content_type=STATIC[name], charset="utf-8")


async def _security_headers(request: web.Request, response: web.StreamResponse) -> None:
    response.headers.update(SECURITY_HEADERS)
