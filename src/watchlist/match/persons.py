"""What contradicts a person's name beyond a weak match: parts that differ on both sides.

A middle name or patronymic one side leaves out costs little (lists often omit them); one
that both sides give, differently, is evidence against: Sergey Ivanovich Lavrov is not Sergey
Viktorovich Lavrov. A name of initials alone (N. N.) says only which letters the names start
with. A given name read from Han or Hangul is whole: it meets a listed word only syllable by
syllable (미영, Mi-yeong, is not Myong), and not one syllable of a listed given name of more
(瑜 韩, Han Yu, is not Han Yu-ro).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from functools import lru_cache
from typing import Final

from watchlist.match.names import Alignment, surely_below, token_similarity
from watchlist.match.things import organisation_words, thing_similarity
from watchlist.match.weights import WEIGHTS
from watchlist.names.forms import NameForm
from watchlist.names.phonetic import fold
from watchlist.names.rarity import PARTICLES, PATRONYMIC, reference_frequencies
from watchlist.names.syllables import agree, in_syllables, is_syllable
from watchlist.names.translit import GivenName

Similarity = Callable[[str, str, bool], float]


@lru_cache(maxsize=4096)
def given_name_similarity(given: tuple[GivenName, ...], things: bool = False) -> Similarity:
    """Token similarity for a query whose given names were read from Han or Hangul: such a
    name meets a listed word (or two written together) only if the word cuts into the same
    syllables, when it cuts into syllables of that language at all (미영, Mi-yeong, is not
    Myong, nor 정순, Jeong-sun, Jong Un); a word of other letters is left to likeness.
    `things`: the words of an organisation's or a vessel's name (match.things), which a
    query without a schema is spelt as too: 婷 淑英 赵 does not meet Ting Shing Tai Jewellery
    by Shuying for Shing."""
    syllables = {token: (system, parts) for token, system, parts in given}
    base = thing_similarity if things else token_similarity

    def similarity(a: str, b: str, abjad: bool) -> float:
        sim = base(a, b, abjad)
        found = syllables.get(a)
        if found is None or sim <= 0 or a == b or abjad:
            return sim
        system, parts = found
        return 0.0 if agree(parts, system, b) is False else sim

    return similarity


def given_names_whole(
    al: Alignment,
    query: NameForm,
    candidate: Sequence[str],
    qweights: Sequence[float],
    cweights: Sequence[float],
) -> Alignment:
    """The alignment without the matches of a query's given name read from Han or Hangul to
    part of a listed given name: a listed syllable next to the one met, and met by nothing,
    makes the listed given name longer (Han Yu-ro, Lin Na Wei, Tang Ping Keung) and so
    another name than the query's (Yu, Lin, Bing). One match at least stays: in a name
    written in words apart, the surname cannot be told from the given name."""
    given = {g[0]: g[1] for g in query.given}
    # Words read from Han or Hangul written together meet a listed word only where the listed
    # name is a romanised name of that language too, every word of it syllables of it (晶 峰
    # 刘, Liu Jingfeng): a Latin word of like letters is not the name (莉 马, Li Ma, is not
    # Lorenzana Lima).
    apart = {
        n
        for n, (qi, _, _) in enumerate(al.pairs)
        if len(qi) > 1
        and all(query.tokens[i] in given for i in qi)
        and not all(in_syllables(t, given[query.tokens[qi[0]]]) for t in candidate)
    }
    if apart:
        al = _without(al, apart, qweights, cweights)
    if len(al.pairs) < 2:
        return al
    used_c = {i for _, ci, _ in al.pairs for i in ci}

    def longer(ci: tuple[int, ...]) -> bool:
        return any(
            0 <= j < len(candidate) and j not in used_c and is_syllable(candidate[j])
            for j in (ci[0] - 1, ci[-1] + 1)
        )

    drop = {
        n
        for n, (qi, ci, _) in enumerate(al.pairs)
        if len(qi) == 1 and query.tokens[qi[0]] in given and longer(ci)
    }
    if not drop:
        return al
    if len(drop) == len(al.pairs):
        drop.remove(max(drop, key=lambda n: (qweights[al.pairs[n][0][0]], -n)))
    return _without(al, drop, qweights, cweights)


def _without(
    al: Alignment, drop: Collection[int], qweights: Sequence[float], cweights: Sequence[float]
) -> Alignment:
    """The alignment less the pairs numbered in `drop`."""
    pairs = tuple(p for n, p in enumerate(al.pairs) if n not in drop)
    # Floats, said so: compiled (watchlist.compiled), an empty sum's 0 is otherwise an int.
    qmatched: float = sum(s * sum(qweights[i] for i in qi) for qi, _, s in pairs)
    cmatched: float = sum(s * sum(cweights[i] for i in ci) for _, ci, s in pairs)
    return Alignment(
        pairs,
        qmatched / (sum(qweights) or 1.0),
        cmatched / (sum(cweights) or 1.0),
        qmatched,
        frozenset(i for i in al.by_initial if any(qi[0] == i for qi, _, _ in pairs)),
    )


def _patronymic(token: str) -> bool:
    return len(token) > 6 and PATRONYMIC.search(fold(token)) is not None


#: Left-over parts this alike may be one part spelt two ways, not two parts.
PARTS_ALIKE: Final = 0.6


def _alike(left_q: Sequence[str], left_c: Sequence[str]) -> bool:
    # Left-over parts are mostly two different names met for the first time: the cheap test
    # first (match.names.surely_below).
    return any(
        not surely_below(a, b, PARTS_ALIKE) and token_similarity(a, b) >= PARTS_ALIKE
        for a in left_q
        for b in left_c
    )


def contradiction(
    al: Alignment,
    query: Sequence[str],
    candidate: Sequence[str],
    weights: dict[str, float] = WEIGHTS,
    given: Collection[str] = (),
) -> float:
    """Doubt to add for parts that differ on both sides, and for a match of initials only.

    `given`: the query's given names read from Han or Hangul (NameForm.given)."""
    used_q = {i for qi, _, _ in al.pairs for i in qi}
    used_c = {i for _, ci, _ in al.pairs for i in ci}
    left_q = [t for i, t in enumerate(query) if i not in used_q and t not in PARTICLES]
    left_c = [t for i, t in enumerate(candidate) if i not in used_c and t not in PARTICLES]
    doubt = 0.0
    if any(map(_patronymic, left_q)) and any(map(_patronymic, left_c)):
        doubt += weights["patronymic_mismatch"]
    elif left_q and left_c and not _alike(left_q, left_c):
        # Each side names a part the other has not, nothing like it: another given name,
        # another surname (Eric A. Wendt, Josh A. Wendt), where one side leaving a part out
        # costs little, and two spellings too far apart to match (Jurij, Yury) nothing.
        doubt += weights["parts_differ"]
    elif len(used_q) >= 2 and any(t in given for t in left_q):
        # A Chinese or Korean name has one given name: one read from Han or Hangul that is
        # left over while the name matched otherwise is another name, not a middle name a
        # list leaves out (玉华 磊 张 is not Zhang Lei).
        doubt += weights["parts_differ"]
    matched = [query[i] for qi, _, _ in al.pairs for i in qi]
    if matched and all(len(t) == 1 for t in matched):
        doubt += weights["initials_only"]
    # One word meeting one of several only by likeness (Musky, Masaki Toshio): a surname or
    # a given name alone, and perhaps not even that.
    # Not when the word meets the whole listed name, written together (FridrichBuchenberg).
    words = [t for t in query if t not in PARTICLES]
    if (
        len(words) == 1
        and len([t for t in candidate if t not in PARTICLES]) > 1
        and all(sim < 1.0 for _, _, sim in al.pairs)
        and any(i not in used_c and t not in PARTICLES for i, t in enumerate(candidate))
    ):
        doubt += weights["single_name"]
    return doubt


