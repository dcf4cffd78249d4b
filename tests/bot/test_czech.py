"""A salesperson whose Telegram app is Czech goes through the usual flows and reads only
Czech: no message, button or toast holds a text of the English catalogue. Plurals in both
languages, end to end."""

from __future__ import annotations

import datetime as dt
import re
import string
from decimal import Decimal

import pytest

from bot.i18n import text_of
from bot.messages_en import MESSAGES
from domain.access import OPERATOR
from domain.model import Contact, ContactCriteria
from domain.services import segments as seg
from sandbox.bot_api import FakeTelegram, FakeUser
from sandbox.bot_api.state import ChatMessage
from tests.bot.conftest import TEAM_CHAT, Starter
from tests.bot.helpers import Factory, entries_of, postponed_of
from tests.seed import JANA, PETR

_WORD = re.compile(r"[A-Za-z]{3,}")
_SYNTAX = re.compile(r"\w+(\|\w+)+|(?<=/agenda )(on|off)\b")


def _fragments(text: str) -> list[str]:
    return [literal for literal, _, _, _ in string.Formatter().parse(text) if literal]


def _english_fragments() -> set[str]:
    """The literal pieces of English messages that their Czech does not share and that
    hold a word: what must never show up in a Czech chat."""
    found: set[str] = set()
    for key, message in MESSAGES.items():
        for english, count in ((message.text, 1), (message.plural, 5)):
            if english is None:
                continue
            czech = text_of(key, "cs", count) or ""
            found |= {
                piece.strip()
                for piece in _fragments(english)
                if _WORD.search(piece) and piece.strip() not in czech
            }
    return found


ENGLISH = _english_fragments()
ENGLISH_LABELS = {m.text for m in MESSAGES.values()} - {
    text_of(key, "cs") for key in MESSAGES
}  # whole short texts ("Yes", "Us", "Log") as buttons


class Transcript:
    """Everything the bot shows one user: messages (each version of an edited one),
    buttons and the answers to taps."""

    def __init__(self, user: FakeUser) -> None:
        self.user = user
        self.texts: list[str] = []
        self.buttons: list[str] = []

    def _keep(self, messages: list[ChatMessage]) -> list[ChatMessage]:
        for message in messages:
            self.texts.append(message.text or "")
            self.buttons += message.buttons
        return messages

    async def say(self, text: str) -> list[ChatMessage]:
        return self._keep(await self.user.say(text))

    async def tap(self, label: str) -> list[ChatMessage]:
        return self._keep(await self.user.tap(label))

    @property
    def last(self) -> str:
        return self.user.last.text or ""

    def english(self) -> list[str]:
        # Commands' arguments are typed as they are in any language: /agenda on|off.
        shown = [_SYNTAX.sub("", text) for text in self.texts + self.user.callback_answers]
        found = [
            f"{fragment!r} in {text!r}"
            for text in shown
            for fragment in ENGLISH
            if re.search(rf"(?<![\w]){re.escape(fragment)}(?![\w])", text)
        ]
        found += [f"button {label!r}" for label in self.buttons if label in ENGLISH_LABELS]
        return found


def test_the_check_catches_english() -> None:
    assert "Send the cost, e.g. 12.50." in ENGLISH
    assert "Successful:" in ENGLISH and "Yes" in ENGLISH_LABELS
    assert "Segment" not in ENGLISH  # the same word in Czech


@pytest.fixture
def bot_settings() -> dict[str, object]:
    return {"team_language": "cs"}


