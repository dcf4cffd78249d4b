"""A phone contact shared with the bot finds its contact by the normalised number, however
it is written, and goes to the template step; no match offers a search."""

from __future__ import annotations

import pytest

from domain.model import Contact, ContactType
from sandbox.bot_api import FakeUser
from tests.bot.helpers import Factory, entries_of


@pytest.fixture
async def phones(seeded: Factory) -> None:
    async with seeded() as uow:
        jan = await uow.contacts.get("CT000002")
        assert jan is not None
        jan.mobile_phone = "777 123 456"
        await uow.contacts.save(jan)
        for no, name, phone in (
            ("CT000201", "Karel Dvořák", "+420 602-111-222"),
            ("CT000202", "Karla Dvořáková", "602111222"),
            ("CT000203", "Hidden Person", "(+420) 731 000 999"),
        ):
            await uow.contacts.save(
                Contact(
                    no=no,
                    name=name,
                    type=ContactType.PERSON,
                    phone=phone,
                    privacy_blocked=no == "CT000203",
                )
            )
        await uow.commit()


@pytest.mark.usefixtures("phones")
async def test_a_shared_contact_is_found_by_a_differently_written_number(
    jana: FakeUser, seeded: Factory
) -> None:
    await jana.send_contact("+420777123456", "Honza")
    assert "Jan Novák (Alza s.r.o.): which kind of interaction?" in jana.last.text
    await jana.tap("Outgoing call")
    await jana.tap("Log")
    assert "Logged #1" in jana.last.text
    [entry] = await entries_of(seeded, "CT000002")
    assert entry.template_code == "CALL-OUT"


@pytest.mark.usefixtures("phones")
async def test_a_number_two_contacts_share_offers_both(jana: FakeUser) -> None:
    await jana.send_contact("00420 602 111 222", "Karel")
    assert "Contacts with the number 00420 602 111 222" in jana.last.text
    assert jana.last.buttons[:2] == ["Karel Dvořák", "Karla Dvořáková"]
    await jana.tap("Karla Dvořáková")
    assert "Karla Dvořáková: which kind of interaction?" in jana.last.text


@pytest.mark.usefixtures("phones")
async def test_no_match_offers_a_search_by_the_shared_name(jana: FakeUser) -> None:
    await jana.send_contact("+420 999 888 777", "Eva", "Nováková")
    assert "No contact has the number +420 999 888 777" in jana.last.text
    await jana.tap("Search “Eva Nováková”")
    assert "Eva Nováková (Alza s.r.o.): which kind of interaction?" in jana.last.text


@pytest.mark.usefixtures("phones")
async def test_a_privacy_blocked_contact_is_refused_as_in_a_search(jana: FakeUser) -> None:
    await jana.send_contact("731000999", "Hidden")
    assert "marked as blocked due to privacy" in jana.last.text


async def test_an_unregistered_user_sharing_a_contact_is_told_to_register(
    stranger: FakeUser,
) -> None:
    await stranger.send_contact("+420777123456", "Honza")
    assert "You are not authorised" in stranger.last.text
