"""Settings: one validated class; a bad value names the setting."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.conversations.pipeline import clock_in
from bot.settings import Settings, SettingsError, load_settings


def test_defaults_use_the_sqlite_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert Settings(_env_file=None).database_url == "sqlite+aiosqlite:///interlog.db"  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DATABASE_URL", "mysql://x"),
        ("DATABASE_URL", "not a url"),
        ("PAGE_SIZE", "-1"),
        ("WEBHOOK_PORT", "70000"),
        ("TEAM_CHAT_ID", "team"),
        ("LOG_LEVEL", "LOUD"),
        ("TELEGRAM_API_BASE_URL", "ftp://x"),
        ("TIME_ZONE", "Europe/Atlantis"),
    ],
)
def test_a_bad_value_names_its_setting(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object, name: str, value: str
) -> None:
    monkeypatch.chdir(tmp_path)  # type: ignore[arg-type]
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert name in str(caught.value)


def test_empty_optional_values_are_unset(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    monkeypatch.chdir(tmp_path)  # type: ignore[arg-type]
    monkeypatch.setenv("TEAM_CHAT_ID", "")
    assert load_settings().team_chat_id is None


def test_a_missing_token_is_explained(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    monkeypatch.chdir(tmp_path)  # type: ignore[arg-type]
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    with pytest.raises(SettingsError, match=r"TELEGRAM_BOT_TOKEN is not set.*@BotFather"):
        load_settings().bot_token()


def test_the_clock_keeps_the_salespeoples_time_zone() -> None:
    """Kiritimati is 14 hours ahead of UTC, Pago Pago 11 behind, all year round."""
    ahead, behind = clock_in("Pacific/Kiritimati")(), clock_in("Pacific/Pago_Pago")()
    assert abs((ahead - behind) - dt.timedelta(hours=25)) < dt.timedelta(minutes=1)
    assert ahead.tzinfo is None  # as the entries store it
    assert Settings(_env_file=None, time_zone="Europe/Prague").time_zone == "Europe/Prague"  # type: ignore[call-arg]
