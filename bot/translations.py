"""Keeping the gettext catalogues in step with the code: `python -m bot.translations`.

`update` extracts the messages of bot/messages_en.py (what `pybabel extract` with babel.cfg
and the keywords below finds), merges them into every language's .po file (new entries
empty, entries no longer in the code dropped; English's filled with the source text) and
compiles each into its .mo. `check` changes nothing and lists what is wrong: an entry
missing or unused, a translation missing or fuzzy, a placeholder that differs from the
English one, a .mo older than its .po. The tests run `check`."""

from __future__ import annotations

import argparse
import datetime as dt
import string
import sys
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_file
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

from bot.i18n import DEFAULT_LANGUAGE, DOMAIN, LANGUAGES, LOCALE_DIR

ROOT = LOCALE_DIR.parents[1]
SOURCES = (ROOT / "bot" / "messages_en.py",)
# The same as `pybabel extract -k msg:1c,2 -k msg_n:1c,2,3`: the key is the msgctxt.
KEYWORDS = {"msg": ((1, "c"), 2), "msg_n": ((1, "c"), 2, 3)}
# Fixed, so that a catalogue changes only when its messages do.
CREATED = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)

Key = tuple[str, str | None]  # (msgid, msgctxt), as Babel indexes a catalogue


def extract() -> Catalog:
    """The template: every message of the code, English, untranslated."""
    template = Catalog(project="Interlog", creation_date=CREATED, fuzzy=False)
    for path in SOURCES:
        for _line, text, _comments, context in extract_from_file("python", path, KEYWORDS):
            template.add(text, context=context)
    return template


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str) -> Path:
    return po_path(lang).with_suffix(".mo")


def read(lang: str) -> Catalog:
    path = po_path(lang)
    if not path.exists():
        return Catalog(locale=lang, project="Interlog", creation_date=CREATED, fuzzy=False)
    with path.open("rb") as file:
        return read_po(file, locale=lang)


def update() -> None:
    for lang in LANGUAGES:
        catalog = read(lang)
        # A template of its own: Babel adds the template's message objects themselves.
        catalog.update(extract(), no_fuzzy_matching=True, update_creation_date=False)
        catalog.obsolete.clear()
        if lang == DEFAULT_LANGUAGE:
            for message in catalog:
                if message.id and not _translated(message):
                    message.string = message.id
        write(lang, catalog)
        compile_mo(lang, catalog)


def write(lang: str, catalog: Catalog) -> None:
    """The .po ordered by key, as a translator looks for a message."""
    ordered = Catalog(locale=lang, fuzzy=False)
    ordered.mime_headers = catalog.mime_headers
    ordered.header_comment = catalog.header_comment
    for message in sorted((m for m in catalog if m.id), key=lambda m: (m.context or "", m.id)):
        ordered[message.id] = message
    path = po_path(lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        write_po(file, ordered, width=100, omit_header=False)


def compile_mo(lang: str, catalog: Catalog) -> None:
    """The .mo of the translated entries only: an empty plural would be read as a
    translation and show nothing."""
    compiled = Catalog(locale=lang, fuzzy=False)
    compiled.mime_headers = catalog.mime_headers
    for message in catalog:
        if message.id and _translated(message) and not message.fuzzy:
            compiled[message.id] = message
    with mo_path(lang).open("wb") as file:
        write_mo(file, compiled)


def _forms(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """A message's id or string: one text, or one per plural form."""
    if value is None:
        return ("",)
    return (value,) if isinstance(value, str) else tuple(value)


def _translated(message: Message) -> bool:
    return all(_forms(message.string))


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _key(message: Message) -> Key:
    return _forms(message.id)[0], message.context


def problems() -> list[str]:
    """What `update` would change or a translator must still do; empty when all is well."""
    found: list[str] = []
    template = extract()
    wanted = {_key(m): m for m in template if m.id}
    for lang in LANGUAGES:
        if not po_path(lang).exists():
            found.append(f"{lang}: no catalogue {po_path(lang)}")
            continue
        catalog = read(lang)
        have = {_key(m): m for m in catalog if m.id}
        found += [f"{lang}: missing {ctx}: {msgid!r}" for msgid, ctx in wanted.keys() - have]
        found += [f"{lang}: unused {ctx}: {msgid!r}" for msgid, ctx in have.keys() - wanted]
        found += [f"{lang}: obsolete {m.context}: {m.id!r}" for m in catalog.obsolete.values()]
        for key, message in have.items():
            if key not in wanted:
                continue
            if wanted[key].id != message.id:
                found.append(f"{lang}: {key[1]}: the plural differs from the code's")
            if message.fuzzy:
                found.append(f"{lang}: fuzzy {key[1]}")
            if not _translated(message):
                found.append(f"{lang}: untranslated {key[1]}")
                continue
            found += placeholder_problems(lang, key[1] or "", message)
        found += _stale_mo(lang, catalog)
    return found


def placeholder_problems(lang: str, key: str, message: Message) -> list[str]:
    try:
        expected = set().union(*(_fields(text) for text in _forms(message.id)))
        return [
            f"{lang}: {key}: placeholders {sorted(_fields(form))}, not {sorted(expected)}"
            for form in _forms(message.string)
            if _fields(form) != expected
        ]
    except ValueError as error:  # an unbalanced brace
        return [f"{lang}: {key}: not a format string ({error})"]


def _stale_mo(lang: str, catalog: Catalog) -> list[str]:
    if not mo_path(lang).exists():
        return [f"{lang}: not compiled: {mo_path(lang)}"]
    with mo_path(lang).open("rb") as file:
        compiled = read_mo(file)
    translated = [m for m in catalog if m.id and _translated(m) and not m.fuzzy]
    expected = {_key(m): _forms(m.string) for m in translated}
    actual = {_key(m): _forms(m.string) for m in compiled if m.id}
    return [] if expected == actual else [f"{lang}: {mo_path(lang)} is out of date"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.translations", description=__doc__)
    parser.add_argument("command", choices=("update", "check"))
    args = parser.parse_args(argv)
    if args.command == "update":
        update()
    found = problems()
    for problem in found:
        print(problem, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
