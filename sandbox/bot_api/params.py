"""Read Bot API call parameters from a query string, JSON, urlencoded or multipart body.

python-telegram-bot (HTTPXRequest) posts ``application/x-www-form-urlencoded`` bodies (multipart
when uploading files) in which strings are sent raw and everything else JSON-encoded, so a form
value is JSON-decoded unless its key is known to hold a plain string.
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from .errors import bad_request

#: Parameters whose form values are plain strings even when they look like JSON ("123", "true").
STRING_KEYS = frozenset(
    {
        "text", "caption", "callback_query_id", "inline_message_id", "url", "secret_token",
        "parse_mode", "language_code", "action", "file_id", "ip_address", "description",
        "short_description", "name", "title", "query", "emoji", "custom_title", "invite_link",
        "business_connection_id", "message_effect_id", "photo", "document", "voice", "audio",
        "video", "animation", "sticker", "question", "address", "first_name", "last_name",
    }
)  # fmt: skip


def decode_value(key: str, value: str) -> Any:
    """A form value as the Bot API would interpret it."""
    if key in STRING_KEYS:
        return value
    try:
        decoded = json.loads(value)
    except ValueError:
        return value
    return value if isinstance(decoded, str) else decoded


async def read_params(request: web.Request) -> dict[str, Any]:
    """All parameters of a Bot API call; uploaded files become dicts with their bytes."""
    params: dict[str, Any] = {k: decode_value(k, v) for k, v in request.query.items()}
    if request.method != "POST" or not request.body_exists:
        return params
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise bad_request("can't parse JSON body") from None
        if not isinstance(body, dict):
            raise bad_request("JSON body must be an object")
        params.update(body)
        return params
    form = await request.post()
    for key, value in form.items():
        if isinstance(value, web.FileField):
            params[key] = {
                "filename": value.filename,
                "content_type": value.content_type,
                "content": value.file.read(),
            }
        elif isinstance(value, (bytes, bytearray)):
            params[key] = decode_value(key, bytes(value).decode("utf-8", "replace"))
        else:
            params[key] = decode_value(key, value)
    return params
