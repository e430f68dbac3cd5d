"""Names of organisations and vessels: the distinctive words decide.

A person's name is a few rare tokens, and a missing middle name costs little. A company's
name is a distinctive word or two among generic ones (bank, group, trading, shipping) and a
legal form: a match on the generic words alone is no evidence, and a distinctive word on one
side that the other lacks is evidence against, in proportion to how telling it is. So here
every token left unmatched costs its own weight, generic words weigh little and legal forms
and connecting words nearly nothing: a different legal form is weak counter-evidence (both
sides name one), a missing one none. Numbers (a hull number, a factory's number) are
distinctive. A vessel's name written with other spacing (Samma 2, SAM MA 2) is the same name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Final

from watchlist.match.names import (
    Alignment,
    Row,
    surely_below,
    surely_unjoined,
    token_similarity,
)
from watchlist.names.concepts import concepts
from watchlist.names.everyday import acronym, everyday_cap
from watchlist.names.forms import NameForm
from watchlist.names.orgs import legal_kinds
from watchlist.names.orgterms import LEGAL, STOP, concept, domain, place, stopwords
from watchlist.names.phonetic import coarse_key, fold
from watchlist.names.places import country_code
from watchlist.names.rarity import MAX_WEIGHT, MIN_WEIGHT, Rarity
from watchlist.names.stems import same_stem, stem

THING_WEIGHTS: Final[dict[str, float]] = {
    # Token weights: a generic word (bank, group), a legal form or connecting word, a number.
    "generic": 0.5,
    "legal": 0.1,
    "number": 2.0,
    # Doubt: a constant, each matched token's weight times its dissimilarity, the weight
    # left unmatched on both sides (words that differ) times `differing`, and what only one
    # side has beyond that (words the other leaves out) times `unmatched_*`.
    "base_doubt": 1.25,
    "dissimilarity": 1.5,
    "differing": 0.6,
    "unmatched_query": 0.4,
    "unmatched_candidate": 0.4,
    # A word only one side has is often a translation's or a register's addition: its cost
    # is capped at this weight's worth (a vessel's is not).
    "extra_cap": 2.0,
    # Both sides name a place and they differ.
    "place_mismatch": 1.0,
    # Only the query names a place (Telekom Austria, AF Telecom Holding).
    "place_query_only": 0.25,
    # Both sides have a number and they differ.
    "number_mismatch": 3.0,
    # One side has a number the other lacks, the other a word of its own in its place (for a
    # ship: Tian Xiang He, Tian Xiang 7, another hull of the fleet; VESSEL_WEIGHTS).
    "number_word": 0.0,
    # Both sides name a legal form and none agree (of one kind: names/orgs.legal_kinds)...
    "legal_mismatch": 0.2,
    # ...which, when two names are compared as one bearer's or two (compare), is another
    # bearer: Deutsche Bank AG and Deutsche Bank GmbH are two companies.
    "pair_legal_mismatch": 1.0,
    # A match on generic words, legal forms and connecting words alone.
    "generic_only": 0.5,
    # Both sides name a line of business (bank, shipping, health) and none agree.
    "domain_mismatch": 1.0,
    # The query names a line of business the listed name does not (Optima Bank, Optima LLC;
    # Luminor Bank, Luminor Oy): most often another firm of the name; a query leaving out the
    # listing's (Rosneft, Rosneft Oil Company) costs nothing more than the word.
    "domain_query_only": 1.0,
    # ...and when that line of business is only a plant's (Zavod Magneton, Magneton JSC):
    # what a Russian firm is called as often as not, less telling.
    "plant_query_only": 0.5,
    # The only distinctive pair is alike below `fuzzy_sim`: `fuzzy_only` more doubt (none
    # for a company: transliterations of its one word are alike, Technodinamika and
    # Tekhnodinamika, and cost enough through their dissimilarity).
    "fuzzy_sim": 0.93,
    "fuzzy_only": 0.0,
    # ...and its consonants differ (names/phonetic.coarse_key: Fortum, Forum; Kontrast,
    # Kontrakt): another word, not a transliteration of the same one.
    "fuzzy_consonants": 1.0,
    # The least a word left unmatched weighs.
    "word_floor": 0.0,
    # Only when two names are compared as one bearer's or two (compare, PAIR_RULES): a place
    # one name has and the other lacks, and a generic word one has that the other lacks.
    "place_one_side": 0.0,
    "generic_left": 0.0,
}

#: Compared as one bearer's or two (compare), two names that differ by a place only one of
#: them has are two bodies, a parent and its branch (Banco Santander, Banco Santander
#: Chile), and a generic word one has that the other lacks two firms of one group (China
#: Construction Trust, China Construction Bank; Deutsche Bank Trust Company, Deutsche
#: Bank); a screening query may leave out or
#: translate such words. A word a letter apart is a typing error there as often as another
#: name (Chevon, Chevron): fuzzy_consonants is for screening.
PAIR_RULES: Final = {"place_one_side": 1.0, "generic_left": 1.0, "fuzzy_consonants": 0.0}

#: Concepts of a line of business that say only that the body makes things there (plant,
#: works, zavod): the kind of establishment more than its trade.
PLANTS: Final = frozenset({"factory"})

#: Abbreviations that name one of several lines of business: Russian KB (КБ) is a commercial
#: bank (kommercheskiy bank: KB Vostochny) or a design bureau (konstruktorskoe byuro: KB
#: Radar), and either meets the other side's bank or design bureau.
EITHER_LINE: Final[dict[str, frozenset[str]]] = {"kb": frozenset({"bank", "designbureau"})}


def line_of_business(token: str) -> bool:
    """Whether a word of a name (as its concept) names a line of business (orgterms.domain),
    or one of several (EITHER_LINE). Kept by word (_LINES): thing_score asks it of every
    word of both names it scores."""
    found = _LINES.get(token)
    if found is None:
        if len(_LINES) >= _WORDS_KEPT:
            _LINES.clear()
        found = _LINES[token] = token in EITHER_LINE or domain(token)
    return found


def either_line(a: str, b: str) -> bool:
    """Whether two words naming lines of business may name one: an abbreviation of either of
    two and one of the two."""
    return b in EITHER_LINE.get(a, ()) or a in EITHER_LINE.get(b, ())


#: Words for a company as such, which one name may say where the other says another (Homs
#: Refinery Corporation, The Homs Refinery Company).
COMPANY_WORDS: Final = frozenset({"co", "corp", "company", "corporation", "incorporated", "inc"})


def generic_left(query: NameForm, candidate: NameForm, used_q: set[int], used_c: set[int]) -> bool:
    """Whether either name has a generic word (not a connecting word, a place nor a word for
    a company as such) the alignment left unmatched: Trust for Bank, Deutsche Bank Trust
    Company for Deutsche Bank."""
    stop = stopwords()

    def left(form: NameForm, used: set[int]) -> bool:
        return any(
            t in form.generic and t not in stop and t not in COMPANY_WORDS and not place(t)
            for i, t in enumerate(form.tokens)
            if i not in used
        )

    return left(query, used_q) or left(candidate, used_c)


#: A vessel's name is all of it: a word one side lacks is as telling as one that differs.
VESSEL_WEIGHTS: Final = dict(
    THING_WEIGHTS,
    unmatched_query=0.8,
    unmatched_candidate=0.6,
    extra_cap=9.0,
    # A ship's name is a word or two: one alike but not the same is another ship (Selina,
    # Salina; Danhil, Daniel), and any word more or less another name (EM Hydra, Hydra).
    fuzzy_only=1.0,
    fuzzy_consonants=0.0,
    word_floor=2.0,
    number_word=1.5,
)


#: Names of generic words only: a word one side has costs as a ship's does.
PLAIN_WEIGHTS: Final = dict(
    THING_WEIGHTS, unmatched_query=0.8, unmatched_candidate=0.6, extra_cap=9.0
)


def extra(left: Sequence[float], differing: float, cap: float) -> float:
    """The weight of the words only one side has, beyond those that differ, each counted up
    to `cap`."""
    return max(0.0, sum(min(w, cap) for w in left) - differing)


def thing_weights(
    form: NameForm, rarity: Callable[[str], float], weights: dict[str, float] = THING_WEIGHTS
) -> tuple[float, ...]:
    """Each token's weight: legal forms and generic words little, numbers and the
    distinctive words as rare as they are. In a name of generic words only (Iran Marine
    Industries, Defence Industries Organisation) they are the name, and weigh as such."""
    out = []
    stop = stopwords()
    plain = not distinctive_tokens(form)
    for tok in form.tokens:
        if tok in form.legal or tok in stop:
            out.append(weights["legal"])
        elif tok in form.generic and not plain:
            out.append(weights["generic"])
        elif tok.isdigit():
            out.append(weights["number"])
        else:
            out.append(rarity(tok))
    return tuple(out)


def form_weights(rarity: Rarity, form: NameForm, things: Rarity | None = None) -> tuple[float, ...]:
    """Token weights of any form: a person's as rare as each token is among people (legal
    forms the least); an organisation's or vessel's as thing_weights says, with rarity among
    the names of organisations and vessels (`things`) if given."""
    if form.thing:
        table = things or rarity
        if form.abjad:
            return thing_weights(form, lambda t: min(table.weight(t), everyday_cap(t, MAX_WEIGHT)))
        # An acronym is no everyday word (names/everyday.acronym).
        return thing_weights(
            form,
            lambda t: min(
                table.weight(t), MAX_WEIGHT if acronym(t) else everyday_cap(t, MAX_WEIGHT)
            ),
        )
    return tuple(MIN_WEIGHT if t in form.legal else rarity.weight(t) for t in form.tokens)


def distinctive_tokens(form: NameForm) -> list[str]:
    """The tokens of a name that are neither legal forms, connecting nor generic words."""
    return [t for t in form.tokens if len(t) > 1 and t not in form.legal and t not in form.generic]


def spaced_alike(query: NameForm, candidate: NameForm) -> bool:
    """The same letters and digits in the same order, spaced otherwise (Samma2, SAM MA 2)."""
    q = "".join(t for t in query.tokens if t not in query.legal)
    c = "".join(t for t in candidate.tokens if t not in candidate.legal)
    return len(q) >= 4 and q == c


#: Shorter words of a person's name are often a legal form's or a generic word's letters too
#: (Korean Na, Chinese Yu, Sa, Se): only longer ones tell an organisation's name.
ORGANISATION_WORD_MIN: Final = 4


@lru_cache(maxsize=65536)
def organisation_words(tokens: tuple[str, ...]) -> frozenset[int]:
    """Positions of a name's tokens (as a person's name is spelt) that are words of an
    organisation's or vessel's name, not of a person's: numbers, and generic words of four
    letters or more (bank, holding, shipping, group); not legal forms, places, connecting
    words nor the concept table's vocabulary of groups' names (Islam, Jihad, Young), which
    people's names have too."""
    out = set()
    vocabulary = concepts().vocabulary
    for i, tok in enumerate(tokens):
        if tok.isdigit():
            out.add(i)
            continue
        if len(tok) < ORGANISATION_WORD_MIN:
            continue
        found = concept(tok)
        if found in (None, STOP, LEGAL) or found in vocabulary or place(tok):
            continue
        out.add(i)
    return frozenset(out)


