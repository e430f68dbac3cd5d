"""The long vowels an abjad writes: a skeleton is not only its consonants.

Arabic and Persian leave short vowels out but write long ones with letters (alif, waw, ya):
حمیدی (hmydy, Hamidi) is not احمد (ahmd, Ahmad), though both have the consonants h m d, and
محمدی (mhmdy, Mohammadi) is not Mohamed, nor حسنی (hsny, Hosni) Hussein. So a token from an
abjad meets a vowelled spelling only if each vowel letter it writes stands where the other
spelling has a vowel (alif an a, e or o; waw an o, u or w; ya an i, e or y; a final ya, which
may be an alif maqsura, any vowel), and the vowelled spelling's long vowels (ou, oo, ee) are
written (محمد is Muhammad, not Mahmoud). Which side is the abjad's is not known when tokens
are compared, so both readings are tried and the better kept.
"""

from __future__ import annotations

import re
from functools import lru_cache

from watchlist.names.phonetic import undoubled

# Spellings of one consonant as one symbol, in the abjad skeleton's classes (phonetic.abjad_key).
_LETTER_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"ou|oo|uu", "U"),
        (r"ee|ii", "I"),
        (r"tsch|sch|sh|ch|tch", "S"),
        (r"dzh|zh|dj", "j"),
        (r"gh", "k"),
        (r"th", "T"),
        (r"dh", "D"),
        (r"ph|p", "f"),
        (r"x", "ks"),
        (r"c(?=[ei])", "s"),
        (r"q|c|k|g", "k"),
        (r"v", "w"),
        (r"([a-zA-Z])\1+", r"\1"),
    )
)
#: Letters that are vowels in a vowelled spelling; U and I are its long vowels.
_VOWELS = frozenset("aeiouUI")
#: Letters an abjad writes for long vowels (alif, waw, ya), and what each may stand for.
_VOWEL_LETTERS = {
    "a": frozenset("aeoI"),
    "w": frozenset("ouUw"),
    "y": frozenset("ieIyj"),
    # A romanised spelling read as the abjad side writes its own vowels.
    "e": frozenset("eiaI"),
    "i": frozenset("ieIy"),
    "o": frozenset("ouUa"),
    "u": frozenset("ouU"),
    "U": frozenset("ouU"),
    "I": frozenset("ieIy"),
}


#: Beside each rule of _LETTER_RULES, what a token holds one of wherever the rule matches
#: (every rule but the last, doubled letters): a rule whose none is in it is skipped, one
#: string search in place of a regular expression's pass.
_LETTER_NEEDLES: tuple[tuple[str, ...], ...] = (
    ("ou", "oo", "uu"),
    ("ee", "ii"),
    ("sh", "ch"),
    ("zh", "dj"),
    ("gh",),
    ("th",),
    ("dh",),
    ("p",),
    ("x",),
    ("ce", "ci"),
    ("q", "c", "k", "g"),
    ("v",),
    (),
)


@lru_cache(maxsize=262144)
def letters(token: str) -> str:
    """A token as one symbol per consonant or vowel, doubled letters once."""
    for (pattern, repl), needles in zip(_LETTER_RULES[:-1], _LETTER_NEEDLES[:-1], strict=True):
        if any(n in token for n in needles):
            token = pattern.sub(repl, token)
    # The last rule, doubled letters, without the regular expression engine's template.
    return undoubled(token, True)


def _moves(abjad: str, vowelled: str, i: int, j: int) -> list[tuple[int, int, float]]:
    """The steps from having read `abjad[:i]` and `vowelled[:j]`, each with what it costs."""
    n, m = len(abjad), len(vowelled)
    out = []
    if i < n:
        a = abjad[i]
        vowel = a in _VOWEL_LETTERS
        if j < m:
            b = vowelled[j]
            # A final ya may be an alif maqsura (Mustafa), an initial alif carries any vowel
            # (Ibrahim, Usama).
            free = b in _VOWELS and (a == "y" and i == n - 1 or a == "a" and i == 0)
            # Consonants that differ are the skeleton's business (phonetic.abjad_key): here
            # only where the vowels stand counts.
            other = not vowel and b not in _VOWELS and b not in "wy"
            if a == b or (vowel and b in _VOWEL_LETTERS[a]) or free or other:
                out.append((i + 1, j + 1, 0.0))
        # A written vowel the other spelling lacks; a final h may be a ta marbuta, an alif
        # before l the article's, which is not spoken (Abolfazl, Abdullah).
        if a == "a" and i + 1 < n and abjad[i + 1] == "l":
            skip = 0.0
        elif vowel:
            skip = 1.0
        else:
            skip = 0.0 if a == "h" and i == n - 1 else 2.0
        out.append((i + 1, j, skip))
    if j < m:
        b = vowelled[j]
        # Short vowels are not written; long ones and consonants are (a final h may be a
        # vowel's spelling: Fatimah).
        if b in "aeiouy" or (b == "h" and j == m - 1):
            skip = 0.0
        else:
            skip = 1.0 if b in "UI" else 2.0
        out.append((i, j + 1, skip))
    return out


