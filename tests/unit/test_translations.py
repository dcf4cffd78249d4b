"""The gettext catalogues hold exactly the code's messages, translated, with the English
placeholders; plurals take Czech's three forms."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from babel.messages.catalog import Message
from babel.messages.pofile import read_po

from bot import translations
from bot.i18n import language_of, translate
from bot.messages_en import MESSAGES

ROOT = Path(__file__).resolve().parents[2]


def test_the_catalogues_hold_every_message_translated_and_nothing_else() -> None:
    """`python -m bot.translations check`: nothing missing, unused, untranslated or fuzzy,
    placeholders as in English, every .mo compiled from its .po."""
    assert translations.problems() == []


def test_pybabel_extract_adds_nothing_to_the_catalogues(tmp_path: Path) -> None:
    """The README's extraction command, run as a translator would, finds exactly the
    entries the catalogues hold."""
    pot = tmp_path / "messages.pot"
    command = [
        sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
        "--no-default-keywords", "-k", "msg:1c,2", "-k", "msg_n:1c,2,3", "-o", str(pot), ".",
    ]  # fmt: skip
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    with pot.open("rb") as file:
        extracted = {(m.context, str(m.id)) for m in read_po(file) if m.id}
    assert len(extracted) > 200
    for lang in ("cs", "en"):
        with translations.po_path(lang).open("rb") as file:
            held = {(m.context, str(m.id)) for m in read_po(file) if m.id}
        assert extracted - held == set(), f"missing from {lang}"
        assert held - extracted == set(), f"unused in {lang}"


def test_a_translation_with_other_placeholders_is_reported() -> None:
    wrong = Message("Added {count} contacts.", "Přidáno {pocet} kontaktů.", context="x")
    assert translations.placeholder_problems("cs", "x", wrong) != []
    right = Message("Added {count} contacts.", "Přidáno {count} kontaktů.", context="x")
    assert translations.placeholder_problems("cs", "x", right) == []


@pytest.mark.parametrize(
    ("count", "czech", "english"),
    [
        (1, "Přidán 1 kontakt.", "Added 1 contact."),
        (2, "Přidány 2 kontakty.", "Added 2 contacts."),
        (5, "Přidáno 5 kontaktů.", "Added 5 contacts."),
        (22, "Přidáno 22 kontaktů.", "Added 22 contacts."),
    ],
)
def test_plurals_take_each_languages_forms(count: int, czech: str, english: str) -> None:
    assert translate("segments.add_done", "cs", count=count) == czech
    assert translate("segments.add_done", "en", count=count) == english


@pytest.mark.parametrize(
    ("code", "language"),
    [
        ("cs", "cs"), ("cs-CZ", "cs"), ("sk", "cs"), ("SK", "cs"), ("cs_CZ.UTF-8", "cs"),
        ("en", "en"), ("en-GB", "en"), ("de", "en"), ("", "en"), (None, "en"),
    ],
)  # fmt: skip
def test_the_language_follows_telegrams_language_code(code: str | None, language: str) -> None:
    assert language_of(code) == language


def test_every_catalogue_entry_is_used_by_the_code() -> None:
    """A key named nowhere is an unused entry: literally ("key", 'key'), or by the prefix
    of a key the code builds (f"command.{name}")."""
    code = "\n".join(
        path.read_text(encoding="utf-8")
        for folder in ("bot", "cli", "domain", "sandbox")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path.name != "messages_en.py"
    )
    literal = set(re.findall(r"""["']([a-z_]+(?:\.[a-z_0-9]+)*)["']""", code))
    built = set(re.findall(r"""f["']([a-z_.]+)\{""", code))
    assert len(built) > 10, "the pattern found too little: is it still right?"
    unused = [
        key
        for key in MESSAGES
        if key not in literal and not any(key.startswith(prefix) for prefix in built)
    ]
    assert unused == []


def test_the_compiled_catalogues_ship_with_the_package() -> None:
    """A non-editable install (a wheel) carries the .mo files: no compile step after
    `pip install`."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["bot"]
    shipped = {p for pattern in patterns for p in (ROOT / "bot").glob(pattern)}
    for lang in ("cs", "en"):
        assert translations.mo_path(lang) in shipped


def test_czech_numbers_an_entry_as_c_not_hash() -> None:
    """Czech writes "č. 9" where English writes "#9" (číslo), in every message alike."""
    path = ROOT / "bot" / "locale" / "cs" / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as po:
        catalogue = read_po(po)
    hashed = [
        message.context
        for message in catalogue
        if message.id and re.search(r"#\{", str(message.string))
    ]
    assert hashed == []