#: Tokens this short are acronyms or syllables: only the same letters are the same name.
SHORT_TOKEN: Final = 3


def unlike_short(
    pair: tuple[tuple[int, ...], tuple[int, ...], float], query: NameForm, candidate: NameForm
) -> bool:
    """A near match of an acronym or a short word, which is another name (IKB, IQB; SIB,
    SIIB; an initial for a word): close spellings of long words are one name, of three
    letters two. Consonant skeletons (abjad) are short by nature and keep their likeness."""
    qi, ci, sim = pair
    if sim >= 1.0 or query.abjad or candidate.abjad or len(qi) > 1 or len(ci) > 1:
        return False
    return min(len(query.tokens[qi[0]]), len(candidate.tokens[ci[0]])) <= SHORT_TOKEN


#: Two words with one stem (names/stems.py) are as alike as this.
SAME_STEM: Final = 0.95


#: Short words (acronyms) this long at most are one when they differ by a C for a K only: a
#: five-letter word so is another name as often (Corus, Korus).
CK_LETTERS: Final = 4


#: Similarities of the words of organisations' and vessels' names worked out, by "a b" and
#: by script (abjad or not): strings and floats, as match.names keeps token similarities.
_CACHES: Final[tuple[dict[str, float], dict[str, float]]] = ({}, {})
_CACHE_SIZE: Final = 1_000_000


