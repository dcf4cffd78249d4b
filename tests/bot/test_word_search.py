"""Word-start search end to end: "dv" finds Eva Dvořáková, "nov ja" finds Jan Novák, in
German and Cyrillic too; a search that finds nothing says why, and echoes the text cleaned."""

from __future__ import annotations

import pytest

from domain.model import Contact, ContactType
from sandbox.bot_api import FakeUser
from tests.bot.helpers import Factory


@pytest.fixture
async def more_contacts(seeded: Factory) -> None:
    async with seeded() as uow:
        for no, name in (
            ("CT000101", "Eva Dvořáková"),
            ("CT000102", "Jürgen Straße"),
            ("CT000103", "Сергей Петров"),
            ("CT000104", "Advokátní kancelář Dvořák"),
            ("CT000105", "Adam Hradvorský"),
        ):
            await uow.contacts.save(Contact(no=no, name=name, type=ContactType.PERSON))
        await uow.commit()


@pytest.mark.usefixtures("more_contacts")
@pytest.mark.parametrize(
    ("typed", "chosen"),
    [
        ("dv", None),  # two word starts: a list, Eva first by name
        ("nov ja", "Jan Novák (Alza s.r.o.)"),
        ("JA NOVÁK", "Jan Novák (Alza s.r.o.)"),
        ("strasse", "Jürgen Straße"),
        ("STRAß ju", "Jürgen Straße"),
        ("jurg", "Jürgen Straße"),
        ("пет серг", "Сергей Петров"),
    ],
)
async def test_each_typed_word_finds_a_word_start(
    jana: FakeUser, typed: str, chosen: str | None
) -> None:
    await jana.say(f"/interact {typed}")
    if chosen is None:
        assert jana.last.buttons[:2] == ["Advokátní kancelář Dvořák", "Eva Dvořáková"]
        await jana.tap("Eva Dvořáková")
        chosen = "Eva Dvořáková"
    assert f"{chosen}: which kind of interaction?" in jana.last.text


@pytest.mark.usefixtures("more_contacts")
async def test_word_starts_come_before_other_substrings(jana: FakeUser) -> None:
    await jana.say("/interact dvo")
    # By name "Adam Hradvorský" would come first, but only the inside of a word has "dvo".
    assert jana.last.buttons[:3] == [
        "Advokátní kancelář Dvořák",
        "Eva Dvořáková",
        "Adam Hradvorský",
    ]


async def test_a_short_text_that_finds_nothing_says_why(jana: FakeUser) -> None:
    await jana.say("/interact qx")
    assert "No contact matches “qx”: under 3 characters, only the starts of words" in (
        jana.last.text
    )
    await jana.say("zzzz")
    assert "No contact matches “zzzz”: no name contains it" in jana.last.text


async def test_nothing_found_echoes_the_text_without_control_or_bidi_characters(
    jana: FakeUser,
) -> None:
    await jana.say("/interact zz\u202ez\u200fy\x07\u2066q\u2069")
    assert "No contact matches “zzzyq”" in jana.last.text
    assert not any(c in jana.last.text for c in "\u202e\u200f\x07\u2066\u2069")
    await jana.say("/interact\u200e q\u202eq")
    assert "No contact matches “qq”" in jana.last.text