#: A word of a person's name meets a word of a company's, ship's or aircraft's name only as a
#: spelling of it (two romanisations, 0.88), not by likeness alone.
THING_WORD_SIM: Final = 0.88


def person_name_partly_met(al: Alignment, query: NameForm) -> bool:
    """Whether a query without a schema, spelt as an organisation's name, reads as a person's
    name (each word a given or family name of the reference corpus, a place's name too, none
    a legal form, a generic word of organisations or a number) and leaves one of its words
    unmet: a person who shares a word with a company, a ship or an aircraft is not it (Shawn
    Lucero, Lucero Import; Vito Carrera, the aircraft M Vito), while the whole name, word for
    word, may be a company's (Andrea Martina, Andrea Martina Ltd). A word met only by likeness
    (Carol, Cartel; Martinez, Martina) or by an initial (Modugno, the M of M Vito) is unmet:
    a company or a ship bears its name as it is spelt, not one like it."""
    matched = {i for qi, _, sim in al.pairs if sim >= THING_WORD_SIM for i in qi}
    if len(matched - al.by_initial) == len(query.tokens):
        return False
    return reads_as_person(query.tokens, bool(query.legal))


@lru_cache(maxsize=4096)
def reads_as_person(tokens: tuple[str, ...], legal: bool) -> bool:
    """Whether an organisation's spelling of a query reads as a person's name: each word a
    given or family name of the reference corpus (or a place's), none a legal form, a generic
    word of organisations or a number (person_name_partly_met).

    Asked of every query without a schema (screening.Screener.kinds): organisation_words is
    worked out afresh here, not through its cache, whose sets the garbage collector would
    walk through for every query screened (tests/screening/test_collector.py)."""
    if legal:
        return False
    names = reference_frequencies()
    return all(fold(t) in names for t in tokens) and not organisation_words.__wrapped__(tokens)
