"""Spelling-insensitive keys of ASCII name tokens, so that transliterations of one name meet.

`fold` evens out the ways romanisation systems write one sound (Zhukov, Schukow, Joukov);
`coarse_key` keeps only consonant classes, for the index; `abjad_key` compares a token
written without short vowels (from Arabic, Hebrew or Thai) with a fully vowelled spelling.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
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
    # Swedish and Dutch spellings of the Russian dzh (Dzjabarov, Dzhabarov).
    "dzj": "j",
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


# Whether a pass of fold could change a token: a spelling the pass rewrites (not "ch" or "sh",
# which it keeps), a j its rules make i, or a doubled letter. One search in C instead of a pass
# (four substitutions, one Python call a digraph) where nothing would change: most tokens
# reach their fold in one pass, and the pass that would only confirm it is skipped.
_FOLD_CHANGES = re.compile(
    "|".join(sorted((d for d, r in _DIGRAPHS.items() if d != r), key=len, reverse=True))
    + r"|[aeiou]j(?=[^aeiou]|$)|(?<=[bcdfgklmnprstvz])j(?=[aeiou])|([a-z])\1"
)


# The pass itself: the digraphs by a regular expression, the single letters (q, w, y, x, which
# no longer spelling contains or produces) by a table after it, and the j rules only where a j
# is left. "ch" and "sh" are left out of the expression: they are kept as they are, and no
# spelling starts with the h they would consume.
_MULTI = re.compile(
    "|".join(sorted((d for d, r in _DIGRAPHS.items() if len(d) > 1 and d != r), key=len)[::-1])
)
_SINGLE = str.maketrans({d: r for d, r in _DIGRAPHS.items() if len(d) == 1})
_J_RULES = _FOLD_RULES[:2]


def _digraph(m: re.Match[str]) -> str:
    return _DIGRAPHS[m[0]]


def _fold_pass(token: str) -> str:
    token = _MULTI.sub(_digraph, token).translate(_SINGLE)
    if "j" in token:
        for pattern, repl in _J_RULES:
            token = pattern.sub(repl, token)
    return undoubled(token)


def undoubled(text: str, upper: bool = False) -> str:
    """Each run of one letter a to z (or A to Z too, if `upper`) as one letter: what the
    expression `([a-z])\\1+` (`([a-zA-Z])\\1+`) replaced by `\\1` gives, without the regular
    expression engine, whose substitution by a group was a fifth of the cost of a new word's
    keys (coarse_key); most words have no such run, and come back as they are."""
    n = len(text)
    i = 1
    while i < n:
        c = ord(text[i])
        # a to z (97-122), A to Z (65-90)
        if c == ord(text[i - 1]) and (97 <= c <= 122 or (upper and 65 <= c <= 90)):
            break
        i += 1
    else:
        return text
    out = [text[:i]]
    prev = c
    for ch in text[i + 1 :]:
        c = ord(ch)
        if c == prev and (97 <= c <= 122 or (upper and 65 <= c <= 90)):
            continue
        out.append(ch)
        prev = c
    return "".join(out)


#: Folds known without working them out: a decoded index's vocabulary and its folded spellings
#: (index.build NameIndex.unpack), which the index made with `fold` itself. A listed word is
#: first met in a query's lookup of similar words or in an alignment; its fold, worked out
#: there, was a third of the cost of meeting it.
_KNOWN_FOLDS: dict[str, str] = {}


def know_folds(tokens: Iterable[str], folds: Iterable[str]) -> None:
    """Take `folds` as the folds of `tokens` (an index's vocabulary, each beside its fold), in
    place of those known before."""
    _KNOWN_FOLDS.clear()
    _KNOWN_FOLDS.update(zip(tokens, folds, strict=True))


def worked_out_fold(token: str) -> str:
    """`fold` worked out, not looked up: passes repeated to a fixed point (a replacement can
    make a new digraph with its neighbour, "cx" -> "cks"), so that folding a folded token
    changes nothing."""
    for _ in range(4):
        if _FOLD_CHANGES.search(token) is None:
            break
        before = token
        token = _fold_pass(token)
        if token == before:
            break
    return token


@lru_cache(maxsize=262144)
def fold(token: str) -> str:
    """A token with romanisation variants evened out; equal folds sound alike."""
    known = _KNOWN_FOLDS.get(token)
    return known if known is not None else worked_out_fold(token)


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


# The same rules in two steps where the token is folded (no x left: fold spells it ks): a c
# before e, i or h is s (ch is s, and h goes); then every other letter by a table.
_SOFT_C = re.compile(r"c(?=[eih])")
_COARSE_LETTERS = str.maketrans(
    {"g": "k", "c": "k", "j": "s", "z": "s", "d": "t", "b": "p", "v": "f"}
    | dict.fromkeys("haeiou", None)
)


@lru_cache(maxsize=262144)
def coarse_key(token: str) -> str:
    """Consonant classes of a token (voicing and sibilants merged, vowels dropped)."""
    if token.isdigit():
        return token
    key = fold(token)
    if "x" in key:
        for pattern, repl in _COARSE_RULES:
            key = pattern.sub(repl, key)
    else:
        if "c" in key:
            key = _SOFT_C.sub("s", key)
        key = undoubled(key.translate(_COARSE_LETTERS))
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


# The same rules in four steps where the token is folded (no x, no ph left): the digraphs in
# one pass (they share no letter but h, which starts none), a c before e or i, a final h,
# then every other letter by a table.
_ABJAD_DIGRAPHS = {"gh": "G", "sh": "S", "ch": "S", "th": "T", "dh": "D"}
_ABJAD_DIGRAPH = re.compile("gh|sh|ch|th|dh")
_ABJAD_SOFT_C = re.compile(r"c(?=[ei])")
_ABJAD_LETTERS = str.maketrans(
    {"q": "k", "c": "k", "g": "k", "G": "k", "p": "f"} | dict.fromkeys("aeiouv", None)
)


def _abjad_digraph(m: re.Match[str]) -> str:
    return _ABJAD_DIGRAPHS[m[0]]


# A digraph's h then another h (ش then ه, romanised sh and h: شهید, shhyd) are two letters,
# not one doubled: kept apart by a vowel, which the skeleton drops (Shahid, Shahram).
_DIGRAPH_THEN_H = re.compile(r"(?<=[cdgkstz])hh")


# A j after a consonant before a vowel is a j in a skeleton (مجید, mjyd, Majid), not the
# Slavic y that fold reads it as (Fjodor): kept from fold as J. Not after d, t, s or z,
# whose digraphs with j (dj, tj, sj) fold spells as one letter.
_ABJAD_J = re.compile(r"(?<=[bcfgklmnprv])j(?=[aeiouy])")


@lru_cache(maxsize=262144)
def abjad_key(token: str) -> str:
    """The consonant skeleton an abjad would write: long vowels and w/y dropped too."""
    if "hh" in token:
        token = _DIGRAPH_THEN_H.sub("hah", token)
    if "j" in token:
        token = _ABJAD_J.sub("J", token)
    key = fold(token)
    if "x" in key or "ph" in key:
        for pattern, repl in _ABJAD_RULES:
            key = pattern.sub(repl, key)
        return undoubled(key.replace("J", "j"), True)
    # Every digraph ends in h: a word without one has none (nor a final h).
    if "h" in key:
        key = _ABJAD_DIGRAPH.sub(_abjad_digraph, key)
    if "c" in key:
        key = _ABJAD_SOFT_C.sub("s", key)
    if key.endswith("h"):
        key = key[:-1]
    # J and j once the vowels between them are gone (bjaja) are one letter doubled.
    return undoubled(key.translate(_ABJAD_LETTERS).replace("J", "j"), True)


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
