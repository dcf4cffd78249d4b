"""The Bot API methods the fake implements, with Telegram's answers and error descriptions."""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any

from .completion import UpdateTracker
from .errors import ApiError, bad_request
from .formatting import render
from .state import JSON, Chat, ChatMessage, TelegramState, UpdateQueue
from .webhook import WebhookConfig, WebhookDeliverer

Handler = Callable[[JSON], Awaitable[Any]]

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
MAX_TEXT = 4096
MAX_CALLBACK_DATA = 64
MAX_INLINE_RESULTS = 50
_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")


MAX_DOWNLOAD = 20 * 1024 * 1024
"""The largest file a bot may download through getFile."""


class BotApi:
    """Method name (lower-cased, as Telegram matches them) -> coroutine taking the params."""

    def __init__(
        self,
        state: TelegramState,
        queue: UpdateQueue,
        tracker: UpdateTracker,
        webhook: WebhookDeliverer,
        stopping: Callable[[], bool],
    ) -> None:
        self.state, self.queue, self.tracker = state, queue, tracker
        self.webhook, self.stopping = webhook, stopping
        handlers: list[Handler] = [
            self.getMe, self.getUpdates, self.setWebhook, self.deleteWebhook,
            self.getWebhookInfo, self.setMyCommands, self.getMyCommands, self.deleteMyCommands,
            self.sendMessage, self.sendPhoto, self.sendDocument, self.editMessageText,
            self.editMessageReplyMarkup,
            self.answerCallbackQuery, self.answerInlineQuery, self.deleteMessage,
            self.sendChatAction, self.getFile,
            self.close, self.logOut,
        ]  # fmt: skip
        self.methods: dict[str, Handler] = {h.__name__.lower(): h for h in handlers}

    # -- bot & updates -------------------------------------------------------------------
    async def getMe(self, params: JSON) -> JSON:
        return self.state.bot_user

    async def getUpdates(self, params: JSON) -> list[JSON]:
        if self.webhook.active:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active; "
                           "use deleteWebhook to delete the webhook first")  # fmt: skip
        offset = int(params.get("offset") or 0)
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + max(float(params.get("timeout") or 0), 0.0)
        while True:
            for lost in self.queue.confirm(offset) if offset else []:
                self.tracker.mark_dropped(lost.update_id, "confirmed by offset before delivery")
            ready = self.queue.items[:limit]
            remaining = deadline - loop.time()
            if ready or remaining <= 0 or self.stopping() or self.webhook.active:
                break
            await self.queue.wait_for_change(remaining)
        for item in ready:
            item.handed_out = True
            self.tracker.mark_delivered(item.update_id)
        return [item.body for item in ready]

    async def setWebhook(self, params: JSON) -> bool:
        url = str(params.get("url") or "")
        if not url:
            return await self.deleteWebhook(params)
        if params.get("drop_pending_updates"):
            self._drop_pending("drop_pending_updates on setWebhook")
        self.webhook.set(WebhookConfig(
            url=url,
            secret_token=params.get("secret_token"),
            max_connections=int(params.get("max_connections") or 40),
            allowed_updates=params.get("allowed_updates"),
            ip_address=params.get("ip_address"),
        ))  # fmt: skip
        return True

    async def deleteWebhook(self, params: JSON) -> bool:
        if params.get("drop_pending_updates"):
            self._drop_pending("drop_pending_updates on deleteWebhook")
        await self.webhook.delete()
        return True

    async def getWebhookInfo(self, params: JSON) -> JSON:
        return self.webhook.info()

    def _drop_pending(self, reason: str) -> None:
        for item in self.queue.clear():
            self.tracker.mark_dropped(item.update_id, reason)

    # -- commands ------------------------------------------------------------------------
    @staticmethod
    def commands_key(params: JSON) -> str:
        """Where a command list is kept: its scope and language, as Telegram keys them."""
        scope = params.get("scope") or {"type": "default"}
        scope = json.loads(scope) if isinstance(scope, str) else scope
        return json.dumps([scope, params.get("language_code") or ""], sort_keys=True)

    async def setMyCommands(self, params: JSON) -> bool:
        commands = params.get("commands")
        commands = json.loads(commands) if isinstance(commands, str) else commands
        if not isinstance(commands, list):
            raise bad_request('parameter "commands" is required')
        for command in commands:
            if not _COMMAND.match(str(command.get("command", ""))):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        self.state.commands[self.commands_key(params)] = commands
        return True

    async def getMyCommands(self, params: JSON) -> list[JSON]:
        return self.state.commands.get(self.commands_key(params), [])

    async def deleteMyCommands(self, params: JSON) -> bool:
        self.state.commands.pop(self.commands_key(params), None)
        return True

    # -- messages ------------------------------------------------------------------------
    def _chat(self, params: JSON) -> Chat:
        chat_id = params.get("chat_id")
        if isinstance(chat_id, str) and chat_id.lstrip("-").isdigit():
            chat_id = int(chat_id)
        for chat in self.state.chats.values():
            if chat.id == chat_id or (chat.username and chat_id == f"@{chat.username}"):
                if chat.blocked:
                    raise ApiError(403, "Forbidden: bot was blocked by the user")
                return chat
        raise bad_request("chat not found")

    def _message(self, params: JSON, missing: str) -> ChatMessage:
        if params.get("inline_message_id"):
            raise bad_request("inline messages are not supported by the fake")
        message = self._chat(params).history.get(int(params.get("message_id") or 0))
        if message is None or message.deleted:
            raise bad_request(missing)
        return message

    @staticmethod
    def _markup(params: JSON) -> JSON | None:
        markup = params.get("reply_markup")
        markup = json.loads(markup) if isinstance(markup, str) else markup
        if markup is None:
            return None
        for row in markup.get("inline_keyboard", []):
            for button in row:
                if not str(button.get("text", "")).strip():
                    raise bad_request("BUTTON_TEXT_INVALID")
                data = button.get("callback_data")
                if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA:
                    raise bad_request("BUTTON_DATA_INVALID")
        return dict(markup)

    @staticmethod
    def _text(params: JSON) -> tuple[str, str]:
        raw = params.get("text")
        if raw is None or not str(raw).strip():
            raise bad_request("message text is empty")
        try:
            plain = render(str(raw), params.get("parse_mode"))
        except ValueError as exc:
            raise bad_request(str(exc)) from None
        if not plain.strip():
            raise bad_request("text must be non-empty")
        if len(plain) > MAX_TEXT:
            raise bad_request("message is too long")
        return str(raw), plain

    async def sendMessage(self, params: JSON) -> JSON:
        chat = self._chat(params)
        raw, plain = self._text(params)
        markup = self._markup(params)
        message = self.state.store(
            chat, self.state.bot_user, text=plain, raw_text=raw, reply_markup=markup
        )
        return message.to_json()

    async def sendPhoto(self, params: JSON) -> JSON:
        return self._send_file(params, "photo")

    async def sendDocument(self, params: JSON) -> JSON:
        return self._send_file(params, "document")

    def _send_file(self, params: JSON, kind: str) -> JSON:
        """An uploaded file (multipart) or the file_id of a stored one, with an optional caption."""
        chat = self._chat(params)
        value = params.get(kind)
        if isinstance(value, dict) and isinstance(value.get("content"), bytes):
            name = str(value.get("filename") or kind)
            extension = name.rsplit(".", 1)[-1] if "." in name else "bin"
            extension = "jpg" if kind == "photo" else extension  # Telegram stores JPEGs
            stored = self.state.add_file(kind, value["content"], extension)
        elif isinstance(value, str) and value in self.state.files:
            stored = self.state.files[value]
            name = stored.file_path.rsplit("/", 1)[-1]
        else:
            raise bad_request("wrong file identifier/HTTP URL specified")
        content: JSON
        if kind == "photo":
            content = {"photo": [{**stored.ids(), "width": 1280, "height": 960}]}
        else:
            content = {"document": {**stored.ids(), "file_name": name}}
        if params.get("caption") is not None:
            try:
                content["caption"] = render(str(params["caption"]), params.get("parse_mode"))
            except ValueError as exc:
                raise bad_request(str(exc)) from None
        message = self.state.store(
            chat, self.state.bot_user, content=content, reply_markup=self._markup(params)
        )
        return message.to_json()

    def _edit(self, message: ChatMessage, raw: str | None, plain: str | None,
              markup: JSON | None) -> JSON:  # fmt: skip
        if not message.from_bot:
            raise bad_request("message can't be edited")
        if (
            markup is None
            and message.reply_markup
            and "inline_keyboard" not in message.reply_markup
        ):
            markup = message.reply_markup  # a reply keyboard is not part of the message
        if (raw, plain, markup) == (message.raw_text, message.text, message.reply_markup):
            raise bad_request(NOT_MODIFIED)
        message.raw_text, message.text, message.reply_markup = raw, plain, markup
        message.edits += 1
        message.edit_date = int(time.time())
        self.state.touch(message)
        return message.to_json()

    async def editMessageText(self, params: JSON) -> JSON:
        message = self._message(params, "message to edit not found")
        raw, plain = self._text(params)
        if message.text is None:
            raise bad_request("there is no text in the message to edit")
        return self._edit(message, raw, plain, self._markup(params))

    async def editMessageReplyMarkup(self, params: JSON) -> JSON:
        message = self._message(params, "message to edit not found")
        return self._edit(message, message.raw_text, message.text, self._markup(params))

    async def deleteMessage(self, params: JSON) -> bool:
        message = self._message(params, "message to delete not found")
        message.deleted = True
        self.state.touch(message)
        return True

    async def answerCallbackQuery(self, params: JSON) -> bool:
        query = self.state.callback_queries.get(str(params.get("callback_query_id")))
        if query is None or query.answered:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        query.answered = True
        query.answer_text = params.get("text")
        query.show_alert = bool(params.get("show_alert"))
        self.state.notify("answer", query)
        return True

    async def answerInlineQuery(self, params: JSON) -> bool:
        query_id = str(params.get("inline_query_id"))
        if query_id not in self.state.inline_queries or query_id in self.state.inline_answers:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        results = params.get("results")
        results = json.loads(results) if isinstance(results, str) else results
        if not isinstance(results, list) or len(results) > MAX_INLINE_RESULTS:
            raise bad_request(
                "RESULTS_TOO_MUCH" if isinstance(results, list) else "results invalid"
            )
        for result in results:
            if not 1 <= len(str(result.get("id", "")).encode()) <= MAX_CALLBACK_DATA:
                raise bad_request("RESULT_ID_INVALID")
            markup = result.get("reply_markup")
            if markup is not None:
                self._markup({"reply_markup": markup})
        button = params.get("button")
        button = json.loads(button) if isinstance(button, str) else button
        self.state.inline_answers[query_id] = {
            "results": results,
            "button": button,
            "is_personal": bool(params.get("is_personal")),
            "cache_time": params.get("cache_time"),
        }
        self.state.notify("inline", query_id)
        return True

    async def sendChatAction(self, params: JSON) -> bool:
        self.state.chat_actions.append((self._chat(params).id, str(params.get("action"))))
        return True

    async def getFile(self, params: JSON) -> JSON:
        stored = self.state.files.get(str(params.get("file_id")))
        if stored is None:
            raise bad_request("invalid file_id")
        if len(stored.content) > MAX_DOWNLOAD:  # as Telegram refuses bots larger files
            raise bad_request("file is too big")
        return stored.to_json()

    async def close(self, params: JSON) -> bool:
        return True

    async def logOut(self, params: JSON) -> bool:
        return True
