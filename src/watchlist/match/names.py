"""Name similarity: tokens aligned across spellings, each weighed by how rare it is.

A query token is matched to at most one candidate token (or to two adjacent ones written
together, "Abdul Rahman" / "Abdulrahman"); the score is the rarity-weighted share of the query
explained, tempered by the share of the candidate left unexplained.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from rapidfuzz.distance import JaroWinkler, Levenshtein

from watchlist.names.abjad import p_for_f, vowel_letters_agree
from watchlist.names.gendered import gendered
from watchlist.names.nicknames import in_table, same_nickname
from watchlist.names.patronymics import same_father
from watchlist.names.phonetic import abjad_key, coarse_key, fold, vowels_agree
from watchlist.names.pinyin import other_given_name, syllables
from watchlist.names.rarity import reference_frequencies

#: Below this a token pair is not a match at all.
MIN_TOKEN_SIM: Final = 0.78
#: Tokens written together must match more closely ("Saber" is not "Sami Ben").
MIN_JOINED_SIM: Final = 0.94
# Voiced consonants as voiceless, and j as ch: Korean McCune-Reischauer and Wade-Giles write
# ch where Revised Romanization and pinyin write j (Chong, Jong).
_DEVOICE: Final = str.maketrans({"g": "k", "d": "t", "b": "p", "z": "s", "j": "ch"})
#: What a changed ending costs below the Jaro-Winkler similarity of two tokens.
JW_ENDING_COST: Final = 0.07
#: Below this Levenshtein similarity no like consonants make two tokens one (Zhukov, Schukow).
SAME_KEY_LEV: Final = 0.6
#: Names this common among ordinary people (a share of the reference corpus: Mario, Javier,
#: Andrea) are told apart by a letter or two; likeness between two of them costs this much.
COMMON_NAME_SHARE: Final = 10**-2.5
COMMON_NAMES_COST: Final = 0.05


@lru_cache(maxsize=262144)
def common_name(folded: str) -> bool:
    """Whether a folded token is a common given or family name (names/rarity.py)."""
    return reference_frequencies().get(folded, 0.0) >= COMMON_NAME_SHARE


#: Two spellings of one patronymic, the father's name alike (names/patronymics.py).
SAME_FATHER_SIM: Final = 0.88
#: A nickname or short form meeting its full given name (Bill, William).
NICKNAME_SIM: Final = 0.85
#: Each part of a word that two written apart meet (parts_agree)...
MIN_PART_SIM: Final = 0.8
#: ...when both are of a syllable's length (zhuang, jeong) and not parts of a compound name.
MAX_SYLLABLE: Final = 6
COMPOUND_PARTS: Final = frozenset({"abd", "abdul", "abdel", "abu", "abou", "allah", "ullah", "din"})
#: A word split by mistake into this many parts is met whole (Plat Ono Vich); two written
#: apart are joined units of the alignment itself.
MIN_SPLIT_PARTS: Final = 3
MAX_SPLIT_PARTS: Final = 4
#: A loose floor for joined tokens, which joined_match then judges.
MIN_JOINED_FLOOR: Final = 0.82
#: A name's letters typed out of order (Putin, nitPu), or a pinyin x written sh (Xi, Shi):
#: alike, no more.
SCRAMBLED_SIM: Final = 0.8
#: Letters scrambled are a typo only in words this long: short ones are other words (Amir, Mira).
MIN_SCRAMBLED: Final = 5


def joined_match(a: str, b: str, sim: float, abjad: bool) -> bool:
    """Whether tokens written together match a single token: closely, or (Ji Sung, Jiseong)
    well and of about the same length, never by a shared prefix alone (Tom Moe, Tomo)."""
    if sim >= MIN_JOINED_SIM or (abjad and sim >= 0.9):
        return True
    return (
        sim >= MIN_JOINED_FLOOR
        and abs(len(a) - len(b)) <= 1
        and Levenshtein.normalized_similarity(fold(a), fold(b)) >= MIN_JOINED_FLOOR
    )


#: In a name from an abjad, only compound-name parts join their neighbour: Abd-, -allah, -din,
#: and the Persian -zadeh and -pour (son of), written apart or not (حسین زاده, Hosseinzadeh).
ABJAD_JOINERS: Final = frozenset(
    {"bd", "abd", "lh", "llh", "allh", "dyn", "ldyn", "abw", "bw", "abu", "zada", "pwr"}
)


#: Token similarities worked out, by "a b" (and by script: abjad or not). Keys are strings,
#: never tuples: a dict of strings and floats is no business of the garbage collector,
#: while one holding a million tuples was walked through in full at every collection of
#: the oldest generation, a pause growing with the cache to hundreds of milliseconds.
_CACHES: Final[tuple[dict[str, float], dict[str, float]]] = ({}, {})
_CACHE_SIZE: Final = 2_000_000


def token_similarity(a: str, b: str, abjad: bool = False) -> float:
    """How alike two ASCII tokens are, in [0, 1], across romanisations and typos."""
    cache = _CACHES[abjad]
    key = f"{a}\x1f{b}"  # one string made, where + made two
    sim = cache.get(key)
    if sim is None:
        if len(cache) >= _CACHE_SIZE:
            cache.clear()
        sim = cache[key] = _token_similarity(a, b, abjad)
    return sim


def measured_similarity(a: str, fa: str, b: str, fb: str, lev: float, jw: float) -> float:
    """token_similarity of two vowelled tokens, `fa`, `fb` their folded spellings, `lev` the
    normalised Levenshtein similarity of these and `jw` their Jaro-Winkler similarity (or
    -1.0, not known), as rapidfuzz's process functions work them out for many words at once
    (NameIndex.similar_tokens): the same value, kept as token_similarity keeps it, without a
    call of rapidfuzz per pair, which was most of the cost of a pair met for the first time."""
    cache = _CACHES[False]
    key = f"{a}\x1f{b}"  # one string made, where + made two
    sim = cache.get(key)
    if sim is None:
        if len(cache) >= _CACHE_SIZE:
            cache.clear()
        sim = _plain_similarity(a, b)
        if sim < 0.0:
            sim = _vowelled_similarity(a, fa, b, fb, lev, jw)
        cache[key] = sim
    return sim


def may_reach(a: str, fa: str, b: str, fb: str, lev: float, floor: float, jw: float = -1.0) -> bool:
    """Whether two vowelled tokens (`fa`, `fb` their folded spellings, `lev` the normalised
    Levenshtein similarity of these) may have a `token_similarity` of `floor` or more, floor
    being PARTS_ALIKE (match.persons) or higher, below every similarity a rule lifts a pair
    to: a cheap test that the index's lookup and the alignment apply before the full one,
    since most tokens they meet are no match at all (surely_below).

    It must hold whenever `token_similarity` reaches `floor`: a rule added there that lifts
    a pair below SAME_KEY_LEV belongs here too, and in may_reach_each, the same rules asked
    of many listed tokens at once (tests/match/test_may_reach.py checks both: this against
    token_similarity, may_reach_each against this).
    `jw`: the Jaro-Winkler similarity of `fa` and `fb` where the caller has it, else -1.0.
    """
    if lev >= floor or fa == fb or len(a) == 1 or len(b) == 1:  # initials: any name
        return True
    if abs(len(fa) - len(fb)) <= 1:
        if jw < 0.0:
            jw = JaroWinkler.similarity(fa, fb)
        if jw - JW_ENDING_COST >= floor:
            return True
    # Like consonants lift a pair from SAME_KEY_LEV (their vowels are checked in full).
    if lev >= SAME_KEY_LEV and min(len(fa), len(fb)) >= 5 and coarse_key(a) == coarse_key(b):
        return True
    # (Each rule's own first test, of lengths or a first letter, asked here: most pairs fail
    # it, and are spared the call.)
    return (
        same_devoiced(fa, fb)
        or (
            floor <= SCRAMBLED_SIM
            and (
                (len(fa) == len(fb) and scrambled(fa, fb))
                or ((a.startswith("x") or b.startswith("x")) and pinyin_x(a, b))
            )
        )
        or (max(len(a), len(b)) >= 5 and min(len(a), len(b)) >= 4 and slavic_alike(a, fa, b, fb))
        or same_nickname(a, b)
        or (fa[-1] in _PATRONYMIC_LAST and fb[-1] in _PATRONYMIC_LAST and same_father(fa, fb))
    )


def may_reach_each(
    a: str,
    fa: str,
    listed: Sequence[str],
    near: Sequence[tuple[str, float, int]],
    jws: Sequence[float],
    floor: float,
) -> list[bool]:
    """may_reach(a, fa, listed[k], near[k][0], near[k][1], floor, jws[k]) for each k: one
    vowelled token against listed tokens, `near` their folded spellings and Levenshtein
    similarities as rapidfuzz's process.extract gives them (with an index, not read here) and
    `jws` their Jaro-Winkler similarities (-1.0: not known). The same answers: what the rules
    ask of `a` alone (its consonant key, its devoiced, Slavic and sorted spellings, whether
    the nickname table knows it, its last letter) is worked out once, and a rule whose quick
    test fails for a pair is not called (NameIndex.similar_tokens asks this of the twenty or
    so listed tokens a lookup's keys find roughly alike, most of which no rule lifts).
    tests/match/test_may_reach.py checks it answers as may_reach."""
    out: list[bool] = []
    la, lfa = len(a), len(fa)
    ka = ""  # coarse_key(a), once needed
    da = ""  # devoiced(fa), once needed
    dev_len = lfa + fa.count("j")
    respelt = _respelt_slavic(fa)
    named = in_table(a)
    patronymic = lfa > 0 and fa[-1] in _PATRONYMIC_LAST
    scramble = floor <= SCRAMBLED_SIM
    sorted_a = sorted(fa) if scramble and lfa >= MIN_SCRAMBLED else []
    x_start = a.startswith("x")
    for k in range(len(near)):
        fb, lev, _ = near[k]
        b = listed[k]
        lb, lfb = len(b), len(fb)
        if lev >= floor or fa == fb or la == 1 or lb == 1:
            out.append(True)
            continue
        if abs(lfa - lfb) <= 1:
            jw = jws[k]
            if jw < 0.0:
                jw = JaroWinkler.similarity(fa, fb)
            if jw - JW_ENDING_COST >= floor:
                out.append(True)
                continue
        if lev >= SAME_KEY_LEV and min(lfa, lfb) >= 5:
            if not ka:
                ka = coarse_key(a)
            if ka == coarse_key(b):
                out.append(True)
                continue
        if dev_len == lfb + fb.count("j"):
            if not da:
                da = devoiced(fa)
            if da == devoiced(fb):
                out.append(True)
                continue
        out.append(
            (
                scramble
                and (
                    (
                        lfa == lfb
                        and lfa >= MIN_SCRAMBLED
                        and sorted_a == sorted(fb)
                        and scrambled(fa, fb)
                    )
                    or ((x_start or b.startswith("x")) and pinyin_x(a, b))
                )
            )
            or (
                max(la, lb) >= 5
                and min(la, lb) >= 4
                and (respelt or _respelt_slavic(fb))
                and slavic_alike(a, fa, b, fb)
            )
            or (named and same_nickname(a, b))
            or (patronymic and lfb > 0 and fb[-1] in _PATRONYMIC_LAST and same_father(fa, fb))
        )
    return out


def surely_below(a: str, b: str, floor: float, fa: str = "", fb: str = "") -> bool:
    """Whether two vowelled tokens are known less alike than `floor` (PARTS_ALIKE or
    higher) by may_reach alone, without working token_similarity out: a pair met for the
    first time and ruled out so costs a third as much. False for a pair whose similarity is
    kept (then looking it up is cheaper) or that may reach the floor. `fa`, `fb`: their
    folded spellings, where the caller has them."""
    if f"{a}\x1f{b}" in _CACHES[False]:
        return False
    fa, fb = fa or fold(a), fb or fold(b)
    if not fa or not fb:
        return False
    return not may_reach(a, fa, b, fb, Levenshtein.normalized_similarity(fa, fb), floor)


def surely_unjoined(a: str, b: str, fa: str = "", fb: str = "") -> bool:
    """Whether two vowelled tokens, one of them two written together, are known not to meet
    as joined_match asks of their token_similarity, without working it out: it needs their
    folded letters MIN_JOINED_FLOOR alike (tests/match/test_may_reach.py), which is one
    Levenshtein distance, where the similarity is a dozen rules; and no distance is needed
    where their lengths alone differ too much (the distance is at least the difference).
    `fa`, `fb`: their folded spellings, where the caller has them."""
    fa, fb = fa or fold(a), fb or fold(b)
    if not fa or not fb:
        return False
    longer = max(len(fa), len(fb))
    if 1.0 - abs(len(fa) - len(fb)) / longer < MIN_JOINED_FLOOR:
        return True
    return Levenshtein.normalized_similarity(fa, fb) < MIN_JOINED_FLOOR


@lru_cache(maxsize=262144)
def devoiced(folded: str) -> str:
    """A folded word with voiced consonants as voiceless, and j as ch (_DEVOICE)."""
    return folded.translate(_DEVOICE)


def same_devoiced(fa: str, fb: str) -> bool:
    """devoiced(fa) == devoiced(fb), without their caches where the lengths already differ
    (devoicing writes each j as two letters and keeps every other letter one)."""
    return len(fa) + fa.count("j") == len(fb) + fb.count("j") and devoiced(fa) == devoiced(fb)


_SLAVIC_J: Final = re.compile(r"^j(?=[aeiou])")
#: The last letters of folded patronymics (-ovich, -ovic, -ovna): a cheap test before theirs.
_PATRONYMIC_LAST: Final = frozenset("hca")


@lru_cache(maxsize=262144)
def slavic(folded: str) -> str:
    """A folded word with Slavic and German spellings of one sound evened out: j before a
    vowel at the start as y (i once folded), dz as j, h as g."""
    return _SLAVIC_J.sub("i", folded.replace("dz", "j")).replace("h", "g")


def slavic_alike(a: str, fa: str, b: str, fb: str) -> bool:
    """Whether two words (`fa`, `fb` folded) are one in Slavic and German spellings: j for y
    before a vowel (Jurij, Yury), Czech dz for j (Dzafari, Jafari), Ukrainian h for Russian g
    (Hryhoriy, Grigoriy); only in longer words, where two names rarely differ so (Jan and
    Ian, Hill and Gill do)."""
    if max(len(a), len(b)) < 5 or min(len(a), len(b)) < 4:
        return False
    if not (_respelt_slavic(fa) or _respelt_slavic(fb)):
        return fa == fb  # slavic() leaves both as they are
    if len(fa) != len(fb) and "dz" not in fa and "dz" not in fb:
        return False  # slavic() keeps a word's length but for its dz: two lengths stay two
    return slavic(fa) == slavic(fb)


def _respelt_slavic(folded: str) -> bool:
    """Whether slavic() may change a folded word: only an h, a dz or a leading j does."""
    return "h" in folded or "dz" in folded or folded.startswith("j")


def scrambled(fa: str, fb: str) -> bool:
    """Whether two folded words are one's letters typed out of order (Putin, nitPu; Vladimir,
    rimaldiV), where one at least is no name of the reference corpus: two names that are
    anagrams are two names (Diana, Nadia; Ramon, Norma)."""
    if len(fa) != len(fb) or len(fa) < MIN_SCRAMBLED or fa == fb or sorted(fa) != sorted(fb):
        return False
    names = reference_frequencies()
    return fa not in names or fb not in names


#: Pinyin x before i or u, the sound English spellings write sh (Xi, Shi).
_PINYIN_X: Final = re.compile(r"^x(?=[iu])")


def pinyin_x(a: str, b: str) -> bool:
    """Whether one word is pinyin syllables starting with x and the other the same word with
    sh for it: pinyin x is the sound English spellings write sh (Xi Jinping, Shi Jinping; Xu,
    Shu). A given name of syllables that differ stays another name (pinyin.other_given_name);
    Wade-Giles hs is met by respelling (wadegiles.py)."""
    if not (a.startswith("x") or b.startswith("x")):
        return False
    for x, other in ((a, b), (b, a)):
        if _PINYIN_X.match(x) and syllables(x) is not None:
            return other == "sh" + x[1:]
    return False


def _plain_similarity(a: str, b: str) -> float:
    """The similarity of two tokens where it goes without their letters (the same token, a
    number, an initial), else -1.0."""
    if a == b:
        return 1.0
    if a.isdigit() or b.isdigit():
        return 0.0  # a number is not an initial: 6 is not 60
    if len(a) == 1 or len(b) == 1:
        # An initial stands for any name with that first letter.
        return 0.8 if a[0] == b[0] else 0.0
    return -1.0


def _token_similarity(a: str, b: str, abjad: bool) -> float:
    sim = _plain_similarity(a, b)
    if sim >= 0.0:
        return sim
    if abjad:
        ka, kb = abjad_key(a), abjad_key(b)
        if ka == kb:
            if len(ka) >= 3:
                sim = 0.92
            # A skeleton of one or two letters fits many names: only short ones (Ali, ly).
            elif max(len(a), len(b)) > 2 * len(ka) + 3:
                return 0.0
            else:
                sim = 0.82 if len(ka) == 2 else 0.78
        elif min(len(ka), len(kb)) >= 4 and Levenshtein.distance(ka, kb) == 1:
            sim = 0.8
        else:
            return 0.0
        if p_for_f(a, b):
            return 0.0
        # The long vowels an abjad writes must stand where the other spelling has vowels:
        # Hamidi is not Ahmad, Mohammadi not Mohamed (names/abjad.py). Checked last: it is
        # the dearest test, and most pairs of skeletons already differ.
        return sim if vowel_letters_agree(a, b) else 0.0
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return 0.96
    return _vowelled_similarity(a, fa, b, fb, Levenshtein.normalized_similarity(fa, fb), -1.0)


def _vowelled_similarity(a: str, fa: str, b: str, fb: str, lev: float, jw: float) -> float:
    """The similarity of two vowelled tokens, neither an initial nor a number, `fa`, `fb`
    their folded spellings, `lev` the normalised Levenshtein similarity of these and `jw`
    their Jaro-Winkler similarity (-1.0: not known yet)."""
    if fa == fb:
        return 0.96
    sim = lev
    # Jaro-Winkler forgives a changed ending, which is a typo when the lengths agree and
    # another name when they do not (Zhukov, Zhukovsky).
    if abs(len(fa) - len(fb)) <= 1:
        if jw < 0.0:
            jw = JaroWinkler.similarity(fa, fb)
        sim = max(sim, jw - JW_ENDING_COST)
    # Same consonant classes and a fair share of letters: two romanisations of one name
    # (Zhukov, Schukow), not two names that happen to share consonants (Salahudin, Sultani).
    # Only in longer tokens: short ones share consonant classes by chance (Song, Jong).
    # Their vowels must be spellings of each other too (Tomas is not Dimas, Mauro not Mario).
    # (Their keys and vowels only where the letters are alike enough to count: most pairs a
    # lookup compares are not, and a listed word's key is worked out at its first meeting.)
    if (
        lev >= SAME_KEY_LEV
        and min(len(fa), len(fb)) >= 5
        and coarse_key(a) == coarse_key(b)
        and vowels_agree(a, b)
    ):
        sim = max(sim, 0.88)
    # Voiced for voiceless (Korean Gim/Kim, Chong/Jong; Arabic Ragab/Rajab aside): one sound,
    # two letters; and the Slavic and German spellings of one sound (slavic_alike).
    elif same_devoiced(fa, fb) or slavic_alike(a, fa, b, fb):
        sim = max(sim, 0.86)
    # Short tokens differ in a letter by chance: "Ali" and "Ari" are two names.
    elif min(len(fa), len(fb)) <= 4 and sim < 0.9:
        sim -= 0.08
    # Two common names a letter or two apart are two names more often than one misspelt
    # (Mario, Martin; Jamie, Javier; Andrea, Andres), unless their consonants agree, as one
    # name's forms in two languages do (Volodymyr, Vladimir; Antoine, Antonio).
    elif sim < 0.9 and common_name(fa) and common_name(fb) and coarse_key(a) != coarse_key(b):
        sim -= COMMON_NAMES_COST
    # Russian and Ukrainian spellings of one patronymic (Hryhorovych, Grigorievich).
    if sim < SAME_FATHER_SIM and same_father(fa, fb):
        sim = SAME_FATHER_SIM
    # A name's letters typed out of order, or pinyin x written sh: alike, no more.
    if sim < SCRAMBLED_SIM and (scrambled(fa, fb) or pinyin_x(a, b)):
        sim = SCRAMBLED_SIM
    # Romanised Chinese given names that differ in a syllable are two names (Xiaohong,
    # Xiaoming), however many letters they share.
    if other_given_name(a, b):
        return 0.0
    # The feminine and the masculine form of one name are two people (Julia, Julio; Luisa,
    # Luis; Ivanova, Ivanov), however alike their letters (names/gendered.py).
    if sim >= MIN_TOKEN_SIM and gendered(a, b):
        return 0.0
    # A nickname or short form of the same given name (Bill, William; Bob, Robert).
    if sim < NICKNAME_SIM and same_nickname(a, b):
        sim = NICKNAME_SIM
    return sim


@dataclass(frozen=True)
class Alignment:
    """Which query tokens met which candidate tokens, and how well."""

    pairs: tuple[tuple[tuple[int, ...], tuple[int, ...], float], ...]
    query_cover: float
    candidate_cover: float
    matched_weight: float
    #: Query positions met only by an initial of the listed name ("Sulvor" by "S.").
    by_initial: frozenset[int] = frozenset()

    def describe(self, query: Sequence[str], candidate: Sequence[str]) -> str:
        parts = []
        for qi, ci, sim in self.pairs:
            q = " ".join(query[i] for i in qi)
            c = " ".join(candidate[i] for i in ci)
            parts.append(q if q == c else f"{q}~{c} {sim:.2f}")
        return ", ".join(parts)


@lru_cache(maxsize=65536)
def _units(tokens: tuple[str, ...], abjad: bool) -> tuple[tuple[tuple[int, ...], str], ...]:
    """A name's tokens and its adjacent tokens written together, with their positions (the
    same names are aligned again and again: kept)."""
    out: list[tuple[tuple[int, ...], str]] = [((i,), t) for i, t in enumerate(tokens)]
    out.extend(joined(tokens, abjad))
    return tuple(out)


def parts_agree(
    parts: Sequence[str], whole: str, sim: Callable[[str, str, bool], float] = token_similarity
) -> bool:
    """Whether a word can be cut where two written apart are, each part meeting its own: Jeong
    Sik is Jeongsik, while Jong Su is not Yongsu, nor Wen Ji Wenjie, however alike the letters
    of the whole (Korean and Chinese given names are syllable by syllable)."""
    first, second = parts
    # Only syllables are compared so; compound names join otherwise (Abd Allah, Abdullah).
    if max(len(first), len(second)) > MAX_SYLLABLE or {first, second} & COMPOUND_PARTS:
        return True
    # Korean eo is also written u (Seong, Sung).
    spellings = {whole, whole.replace("eo", "u")}
    return any(
        sim(first, w[:k], False) >= MIN_PART_SIM and sim(second, w[k:], False) >= MIN_PART_SIM
        for w in spellings
        for k in range(1, len(w))
    )


def joined(tokens: Sequence[str], abjad: bool = False) -> list[tuple[tuple[int, ...], str]]:
    """Adjacent tokens written together ("abd rahman" -> "abdrahman"), with their positions.

    In a consonant skeleton almost any two words joined look like some third name, so there
    only the parts of compound names join.
    """
    out: list[tuple[tuple[int, ...], str]] = []
    for i in range(len(tokens) - 1):
        a, b = tokens[i], tokens[i + 1]
        if len(a) > 1 and len(b) > 1 and (not abjad or a in ABJAD_JOINERS or b in ABJAD_JOINERS):
            out.append(((i, i + 1), a + b))
    return out


@lru_cache(maxsize=65536)
def _unit_parts(
    tokens: tuple[str, ...], abjad: bool
) -> tuple[tuple[tuple[int, ...], tuple[str, ...], str], ...]:
    """A name's units (_units) as their positions, the tokens they are made of, and those
    tokens joined by a space: the unit's key in an aligner's rows and table of pairs (a
    string, whose hash is kept, where a tuple's is worked out at every lookup)."""
    out = []
    for ps, _ in _units(tokens, abjad):
        parts = tuple([tokens[p] for p in ps])
        out.append((ps, parts, " ".join(parts)))
    return tuple(out)


#: Before a unit's key where it is compared by consonant skeleton (abjad): a row so is
#: another row.
ABJAD_KEY: Final = "\x1e"


#: For one candidate unit (its tokens), the query units it may meet: (positions, similarity).
Row = tuple[tuple[tuple[int, ...], float], ...]

#: What each pair of a candidate unit (by script and its tokens: its key, _unit_parts) and a
#: query unit (its tokens joined by a space) came to in a row: the similarity kept, or
#: NO_PAIR. Shared by a query's aligners of one similarity (Aligner's `pairs`).
PairTable = dict[str, dict[str, float]]
#: A pair a row leaves out.
NO_PAIR: Final = -1.0


class Aligner:
    """One spelling of a query aligned with many names (align).

    Whether a query unit meets a candidate unit, and how well, depends only on the two
    units' tokens: the names of one entity and of its neighbours share most of their words
    (the aliases of one group, "state", "islamic"), so each candidate unit's row of matches
    is worked out once and kept for the query's life, and an alignment visits only the pairs
    that match instead of every pair of tokens.
    """

    def __init__(
        self,
        query: Sequence[str],
        qweights: Sequence[float],
        sim: Callable[[str, str, bool], float] = token_similarity,
        query_abjad: bool = False,
        below: Callable[[str, str, float, str, str], bool] | None = None,
        unjoined: Callable[[str, str, str, str], bool] | None = None,
        pairs: PairTable | None = None,
    ) -> None:
        self.query = tuple(query)
        self.qweights = qweights
        self.qtotal = sum(qweights) or 1.0
        self.sim = sim
        # A cheap test that two vowelled words are less alike by `sim` than a floor (as
        # surely_below is for token_similarity), or None: a pair it rules out needs not have
        # its similarity worked out (_row, may_meet_all).
        self.below = surely_below if below is None and sim is token_similarity else below
        # ...and that two words, one of them two written together, cannot meet by joined_match
        # (as surely_unjoined for token_similarity), or None.
        self.unjoined = (
            surely_unjoined if unjoined is None and sim is token_similarity else unjoined
        )
        self.query_abjad = query_abjad
        self.qunits = _units(self.query, query_abjad)
        # The units' folded spellings, for the cheap tests (asked of every candidate unit).
        self.qfolds = tuple(fold(qt) for _, qt in self.qunits)
        # Each candidate unit's row, by its key (_unit_parts; ABJAD_KEY first by skeleton).
        self.rows: dict[str, Row] = {}
        # A query's spellings mostly share their words (an organisation's name with its
        # generic words as concepts and as written: Iranian Intelligence, Iran Intel): what a
        # pair of units came to in one spelling's row it comes to in another's of the same
        # similarity, so aligners of one query may share `pairs` (PairTable), each unit
        # keyed by its tokens (a pair of words written together meets a word as their
        # parts do: parts_agree). None while no other aligner shares it (share): an
        # aligner kept for long (the index's linker keeps one a listed name) would
        # otherwise hold a table beside its rows for nothing.
        self.pairs: PairTable | None = pairs
        self.qkeys = tuple(" ".join(self.query[i] for i in qi) for qi, _ in self.qunits)

    def _row(self, parts: tuple[str, ...], abjad: bool, key: str) -> Row:
        cjoined = len(parts) > 1
        ct = "".join(parts)
        fc = ""  # fold(ct), once a pair is new
        row = []
        qfolds = self.qfolds
        if self.pairs is None:
            fc = fold(ct)
            for n, (qi, qt) in enumerate(self.qunits):
                if cjoined and len(qi) > 1:
                    continue
                s = self._pair(qi, qt, qfolds[n], parts, ct, fc, abjad)
                if s != NO_PAIR:
                    row.append((qi, s))
            return tuple(row)
        known = self.pairs.get(key)
        if known is None:
            known = self.pairs[key] = {}
        qkeys = self.qkeys
        for n, (qi, qt) in enumerate(self.qunits):
            if cjoined and len(qi) > 1:
                continue
            s = known.get(qkeys[n], 2.0)
            if s > 1.0:
                if not fc:
                    fc = fold(ct)
                s = known[qkeys[n]] = self._pair(qi, qt, qfolds[n], parts, ct, fc, abjad)
            if s != NO_PAIR:
                row.append((qi, s))
        return tuple(row)

    def share(self) -> PairTable:
        """The table of pairs this aligner works out, for another aligner of the query and
        the same similarity to share from now on (an empty one begun at the first call)."""
        if self.pairs is None:
            self.pairs = {}
        return self.pairs

    def _pair(
        self,
        qi: tuple[int, ...],
        qt: str,
        fq: str,
        parts: tuple[str, ...],
        ct: str,
        fc: str,
        abjad: bool,
    ) -> float:
        """The similarity of a query unit (`qi`, its tokens `qt` written together, `fq`
        folded) and a candidate unit (its `parts`, written together `ct`, `fc` folded) that
        a row keeps, or NO_PAIR (_row)."""
        sim = self.sim
        qjoined = len(qi) > 1
        cjoined = len(parts) > 1
        # Most pairs of a query and a listed name are two different words, met for the first
        # time: the cheap test the index's lookup makes rules them out before the full
        # similarity (surely_below). Pairs of words, not initials: those below MIN_TOKEN_SIM
        # are no match (below), which only a pair with an initial may be.
        below = self.below if not abjad and len(ct) > 1 else None
        # Two words written together meet a word only as joined_match says, which asks more
        # of their letters (surely_unjoined): a cheaper test still for most of the pairs,
        # since a name's joined units are nearly half its units.
        unjoined = None if abjad else self.unjoined
        if unjoined is not None and (qjoined or cjoined):
            if unjoined(qt, ct, fq, fc):
                return NO_PAIR
        elif below is not None and len(qt) > 1 and below(qt, ct, MIN_TOKEN_SIM, fq, fc):
            return NO_PAIR
        s = sim(qt, ct, abjad)
        if s < MIN_TOKEN_SIM and (s <= 0 or (len(qt) > 1 and len(ct) > 1)):
            return NO_PAIR
        if (qjoined or cjoined) and not (
            joined_match(qt, ct, s, abjad)
            and (
                abjad
                or s >= 0.99
                or (
                    parts_agree([self.query[i] for i in qi], ct, sim)
                    if qjoined
                    else parts_agree(list(parts), qt, sim)
                )
            )
        ):
            return NO_PAIR
        return s

    def rows_of(
        self, candidate: Sequence[str], abjad: bool, candidate_abjad: bool
    ) -> list[tuple[tuple[int, ...], Row]]:
        """Each unit of a candidate name (its positions) with its row of matches: every pair
        align may make of it, worked out (and kept) as align works them out."""
        rows = self.rows
        out = []
        for ci, parts, key in _unit_parts(tuple(candidate), candidate_abjad):
            if abjad:
                key = ABJAD_KEY + key
            row = rows.get(key)
            if row is None:
                row = rows[key] = self._row(parts, abjad, key)
            out.append((ci, row))
        return out

    def _split(
        self, candidate: Sequence[str], used_q: set[int], used_c: set[int]
    ) -> list[tuple[tuple[int, ...], tuple[int, ...], float]]:
        """Pairs of a listed word and MIN_SPLIT_PARTS or more query words in a row left
        unmatched that spell it written together (MIN_JOINED_SIM): the word split by mistake
        (Plat Ono Vich, Platonovich), as two words written together meet one (joined)."""
        out: list[tuple[tuple[int, ...], tuple[int, ...], float]] = []
        query = self.query
        for run in _runs(query, used_q):
            if used_q.intersection(run):
                continue
            whole = "".join(query[i] for i in run)
            for j, token in enumerate(candidate):
                if j in used_c:
                    continue
                s = token_similarity(whole, token)
                if s >= MIN_JOINED_SIM:
                    used_q.update(run)
                    used_c.add(j)
                    out.append((run, (j,), s))
                    break
        return out

    def may_meet_all(
        self, candidate: Sequence[str], floor: float, abjad: bool, candidate_abjad: bool
    ) -> bool:
        """Whether every query token has a unit of the candidate name it meets with `floor`
        or more: else no alignment can pair them all so (and it needs not be worked out).

        Token by token, and a token met by no unit ends the search: most names asked this
        leave their first token unmet, so the rest of their rows is never worked out."""
        units = _unit_parts(tuple(candidate), candidate_abjad)
        rows = self.rows
        sim = self.sim
        below = None if abjad else self.below
        for p in range(len(self.query)):
            met = False
            for _, parts, key in units:
                row = rows.get(ABJAD_KEY + key if abjad else key)
                if row is not None:
                    met = any(s >= floor and p in qi for qi, s in row)
                else:
                    ct = "".join(parts)
                    met = any(
                        not (below is not None and below(qt, ct, floor, "", ""))
                        and sim(qt, ct, abjad) >= floor
                        for qi, qt in self.qunits
                        if p in qi and (len(qi) == 1 or len(parts) == 1)
                    )
                if met:
                    break
            if not met:
                return False
        return True

    def align(
        self,
        candidate: Sequence[str],
        cweights: Sequence[float],
        abjad: bool = False,
        candidate_abjad: bool = False,
    ) -> Alignment:
        """Greedy best-first alignment with one candidate name (align)."""
        scored = []
        for ci, row in self.rows_of(candidate, abjad, candidate_abjad):
            for qi, s in row:
                # Joined units must beat the tokens they replace, so prefer them on ties.
                scored.append((s + 0.001 * (len(qi) + len(ci)), s, qi, ci))
        scored.sort(reverse=True)
        used_q: set[int] = set()
        used_c: set[int] = set()
        pairs = []
        for _, s, qi, ci in scored:
            if used_q.intersection(qi) or used_c.intersection(ci):
                continue
            used_q.update(qi)
            used_c.update(ci)
            pairs.append((qi, ci, s))
        query = self.query
        # A person's word split by mistake into several (only in a query: Plat Ono Vich).
        if (
            len(query) - len(used_q) >= MIN_SPLIT_PARTS
            and self.sim is token_similarity
            and not (abjad or self.query_abjad)
        ):
            pairs.extend(self._split(candidate, used_q, used_c))
        qweights = self.qweights
        ctotal = sum(cweights) or 1.0
        qmatched = sum(s * sum(qweights[i] for i in qi) for qi, _, s in pairs)
        cmatched = sum(s * sum(cweights[i] for i in ci) for _, ci, s in pairs)
        pairs.sort()
        by_initial = frozenset(
            qi[0]
            for qi, ci, _ in pairs
            if len(qi) == 1 and len(ci) == 1 and len(candidate[ci[0]]) == 1 < len(query[qi[0]])
        )
        return Alignment(
            tuple(pairs), qmatched / self.qtotal, cmatched / ctotal, qmatched, by_initial
        )


def _runs(tokens: Sequence[str], used: set[int]) -> list[tuple[int, ...]]:
    """Stretches of MIN_SPLIT_PARTS to MAX_SPLIT_PARTS tokens in a row left unmatched, the
    longest first."""
    found: list[tuple[int, ...]] = []
    run: list[int] = []
    for i in range(len(tokens) + 1):
        if i < len(tokens) and i not in used:
            run.append(i)
            continue
        for size in range(min(len(run), MAX_SPLIT_PARTS), MIN_SPLIT_PARTS - 1, -1):
            found.extend(tuple(run[k : k + size]) for k in range(len(run) - size + 1))
        run = []
    return sorted(found, key=len, reverse=True)


def align(
    query: Sequence[str],
    candidate: Sequence[str],
    qweights: Sequence[float],
    cweights: Sequence[float],
    abjad: bool = False,
    sim: Callable[[str, str, bool], float] = token_similarity,
    query_abjad: bool | None = None,
    candidate_abjad: bool | None = None,
) -> Alignment:
    """Greedy best-first alignment of query and candidate tokens (adjacent ones may join).

    `abjad` compares by consonant skeleton; `query_abjad` and `candidate_abjad` say which
    side was written without vowels (default: both, when `abjad`), which limits joining.
    Aligning one query with many names, keep an Aligner.
    """
    qa = abjad if query_abjad is None else query_abjad
    ca = abjad if candidate_abjad is None else candidate_abjad
    return Aligner(query, qweights, sim, qa).align(candidate, cweights, abjad, ca)
