"""`interlog qr contacts --segment S00001 --bot NAME -o visits.pdf`: a sheet of QR codes for
a visit round, one per contact of the segment with its name, company and number; scanning
one opens the bot on a new interaction with that contact (bot/deep_links.py). `-o` naming
a folder writes one PNG per contact instead. The codes come from segno; the pages are drawn
with matplotlib (already the charts' library) headless, its PdfPages for the PDF."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # headless: no display, whatever the environment says

import segno
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from bot.deep_links import contact_link
from bot.settings import Settings
from cli.database import database
from cli.text import refused, say
from domain.access import OPERATOR
from domain.errors import DomainError
from domain.model import Contact
from domain.services.segments import visit_contacts

A4 = (8.27, 11.69)  # inches, portrait
COLUMNS, ROWS = 3, 4  # codes to a page: about 5 cm each, easy to scan from a phone


def _label(contact: Contact) -> str:
    name = contact.name
    if contact.company_name and contact.company_no != contact.no:
        name = f"{name}\n{contact.company_name}"
    return f"{name}\n{contact.no}"


def _draw(axes: Axes, contact: Contact, link: str) -> None:
    # With the quiet zone of 4 modules scanners need around the code.
    matrix = segno.make(link, error="m").matrix_iter(scale=1, border=4)
    axes.imshow([[0 if dark else 1 for dark in row] for row in matrix], cmap="gray", vmin=0, vmax=1)
    axes.set_xticks([])
    axes.set_yticks([])
    for spine in axes.spines.values():
        spine.set_visible(False)
    axes.set_xlabel(_label(contact), fontsize=9, linespacing=1.3)


def write_pdf(path: Path, contacts: list[Contact], bot: str) -> int:
    """A4 pages of COLUMNS x ROWS codes; the number of pages."""
    per_page = COLUMNS * ROWS
    pages = 0
    with PdfPages(path) as pdf:
        for start in range(0, len(contacts), per_page):
            figure = Figure(figsize=A4)
            FigureCanvasAgg(figure)
            for n, contact in enumerate(contacts[start : start + per_page]):
                _draw(
                    figure.add_subplot(ROWS, COLUMNS, n + 1), contact, contact_link(bot, contact.no)
                )
            figure.subplots_adjust(left=0.05, right=0.95, top=0.96, bottom=0.06, hspace=0.55)
            pdf.savefig(figure)
            pages += 1
    return pages


def write_pngs(folder: Path, contacts: list[Contact], bot: str) -> None:
    """One `<contact no>.png` per contact (a number's "/" becomes "_")."""
    folder.mkdir(parents=True, exist_ok=True)
    for contact in contacts:
        figure = Figure(figsize=(2.6, 3.2))
        FigureCanvasAgg(figure)
        _draw(figure.add_subplot(1, 1, 1), contact, contact_link(bot, contact.no))
        figure.subplots_adjust(left=0.05, right=0.95, top=0.97, bottom=0.2)
        figure.savefig(folder / f"{contact.no.replace('/', '_')}.png", dpi=150)


async def qr(args: argparse.Namespace, settings: Settings) -> int:
    output = Path(args.output)
    async with database(settings) as uow_factory, uow_factory() as uow:
        try:
            contacts, skipped = await visit_contacts(uow, user=OPERATOR, no=args.segment)
        except DomainError as exc:
            return refused(exc)
    if not contacts:
        print(say("cli.qr_none", segment=args.segment), file=sys.stderr)
        return 1
    bot = args.bot.lstrip("@")
    if output.suffix.lower() == ".pdf":
        pages = write_pdf(output, contacts, bot)
        print(say("cli.qr_pdf", count=len(contacts), pages=pages, file=str(output)))
    else:
        write_pngs(output, contacts, bot)
        print(say("cli.qr_pngs", count=len(contacts), folder=str(output)))
    if skipped:
        print(say("cli.qr_skipped", count=skipped), file=sys.stderr)
    return 0