#: The country each word met names ("" for none: country_code), which the cheap tests of a
#: query's rows ask of every pair that they cannot rule out otherwise (thing_surely_below,
#: thing_surely_unjoined): a plain dictionary, which a compiled caller reads for a fraction of
#: what a call through functools.lru_cache costs. Bounded with the other caches
#: (screening.caches), and emptied when full.
_COUNTRIES: Final[dict[str, str]] = {}
_WORDS_KEPT: Final = 200_000
#: Whether each word met names a line of business (line_of_business), kept alike.
_LINES: Final[dict[str, bool]] = {}


def _country(word: str) -> str:
    """The code of the country a word names (country_code), or ""."""
    found = _COUNTRIES.get(word)
    if found is None:
        if len(_COUNTRIES) >= _WORDS_KEPT:
            _COUNTRIES.clear()
        found = _COUNTRIES[word] = country_code(word) or ""
    return found


def thing_similarity(a: str, b: str, abjad: bool = False) -> float:
    """Token similarity for the names of organisations and vessels: as for any name, and two
    words with one stem are as alike as two spellings of one word (the adjective of one
    language meets the noun or adjective of another: Islamic, islamski, islamiska; a Russian
    adjective the name it is made from: Karachevsky, Karachev).

    Kept: the generic words of organisations' names (company, trading, international) meet
    each other in query after query."""
    cache = _CACHES[abjad]
    key = f"{a}\x1f{b}"  # one string made, where + made two
    sim = cache.get(key)
    if sim is None:
        if len(cache) >= _CACHE_SIZE:
            cache.clear()
        sim = cache[key] = _thing_similarity(a, b, abjad)
    return sim


def _same_start(a: str, b: str) -> bool:
    """a[:4] == b[:4], without the two slices where the first letters already differ (most
    pairs the cheap tests meet)."""
    if not a or not b:
        return a == b
    return a[0] == b[0] and a[:4] == b[:4]


def thing_surely_below(a: str, b: str, floor: float, fa: str = "", fb: str = "") -> bool:
    """Whether two vowelled words are known less alike than `floor` (PARTS_ALIKE or higher)
    by thing_similarity without working it out (match.names.surely_below): words whose
    token similarity is below it, and that neither an acronym's C for K, a stem in common
    nor two countries' names could lift. False for a pair whose similarity is kept."""
    if f"{a}\x1f{b}" in _CACHES[False]:
        return False
    # An acronym's C for K (short words of one length), a stem (the same first letters), a
    # Russian loanword's adjective (Kreativnaya, Creative); one Russian reading below.
    if _same_start(a, b) or len(a) == len(b) <= CK_LETTERS or _loan_adjective(a, b):
        return False
    if not surely_below(a, b, floor, fa, fb):
        return False
    if a[0] == b[0] and _respelt_russian(a, b) and russian_reading_alike(a, b):
        return False
    # Two countries' names, however alike their letters, are the same country or two.
    return not _country(a) or not _country(b)