def _starts(abjad: str) -> list[tuple[int, int]]:
    # The article written joined (alfzl, Fazl) need not be in the other spelling.
    return [(0, 0), (2, 0)] if abjad.startswith("al") and len(abjad) > 4 else [(0, 0)]


def _cost(abjad: str, vowelled: str) -> float:
    """How many written vowels the two spellings disagree on."""
    n, m = len(abjad), len(vowelled)
    inf = float("inf")
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    for i, j in _starts(abjad):
        best[i][j] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            cost = best[i][j]
            if cost == inf:
                continue
            for ni, nj, step in _moves(abjad, vowelled, i, j):
                best[ni][nj] = min(best[ni][nj], cost + step)
    return best[n][m]


def p_for_f(a: str, b: str) -> bool:
    """Whether one token writes a p where the other has an f: Persian پ is written only for
    p (pwr, Pour; not Faur), though the skeleton's classes join the two (phonetic.abjad_key);
    ph is an f (Mustapha)."""
    return ("p" in a.replace("ph", "")) != ("p" in b.replace("ph", ""))


@lru_cache(maxsize=262144)
def vowel_letters_differ(a: str, b: str) -> float:
    """How far the written vowels of two tokens disagree, one read as an abjad's skeleton and
    the other as a vowelled spelling, the better reading kept: 0 when they agree."""
    la, lb = letters(a), letters(b)
    return min(_cost(la, lb), _cost(lb, la))


#: _VOWEL_LETTERS as strings of their letters, for the search below (each test is of one letter).
_VOWEL_LETTER_STRINGS = {a: "".join(sorted(v)) for a, v in _VOWEL_LETTERS.items()}


def _zero_cost(abjad: str, vowelled: str) -> bool:
    """Whether `_cost(abjad, vowelled)` is 0, without working out the cost: only the moves
    that cost nothing are followed (every cost is a whole number, so below 1 is nothing).

    The moves are _moves' that cost nothing, and the states are taken a row at a time: the
    positions of `vowelled` read with `abjad[:i]` read are the bits of one number, each row
    made from the one before in a few operations on such numbers (this runs for every pair
    of Arabic-script and vowelled words a lookup or an alignment compares), and most pairs
    have none left within a few letters."""
    n, m = len(abjad), len(vowelled)
    # Over the positions of `vowelled` (bit j for its letter j): where each letter stands,
    # the letters read past for nothing (a short vowel, unwritten, or a final h, a vowel's
    # spelling), the vowels, and the consonants other than w and y (any consonant meets
    # those: the skeleton's classes are phonetic.abjad_key's business).
    at: dict[str, int] = {}
    skips = vowels = others = 0
    bit = 1
    for j in range(m):
        b = vowelled[j]
        at[b] = at.get(b, 0) | bit
        if b in "aeiouy" or (b == "h" and j == m - 1):
            skips |= bit
        if b in "aeiouUI":
            vowels |= bit
        elif b not in "wy":
            others |= bit
        bit <<= 1
    # The article written joined (alfzl, Fazl) need not be in the other spelling (_starts).
    late = 1 if abjad.startswith("al") and n > 4 else 0
    row = 1
    for i in range(n):
        row = _past_skips(row, skips)
        a = abjad[i]
        may = _VOWEL_LETTER_STRINGS.get(a)  # None: a consonant
        if may is None:
            meets = at.get(a, 0) | others
        else:
            meets = at.get(a, 0)
            for c in may:
                meets |= at.get(c, 0)
            # A final ya may be an alif maqsura, an initial alif carries any vowel.
            if (a == "y" and i == n - 1) or (a == "a" and i == 0):
                meets |= vowels
        after = (row & meets) << 1
        # The article's alif before l, or a final h (a ta marbuta), left out.
        if (a == "a" and i + 1 < n and abjad[i + 1] == "l") or (a == "h" and i == n - 1):
            after |= row
        if i == 1:
            after |= late
        if not after and (i >= 1 or not late):
            return False
        row = after
    return bool(_past_skips(row, skips) >> m & 1)


def _past_skips(row: int, skips: int) -> int:
    """The positions of a row (_zero_cost) and those reached from them by letters read past
    for nothing (`skips`), one after another."""
    while True:
        more = row | ((row & skips) << 1)
        if more == row:
            return row
        row = more


@lru_cache(maxsize=262144)
def vowel_letters_agree(a: str, b: str) -> bool:
    """Whether the written vowels of two tokens agree in either reading
    (`vowel_letters_differ` is 0): what token similarity asks, found sooner."""
    la, lb = letters(a), letters(b)
    return _zero_cost(la, lb) or _zero_cost(lb, la)
