"""Which writing system a word is in, judged by its letters."""

from __future__ import annotations

import unicodedata
from collections import Counter
from functools import lru_cache

#: Scripts written without short vowels: their romanisations are consonant skeletons.
ABJADS = frozenset({"Arabic", "Hebrew", "Thai"})

_PREFIXES = (
    ("LATIN", "Latin"),
    ("CYRILLIC", "Cyrillic"),
    ("GREEK", "Greek"),
    ("ARABIC", "Arabic"),
    ("HEBREW", "Hebrew"),
    ("HANGUL", "Hangul"),
    ("CJK", "Han"),
    ("HIRAGANA", "Hiragana"),
    ("KATAKANA", "Katakana"),
    ("GEORGIAN", "Georgian"),
    ("ARMENIAN", "Armenian"),
    ("THAI", "Thai"),
    ("DEVANAGARI", "Devanagari"),
)


@lru_cache(maxsize=8192)
def char_script(char: str) -> str | None:
    """The script of one letter, None for digits, marks and punctuation."""
    if not unicodedata.category(char).startswith("L"):
        return None
    if char.isascii():
        return "Latin"
    name = unicodedata.name(char, "")
    for prefix, script in _PREFIXES:
        if name.startswith(prefix):
            return script
    if "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff":
        return "Han"
    return "Other"


def word_script(word: str) -> str | None:
    """The script most letters of a word are in (None when it has no letters)."""
    if word.isascii():  # most words: every letter Latin, no need to count
        return "Latin" if any(c.isalpha() for c in word) else None
    counts = Counter(s for s in map(char_script, word) if s is not None)
    if not counts:
        return None
    return counts.most_common(1)[0][0]
