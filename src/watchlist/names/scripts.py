"""Which writing system a word is in, judged by its letters."""

from __future__ import annotations

import unicodedata

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


#: Each character's script once worked out (char_script): a dictionary of a few thousand
#: characters at most, read in compiled code, where an lru_cache's call cost each letter of
#: a word in another script several hundred instructions.
_SCRIPT_OF: dict[str, str | None] = {}


def char_script(char: str) -> str | None:
    """The script of one letter, None for digits, marks and punctuation."""
    if char in _SCRIPT_OF:
        return _SCRIPT_OF[char]
    script = _script_of(char)
    _SCRIPT_OF[char] = script
    return script


def _script_of(char: str) -> str | None:
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
    # Counted in a dict and the first script of the highest count taken, as
    # Counter.most_common(1) takes it: most_common runs through heapq in Python, which was
    # most of the cost of a word in another script met for the first time.
    counts: dict[str, int] = {}
    for char in word:
        script = char_script(char)
        if script is not None:
            counts[script] = counts.get(script, 0) + 1
    best: str | None = None
    most = 0
    for script, count in counts.items():
        if count > most:
            best, most = script, count
    return best
