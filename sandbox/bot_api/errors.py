"""ApiError: a Bot API error answer (``{"ok": false, ...}``) raised inside method handlers."""

from __future__ import annotations

from typing import Any

from aiohttp import web


class ApiError(Exception):
    """Answer the current request with ``error_code`` and ``description``, like Telegram."""

    def __init__(
        self, error_code: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.parameters = parameters

    def response(self) -> web.Response:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return web.json_response(body, status=self.error_code)


def bad_request(what: str) -> ApiError:
    return ApiError(400, f"Bad Request: {what}")
