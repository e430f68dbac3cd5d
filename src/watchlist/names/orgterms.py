"""Words of organisation and vessel names that say what kind of body it is, not which one.

rigour's name tagger knows, in many languages and scripts, the legal forms (ORG_CLASS), the
generic nouns of company names (SYMBOL: group, company, trading, national; DOMAIN: bank,
factory, shipping, insurance) and places (LOCATION). Each such word is written here as its
concept, so that "Groupe", "Gruppe", "Grupo" and "Group", or "zavod" and "plant", are one word
that weighs little; the words left are the distinctive ones, which decide. Numbers, in digits
or words (44, Forty-Four, сорок четыре), are written in digits.

What rigour lacks comes first: the concept table (names/concepts.py, data/names/
org_concepts.tsv: the generic and frequent words of listed organisations' names in the
languages of the lists' translations, Russian, Persian and Arabic romanised, and phrases such
as air force or design bureau) and national abbreviations of legal forms. They are general
vocabulary, not names.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from importlib import resources
from typing import Final, final

from rigour._core import ordinals_dict, stopwords_list
from rigour.names import analyze_names
from rigour.names.symbol import SymbolCategory
from rigour.names.tag import NamePartTag, NameTypeTag

from watchlist.names.concepts import concepts
from watchlist.names.normalize import normalize
from watchlist.names.places import LONGEST_COUNTRY, country_code, country_phrases, country_word
from watchlist.names.scripts import char_script

#: The concept of a legal form: weighs nearly nothing.
LEGAL = "legal"
#: A connecting word (of, the, und): generic, and weighs as little as a legal form.
STOP = "stop"

# Legal-form abbreviations and words, transliterated, that rigour's table does not have.
_LEGAL_EXTRA = frozenset(
    """
    akb sue ao pao zao oao ooo nao tov too pat prat pp chp fgup fsue gup mup fgbu fgu ano anoo
    fkp soue
    nko nku gk oo kt uk llc jsc ojsc cjsc pjsc ltd inc plc sarl sas srl spa bv nv ag gmbh kg
    jscb cjscb ojscb zrt kft bhd pte pvt sdn tbk ooo oy ab as asa aps sl sau sapi sab cv
    mchj xk aj dd doo ad eood ood sha shpk pjs zhshs uab sia nyrt dac
    """.split()
)

_CONCEPT_CATEGORIES = (SymbolCategory.DOMAIN, SymbolCategory.SYMBOL, SymbolCategory.LOCATION)


#: number_phrases' table as shipped: romanising rigour's thousands of spellings takes a second,
#: too long for every process that screens (a CLI call).
NUMBER_PHRASES = "names/number_phrases.tsv"


@lru_cache(maxsize=1)
def number_phrases() -> dict[tuple[str, ...], str]:
    """Numbers written as words or ordinals, in the languages rigour knows, to digits: the
    table build_number_phrases makes, as shipped in the package (scripts/number_phrases.py
    writes it anew; a test checks that it is current)."""
    text = resources.files("watchlist.data").joinpath(NUMBER_PHRASES).read_text("utf-8")
    out: dict[tuple[str, ...], str] = {}
    for line in text.splitlines():
        words, _, value = line.partition("\t")
        out[tuple(words.split(" "))] = value
    return out


@lru_cache(maxsize=1)
def number_starts() -> frozenset[str]:
    """The first word of each of number_phrases."""
    return frozenset(words[0] for words in number_phrases())


#: Scripts whose numerals, romanised, are name syllables.
_SYLLABIC_NUMERALS = frozenset({"Han", "Hangul", "Hiragana", "Katakana"})


def build_number_phrases() -> dict[tuple[str, ...], str]:
    """Numbers written as words or ordinals, in the languages rigour knows, to digits."""
    from watchlist.names.translit import romanise

    out: dict[tuple[str, ...], str] = {}
    for value, spellings in ordinals_dict().items():
        for spelling in spellings:
            words = normalize(spelling)
            if not words or words.isdigit():
                continue
            # Chinese, Japanese and Korean numerals romanised are syllables of names far more
            # often (Liu, San, Yi, Shi): Liu Trading is no 6 Trading.
            if any(char_script(c) in _SYLLABIC_NUMERALS for c in words):
                continue
            roman = romanise(words)
            toks = roman[0].tokens if roman else ()
            # A single letter (the Roman I, V, X) is far more often an initial.
            if not toks or (len(toks) == 1 and len(toks[0]) == 1):
                continue
            out.setdefault(toks, str(value))
            # "Forty-four" is one word when the hyphen goes ("fortyfour").
            if len(toks) > 1:
                out.setdefault(("".join(toks),), str(value))
    return out


#: Connecting words of organisation names in the languages of the lists' translations that
#: rigour's list lacks (Dutch van, het; Danish, Norwegian and Swedish og, och, av, til;
#: Polish dla, oraz; Romanian pentru; Maltese il, tal, ta; Italian dei, della; Portuguese
#: dos, das; Lithuanian ir; the Persian ezafe romanised apart, yeh: Mojtame' yeh San'ati):
#: "Groep van Islamitische Strijders" is the group of Islamic
#: fighters, and van no word of its name. (Not the ones that are names or acronyms too: Din
#: of Ansar Dine, Tan, AF.)
_STOP_EXTRA = frozenset(
    """
    van het een og och av til till dla oraz pentru il tal ta dei della dos das ir yeh
    """.split()
)


def _unmarked(word: str) -> str:
    """A word without its diacritics (für: fur; și: si), as a name's Latin words are compared."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Connecting words (of, the, de, und): no more a name than a legal form is; each as
    written and without its marks, as a name's Latin words are read (für, fur; și, si)."""
    words = {normalize(w) for w in stopwords_list()}
    words |= {_unmarked(w) for w in words} | _STOP_EXTRA
    return frozenset(w for w in words if len(w) > 1)


