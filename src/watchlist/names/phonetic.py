"""Spelling-insensitive keys of ASCII name tokens, so that transliterations of one name meet.

`fold` evens out the ways romanisation systems write one sound (Zhukov, Schukow, Joukov);
`coarse_key` keeps only consonant classes, for the index; `abjad_key` compares a token
written without short vowels (from Arabic, Hebrew or Thai) with a fully vowelled spelling.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Spellings of one sound in different romanisations, replaced in one left-to-right pass (so a
# replacement is never rewritten again): German "tsch"/"sch", French "tch"/"j", English
# "ch"/"sh"/"zh", Swedish "tj"/"sj" reach the same folded form.
_DIGRAPHS = {
    "tsch": "ch",
    "tch": "ch",
    "tsh": "ch",
    "tj": "ch",
    "ch": "ch",
    "dsch": "j",
    "dzh": "j",
    "dj": "j",
    "zh": "j",
    "sch": "sh",
    "sj": "sh",
    "sh": "sh",
    "ph": "f",
    "ck": "k",
    "q": "k",
    "w": "v",
    "y": "i",
    "ou": "u",
    "oo": "u",
    "ee": "i",
    "x": "ks",
    # Korean Revised Romanization writes eo and eu where others write o and u.
    "eo": "o",
    "eu": "u",
    # Polish spellings of the same sounds (Nikolajewicz, Szewczenko).
    "cz": "ch",
    "sz": "sh",
}
_DIGRAPH = re.compile("|".join(sorted(_DIGRAPHS, key=len, reverse=True)))
_FOLD_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"([aeiou])j(?=[^aeiou]|$)", r"\1i"),
        # Slavic j after a consonant before a vowel is the y of English spellings (Fjodor,
        # Fyodor; Pjotr, Pyotr; Ljahin, Lyahin).
        (r"(?<=[bcdfgklmnprstvz])j(?=[aeiou])", "i"),
        (r"([a-z])\1+", r"\1"),
    )
)


@lru_cache(maxsize=262144)
def fold(token: str) -> str:
    """A token with romanisation variants evened out; equal folds sound alike."""
    # A replacement can make a new digraph with its neighbour ("cx" -> "cks"): repeat to a
    # fixed point, so that folding a folded token changes nothing.
    for _ in range(4):
        before = token
        token = _DIGRAPH.sub(lambda m: _DIGRAPHS[m.group(0)], token)
        for pattern, repl in _FOLD_RULES:
            token = pattern.sub(repl, token)
        if token == before:
            break
    return token


_COARSE_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"kh|gh|g|c(?![eih])|k|x(?=$)", "k"),
        (r"x", "ks"),
        (r"sh|ch|c|j|z|s", "s"),
        (r"th|dh|d|t", "t"),
        (r"b|p", "p"),
        (r"f|v", "f"),
        (r"h", ""),
        (r"[aeiou]", ""),
        (r"([a-z])\1+", r"\1"),
    )
)


@lru_cache(maxsize=262144)
def coarse_key(token: str) -> str:
    """Consonant classes of a token (voicing and sibilants merged, vowels dropped)."""
    if token.isdigit():
        return token
    key = fold(token)
    for pattern, repl in _COARSE_RULES:
        key = pattern.sub(repl, key)
    return key or "_" + token[:1]


# Letters an abjad keeps apart stay apart (s, sh, z, j; k, kh; t, th), so only spellings of
# one consonant meet; vowels, w/v and y, which it may or may not write, are dropped.
_ABJAD_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"x", "ks"),
        (r"gh", "G"),
        (r"sh|ch", "S"),
        (r"th", "T"),
        (r"dh", "D"),
        (r"c(?=[ei])", "s"),
        (r"q|c|k|g|G", "k"),
        (r"ph|p", "f"),
        (r"h$", ""),
        (r"[aeiouv]", ""),
        (r"([a-zA-Z])\1+", r"\1"),
    )
)


@lru_cache(maxsize=262144)
def abjad_key(token: str) -> str:
    """The consonant skeleton an abjad would write: long vowels and w/y dropped too."""
    key = fold(token)
    for pattern, repl in _ABJAD_RULES:
        key = pattern.sub(repl, key)
    return key


# Vowels one romanisation writes for another's: a fatha is a or e, a kasra i or e, a damma
# u or o (Muhammad, Mohammed; Husayn, Hussein); y is a vowel where it is not a consonant.
_VOWEL_CLASS = str.maketrans({"a": "A", "e": "E", "i": "I", "y": "I", "o": "O", "u": "O"})
_COMPATIBLE = frozenset({("A", "E"), ("E", "A"), ("E", "I"), ("I", "E")})
# y before a vowel is a consonant (Kozyura, Kosjura).
_VOWEL_GROUP = re.compile(r"(?:[aeiou]|y(?![aeiou]))+")


@lru_cache(maxsize=262144)
def vowel_groups(token: str) -> tuple[str, ...]:
    """The last vowel of each run of vowels in a token, as its class (French Gueorgui
    writes a u to harden the g: the run's last vowel is the one spoken)."""
    return tuple(m.group(0)[-1].translate(_VOWEL_CLASS) for m in _VOWEL_GROUP.finditer(token))


def vowels_agree(a: str, b: str) -> bool:
    """Whether two tokens have as many vowel runs, each a spelling of the other's:
    Zhukov and Schukow, Muhammad and Mohammed do; Tomas and Dimas, Mauro and Mario do not."""
    va, vb = vowel_groups(a), vowel_groups(b)
    return len(va) == len(vb) and all(
        x == y or (x, y) in _COMPATIBLE for x, y in zip(va, vb, strict=True)
    )
