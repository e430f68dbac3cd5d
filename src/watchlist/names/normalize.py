"""Unicode normalisation of names: one canonical form for comparison, idempotent."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")
# Apostrophes and the modifier letters transliterators emit for ayn and hamza are dropped
# without a space: "Sa'id", "Saʿid" and "Said" are one spelling.
_JOINERS = dict.fromkeys(map(ord, "'`´’‘ʼʻʾʿˈ\u02b9\u02ba\u0640\u200c\u200d\u00ad"), None)


#: What normalising makes of each ASCII character: a letter or digit stays (lower case), an
#: apostrophe or a backtick joins, anything else is a space.
_ASCII = str.maketrans(
    {**{chr(c): " " for c in range(128) if not chr(c).isalnum()}, **dict.fromkeys("'`")}
)


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Case-folded, NFKC text with punctuation as single spaces; letters, marks, digits kept."""
    if text.isascii():
        # Nine names in ten of the lists: one pass in C, the same text as letter by letter.
        return " ".join(text.lower().translate(_ASCII).split())
    return letter_by_letter(text)


def letter_by_letter(text: str) -> str:
    """normalize, each character read by its Unicode category."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_JOINERS)
    text = unicodedata.normalize("NFKC", text)
    out: list[str] = []
    prev_letter = False
    for char in text:
        cat = unicodedata.category(char)
        if cat[0] in "LN":
            out.append(char)
            prev_letter = True
        elif cat[0] == "M":
            # A combining mark only means something on a letter; alone it is noise.
            if prev_letter:
                out.append(char)
        else:
            out.append(" ")
            prev_letter = False
    return _SPACES.sub(" ", "".join(out)).strip()


def tokens(text: str) -> list[str]:
    """The normalised words of a text."""
    return normalize(text).split()