def thing_surely_unjoined(a: str, b: str, fa: str = "", fb: str = "") -> bool:
    """Whether two vowelled words, one of them two written together, are known not to meet
    as joined_match asks of their thing_similarity (match.names.surely_unjoined), where none
    of its lifts could apply (thing_surely_below)."""
    if f"{a}\x1f{b}" in _CACHES[False]:
        return False
    if _same_start(a, b) or len(a) == len(b) <= CK_LETTERS:
        return False
    # The letters' test first: it costs less than the loanword's, and a pair it cannot rule
    # out needs no other.
    if not surely_unjoined(a, b, fa, fb) or _loan_adjective(a, b):
        return False
    if a[0] == b[0] and _respelt_russian(a, b) and russian_reading_alike(a, b):
        return False
    return not _country(a) or not _country(b)


def _thing_similarity(a: str, b: str, abjad: bool) -> float:
    if (
        a != b
        and not abjad
        and len(a) == len(b) <= CK_LETTERS
        and a.replace("c", "k") == b.replace("c", "k")
    ):
        # An acronym romanised from Cyrillic writes K where an English rendering writes C
        # (ЭПК: EPK, EPC, for experimental design bureau; ПСКБ: PSKB, PSCB): one acronym.
        return 1.0
    sim = token_similarity(a, b, abjad)
    if sim > 0.0 and not abjad:
        # Two countries are the same or two (Russia, Rossiya; Armenia is not America); a
        # country's name and a word alike are compared as any two words are: a translation
        # spells the country its way (Palestiina, Palestinsky) more often than the table
        # knows.
        # (The listed word's looked up only when the query's is a country: most words met
        # for the first time are no country, and each costs a search of the table's endings.)
        here = _country(a)
        if here:
            there = _country(b)
            if there:
                return 1.0 if here == there else 0.0
    if sim < SAME_STEM and not abjad and a[:4] == b[:4] and same_stem(a, b):
        return SAME_STEM
    if sim < SAME_STEM and not abjad and russian_reading_alike(a, b):
        return SAME_STEM
    if sim < SAME_STEM and not abjad and _loan_adjective(a, b):
        return SAME_STEM
    return sim


def _respelt_russian(a: str, b: str) -> bool:
    """Whether _russian_reading may read either word otherwise than fold does: only a c, a
    ph or a yo does (Ckrrdi, Crddi; Kazyonnyy, Kazennyy). Else the two readings are the
    words' folds, which the cheap tests found unlike before asking (a pair of one fold is
    never ruled out)."""
    return "c" in a or "c" in b or "ph" in a or "ph" in b or "yo" in a or "yo" in b


def russian_reading_alike(a: str, b: str) -> bool:
    """Whether two words are one as a Russian romanisation writes them (_russian_reading),
    starting with the same letter: Technodinamica, Tekhnodinamika. Also what the cheap tests
    (thing_surely_below, thing_surely_unjoined) must leave to the full similarity: letters
    as unlike as ckha and cha meet so."""
    return a[:1] == b[:1] and _russian_reading(a) == _russian_reading(b)


_HARD_C: Final = re.compile(r"c(?![eiy])")
#: Russian yo (ё) after a consonant, which most romanisations write e, as Russian itself
#: mostly does (Kazyonnyy, Kazennyy; Fyodorov, Fedorov).
_YO: Final = re.compile(r"(?<=[bcdfgklmnprstvz])yo")


@lru_cache(maxsize=65536)
def _russian_reading(word: str) -> str:
    """A word as a Russian romanisation writes it (fold's spelling): ch as kh, a hard c as k,
    ph as f, yo after a consonant as e. An English rendering of a Russian firm's name writes
    Technodinamica for the listed Tekhnodinamika, Dinamica for Dinamika: one word."""
    if "c" not in word and "ph" not in word and "yo" not in word:
        # Nothing to respell (most words): the word's fold, which a listed word's is known.
        return fold(word)
    word = _YO.sub("e", word)
    return fold(_HARD_C.sub("k", word.replace("ch", "kh").replace("ph", "f")))


#: Endings of a Russian adjective made from a loanword, as _russian_reading spells them:
#: -n- and the adjective's ending (kreativnaya, aktivnyy), -ichesk- for -ic (strategicheskiy).
_RUSSIAN_LOAN_ENDINGS: Final = (
    "naia",
    "nogo",
    "nykh",
    "nikh",
    "noe",
    "noi",
    "nii",
    "nie",
    "nye",
    "na",
    "ni",
)
_RUSSIAN_IC_ENDINGS: Final = ("kheskaia", "kheskogo", "kheskoe", "kheskoi", "kheskikh", "kheski")
#: ...and the English word's: creative, active; strategic, strategical.
_ENGLISH_LOAN_ENDINGS: Final = ("e", "")
#: A loanword's stem has this many letters at least.
LOAN_STEM: Final = 5


