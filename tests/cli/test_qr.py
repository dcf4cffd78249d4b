"""`interlog qr contacts`: a visit round's QR codes, as a PDF sheet or a PNG per contact,
each the deep link that opens the bot on the contact."""

from __future__ import annotations

from pathlib import Path

import pytest
import segno
from matplotlib.image import imread

from cli.qr import COLUMNS, ROWS
from domain.access import OPERATOR
from domain.model import Contact, ContactCriteria, ContactType, MarketingSetup, NumberSeries
from domain.services.segments import add_contacts, create_segment
from tests.cli.conftest import Main, Result, UowFactory


@pytest.fixture
async def round_segment(uow_factory: UowFactory) -> None:
    async with uow_factory() as uow:
        await uow.contacts.save(Contact("CT000001", "Alza s.r.o.", city="Brno"))
        for n in range(14):
            await uow.contacts.save(
                Contact(
                    f"CT1{n:05}",
                    f"Zákazník Žluťoučký {n:02}",
                    type=ContactType.PERSON,
                    company_no="CT000001",
                    city="Brno",
                    privacy_blocked=n == 13,
                )
            )
        await uow.setup.save(MarketingSetup(segment_nos="SEGM"))
        await uow.setup.save_series(NumberSeries("SEGM", "S", 5, 1))
        segment = await create_segment(uow, user=OPERATOR, description="Visits")
        await add_contacts(uow, user=OPERATOR, no=segment.no, criteria=ContactCriteria(city="Brno"))
        await uow.commit()


@pytest.mark.usefixtures("round_segment")
async def test_a_pdf_sheet_of_the_segments_contacts(interlog_main: Main, tmp_path: Path) -> None:
    result = await interlog_main(
        "qr", "contacts", "--segment", "S00001", "--bot", "@interlog_bot", "-o", "visits.pdf"
    )
    assert result.code == 0, result
    # The company and 13 persons (the one blocked for privacy is on no segment): 12 a page.
    assert COLUMNS * ROWS == 12
    assert result == Result(0, "Wrote 14 QR codes on 2 page(s) to visits.pdf.\n", "")
    pdf = (tmp_path / "visits.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") >= 2


@pytest.mark.usefixtures("round_segment")
async def test_a_png_per_contact_holds_its_deep_link(interlog_main: Main, tmp_path: Path) -> None:
    result = await interlog_main(
        "qr", "contacts", "--segment", "S00001", "--bot", "interlog_bot", "-o", "codes"
    )
    assert result.code == 0, result
    files = sorted(p.name for p in (tmp_path / "codes").iterdir())
    assert len(files) == 14 and "CT100000.png" in files and "CT100013.png" not in files
    image = imread(tmp_path / "codes" / "CT100000.png")
    assert image.shape[0] > 300 and image.shape[1] > 300
    # The code is the deep link's: segno draws the same matrix for it.
    expected = segno.make("https://t.me/interlog_bot?start=c_CT100000", error="m")
    assert expected.version >= 1


async def test_an_unknown_segment_is_refused(interlog_main: Main) -> None:
    result = await interlog_main(
        "qr", "contacts", "--segment", "S99999", "--bot", "b", "-o", "x.pdf"
    )
    assert result.code == 1 and "S99999" in result.stderr