async def test_a_czech_salesperson_reads_only_czech(
    fake: FakeTelegram, seeded: Factory, start: Starter
) -> None:
    await start()
    jana = Transcript(fake.user(user_id=JANA.telegram_id, first_name="Jana", language_code="cs"))

    # A standard interaction, with a cost typed the Czech way.
    await jana.say("/start")
    await jana.say("/interact novak")
    await jana.tap("Jan Novák")
    await jana.tap("Outgoing call")
    assert "Šablona: Outgoing call" in jana.last and "Náklady: 2,50" in jana.last
    await jana.tap("Náklady")
    await jana.say("abc")
    assert "„abc“ není částka" in jana.texts[-1]
    await jana.say("12,50")
    await jana.tap("Datum/čas")
    await jana.say("včera 14:30")
    yesterday = dt.date.today() - dt.timedelta(days=1)
    assert f"Datum a čas: {yesterday.day}. {yesterday.month}. {yesterday.year} 14:30" in jana.last
    await jana.tap("Vyhodnocení")
    await jana.tap("Pozitivní")
    await jana.tap("Zaznamenat")
    assert re.search(
        r"Zaznamenáno č\. \d+: Outgoing call s kontaktem Jan Novák", jana.texts[-1]
    ) or any("Zaznamenáno" in t for t in jana.texts)
    [entry] = await entries_of(seeded, "CT000002")
    assert entry.cost == Decimal("12.50")

    # /cancel, then /postponed and resume.
    await jana.say("/interact alza")  # one match: straight to its templates
    await jana.tap("Incoming call")
    await jana.say("/cancel")
    assert jana.last.startswith("Odloženo: interakce č.")
    [postponed] = await postponed_of(seeded, "JN")
    await jana.say("/postponed")
    assert "Vaše odložené interakce (1):" in jana.last
    await jana.tap(f"Pokračovat č. {postponed.entry_no}")
    assert "Pokračování odložené interakce" in jana.last
    await jana.tap("Zaznamenat")
    assert await postponed_of(seeded, "JN") == []

    # /logsegment with a follow-up segment.
    async with seeded() as uow:
        segment = await seg.create_segment(
            uow, user=OPERATOR, description="Podzimní obvolávání", template_code="CALL-OUT"
        )
        await seg.add_contacts(
            uow, user=OPERATOR, no=segment.no, criteria=ContactCriteria(city="Praha")
        )
        await uow.commit()
    await jana.say("/logsegment")
    assert jana.last == "Který segment chcete protokolovat?"
    await jana.tap(segment.no)
    assert "Řádky: 2" in jana.last and "Vytvořit segment sledování?" in jana.last
    await jana.tap("Ano")
    assert f"Segment {segment.no} protokolován" in jana.last and "2 interakce." in jana.last
    assert "Vytvořen segment sledování" in jana.last
    async with seeded() as uow:
        follow_ups = await uow.segments.list()
    assert [s.description for s in follow_ups] == [f"Sledování segmentu {segment.no}"]

    # A refusal, a history, a statistics caption, the help.
    await jana.say("/log novak")
    await jana.say("/stats")
    await jana.say("/export 2026-13-01")
    await jana.say("/segments")
    await jana.say("/nonsense")
    await jana.say("hello")

    assert len(jana.texts) > 25 and len(jana.buttons) > 40
    assert jana.english() == []
    team = fake.chat(TEAM_CHAT)
    await fake.wait_for(lambda: len(team.messages) >= 3)
    team_texts = [m.text or "" for m in team.messages]
    assert any("zaznamenal(a)" in t for t in team_texts), team_texts
    assert any("protokoloval(a) segment" in t for t in team_texts), team_texts


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("cs", {1: "Přidán 1 kontakt.", 2: "Přidány 2 kontakty.", 5: "Přidáno 5 kontaktů.",
                22: "Přidáno 22 kontaktů."}),
        ("en", {1: "Added 1 contact.", 2: "Added 2 contacts.", 5: "Added 5 contacts.",
                22: "Added 22 contacts."}),
    ],
)  # fmt: skip
async def test_plurals_for_1_2_5_and_22_contacts(
    fake: FakeTelegram, seeded: Factory, start: Starter, language: str, expected: dict[int, str]
) -> None:
    async with seeded() as uow:
        for count in expected:
            for i in range(count):
                no = f"PL{count:02d}{i:03d}"
                await uow.contacts.save(Contact(no=no, name=f"Kontakt {no}", city=f"Obec{count}"))
        await uow.commit()
    await start()
    petr = fake.user(user_id=PETR.telegram_id, first_name="Petr", language_code=language)
    new_segment = {"cs": "Nový segment", "en": "New segment"}[language]
    add = {"cs": "Přidat kontakty", "en": "Add contacts"}[language]
    await petr.say("/segments")
    await petr.tap(new_segment)
    await petr.say("Plurals")
    for count, text in expected.items():
        await petr.tap({"cs": "Otevřít", "en": "Open"}[language])
        await petr.tap(add)
        replies = await petr.say(f"city=Obec{count}")
        assert text in [r.text for r in replies], [r.text for r in replies]


async def test_templates_and_groups_in_the_readers_language(
    fake: FakeTelegram, seeded: Factory, start: Starter
) -> None:
    """BC's Interaction Tmpl. Language: the Czech description where there is one, the
    stored one otherwise."""
    async with seeded() as uow:
        template = await uow.templates.get("CALL-OUT")
        group = await uow.groups.get("PHONE")
        assert template is not None and group is not None
        template.description_cs = "Odchozí hovor"
        group.description_cs = "Telefonáty"
        await uow.templates.save(template)
        await uow.groups.save(group)
        await uow.commit()
    await start()
    czech = fake.user(user_id=JANA.telegram_id, first_name="Jana", language_code="cs")
    await czech.say("/interact novak")
    await czech.tap("Jan Novák")
    labels = czech.last.buttons
    assert "Odchozí hovor · Telefonáty" in labels
    assert "Customer visit · Meetings" in labels  # no Czech description: the stored one
    await czech.tap("Odchozí hovor")
    assert "Šablona: Odchozí hovor" in czech.last.text
    english = fake.user(user_id=PETR.telegram_id, first_name="Petr", language_code="en")
    await english.say("/interact novak")
    await english.tap("Jan Novák")
    assert "Outgoing call · Phone calls" in english.last.buttons
