"""All configuration in one validated place; a bad value stops start-up naming the setting."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.numbers import list_currencies
from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from yarl import URL

from bot.i18n import DEFAULT_LANGUAGE, translate
from domain.followups import parse_weekly

_DRIVERS = {"sqlite+aiosqlite", "postgresql+asyncpg"}
# Telegram takes 1-256 of A-Z a-z 0-9 _ -; fewer than 32 random ones is guessable.
_WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{32,256}")
MAKE_A_SECRET = 'python -c "import secrets; print(secrets.token_urlsafe(32))"'


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_ignore_empty=True, extra="ignore", frozen=True
    )

    database_url: str = "sqlite+aiosqlite:///interlog.db"
    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    telegram_api_file_url: str = "https://api.telegram.org/file/bot"
    team_chat_id: int | None = None
    admin_chat_id: int | None = None
    webhook_url: str = ""
    webhook_secret: Annotated[SecretStr | None, Field(validate_default=True)] = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: Annotated[int, Field(ge=1, le=65535)] = 8443
    # Health and metrics (bot/transport/monitoring.py) on a port of their own, in polling mode too.
    metrics_port: Annotated[int, Field(ge=1, le=65535)] | None = None
    metrics_listen: str = "127.0.0.1"
    # Telegram's limits: about 30 messages a second overall, 20 a minute in one group.
    messages_per_second: Annotated[int, Field(ge=0, le=1000)] = 30  # 0: no overall limit
    group_messages_per_minute: Annotated[int, Field(ge=1, le=1000)] = 20
    page_size: Annotated[int, Field(ge=1, le=20)] = 8
    max_concurrent_updates: Annotated[int, Field(ge=1, le=1024)] = 64
    update_retention_hours: Annotated[int, Field(ge=1)] = 48
    # The salespeople's time zone (IANA name, e.g. Europe/Prague): interactions are dated
    # and timed in it. Empty: the server's own.
    time_zone: str = ""
    # Follow-ups (bot/scheduler.py), in the salespeople's time zone: the morning agenda;
    # reminders of postponed interactions after so many hours; the team's daily count of
    # overdue to-dos (off when empty); the weekly team digest ("mon 08:00"; off when empty).
    agenda_time: dt.time = dt.time(8, 0)
    postponed_reminder_hours: Annotated[int, Field(ge=1, le=24 * 365)] = 24
    team_digest_time: dt.time | None = None
    team_digest_weekly: str = ""
    # Seconds between the scheduler's looks at what is due; it can be switched off (tests
    # of other things do, so that no agenda arrives in the middle of them).
    scheduler_enabled: bool = True
    scheduler_interval: Annotated[float, Field(gt=0, le=3600)] = 30.0
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # The language of the team group's announcements (each user's own is theirs).
    team_language: Literal["en", "cs"] = "en"
    # An ISO 4217 code (e.g. CZK): costs are shown as money in it. Empty: plain numbers.
    currency: str = ""

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        try:
            url = make_url(value)
        except ArgumentError as exc:
            raise Invalid("settings.reason.not_a_database_url", reason=str(exc)) from exc
        if url.drivername not in _DRIVERS:
            raise Invalid(
                "settings.reason.database_driver",
                drivers=", ".join(sorted(_DRIVERS)),
                driver=url.drivername,
            )
        return value

    @field_validator("team_digest_weekly")
    @classmethod
    def _weekly(cls, value: str) -> str:
        if value:
            parse_weekly(value)  # its ValueError names the expected form
        return value

    @field_validator("currency")
    @classmethod
    def _known_currency(cls, value: str) -> str:
        code = value.strip().upper()
        if code and code not in list_currencies():
            raise Invalid("settings.reason.currency", value=value)
        return code

    @field_validator("time_zone")
    @classmethod
    def _known_time_zone(cls, value: str) -> str:
        if value:
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError):
                raise Invalid("settings.reason.time_zone", value=value) from None
        return value

    @field_validator("telegram_api_base_url", "telegram_api_file_url", "webhook_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if value and not value.startswith(("http://", "https://")):
            raise Invalid("settings.reason.http")
        if value:  # what would fail only at the first request, with the token in its URL
            try:
                host = URL(value).host
            except ValueError as exc:
                raise Invalid("settings.reason.not_a_url", reason=str(exc)) from None
            if not host or any(c.isspace() for c in host):
                raise Invalid("settings.reason.no_host")
        return value.rstrip("/") if value.endswith("//") else value

    @field_validator("webhook_secret")
    @classmethod
    def _strong_secret(cls, value: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
        # Without it anyone who finds the URL can post updates as any user.
        if value is None:
            if info.data.get("webhook_url"):
                raise Invalid("settings.reason.secret_needed", command=MAKE_A_SECRET)
            return None
        if not _WEBHOOK_SECRET.fullmatch(value.get_secret_value()):
            raise Invalid("settings.reason.secret_weak", command=MAKE_A_SECRET)
        return value

    def bot_token(self) -> str:
        if self.telegram_bot_token is None or not self.telegram_bot_token.get_secret_value():
            raise SettingsError.of("settings.no_token")
        return self.telegram_bot_token.get_secret_value()


class SettingsError(Exception):
    """A setting is missing or invalid; the message names it. One made by `of` carries a
    catalogue key, so that the command line says it in its reader's language."""

    key: str = ""
    params: dict[str, Any] = {}  # noqa: RUF012 - replaced, never changed

    @classmethod
    def of(cls, key: str, /, **params: Any) -> SettingsError:
        """`params` may hold functions of the language: what they say is translated too."""
        error = cls("")
        error.key, error.params = key, params
        error.args = (error.said(DEFAULT_LANGUAGE),)
        return error

    def said(self, lang: str) -> str:
        """The message in `lang` (English only, where it was made with no key)."""
        if not self.key:
            return str(self)
        params = {k: v(lang) if callable(v) else v for k, v in self.params.items()}
        return translate(self.key, lang, **params)


class Invalid(ValueError):
    """A validator's reason, said in the reader's language where the settings are refused."""

    def __init__(self, key: str, /, **params: Any) -> None:
        super().__init__(translate(key, DEFAULT_LANGUAGE, **params))
        self.key, self.params = key, params


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        errors = exc.errors()

        def problems(lang: str) -> str:
            said = []
            for err in errors:
                name = ".".join(str(p) for p in err["loc"]).upper()
                reason = (err.get("ctx") or {}).get("error")
                if isinstance(reason, Invalid):  # ours: translated; pydantic's own as it is
                    said.append(f"{name}: {translate(reason.key, lang, **reason.params)}")
                else:
                    said.append(f"{name}: {err['msg']}")
            return "; ".join(said)

        raise SettingsError.of("settings.invalid", problems=problems) from exc