@lru_cache(maxsize=200_000)
def concept(token: str) -> str | None:
    """The concept of a generic or legal-form word (LEGAL for legal forms), else None."""
    if token.isdigit():
        return None
    if token in stopwords():
        return STOP
    if token in _LEGAL_EXTRA:
        return LEGAL
    extra = concepts().words.get(token)
    if extra is not None:
        return extra
    if len(token) < 2:
        return None
    # A country, in any language or as its adjective, is one word (Rossiya, Russian: russia).
    country = country_word(token)
    if country is not None:
        return country
    names = analyze_names(
        NameTypeTag.ORG, [token], consolidate=False, phonetics=False, numerics=False, rewrite=False
    )
    for name in names:
        if any(p.tag == NamePartTag.LEGAL for p in name.parts):
            return LEGAL
        found = sorted(
            (s.category.value, s.id) for s in name.symbols if s.category in _CONCEPT_CATEGORIES
        )
        if any(c == SymbolCategory.ORG_CLASS.value for c, _ in found):
            return LEGAL
        if found:
            category, ident = found[-1]
            # Places stay themselves (Iran is not Russia), only weigh little.
            if category == SymbolCategory.LOCATION.value:
                return token
            return ident.lower().replace("-", "").replace("_", "")
    return None


@lru_cache(maxsize=100_000)
def domain(token: str) -> bool:
    """Whether a word (or a concept) names a line of business or activity: bank, shipping,
    oil, research (rigour's DOMAIN symbols), as against a kind of body (group, company)."""
    if len(token) < 3 or token.isdigit():
        return False
    table = concepts()
    if token in table.domains or table.words.get(token) in table.domains:
        return True
    names = analyze_names(
        NameTypeTag.ORG, [token], consolidate=False, phonetics=False, numerics=False, rewrite=False
    )
    return any(s.category == SymbolCategory.DOMAIN for n in names for s in n.symbols)


#: Words rigour tags as places that name no place: Apollo Global Management names no
#: country, as Telekom Austria does.
_NOWHERE = frozenset({"global"})


@lru_cache(maxsize=100_000)
def place(token: str) -> bool:
    """Whether a word names a country or a place (rigour's LOCATION symbols), or a direction
    (the concept table's places: Eastern, Vostochnaya)."""
    if len(token) < 3 or token.isdigit():
        return False
    table = concepts()
    if token in table.places or table.words.get(token) in table.places:
        return True
    if token in _NOWHERE:
        return False
    if country_code(token) is not None:
        return True
    names = analyze_names(
        NameTypeTag.ORG, [token], consolidate=False, phonetics=False, numerics=False, rewrite=False
    )
    return any(s.category == SymbolCategory.LOCATION for n in names for s in n.symbols)


@lru_cache(maxsize=10_000)
def place_phrase(text: str) -> bool:
    """Whether a short phrase (a parenthesised part) is all the name of a country or place,
    in any script: a name in another script is read in its romanisations (Банк (Россия),
    (Евразия): Rossiya, Yevraziya)."""
    words = normalize(text).split()
    if not words or len(words) > 3:
        return False
    if all(place(w) for w in words):
        return True
    if not all(w.isascii() for w in words):
        from watchlist.names.translit import romanise

        return any(
            not r.abjad and r.tokens and all(place(w) for w in r.tokens)
            for r in romanise(text, whole=False)
        )
    names = analyze_names(
        NameTypeTag.ORG,
        [" ".join(words)],
        consolidate=False,
        phonetics=False,
        numerics=False,
        rewrite=False,
    )
    for name in names:
        spans = [s for s in name.spans if s.symbol.category == SymbolCategory.LOCATION]
        covered = {id(p) for s in spans for p in s.parts}
        if name.parts and all(id(p) in covered for p in name.parts):
            return True
    return False


