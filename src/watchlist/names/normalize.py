"""Unicode normalisation of names: one canonical form for comparison, idempotent."""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Final

# Apostrophes and the modifier letters transliterators emit for ayn and hamza are dropped
# without a space: "Sa'id", "Saʿid" and "Said" are one spelling.
_JOINERS = dict.fromkeys(map(ord, "'`´’‘ʼʻʾʿˈ\u02b9\u02ba\u0640\u200c\u200d\u00ad"), None)


#: What normalising makes of each ASCII character: a letter or digit stays (lower case), an
#: apostrophe or a backtick joins (_ASCII_JOINERS: deleted), anything else is a space. A
#: table of bytes: str.translate looks each character up in a dict, bytes.translate reads
#: this in C.
_ASCII = bytes(
    (c if chr(c).isdigit() else ord(chr(c).lower())) if chr(c).isalnum() else ord(" ")
    for c in range(256)
)
_ASCII_JOINERS = b"'`"


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Case-folded, NFKC text with punctuation as single spaces; letters, marks, digits kept."""
    if text.isascii():
        # Nine names in ten of the lists: one pass in C, the same text as letter by letter.
        ascii_text = text.encode("ascii").translate(_ASCII, _ASCII_JOINERS).decode("ascii")
        return " ".join(ascii_text.split())
    return letter_by_letter(text)


#: What letter_by_letter makes of a character, by its Unicode category: kept (a letter, a
#: digit), kept after a letter (a combining mark) or a space; each character's worked out
#: once (a few thousand characters at most), not asked of unicodedata at every letter.
_KEEP: Final = 0
_MARK: Final = 1
_APART: Final = 2
_PARTS: dict[str, int] = {}


def _part(char: str) -> int:
    cat = unicodedata.category(char)
    part = _KEEP if cat[0] in "LN" else _MARK if cat[0] == "M" else _APART
    _PARTS[char] = part
    return part


def letter_by_letter(text: str) -> str:
    """normalize, each character read by its Unicode category."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_JOINERS)
    text = unicodedata.normalize("NFKC", text)
    out: list[str] = []
    prev_letter = False
    for char in text:
        part = _PARTS.get(char)
        if part is None:
            part = _part(char)
        if part == _KEEP:
            out.append(char)
            prev_letter = True
        elif part == _MARK:
            # A combining mark only means something on a letter; alone it is noise.
            if prev_letter:
                out.append(char)
        else:
            out.append(" ")
            prev_letter = False
    # Only spaces between the words: split and joined, as an expression would make them.
    return " ".join("".join(out).split())


#: Letters that an expression ignoring case (re.IGNORECASE) takes for an ASCII or a Cyrillic
#: letter, as lower() leaves them: the dotless i, the long s, Old Cyrillic's variant letters,
#: and the dot above that lower() puts after the i of the dotted capital İ (the Kelvin sign
#: it writes k). Where another letter bears that dot, it goes too: a word of these letters
#: is then found where it was not, never lost.
_CASE_ALIKE = str.maketrans(
    {
        "\u0307": None,
        "ı": "i",
        "ſ": "s",
        "\u1c80": "в",
        "\u1c81": "д",
        "\u1c82": "о",
        "\u1c83": "с",
        "\u1c84": "т",
        "\u1c85": "т",
        "\u1c86": "ъ",
    }
)


_ALIKE = tuple(chr(c) for c in _CASE_ALIKE)


def case_alike(text: str) -> str:
    """The text in lower case, each letter an expression ignoring case takes for an ASCII or
    a Cyrillic letter written as that letter: where a word is no substring of it, no
    expression ignoring case that spells the word out in those letters matches the text. A
    substring test so stands in for a search that would find nothing in nearly every name."""
    low = text.lower()
    if low.isascii():
        return low
    for char in _ALIKE:
        if char in low:  # a few substring searches in C: translating a text costs far more
            return low.translate(_CASE_ALIKE)
    return low


def tokens(text: str) -> list[str]:
    """The normalised words of a text."""
    return normalize(text).split()
