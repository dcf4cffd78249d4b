"""`interlog sandbox` end to end over its HTTP and event API: the page's view of the real bot,
on the embedded Bot API and a throw-away demo database."""

from __future__ import annotations

import base64
import re

from sqlalchemy import func, select

from sandbox.session import TEAM_CHAT_ID, Sandbox
from storage.tables import interaction_log_entry as entries
from tests.sandbox.conftest import JANA, PETR, Page, texts


async def _logged(box: Sandbox) -> int:
    assert box.uow_factory is not None
    async with box.uow_factory() as uow:
        count = await uow.connection.scalar(select(func.count()).select_from(entries))
    return int(count or 0)


async def test_the_state_names_the_users_the_team_group_and_the_command_menu(page: Page) -> None:
    state = await page.get("/api/state")
    users = {u["id"]: u for u in state["users"]}
    assert users[JANA]["role"] == "salesperson"
    assert users[JANA]["name"] == "Jana Nováková"
    assert users[PETR]["role"] == "administrator"
    assert state["team"] == {"chat_id": TEAM_CHAT_ID, "title": "Sales team"}
    commands = [c["command"] for c in state["commands"]]
    assert commands[:2] == ["interact", "postponed"]
    assert all(c["description"] for c in state["commands"])


async def test_a_standard_interaction_is_logged_and_streamed_live(page: Page) -> None:
    before = await _logged(page.box)
    async with page.events() as events:
        kind, snapshot = await events.next()
        assert kind == "snapshot" and snapshot["users"]

        templates = await page.say("/interact novak")
        assert "Jan Novák" in texts(templates), texts(templates)
        card = await page.tap("Outgoing phone call")
        assert "New interaction" in texts(card)
        done = await page.tap("Log")
        match = re.search(r"Logged #(\d+)", texts(done))
        assert match, texts(done)

        # The page hears of the user's own message and of the bot's edit of the card.
        await events.until("message", lambda m: m["text"] == "/interact novak")
        edited = await events.until("message", lambda m: "Logged #" in str(m["text"]))
        assert edited["chat_id"] == JANA and edited["from_bot"]
        # The card's own buttons are gone; what it offers now is scheduling the next step.
        labels = [button["text"] for row in edited["buttons"] for button in row]
        assert "Log" not in labels and "Tomorrow" in labels, labels
    assert await _logged(page.box) == before + 1


async def test_cancel_postpones_and_postponed_resumes_the_same_entry(page: Page) -> None:
    await page.say("/interact novak")
    await page.tap("Outgoing phone call")
    postponed = texts(await page.say("/cancel"))
    number = re.search(r"interaction #(\d+)", postponed)
    assert number, postponed
    listing = await page.say("/postponed")
    assert f"#{number[1]}" in texts(listing)
    resumed = await page.tap(f"Resume #{number[1]}")
    assert "Resumed interaction" in texts(resumed)
    done = await page.tap("Log")
    assert f"Logged #{number[1]}" in texts(done)


async def test_logsegment_with_a_follow_up_segment(page: Page) -> None:
    before = await _logged(page.box)
    choose = await page.say("/logsegment")
    assert "Which segment" in texts(choose)
    preview = await page.tap("S00001")
    assert "Create a follow-up segment?" in texts(preview)
    done = texts(await page.tap("Yes"))
    assert "Segment S00001 logged" in done and "Follow-up segment S00002 created" in done
    lines = int(re.search(r"Lines: (\d+)", texts(preview))[1])  # type: ignore[index]
    assert await _logged(page.box) == before + lines


async def test_the_team_group_pane_shows_what_the_bot_announces(page: Page) -> None:
    async with page.events() as events:
        await page.say("/interact novak")
        await page.tap("Outgoing phone call")
        await page.tap("Log")
        announced = await events.until("message", lambda m: m["chat_id"] == TEAM_CHAT_ID)
    assert "Jana Nováková logged Outgoing phone call with Jan Novák" in announced["text"]
    state = await page.get("/api/state")
    team = [m for m in state["messages"] if m["chat_id"] == TEAM_CHAT_ID]
    assert [m["text"] for m in team] == [announced["text"]]


