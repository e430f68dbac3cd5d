"""The concept table: generic and frequent words of organisation names across languages.

A listed organisation is recorded in English or a romanisation; other authorities translate
its name (Mouvement, Bewegung, Mișcarea, Harakat: Movement). Each word of
data/names/org_concepts.tsv is written as its concept in an organisation's or vessel's name
(names/orgterms.py), so that a translation meets the listing through its words, and the index
files the concept as a word of the name: a translated query finds its listing. Words in
other scripts are romanised as names are, in every system a query may be.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from watchlist.names.normalize import normalize

#: The table as shipped in the package.
ORG_CONCEPTS = "names/org_concepts.tsv"
#: Concepts of this kind name a line of business (bank, oil, transport)...
DOMAIN = "domain"
#: ...of this kind a kind of body (group, movement, ministry)...
BODY = "body"
#: ...of this kind the frequent words of listed groups' names (Islamic, jihad)...
WORD = "word"
#: ...and of this kind a direction or region, which differs as a place does (Eastern, Western).
PLACE = "place"
KINDS = frozenset({DOMAIN, BODY, WORD, PLACE})


@dataclass(frozen=True)
class ConceptRow:
    """One line of the table: a concept, its kind, a language and its words there."""

    concept: str
    kind: str
    language: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class Concepts:
    """The table loaded: each word's concept, each phrase's (words of several words), and
    which concepts are lines of business."""

    words: dict[str, str]
    phrases: dict[tuple[str, ...], str]
    domains: frozenset[str]
    #: Concepts of the frequent words of listed groups' names (Islamic, jihad, youth), which
    #: are people's names too, as against kinds of bodies and lines of business.
    vocabulary: frozenset[str]
    #: Concepts that are places (a direction: east, west), as rigour's places are.
    places: frozenset[str]
    #: The most words a phrase has.
    longest: int
    #: Words and phrases written in an abjad (Arabic, Persian), as their consonant skeletons:
    #: met only by names spelt so, whose skeletons may be a Latin word's letters (bnk, nft).
    abjad_words: dict[str, str] = field(default_factory=dict)
    abjad_phrases: dict[tuple[str, ...], str] = field(default_factory=dict)


def read_rows(text: str) -> list[ConceptRow]:
    """The table's lines (comments and blank lines skipped); a malformed line raises
    ValueError naming its number."""
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 4 or fields[1] not in KINDS or not fields[0]:
            raise ValueError(f"{ORG_CONCEPTS} line {number}: want concept, kind, language, words")
        words = tuple(w.strip() for w in fields[3].split(",") if w.strip())
        rows.append(ConceptRow(fields[0], fields[1], fields[2], words))
    return rows


def spellings(word: str, abjad: bool = False) -> list[tuple[str, ...]]:
    """A table word as the tokens a name's spellings hold: normalised, romanised in every
    system if it is in another script (`abjad`: the consonant skeletons of a word written in
    an abjad, and nothing else)."""
    text = normalize(word)
    if text.isascii():
        return [] if abjad else [tuple(text.split())] if text else []
    from watchlist.names.translit import romanise

    return [r.tokens for r in romanise(text, whole=False) if r.abjad == abjad]


def build(rows: list[ConceptRow]) -> Concepts:
    """The lookup tables of the rows; a word of two concepts keeps the first."""
    words: dict[str, str] = {}
    phrases: dict[tuple[str, ...], str] = {}
    abjad_words: dict[str, str] = {}
    abjad_phrases: dict[tuple[str, ...], str] = {}
    for row in rows:
        for word in row.words:
            for abjad, one, several in (
                (False, words, phrases),
                (True, abjad_words, abjad_phrases),
            ):
                for tokens in spellings(word, abjad):
                    if len(tokens) == 1:
                        one.setdefault(tokens[0], row.concept)
                    elif tokens:
                        several.setdefault(tokens, row.concept)
    domains = frozenset(r.concept for r in rows if r.kind == DOMAIN)
    vocabulary = frozenset(r.concept for r in rows if r.kind == WORD)
    places = frozenset(r.concept for r in rows if r.kind == PLACE)
    longest = max(map(len, [*phrases, *abjad_phrases]), default=1)
    return Concepts(
        words, phrases, domains, vocabulary, places, longest, abjad_words, abjad_phrases
    )


@lru_cache(maxsize=1)
def concepts() -> Concepts:
    """The concept table as shipped."""
    text = resources.files("watchlist.data").joinpath(ORG_CONCEPTS).read_text("utf-8")
    return build(read_rows(text))
