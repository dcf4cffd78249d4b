"""An administrator imports a CSV document through the chat, end to end through the fake Bot
API: the bot downloads it (getFile, then the file's URL), imports all of it or nothing, and
answers with the count or every problem; progress is edited into one message."""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import Callable, Sequence

from telegram.ext import Application

from bot.chat_import import PROBLEMS_SHOWN, PROGRESS_MIN_ROWS, ChatImports
from domain.importing import COLUMNS
from domain.model import Contact, ContactCriteria
from sandbox.bot_api import FakeTelegram, FakeUser
from storage import SqlUnitOfWork

Factory = Callable[[], SqlUnitOfWork]


def _csv(header: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def _contact(no: str, name: str, **values: str) -> list[str]:
    row = {"no": no, "name": name, "type": "company", **values}
    return [row.get(column, "") for column in COLUMNS["contacts"]]


async def _contacts(factory: Factory) -> dict[str, Contact]:
    async with factory() as uow:
        return {c.no: c for c in await uow.contacts.matching(ContactCriteria())}


async def _import(
    app: Application,  # type: ignore[type-arg]
    user: FakeUser,
    content: bytes,
    caption: str,
    name: str = "contacts.csv",
) -> None:
    """Sends the document and waits until its import has ended."""
    await user.send_document(name, content, "text/csv", caption=caption)
    imports: ChatImports = app.bot_data["imports"]
    await imports.wait()


async def test_an_administrator_imports_contacts_and_hears_how_many(
    app: Application,  # type: ignore[type-arg]
    petr: FakeUser,
    seeded: Factory,
) -> None:
    before = await _contacts(seeded)
    stored = sorted(before)[0]
    rows = [
        _contact("NEW1", "Nová firma s.r.o.", city="Brno"),
        _contact("NEW2", "Druhá firma a.s."),
        _contact(stored, "Renamed", city=before[stored].city),
    ]
    await _import(app, petr, _csv(COLUMNS["contacts"], rows), "/import contacts")
    assert petr.last.text == "Imported 3 contacts (2 new, 1 updated)."
    after = await _contacts(seeded)
    assert set(after) == set(before) | {"NEW1", "NEW2"}
    assert after["NEW1"].city == "Brno" and after[stored].name == "Renamed"

    await _import(app, petr, _csv(COLUMNS["groups"], [["VISIT", "Visits"]]), "/import groups")
    assert petr.last.text == "Imported 1 interaction group (1 new, 0 updated)."


async def test_a_bad_file_writes_nothing_and_every_problem_is_listed(
    app: Application,  # type: ignore[type-arg]
    petr: FakeUser,
    fake: FakeTelegram,
    seeded: Factory,
) -> None:
    before = await _contacts(seeded)
    rows = [
        _contact("OK1", "Fine"),
        _contact("BAD1", ""),
        _contact("BAD2", "Typed", type="robot"),
    ]
    await _import(app, petr, _csv(COLUMNS["contacts"], rows), "/import contacts", "bad.csv")
    assert petr.last.text.splitlines() == [
        "line 3, column name: must have a value",
        "line 4, column type: “robot” is not company or person",
        "bad.csv: 2 bad rows out of 3. Nothing was imported.",
    ]
    assert await _contacts(seeded) == before

    many = [_contact(f"B{n:03d}", "") for n in range(PROBLEMS_SHOWN + 1)]
    await _import(app, petr, _csv(COLUMNS["contacts"], many), "/import contacts", "many.csv")
    document = petr.last.content["document"]
    assert document["file_name"] == "many-problems.txt"
    assert petr.last.content["caption"] == (
        f"📄 {PROBLEMS_SHOWN + 1} bad rows out of {PROBLEMS_SHOWN + 1} in many.csv. "
        "Nothing was imported."
    )
    listed = fake.state.files[document["file_id"]].content.decode().splitlines()
    assert listed == [
        f"line {n + 2}, column name: must have a value" for n in range(PROBLEMS_SHOWN + 1)
    ]
    assert await _contacts(seeded) == before

    header = [c for c in COLUMNS["contacts"] if c != "name"]
    await _import(app, petr, _csv(header, []), "/import contacts", "short.csv")
    assert petr.last.text.startswith("short.csv: the header lacks the column(s) name")


async def test_a_salesperson_may_not_import(
    app: Application,  # type: ignore[type-arg]
    jana: FakeUser,
    fake: FakeTelegram,
    seeded: Factory,
) -> None:
    before = await _contacts(seeded)
    content = _csv(COLUMNS["contacts"], [_contact("NEW1", "Nová firma")])
    await _import(app, jana, content, "/import contacts")
    assert jana.last.text == "Only administrators can import files."
    assert await _contacts(seeded) == before
    assert not [call for call, _params in fake.calls if call == "getFile"]


async def test_a_file_over_telegrams_download_limit_is_refused(
    app: Application,  # type: ignore[type-arg]
    petr: FakeUser,
    fake: FakeTelegram,
) -> None:
    content = b"no,name\n" + b"x" * (20 * 1024 * 1024)
    await _import(app, petr, content, "/import contacts", "huge.csv")
    assert petr.last.text == (
        "huge.csv is 20.0 MB: Telegram lets bots download files of at most 20 MB. "
        "Split the file, or import it with `interlog import` on the server."
    )
    assert not [call for call, _params in fake.calls if call == "getFile"]


async def test_a_document_without_a_kind_or_of_an_unknown_kind_is_explained(
    app: Application,  # type: ignore[type-arg]
    petr: FakeUser,
) -> None:
    await petr.say("/import")
    assert petr.last.text.startswith("To import, send a CSV file (UTF-8) with the caption")
    await _import(app, petr, b"code\nX\n", "/import pets")
    assert petr.last.text == (
        "I cannot import “pets”; I import salespeople, groups, templates, contacts."
    )


async def test_a_large_import_edits_its_progress_and_others_are_answered_meanwhile(
    app: Application,  # type: ignore[type-arg]
    petr: FakeUser,
    jana: FakeUser,
    fake: FakeTelegram,
    seeded: Factory,
) -> None:
    before = await _contacts(seeded)
    rows = 3 * PROGRESS_MIN_ROWS
    content = _csv(COLUMNS["contacts"], [_contact(f"L{n:06d}", f"Firma {n}") for n in range(rows)])
    held = fake.gate("getFile")  # the import waits for its file...
    await petr.send_document("big.csv", content, "text/csv", caption="/import contacts")
    await asyncio.wait_for(held.arrived, 30)
    [started] = petr.chat.messages[-1:]
    assert started.text == "⏳ Importing big.csv…"
    await jana.say("/help")  # ...and the bot answers others meanwhile
    assert jana.last.text.startswith("Hello, ")
    held.release()
    imports: ChatImports = app.bot_data["imports"]
    await imports.wait()

    progress = fake.state.chats[petr.id].history[started.message_id]
    assert progress.text == "Importing big.csv: finished."
    assert progress.edits >= 10  # a tenth of the check and of the write at a time
    assert petr.last.text == f"Imported {rows:,} contacts ({rows:,} new, 0 updated)."
    assert len(await _contacts(seeded)) == len(before) + rows