@lru_cache(maxsize=65536)
def loan_stems(word: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A word's stems as a Russian adjective made from a loanword (its ending off), and as
    the English word (its -e off), both in _russian_reading's spelling. Tuples of strings,
    which the cycle collector stops tracking (sets it walks at every sweep, and a long run
    caches tens of thousands of words)."""
    reading = _russian_reading(word)
    russian = {reading[: -len(e)] for e in _RUSSIAN_LOAN_ENDINGS if reading.endswith(e)}
    russian |= {reading[: -len(e)] + "k" for e in _RUSSIAN_IC_ENDINGS if reading.endswith(e)}
    english = {
        reading[: -len(e)] if e else reading for e in _ENGLISH_LOAN_ENDINGS if reading.endswith(e)
    }
    english |= {reading[:-2] for e in ("al",) if reading.endswith("ikal")}
    return _long_stems(russian), _long_stems(english)


def _long_stems(stems: set[str]) -> tuple[str, ...]:
    """The stems of LOAN_STEM letters or more."""
    return tuple(sorted(x for x in stems if len(x) >= LOAN_STEM))


def _shared(xs: tuple[str, ...], ys: tuple[str, ...]) -> bool:
    """Whether two short tuples of stems have one in common."""
    for x in xs:
        if x in ys:
            return True
    return False


def _loan_adjective(a: str, b: str) -> bool:
    """Whether one word is the Russian adjective of the other, an English loanword, as a
    Russian name romanised says it (Kreativnaya Diplomatiya, Creative Diplomacy;
    Strategicheskiy, Strategic); the first letters alike as romanised (K for a hard C)."""
    x, y = a[0], b[0]
    if x != y and not ((x == "c" and y == "k") or (x == "k" and y == "c")):
        return False
    ra, ea = loan_stems(a)
    rb, eb = loan_stems(b)
    return _shared(ra, eb) or _shared(rb, ea)


def _readings(word: str) -> frozenset[str]:
    """A word's consonant classes (names/phonetic.coarse_key), and its stem's
    (names/stems.py: Crudos, Crude; Marroqui, Marocain), as each romanisation may have
    written its ch, ts and h: ch as k, kh or a mere h (Technodinamika, Tekhnodinamika;
    Sovfracht, Sovfraht), ts as c (Kontsern, Koncern), Russian g for h (Gidromash,
    Hydromash)."""
    spellings = {word, word.replace("ch", "kh"), word.replace("ch", "h"), word.replace("g", "h")}
    spellings |= {w.replace("ts", "c").replace("tz", "c") for w in spellings}
    return frozenset(coarse_key(v) for w in spellings for v in (w, stem(w)))


@lru_cache(maxsize=65536)
def consonants_agree(a: str, b: str) -> bool:
    """Whether two words alike in letters have the same consonants in some romanisation:
    two spellings of one word (Loko, Locko; Feodosia, Feodosiya), not two words a consonant
    apart (Fortum, Forum; Kontrast, Kontrakt; Entergy, Energy)."""
    return bool(_readings(a) & _readings(b))


#: An acronym met by the words it is the initials of is as alike as this.
ACRONYM_SIM: Final = 0.9
#: An acronym has this many letters at least and at most.
ACRONYM_LETTERS: Final = (2, 5)

Pair = tuple[tuple[int, ...], tuple[int, ...], float]


#: Russian letters a romanisation writes with two (Ц ts, Ш sh, Ч ch, Ж zh, Х kh, Я ya, Ю yu):
#: an acronym romanised keeps both for the word's initial (TsS for Tsentr Sudoremonta).
DIGRAPH_INITIALS: Final = frozenset({"ts", "sh", "ch", "zh", "kh", "ya", "yu"})


def _spelt(acronym: str, tokens: tuple[str, ...], free: set[int]) -> tuple[int, ...]:
    """Positions of words left unmatched, in a row, whose initials spell the acronym (a
    connecting word between them may be skipped: Bank of America, BA; a Russian letter
    romanised in two may stand for a word: TsS, Tsentr Sudoremonta), or ()."""
    stop = stopwords()

    def spell(i: int, k: int, run: tuple[int, ...]) -> tuple[int, ...]:
        if k == len(acronym):
            return run
        if i >= len(tokens) or i not in free or tokens[i].isdigit():
            return ()
        word = tokens[i]
        if run and word in stop:
            return spell(i + 1, k, run)
        found: tuple[int, ...] = ()
        if word[:2] in DIGRAPH_INITIALS and acronym[k : k + 2] == word[:2]:
            found = spell(i + 1, k + 2, (*run, i))
        if not found and word[0] == acronym[k]:
            found = spell(i + 1, k + 1, (*run, i))
        return found

    for start in range(len(tokens)):
        run = spell(start, 0, ())
        if run:
            return run
    return ()


def acronyms(query: NameForm, candidate: NameForm, pairs: Sequence[Pair]) -> list[Pair]:
    """An acronym on one side met by the words it is the initials of on the other, both left
    unmatched by the alignment: MBC Vityaz, Vityaz Machine Building Company; Raduga State
    MBDB, Raduga State Machine Building Design Bureau. Only a word of a name's own (not a
    legal form nor a generic word) of two to five letters is read as an acronym, and it meets
    two words at least; one of two letters meets initials only."""
    if query.abjad or candidate.abjad:
        return []
    used_q = {i for qi, _, _ in pairs for i in qi}
    used_c = {i for _, ci, _ in pairs for i in ci}
    free_q = set(range(len(query.tokens))) - used_q
    free_c = set(range(len(candidate.tokens))) - used_c
    out: list[Pair] = []
    low, high = ACRONYM_LETTERS
    for flip, (one, other, free_one, free_other) in enumerate(
        ((query, candidate, free_q, free_c), (candidate, query, free_c, free_q))
    ):
        for i, tok in enumerate(one.tokens):
            if (
                i not in free_one
                or not low <= len(tok) <= high
                or not tok.isalpha()
                or tok in one.legal
                or tok in one.generic
            ):
                continue
            run = _spelt(tok, other.tokens, free_other)
            # Two letters are initials only against initials (Y.M., Ya. M.): as the first
            # letters of two words they are too often a coincidence (CB, CentroMarca Banca).
            if len(run) < 2 or (len(tok) < 3 and any(len(other.tokens[j]) > 2 for j in run)):
                continue
            free_one.discard(i)
            free_other.difference_update(run)
            out.append(((i,), run, ACRONYM_SIM) if not flip else (run, (i,), ACRONYM_SIM))
    return out


def initial(token: str) -> bool:
    """Whether a token is an initial: a letter, or a Russian letter romanised in two (Ya)."""
    return (len(token) == 1 and token.isalpha()) or token in DIGRAPH_INITIALS


def named_initials(form: NameForm, used: set[int]) -> set[int]:
    """Positions of the initials left unmatched just before a distinctive word the alignment
    met (a person's: Ya. M. before Sverdlov), not before a generic word (M Finans)."""
    out: set[int] = set()
    for i in used:
        token = form.tokens[i]
        if token in form.generic or token in form.legal or len(token) <= SHORT_TOKEN:
            continue
        j = i - 1
        while j >= 0 and j not in used and initial(form.tokens[j]):
            out.add(j)
            j -= 1
    return out


def met_whole(form: NameForm, used: set[int]) -> bool:
    """Whether a name of generic words only, a place and what is made or done there (Iran
    Marine Industry Co, Omsk Transport Machine Factory, Bryansk Chemical Plant), has every
    word of its own (not a legal form nor a connecting word) met by the alignment. Without a
    place such words describe any firm (Development Bank); a place alone is no name."""
    if distinctive_tokens(form):
        return False
    stop = stopwords()
    own = [t for t in form.tokens if t not in form.legal and t not in stop]
    if not any(map(place, own)) or all(map(place, own)):
        return False
    return all(i in used for i, t in enumerate(form.tokens) if t in own)


def joined_generic(one: Sequence[str], several: Sequence[str], form: NameForm) -> bool:
    """Whether one word meets several of another name (`form`'s) that are all generic words,
    legal forms or connecting words: the word is those words written together."""
    return (
        len(one) == 1
        and len(several) > 1
        and all(t in form.generic or t in form.legal for t in several)
    )


def number_against_word(
    query: NameForm, candidate: NameForm, used_q: set[int], used_c: set[int]
) -> bool:
    """Whether one name has a number left unmatched and no word of its own, and the other a
    word of its own (not a legal form nor a generic word) and no number: a ship's hull number
    against another word in its place (Tian Xiang He, Tian Xiang 7)."""

    def left(form: NameForm, used: set[int]) -> tuple[bool, bool]:
        rest = [t for i, t in enumerate(form.tokens) if i not in used]
        number = any(t.isdigit() for t in rest)
        word = any(not t.isdigit() and t not in form.legal and t not in form.generic for t in rest)
        return number, word

    q_number, q_word = left(query, used_q)
    c_number, c_word = left(candidate, used_c)
    return (q_number and not q_word and c_word and not c_number) or (
        c_number and not c_word and q_word and not q_number
    )


def legal_mismatch(query: NameForm, candidate: NameForm, weights: dict[str, float]) -> float:
    """The doubt two names' legal forms add: `legal_mismatch` when both name one and none
    is of a kind of the other's (names/orgs.legal_kinds), else nothing."""
    if (
        query.legal
        and candidate.legal
        and not legal_kinds(query.legal) & legal_kinds(candidate.legal)
    ):
        return weights["legal_mismatch"]
    return 0.0


def thing_score(
    al: Alignment,
    query: NameForm,
    candidate: NameForm,
    qweights: Sequence[float],
    cweights: Sequence[float],
    weak: bool,
    weak_factor: float,
    weights: dict[str, float] = THING_WEIGHTS,
) -> float:
    """Evidence over evidence plus doubt, every unmatched token costing its weight."""
    if spaced_alike(query, candidate):
        evidence = sum(w for t, w in zip(query.tokens, qweights, strict=True))
        doubt = weights["base_doubt"] + legal_mismatch(query, candidate, weights)
        score = evidence / (evidence + doubt)
        return score * weak_factor if weak else score
    evidence = 0.0
    doubt = weights["base_doubt"]
    used_q: set[int] = set()
    used_c: set[int] = set()
    distinctive = False
    telling: list[float] = []  # the similarity of each distinctive pair
    consonants_differ = False
    domain_met = False
    pairs = [p for p in al.pairs if not unlike_short(p, query, candidate)]
    initials = acronyms(query, candidate, pairs)
    pairs += initials
    for qi, ci, sim in pairs:
        w = sum(qweights[i] for i in qi)
        if initials and (qi, ci, sim) in initials:
            # An acronym tells no more than the words it stands for.
            w = min(w, sum(cweights[i] for i in ci))
        if any(line_of_business(query.tokens[i]) for i in qi):
            domain_met = True
        evidence += w * sim
        doubt += w * (1.0 - sim) * weights["dissimilarity"]
        used_q.update(qi)
        used_c.update(ci)
        words = [query.tokens[i] for i in qi]
        met = [candidate.tokens[i] for i in ci]
        # A distinctive word on either side: a generic word of one language may be the
        # other's name (Energia, a generic word, meets the listed Energiya).
        # (Names of generic words only are those words.) A word that is generic words of
        # the other side written together is those words (Nationalbank, national bank;
        # Industrialbank, Industrial Bank): no more telling than they are.
        if (
            not (joined_generic(words, met, candidate) or joined_generic(met, words, query))
            and (
                any(len(t) > 1 and t not in query.legal and t not in query.generic for t in words)
                or any(
                    len(t) > 1 and t not in candidate.legal and t not in candidate.generic
                    for t in met
                )
            )
        ) or (not distinctive_tokens(query) and not distinctive_tokens(candidate)):
            distinctive = True
            telling.append(sim)
            consonants_differ = not consonants_agree("".join(words), "".join(met))
    # A vessel's name is all of it: a word only one side has (a fleet's prefix, a letter)
    # weighs at least `word_floor`, however common or short.
    floor = weights["word_floor"]
    # A person's initials before a word of the name met (Ya. M. Sverdlov Plant, Sverdlov
    # Plant) are those of whom the body is named after, which a rendering leaves out: they
    # cost nothing. Not in a ship's name, all of which is its name.
    if not floor:
        used_q = used_q | named_initials(query, used_q)
        used_c = used_c | named_initials(candidate, used_c)
    left_q = [max(w, floor) for i, w in enumerate(qweights) if i not in used_q]
    left_c = [max(w, floor) for i, w in enumerate(cweights) if i not in used_c]
    # Words left on both sides differ; what one side has beyond that it only adds.
    differing = min(sum(left_q), sum(left_c))
    doubt += differing * weights["differing"]
    # In a name of generic words only (National Bank, Middle East Bank) every word is the
    # name, as in a ship's: a word one side has is no translation's addition.
    plain = not distinctive_tokens(query) and not distinctive_tokens(candidate)
    kind = PLAIN_WEIGHTS if plain else weights
    cap = max(weights["extra_cap"], kind["extra_cap"])
    per_query = max(weights["unmatched_query"], kind["unmatched_query"])
    per_candidate = max(weights["unmatched_candidate"], kind["unmatched_candidate"])
    doubt += extra(left_q, differing, cap) * per_query
    doubt += extra(left_c, differing, cap) * per_candidate
    # Numbers on both sides that differ: another hull, another plant (No. 44, No. 45).
    if any(query.tokens[i].isdigit() for i in range(len(qweights)) if i not in used_q) and any(
        candidate.tokens[i].isdigit() for i in range(len(cweights)) if i not in used_c
    ):
        doubt += weights["number_mismatch"]
    elif weights["number_word"] and number_against_word(query, candidate, used_q, used_c):
        doubt += weights["number_word"]
    # Places on both sides that differ: another branch, another country's bank (Banco
    # Santander Mexico, Banco Santander Chile).
    place_q = any(place(query.tokens[i]) for i in range(len(qweights)) if i not in used_q)
    if place_q or weights["place_one_side"]:
        place_c = any(place(candidate.tokens[i]) for i in range(len(cweights)) if i not in used_c)
        if place_q and place_c:
            doubt += weights["place_mismatch"]
        elif place_q or place_c:
            doubt += weights["place_one_side"]
        if place_q and not place_c:
            doubt += weights["place_query_only"]

    # Lines of business on both sides, none shared: another firm (Cardinal Health, Cardinal
    # Investments); in the query only, weaker counter-evidence (Optima Bank, Optima LLC),
    # while the listing's own (Rosneft Oil Company) a query may leave out.
    if not domain_met:
        lines = [
            query.tokens[i]
            for i in range(len(qweights))
            if i not in used_q and line_of_business(query.tokens[i])
        ]
        listed_lines = [
            candidate.tokens[i]
            for i in range(len(cweights))
            if i not in used_c and line_of_business(candidate.tokens[i])
        ]
        # An abbreviation of either of two lines meets either (KB: a bank, a design bureau).
        met_lines = {(a, b) for a in lines for b in listed_lines if either_line(a, b)}
        lines = [a for a in lines if all(x != a for x, _ in met_lines)]
        listed = any(b not in {y for _, y in met_lines} for b in listed_lines)
        if lines and listed:
            doubt += weights["domain_mismatch"]
        elif lines:
            plants = all(t in PLANTS for t in lines)
            doubt += weights["plant_query_only" if plants else "domain_query_only"]
    if weights["generic_left"] and generic_left(query, candidate, used_q, used_c):
        doubt += weights["generic_left"]
    # The one distinctive pair alike but not the same: for a ship's name, two names a letter
    # or two apart (Selina, Salina) are more often two ships than one misspelt. Consonant
    # skeletons (abjad) are alike by nature.
    if (
        len(telling) == 1
        and telling[0] < weights["fuzzy_sim"]
        and not (query.abjad or candidate.abjad)
    ):
        doubt += weights["fuzzy_only"]
        if consonants_differ:
            doubt += weights["fuzzy_consonants"]
    doubt += legal_mismatch(query, candidate, weights)
    if evidence <= 0:
        return 0.0
    score = evidence / (evidence + doubt)
    # A name of a place and generic words met word for word is met as a name: its words are
    # its name (Omsk Transport Machine Factory, the listed Omsk Transport Machine Factory
    # Omsktransmash), not a match on generic words beside a distinctive one.
    if not distinctive and (met_whole(query, used_q) or met_whole(candidate, used_c)):
        distinctive = True
    if not distinctive:
        score *= weights["generic_only"]
    return score * weak_factor if weak else score


def _acronym_like(form: NameForm, token: str) -> bool:
    """Whether a word may be read as an acronym of three letters or more (acronyms)."""
    return (
        ACRONYM_LETTERS[0] < len(token) <= ACRONYM_LETTERS[1]
        and token.isalpha()
        and token not in form.legal
        and token not in form.generic
    )


def _unseen(query: NameForm, candidate: NameForm) -> tuple[list[bool], list[bool]]:
    """Whether each word of either name may be met otherwise than by the alignment's rows:
    as an acronym, by one, or as an initial (acronyms, named_initials). Words of two letters
    or less, words that may be acronyms, and words whose first letter is one of an acronym of
    the other name's (its run of initials: _spelt). The query's words, then the candidate's;
    each word's reading as an acronym is worked out once."""
    acronym_q = [_acronym_like(query, t) for t in query.tokens]
    acronym_c = [_acronym_like(candidate, t) for t in candidate.tokens]
    letters_q: set[str] = set()
    for k, token in enumerate(query.tokens):
        if acronym_q[k]:
            letters_q.update(token)
    letters_c: set[str] = set()
    for k, token in enumerate(candidate.tokens):
        if acronym_c[k]:
            letters_c.update(token)
    unseen_q = [
        len(token) <= 2 or acronym_q[k] or token[0] in letters_c
        for k, token in enumerate(query.tokens)
    ]
    unseen_c = [
        len(token) <= 2 or acronym_c[k] or token[0] in letters_q
        for k, token in enumerate(candidate.tokens)
    ]
    return unseen_q, unseen_c


def _least_left(left_q: float, left_c: float, weights: dict[str, float]) -> float:
    """The least doubt thing_score adds for the words left unmatched on each side, whose
    weights (each counted up to `extra_cap`) sum to at least `left_q` and `left_c`: the words
    that differ (the lesser side's, at least) times `differing`, the rest of each side times
    its `unmatched_*`, at whichever share of differing words costs least."""
    d, pq, pc = weights["differing"], weights["unmatched_query"], weights["unmatched_candidate"]
    return min(
        d * x + pq * max(0.0, left_q - x) + pc * max(0.0, left_c - x)
        for x in (min(left_q, left_c), max(left_q, left_c))
    )


def thing_bound(
    rows: list[tuple[tuple[int, ...], Row]],
    query: NameForm,
    candidate: NameForm,
    qweights: Sequence[float],
    cweights: Sequence[float],
    weights: dict[str, float] = THING_WEIGHTS,
) -> float:
    """The most thing_score could give the two names, from the rows of the alignment (each
    candidate unit's possible pairs, match.names.Aligner.rows_of) before it is made: each
    query word at the best similarity its rows give it, each word no row meets left
    unmatched on its side (costing as thing_score says, at the least), and every other doubt
    nothing. Words the rows do not see (acronyms, initials: _unseen) count as met in full.
    A query's candidate whose bound is below what it needs is not aligned at all: the words a
    listed name has and the query lacks (Korea Daeryonggang Trading Corporation, for Korea
    Development Mining Trading Corporation) are what the index's bound cannot see."""
    if query.abjad or candidate.abjad or spaced_alike(query, candidate):
        return 1.0
    best = [0.0] * len(qweights)
    met_c = [False] * len(cweights)
    for ci, row in rows:
        for qi, s in row:
            for i in ci:
                met_c[i] = True
            for p in qi:
                if s > best[p]:
                    best[p] = s
    floor = weights["word_floor"]
    cap = weights["extra_cap"]
    unseen_q, unseen_c = _unseen(query, candidate)
    left_q = 0.0
    items: list[tuple[float, float, float]] = []
    dissimilarity = weights["dissimilarity"]
    for p, w in enumerate(qweights):
        if unseen_q[p]:
            items.append((1.0, w, 0.0))
        elif best[p] > 0.0:
            e = w * best[p]
            d = w * (1.0 - best[p]) * dissimilarity
            items.append((e / (e + d) if e + d > 0.0 else 0.0, e, d))
        else:
            left_q += min(max(w, floor), cap)
    left_c = 0.0
    for i, w in enumerate(cweights):
        if not met_c[i] and not unseen_c[i]:
            left_c += min(max(w, floor), cap)
    evidence = 0.0
    doubt = weights["base_doubt"] + _least_left(left_q, left_c, weights)
    # The pairs that lift the ratio most first, while they lift it: whatever pairs the
    # alignment makes (or thing_score drops), no share of them scores more.
    items.sort(reverse=True)
    for ratio, e, d in items:
        if evidence > 0.0 and ratio <= evidence / (evidence + doubt):
            break
        evidence += e
        doubt += d
    return evidence / (evidence + doubt) if evidence > 0.0 else 0.0
