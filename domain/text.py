"""Search normalisation: one place decides what "the same name" means."""

import unicodedata

# Letters NFKD does not decompose into base + accent, mapped by hand.
_EXTRA = str.maketrans({"ł": "l", "đ": "d", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i"})


def normalize(text: str) -> str:
    """Casefold and strip accents, so "Novák", "NOVAK" and "novak" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_EXTRA))
    # Control characters (NUL among them) never belong to a name; dropping them also keeps
    # a query that carries them from confusing the search index's own query syntax.
    stripped = "".join(
        ch
        for ch in decomposed
        if ch.isspace()
        or (not unicodedata.combining(ch) and unicodedata.category(ch) not in ("Cc", "Cs"))
    )
    # Cyrillic й decomposes too (to и), so "Андрей" is found by "андреи" as well.
    return " ".join(stripped.split())