async def test_the_administrator_is_the_other_user(page: Page) -> None:
    answer = texts(await page.say("/start", user=PETR))
    assert "/segments" in answer, answer
    assert "/segments" not in texts(await page.say("/start", user=JANA))


async def test_photos_and_documents_the_bot_sends_are_shown_and_downloadable(page: Page) -> None:
    assert page.box.app is not None
    bot = page.box.app.bot
    async with page.events() as events:
        await bot.send_photo(JANA, photo=b"\xff\xd8\xff\xe0picture", caption="the shop")
        await bot.send_document(JANA, document=b"a;b\n1;2\n", filename="export.csv")
        photo = await events.until("message", lambda m: "photo" in m)
        document = await events.until("message", lambda m: "document" in m)
    assert photo["caption"] == "the shop"
    async with page.session.get(page.base + photo["photo"]["url"]) as response:
        assert response.content_type == "image/jpeg"
        assert await response.read() == b"\xff\xd8\xff\xe0picture"
    assert document["document"]["name"] == "export.csv"
    async with page.session.get(page.base + document["document"]["url"]) as response:
        assert response.headers["Content-Disposition"].startswith("attachment")
        assert await response.read() == b"a;b\n1;2\n"


async def test_what_no_telegram_client_could_send_is_refused(page: Page) -> None:
    card = await page.say("/interact novak")
    message_id = card[0]["message_id"]
    forged = {"user": JANA, "message_id": message_id, "data": "1|log|"}
    assert "no button" in (await page.post("/api/taps", forged, status=400))["error"]
    stranger = {"user": 4242, "text": "/start"}
    assert "user" in (await page.post("/api/messages", stranger, status=400))["error"]
    elsewhere = {"user": JANA, "chat": PETR, "text": "hi"}
    assert "chat" in (await page.post("/api/messages", elsewhere, status=400))["error"]
    async with page.session.post(page.base + "/api/messages", data={"user": "1001"}) as response:
        assert response.status == 400  # a form post from another site cannot act


async def test_the_page_and_its_files_are_served_with_a_strict_policy(page: Page) -> None:
    async with page.session.get(page.base + "/") as response:
        html = await response.text()
        assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert '<script src="/static/app.js"' in html and "<label" in html
    for name in ("app.js", "style.css"):
        async with page.session.get(f"{page.base}/static/{name}") as response:
            assert response.status == 200
    async with page.session.get(page.base + "/static/..%2Fweb.py") as response:
        assert response.status == 404


async def test_the_user_attaches_a_file_and_a_location_to_the_card(page: Page) -> None:
    await page.say("/interact novak")
    await page.tap("Outgoing phone call")
    upload = {"user": JANA, "kind": "document", "name": "offer.pdf",
              "mime_type": "application/pdf", "base64": base64.b64encode(b"%PDF-1.4").decode(),
              "wait": True}  # fmt: skip
    card = (await page.post("/api/attachments", upload))["messages"]
    assert "Attachment: document" in texts(card)
    here = {"user": JANA, "kind": "location", "latitude": 50.0875, "longitude": 14.4213}
    card = (await page.post("/api/attachments", {**here, "wait": True}))["messages"]
    assert "Location: 50.08750, 14.42130" in texts(card)
    state = await page.get("/api/state")
    [sent] = [m for m in state["messages"] if "document" in m and not m["from_bot"]]
    async with page.session.get(page.base + sent["document"]["url"]) as response:
        assert await response.read() == b"%PDF-1.4"
    assert "Logged #" in texts(await page.tap("Log"))
    bad = {"user": JANA, "kind": "photo", "base64": "not base64!"}
    assert "base64" in (await page.post("/api/attachments", bad, status=400))["error"]
