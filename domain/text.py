"""What typed or imported text may hold, and search normalisation: one place decides what
"the same name" means."""

import unicodedata

_DROP = dict.fromkeys(
    [
        *(c for c in range(0x20) if c not in (0x09, 0x0A)),  # C0 controls but tab, newline
        0x7F,
        *range(0x80, 0xA0),  # DEL and the C1 controls: as invisible, and as useless
        *range(0x202A, 0x202F),  # bidirectional embeddings and overrides
        *range(0x2066, 0x206A),  # bidirectional isolates
        *range(0xD800, 0xE000),  # lone surrogates: no database can store them
    ]
)
_ZERO_WIDTH = dict.fromkeys([0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF])
_CLEAN_TEXT = str.maketrans(_DROP)
_CLEAN_NAME = str.maketrans({**_DROP, **_ZERO_WIDTH})

# Letters NFKD does not decompose into base + accent, mapped by hand.
_EXTRA = str.maketrans({"ł": "l", "đ": "d", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i"})


def clean_text(text: str) -> str:
    """Text as stored, whatever was typed or imported: control characters (NUL among
    them, which PostgreSQL refuses and SQLite keeps) and bidirectional overrides (which
    make text read differently from what it is) are dropped; newline and tab stay."""
    return text.translate(_CLEAN_TEXT)


def clean_name(text: str) -> str:
    """A name or a code as stored: `clean_text`, and zero-width characters dropped too, so
    that a name that looks the same is the same (a description keeps them: emoji use
    them)."""
    return text.translate(_CLEAN_NAME)


FORMULA_STARTS = ("=", "+", "-", "@")
"""What makes a spreadsheet (Excel, LibreOffice, Google Sheets) take a cell for a formula."""


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet opening this as a CSV cell would run it (tab and carriage
    return count too: some spreadsheets skip them before looking)."""
    return text.lstrip("\t\r")[:1] in FORMULA_STARTS if text else False


def normalize(text: str) -> str:
    """Casefold and strip accents, so "Novák", "NOVAK" and "novak" compare equal."""
    decomposed = unicodedata.normalize("NFKD", clean_name(text).casefold().translate(_EXTRA))
    # What clean_name leaves of the control characters (tab, newline) is whitespace here;
    # dropping them keeps a query from confusing the search index's own query syntax.
    stripped = "".join(
        ch
        for ch in decomposed
        if ch.isspace()
        or (not unicodedata.combining(ch) and unicodedata.category(ch) not in ("Cc", "Cs"))
    )
    # Cyrillic й decomposes too (to и), so "Андрей" is found by "андреи" as well.
    return " ".join(stripped.split())
