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
# Invisible in a name: zero-width characters, and the bidirectional marks (left-to-right,
# right-to-left, Arabic letter mark), which a description in an RTL script may need.
_ZERO_WIDTH = dict.fromkeys([0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x200E, 0x200F, 0x061C])
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


# What separates the words of a name for word-start search: whitespace and the punctuation
# names carry ("Nováková-Dvořáková", "s.r.o.", "Smith & Co", "O'Brien"). Storage splits the
# names the same way in SQL (one replace per character), so the list is short and fixed.
WORD_SEPARATORS = " -.,/&()'\"+:;!?_\\|"
_TO_SPACE = str.maketrans(dict.fromkeys(WORD_SEPARATORS, " "))
SUBSTRING_MIN = 3
"""Shorter search texts match the starts of words only: inside names, nearly everything."""
MAX_SEARCH_WORDS = 4
"""Typed words a search checks: a name is rarely longer, and each costs a check per row."""


def name_words(search_name: str) -> list[str]:
    """The words of a normalised name (`normalize`), in order."""
    return search_name.translate(_TO_SPACE).split()


def search_words(query: str) -> list[str]:
    """The words of a normalised search text that must each start a word of the name, in
    any order: the distinct ones, longest first (the first is looked up in the index, so
    the most telling one), at most MAX_SEARCH_WORDS."""
    distinct = dict.fromkeys(name_words(query))
    return sorted(distinct, key=lambda w: (-len(w), w))[:MAX_SEARCH_WORDS]


def starts_words(query_words: list[str], search_name: str) -> bool:
    """Whether every one of `query_words` starts some word of the name."""
    words = name_words(search_name)
    return bool(query_words) and all(any(w.startswith(q) for w in words) for q in query_words)


def search_rank(query: str, search_name: str) -> int | None:
    """Where a contact ranks for a normalised search text: 0 when its name starts with the
    text (an exact match sorts first among these), 1 when each typed word starts a word of
    the name, in any order ("nov ja" finds "jan novak"), 2 when the name contains the text
    (3 characters and more: shorter ones would match nearly everything); None otherwise.
    Within a rank, by the normalised name."""
    if search_name.startswith(query):
        return 0
    if starts_words(search_words(query), search_name):
        return 1
    if len(query) >= SUBSTRING_MIN and query in search_name:
        return 2
    return None


PHONE_DIGITS = 9
"""The digits a phone number is matched on: the national number of the Czech and Slovak
plans, so that "+420 777 123 456", "00420777123456" and "777 123 456" are one number."""
_PHONE_MIN = 6


def phone_key(number: str) -> str:
    """The last PHONE_DIGITS digits of a phone number (any script's digits), or "" when it
    has fewer than 6: then it is no number to match on."""
    digits = "".join(str(int(ch)) for ch in number if ch.isdecimal())
    return digits[-PHONE_DIGITS:] if len(digits) >= _PHONE_MIN else ""