@final
class OrgTerms:
    """An organisation or vessel name's tokens with concepts and numbers written canonically;
    `raw`, the same words as written (numbers in digits), and `raw_generic`, which of them
    are generic: a transliteration of a generic word (Energiya, Energia) still meets it
    letter by letter.

    A frozen dataclass's value written out (as names.forms.NameForm is): compiled, without
    the interpreted __init__ that set each field through object.__setattr__."""

    __slots__ = ("tokens", "legal", "generic", "raw", "raw_generic")

    def __init__(
        self,
        tokens: tuple[str, ...],
        legal: frozenset[str],
        generic: frozenset[str],
        raw: tuple[str, ...] = (),
        raw_generic: frozenset[str] = frozenset(),
    ) -> None:
        self.tokens: Final = tokens
        self.legal: Final = legal
        self.generic: Final = generic
        self.raw: Final = raw
        self.raw_generic: Final = raw_generic

    def _fields(self) -> tuple[object, ...]:
        return (self.tokens, self.legal, self.generic, self.raw, self.raw_generic)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, OrgTerms):
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return (
            f"OrgTerms(tokens={self.tokens!r}, legal={self.legal!r}, generic={self.generic!r}, "
            f"raw={self.raw!r}, raw_generic={self.raw_generic!r})"
        )


def _numbers(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Number words and ordinals, of up to four words, as digits."""
    table = number_phrases()
    starts = number_starts()
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if tokens[i] not in starts:  # no phrase begins with the word (most words)
            out.append(tokens[i])
            i += 1
            continue
        for n in (4, 3, 2, 1):
            value = table.get(tokens[i : i + n]) if i + n <= len(tokens) else None
            if value is not None:
                out.append(value)
                i += n
                break
        else:
            out.append(tokens[i])
            i += 1
    # Tens then units written apart (Forty 4, сорок четыре split by the romaniser): one number.
    merged: list[str] = []
    for tok in out:
        prev = merged[-1] if merged else ""
        if tok.isdigit() and len(tok) == 1 and prev.isdigit() and len(prev) == 2 and prev[1] == "0":
            merged[-1] = str(int(prev) + int(tok))
        else:
            merged.append(tok)
    return tuple(merged)


def _phrase(
    tokens: tuple[str, ...], start: int, phrases: dict[tuple[str, ...], str], longest: int
) -> tuple[str, int] | None:
    """The concept of the longest phrase of the table starting at `start`, and its length."""
    for n in range(min(longest, len(tokens) - start), 1, -1):
        found = phrases.get(tokens[start : start + n])
        if found is not None:
            return found, n
    return None


#: A word that ends in a kind of body or line of business of this many letters or more...
COMPOUND_TAIL = 5
#: ...after a part of this many letters is the two written together, as Germanic, Hungarian
#: and Russian compounds are (Radiozavod, radio plant; Kalasjnikovkoncernen, Kalashnikov
#: concern; Termelővállalat, production enterprise); Sberbank's bank is too short to part.
COMPOUND_HEAD = 4


@lru_cache(maxsize=100_000)
def compound(token: str, abjad: bool = False) -> tuple[str, str] | None:
    """A word's first part and the concept of the generic word it ends in, or None when it
    ends in none."""
    if abjad or len(token) < COMPOUND_HEAD + COMPOUND_TAIL or not token.isalpha():
        return None
    table = concepts()
    for cut in range(COMPOUND_HEAD, len(token) - COMPOUND_TAIL + 1):
        tail = table.words.get(token[cut:])
        if tail is None or tail in table.vocabulary or tail in table.places:
            continue
        return token[:cut], tail
    return None


@lru_cache(maxsize=2048)
def org_terms(
    tokens: tuple[str, ...], legal: frozenset[str] = frozenset(), abjad: bool = False
) -> OrgTerms:
    """Tokens with numbers in digits and generic words as their concept; which are legal forms
    (`legal` adds words already known to be) and which generic. `abjad`: the tokens are the
    consonant skeletons of a name written in an abjad, which the concept table's Arabic and
    Persian words are read in (shrkh, company; snty, industrial)."""
    tokens = _numbers(tokens)
    out: list[str] = []
    legal_out: set[str] = set()
    generic: set[str] = set()
    raw_generic: set[str] = set()
    table = concepts()
    countries = country_phrases()
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        phrase = _phrase(tokens, i, table.abjad_phrases, table.longest) if abjad else None
        phrase = phrase or _phrase(tokens, i, table.phrases, table.longest)
        # A country's name of several words is the country (Islamic Republic of Iran: Iran).
        phrase = phrase or _phrase(tokens, i, countries, LONGEST_COUNTRY)
        if phrase is not None:
            word, n = phrase
            out.append(word)
            generic.add(word)
            raw_generic.update(tokens[i : i + n])
            i += n
            continue
        i += 1
        if tok in legal:
            out.append(tok)
            legal_out.add(tok)
            continue
        found = (table.abjad_words.get(tok) if abjad else None) or concept(tok)
        if found == LEGAL:
            out.append(tok)
            legal_out.add(tok)
        elif found == STOP:
            out.append(tok)
            generic.add(tok)
            raw_generic.add(tok)
        elif found is not None:
            out.append(found)
            generic.add(found)
            raw_generic.add(tok)
        elif (parts := compound(tok, abjad)) is not None:
            head, tail = parts
            head_concept = table.words.get(head)
            out.extend((head_concept or head, tail))
            generic.add(tail)
            if head_concept is not None:
                generic.add(head_concept)
        else:
            out.append(tok)
    return OrgTerms(
        tuple(out), frozenset(legal_out), frozenset(generic), tokens, frozenset(raw_generic)
    )
