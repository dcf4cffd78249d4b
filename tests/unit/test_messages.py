"""Every message the code asks for exists in the catalogue, with the parameters it needs."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from bot.i18n import LANGUAGES, translate
from bot.messages_en import MESSAGES

ROOT = Path(__file__).resolve().parents[2]
_LITERAL_KEY = re.compile(r"""(?:\.t|translate)\(\s*"([a-z_.]+)"(?!\s*\+)""")
_ERROR_KEY = re.compile(
    r"""(?:NotFound|Forbidden|ValidationFailed|SegmentNotLoggable|"""
    r"""PrivacyBlocked|NumberSeriesMissing|DomainError)\(\s*"([a-z_]+)\""""
)
_CLASS_KEY = re.compile(r"""^\s+key(?::\s*str)?\s*=\s*"([a-z_]+)\"""", re.MULTILINE)


def _sources(folder: str) -> str:
    return "\n".join(p.read_text() for p in sorted((ROOT / folder).rglob("*.py")))


def test_every_literal_key_in_the_bot_exists() -> None:
    used = set(_LITERAL_KEY.findall(_sources("bot")))
    assert used, "the pattern found nothing: is it still right?"
    assert sorted(used - MESSAGES.keys()) == []


def test_every_domain_refusal_has_a_message() -> None:
    keys = set(_ERROR_KEY.findall(_sources("domain"))) | set(_CLASS_KEY.findall(_sources("domain")))
    assert len(keys) > 20
    assert sorted(f"error.{k}" for k in keys if f"error.{k}" not in MESSAGES) == []


@pytest.mark.parametrize("key", sorted(MESSAGES))
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_a_valid_format_string(key: str, lang: str) -> None:
    message = MESSAGES[key]
    texts = [message.text] + ([message.plural] if message.plural else [])
    fields = {name for text in texts for _, name, _, _ in string.Formatter().parse(text) if name}
    params = {name: 1 if name in {"count", "change"} else "x" for name in fields}
    for count in (1, 2, 5):
        params |= {"count": count} if "count" in fields else {}
        assert translate(key, lang, **params) not in {key, ""}


def test_every_entry_is_filed_under_its_own_key() -> None:
    assert [key for key, message in MESSAGES.items() if message.key != key] == []


def test_unknown_key_falls_back_to_the_key() -> None:
    assert translate("no.such.message") == "no.such.message"
