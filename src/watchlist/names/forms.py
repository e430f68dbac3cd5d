"""The name pipeline's result: each spelling of a name as comparable tokens.

normalise -> romanise (every script, several systems; Wade-Giles respelt in pinyin) -> strip
titles -> canonical legal forms -> Arabic particles evened out -> tokens.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final, final

from watchlist.names.normalize import case_alike, normalize
from watchlist.names.orgs import (
    canonical_org,
    collapse_spelled_out,
    legal_forms_compared,
    state_forms,
)
from watchlist.names.orgterms import concept, org_terms, place, place_phrase
from watchlist.names.phonetic import fold
from watchlist.names.rarity import PARTICLES, reference_frequencies
from watchlist.names.titles import strip_titles, titles
from watchlist.names.translit import GivenName, romanise
from watchlist.names.wadegiles import to_pinyin

# Arabic article and particles written apart or hyphenated: "al-Zubaidi", "El Para".
_PARTICLES = frozenset({"al", "el", "ul", "ad", "ar", "as", "at", "az", "an", "ash", "ud"})
# "Abdul Rahman", "Abdulrahman", "Abd al-Rahman", "Abdel Rahman": the servant-of compounds.
_ABD = re.compile(r"^(abd|abdu|abdou)(?:ul|el|al|ol|oul|l|u|e|o|a)?([a-z]{4,})$")
_ABD_ALONE = frozenset({"abd", "abdu", "abdul", "abdel", "abdal", "abdol", "abdoul", "abdoel"})


#: The one empty set of words the forms without legal forms or generic words share.
NO_WORDS: frozenset[str] = frozenset()
#: The sets of words decoded forms share (`_decoded`): a few hundred distinct ones.
_SHARED_WORDS: dict[frozenset[str], frozenset[str]] = {NO_WORDS: NO_WORDS}


@final
class NameForm:
    """One spelling of a name: ASCII tokens, which of them are legal forms or connecting words
    (`legal`) and which generic words of organisation names (`generic`, written as their
    concept: bank, grp, factory); `thing` for an organisation's or a vessel's name; `given`,
    a person's given names read from Han or Hangul, syllable by syllable (GivenName).

    Slotted, and pickled as its fields (`_decoded`): a packed index decodes its forms one by
    one as queries meet them, and every container a decoded form holds is one more object
    each full sweep of the cycle collector walks (a sweep's pause is a query's delay).

    A frozen dataclass's value, written out: compared, hashed and shown by its fields as one
    is, its fields final. The dataclass's generated methods ran interpreted, set each field
    through object.__setattr__, some ten thousand instructions a form made (two or three of
    every query, one of every listed name decoded); these are compiled."""

    __slots__ = ("tokens", "abjad", "legal", "generic", "thing", "given")

    def __init__(
        self,
        tokens: tuple[str, ...],
        abjad: bool = False,
        legal: frozenset[str] = NO_WORDS,
        generic: frozenset[str] = NO_WORDS,
        thing: bool = False,
        given: tuple[GivenName, ...] = (),
    ) -> None:
        self.tokens: Final = tokens
        self.abjad: Final = abjad
        self.legal: Final = legal
        self.generic: Final = generic
        self.thing: Final = thing
        self.given: Final = given

    def _fields(self) -> tuple[object, ...]:
        return (self.tokens, self.abjad, self.legal, self.generic, self.thing, self.given)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NameForm):
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return (
            f"NameForm(tokens={self.tokens!r}, abjad={self.abjad!r}, legal={self.legal!r}, "
            f"generic={self.generic!r}, thing={self.thing!r}, given={self.given!r})"
        )

    def __reduce__(self) -> tuple[object, ...]:
        return _decoded, self._fields()


def _decoded(
    tokens: tuple[str, ...],
    abjad: bool,
    legal: frozenset[str],
    generic: frozenset[str],
    thing: bool,
    given: tuple[GivenName, ...],
) -> NameForm:
    """A form unpickled, its sets of words shared with every other decoded form's alike."""
    legal = _SHARED_WORDS.setdefault(legal, legal)
    generic = _SHARED_WORDS.setdefault(generic, generic)
    return NameForm(tokens, abjad, legal, generic, thing, given)


def _arabic_tokens(tokens: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for tok in tokens:
        if tok in _PARTICLES and len(tokens) > 1:
            continue
        if tok in _ABD_ALONE:
            out.append("abd")
            continue
        # Every servant-of compound begins so: most words are not matched against _ABD.
        m = _ABD.match(tok) if tok.startswith("abd") else None
        if m and not m.group(2).lstrip("l").startswith("ah"):
            out.extend(("abd", m.group(2)))
            continue
        out.append(tok)
    return tuple(out) or tokens


# A digit between letters of a person's name is a letter it looks like, mistyped or misread
# (Ig0r Sech1n, I9or): a name has no digits inside a word.
_LOOKALIKE = str.maketrans("0123456789", "oizeasgtbg")
_DIGIT_INSIDE = re.compile(r"(?<=[a-z])[0-9]+(?=[a-z])")


def digits_as_letters(token: str) -> str:
    """A word of a person's name with each digit between letters read as its look-alike
    letter (0 o, 1 i, 2 z, 3 e, 4 a, 5 s, 6 g, 7 t, 8 b, 9 g); digits at a word's end or
    start, or alone, stay."""
    if token.isalpha() or not any(c.isdigit() for c in token):
        return token
    return _DIGIT_INSIDE.sub(lambda m: m.group(0).translate(_LOOKALIKE), token)


#: A word of this many consonants and no vowel may be initials written together (JC, JFK)...
_INITIALS_JOINED = range(2, 4)
_VOWELS = frozenset("aeiouy")
#: ...unless it is a syllable of its own: the syllabic nasals of Chinese names (Cantonese Ng).
_SYLLABIC_NASALS = frozenset({"ng", "hng", "hm", "mh"})


def _joined_initials(token: str) -> bool:
    return (
        len(token) in _INITIALS_JOINED
        and token.isalpha()
        and _VOWELS.isdisjoint(token)
        and token not in PARTICLES
        and token not in _SYLLABIC_NASALS
        and token not in titles()
        and fold(token) not in reference_frequencies()
    )


def initials_apart(form: NameForm) -> NameForm | None:
    """A person's name with a word of two or three consonants, no vowel, that no one bears
    written as the initials it stands for: JC Juncker is J. C. Juncker, Jean-Claude Juncker.
    Not a particle (bn), a title (Dr), a syllable (Ng), nor a consonant skeleton of an abjad.
    None when the name has no such word; the word as written stays a spelling of its own."""
    if form.abjad or form.thing or not any(map(_joined_initials, form.tokens)):
        return None
    tokens = tuple(
        part for t in form.tokens for part in (tuple(t) if _joined_initials(t) else (t,))
    )
    return NameForm(tokens, given=form.given)


# Letters then digits in one word, as hull numbers are written (Samma2, RyeSongGang1); an
# ordinal's ending (44th) is too short to split off.
_LETTERS_DIGITS = re.compile(r"(?<=[a-z]{3})(?=[0-9])|(?<=[0-9])(?=[a-z]{3})")
# Prefixes of vessel names: motor vessel, motor tanker, steamship.
_VESSEL_PREFIXES = (("m", "v"), ("m", "t"), ("mv",), ("mt",), ("ss",))


def _thing_tokens(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """An organisation's or vessel's tokens with hull numbers apart and M/V, M/T dropped."""
    # A word of letters alone has no hull number to part (most words: no search for one).
    tokens = tuple(
        t
        for tok in tokens
        for t in (tok.split() if tok.isalpha() else _LETTERS_DIGITS.sub(" ", tok).split())
    )
    # Letters written apart are one word: an acronym (A.B.C.) or a legal form (o.O.O.).
    joined: list[str] = []
    run = False
    for tok in tokens:
        letter = len(tok) == 1 and tok.isalpha()
        if letter and run:
            joined[-1] += tok
        else:
            joined.append(tok)
        run = letter
    tokens = tuple(joined)
    for prefix in _VESSEL_PREFIXES:
        if len(tokens) > len(prefix) and tokens[: len(prefix)] == prefix:
            return tokens[len(prefix) :]
    return tokens


_PARENTHESISED = re.compile(r"\(([^()]*)\)?")


def parenthesised(name: str) -> list[str]:
    """The name without its parenthesised part, and that part when it is a name of one or two
    words (an acronym): "Petroiran Development Company (PEDCO)" -> the company, PEDCO.

    A place in parentheses is neither: "Bank of China (Hong Kong)" is another bank than "Bank
    of China (Singapore)", and "Hong Kong" no name of it."""
    found = _PARENTHESISED.search(name) if "(" in name else None
    if not found or place_phrase(found.group(1)):
        return []
    rest = _SPACE.sub(" ", _PARENTHESISED.sub(" ", name)).strip()
    inner = found.group(1).strip()
    out = [rest] if rest else []
    if inner and len(inner.split()) <= 2:
        out.append(inner)
    return out


_SPACE = re.compile(r"\s+")

#: A parenthesised word this short is an acronym or a code (EGP, USD, TEM).
ACRONYM_MAX = 5


def initials_of(acronym: str, words: list[str]) -> bool:
    """Whether an acronym is spelt by the first letters of words in order, a word giving one
    letter or more or none at all: PEDCO of Petroiran Development Company, TEM of Turbine
    Engineering Manufacturing; not EGP of Egyptian Kuwait Holding."""

    return bool(acronym) and _spells(acronym, words, 0, 0, {})


def _spells(
    acronym: str, words: list[str], i: int, j: int, known: dict[tuple[int, int], bool]
) -> bool:
    """Whether the acronym's letters from i on are spelt by words from j on (initials_of),
    each (i, j) worked out once. A module function, not a closure: compiled, it calls itself."""
    if i == len(acronym):
        return True
    seen = known.get((i, j))
    if seen is not None:
        return seen
    found = False
    for k in range(j, len(words)):
        word = words[k]
        n = 0
        while not found and n < len(word) and i + n < len(acronym) and word[n] == acronym[i + n]:
            n += 1
            found = _spells(acronym, words, i + n, k + 1, known)
        if found:
            break
    known[(i, j)] = found
    return found


def query_parts(name: str) -> list[str]:
    """A query's parenthesised part (parenthesised) when it is a name: a short code (one word
    of ACRONYM_MAX letters at most) counts only as the initials of the rest (Turbine
    Engineering Manufacturing (TEM)), not as a currency or a class of shares (Egyptian Kuwait
    Holding (EGP)). The lists' parentheses hold aliases; a query's, anything. Then the names
    a query joins (joined_names)."""
    parts = parenthesised(name)
    if len(parts) == 2:
        rest, inner = parts[0], normalize(parts[1]).split()
        code = inner[0] if len(inner) == 1 and len(inner[0]) <= ACRONYM_MAX else None
        if code is not None and not initials_of(code, normalize(rest).split()):
            parts = [rest]
    return parts + [p for p in joined_names(name) if p not in parts]


# A label naming the language of what follows ("GSK Advance Co. Ltd. Arabic: شركة ..."): the
# same name in that language.
_LANGUAGE_LABEL = re.compile(
    r"(?i)(?:^|\s)(?:arabic|persian|farsi|russian|ukrainian|belarusian|chinese|korean|"
    r"japanese|hebrew|english|french|spanish|german|original|native|local)\s*(?:name|script)?"
    r"\s*:\s*"
)
# Another name of the same body: also known as, formerly.
_ALSO = re.compile(
    r"(?i)(?:^|[\s,;(])(?:a\.?k\.?a\.?|f\.?k\.?a\.?|formerly(?:\s+known\s+as)?|"
    r"also\s+known\s+as)(?=[\s:])\s*:?\s*"
)
# A branch of a body, named with the body ("Kazan Aviation Plant – Branch of PJSC Tupolev",
# "Branch of PJSC UEC-UMPO – Lytkarinsky Machine-Building Plant"): a branch is no person at
# law of its own, so the query names the body as well as the branch. The body's name runs to
# a dash, a comma, a semicolon, a parenthesis or the end.
_BRANCH_OF = re.compile(
    r"(?i)(?:\bbranch\s+of|(?<!\w)филиал|(?<!\w)філія)\s+([^,;()–—]+?)\s*(?=$|[,;()–—]|\s-\s)"
)
# A connecting word between two names ("A Co. Ltd. and B Co. Ltd.").
_AND = re.compile(r"(?i)\s+(?:and|&|и|та)\s+")
# What is left of a name when a part is cut out of it: dashes and commas at either end.
_LOOSE_ENDS = re.compile(r"^[\s,;:()–—-]+|[\s,;:()–—-]+$")


def _latin(text: str) -> bool:
    """Whether a text's letters are all Latin (ASCII once its marks are dropped)."""
    letters = [c for c in unicodedata.normalize("NFKD", text) if c.isalpha()]
    return bool(letters) and all(c.isascii() for c in letters)


def _ends_in_legal_form(text: str) -> bool:
    """Whether a name's last word is a legal form (Co. Ltd., LLC, AO)."""
    forms = name_forms(text, True)
    return bool(forms) and bool(forms[0].tokens) and forms[0].tokens[-1] in forms[0].legal


def _two_names(text: str) -> list[str]:
    """A text that joins two names with a connecting word, as the two, or []: each a whole
    company's name (the first ends in a legal form: "GSK Advance Co. Ltd. and GSK for Advanced
    Business Co. Ltd."), or names in another script joined by a Latin "and" ("Комітет
    порятунку ... and Комитет спасения ..."); never "Mil and Kamov JSC"."""
    for found in _AND.finditer(text):
        left, right = text[: found.start()].strip(), text[found.end() :].strip()
        if not left or not right:
            continue
        joiner = found.group(0).strip()
        foreign = joiner.isascii() and not _latin(left) and not _latin(right)
        if foreign or (_ends_in_legal_form(left) and len(right.split()) > 1):
            return [left, right]
    return []


#: The words _AND joins two names with (as str.split reads words: \\s is its whitespace).
_JOINERS = frozenset({"and", "&", "и", "та"})


def _may_join(name: str) -> bool:
    """Whether any expression of joined_names may match: a label's colon, a.k.a. or f.k.a.
    (dots or not), formerly, also (known as), branch, филиал, філія, or a word of _JOINERS:
    substring tests (ignoring case as the expressions do: case_alike) in place of their
    searches and splits, which cost some ten microseconds a query, for
    nearly every name in vain."""
    if ":" in name:
        return True
    low = case_alike(name)
    nodots = low.replace(".", "")
    return (
        "aka" in nodots
        or "fka" in nodots
        or "formerly" in low
        or "also" in low
        or "branch" in low
        or "филиал" in low
        or "філія" in low
        or not _JOINERS.isdisjoint(low.split())
    )


def joined_names(name: str) -> list[str]:
    """The names a query joins, each a name of the same body: around a label naming a
    language ("... Arabic: بنك الخليج") or another name (a.k.a., formerly); two whole names
    joined by "and" (_two_names); a branch and the body it is a branch of (_BRANCH_OF). The
    whole query stays a name too; [] when it joins none."""
    if not _may_join(name):
        return []
    pieces = [name]
    for pattern in (_LANGUAGE_LABEL, _ALSO):
        pieces = [p for piece in pieces for p in pattern.split(piece)]
    pieces = [p for piece in pieces for p in (_two_names(piece) or [piece])]
    out: list[str] = []
    for piece in pieces:
        found = _BRANCH_OF.search(piece)
        if found is not None:
            rest = piece[: found.start()] + " " + piece[found.end() :]
            pieces_here = [found.group(1), _SPACE.sub(" ", rest)]
        else:
            pieces_here = [piece]
        for p in pieces_here:
            p = _LOOSE_ENDS.sub("", p)
            if p and p not in out and any(c.isalnum() for c in p):
                out.append(p)
    return [] if out == [_LOOSE_ENDS.sub("", name)] else out


# "Named after" and the person or event it names, to the end of the name or a quote, a
# bracket, a comma or a dash: Russian and Ukrainian imeni, im., English named after.
_DEDICATION = re.compile(
    r"(?i)(?:\bnamed\s+(?:after|for)\b|\bimeni\b|\bim\.|(?<!\w)имени(?!\w)|(?<!\w)им\.|"
    r"(?<!\w)імені(?!\w)|(?<!\w)ім\.)[^,;\"'«»“”„‘’()\[\]–—]*?(?=$|[,;\"'«»“”„‘’()\[\]–—]|\s-\s)"
)


# Hungarian names what a body is named after before it, the name in -ról/-ről and the word
# elnevezett ("A. I. Sokinról elnevezett Istok"), from the name's start or a quote.
_DEDICATION_BEFORE = re.compile(
    r"(?i)(?:^|(?<=[\"'«»“”„‘’(]))[^,;\"'«»“”„‘’()\[\]–—]*?(?:r[oó]l|r[eé]l|r[őö]l)\s+"
    r"elnevezett\b"
)


def _may_be_dedicated(name: str) -> bool:
    """Whether `_DEDICATION` or `_DEDICATION_BEFORE` may match: each of their words holds a
    period (im., им., ім.), "named", "men" (imeni, imeni's capitals, İmeni) or "мен" (имени,
    імені), or "elnevezett", whose letters have no other case (they are matched ignoring it).
    Substring tests in place of the expressions' search, which a name without any of these
    (nearly every name) made at some ten microseconds a query."""
    if "." in name:
        return True
    low = name.lower()
    return "named" in low or "men" in low or "мен" in low or "elnevezett" in low


def undedicated(name: str) -> list[str]:
    """The name without what it is named after, which other renderings often leave out:
    "Istok named after Shokin", "AO NPP Istok im. Shokina", "Sokinról elnevezett Istok" ->
    "Istok", "AO NPP Istok". Only when a word of the name's own is left (Zavod imeni
    Sverdlova is not "Zavod")."""
    if not _may_be_dedicated(name) or (
        not _DEDICATION.search(name) and not _DEDICATION_BEFORE.search(name)
    ):
        return []
    rest = _DEDICATION_BEFORE.sub(" ", _DEDICATION.sub(" ", name))
    rest = _SPACE.sub(" ", rest).strip()
    if not rest:
        return []
    for form in name_forms(rest, True):
        if any(t not in form.legal and t not in form.generic for t in form.tokens):
            return [rest]
    return []


# The Arabic article written together with the word it defines, in Latin, before a consonant:
# Alsolag, Alkhaleej (Al-Solag, Al Khaleej). The word left has this many letters at least,
# so that no short Latin word loses its first letters (Alrosa, Alstom, Alpha stay).
_JOINED_ARTICLE = re.compile(r"^al(?=[bcdfghjklmnpqrstvwxz])([a-z]{5,})$")


def latin_article_apart(form: NameForm) -> NameForm | None:
    """An organisation's name with a word that joins the Arabic article to a word of its own
    (Alsolag Mining Company) written without the article (Solag Mining Company), as a name
    written with it apart reads (Al-Solag): None when it has no such word. Not a generic
    word, a legal form nor a place (Algeria stays a country)."""
    if form.abjad or not form.thing:
        return None
    tokens = []
    for tok in form.tokens:
        found = _JOINED_ARTICLE.match(tok) if tok.startswith("al") else None
        if (
            found is None
            or tok in form.generic
            or tok in form.legal
            or concept(tok) is not None
            or place(tok)
        ):
            tokens.append(tok)
        else:
            tokens.append(found.group(1))
    if tuple(tokens) == form.tokens:
        return None
    return NameForm(tuple(tokens), form.abjad, form.legal, form.generic, True, form.given)


# A qualifier that disowns a name ("So-called Lugansk People's Republic"), no word of it.
_SO_CALLED = re.compile(r"(?i)(?<!\w)so[\s-]+called(?!\w)|(?<!\w)так\s+называем\w*")


@lru_cache(maxsize=65536)
def name_forms(text: str, organisation: bool = False) -> tuple[NameForm, ...]:
    """Every spelling of a name worth comparing, the most usual first.

    `organisation` is for the names of organisations and vessels: legal forms canonical,
    generic words as their concept, numbers in digits (names/orgterms.py).
    """
    if organisation:
        # The qualifier is searched for only where its words may be (case_alike).
        low = case_alike(text)
        if "called" in low or "называем" in low:
            text = _SO_CALLED.sub(" ", text)
        text = legal_forms_compared(state_forms(text))
    forms: dict[tuple[str, ...], NameForm] = {}
    raw: NameForm | None = None
    for rom in romanise(text):
        legal = generic = NO_WORDS
        if organisation:
            words, legal = canonical_org(collapse_spelled_out(" ".join(_thing_tokens(rom.tokens))))
            tokens = _arabic_tokens(words or rom.tokens)
            terms = org_terms(tokens, legal, rom.abjad)
            tokens, legal, generic = terms.tokens, terms.legal, terms.generic
            if terms.raw != tokens and terms.raw not in forms:
                raw_given = tuple(g for g in rom.given if g[0] in terms.raw)
                raw = NameForm(terms.raw, rom.abjad, legal, terms.raw_generic, True, raw_given)
        else:
            tokens = _arabic_tokens(strip_titles(tuple(map(digits_as_letters, rom.tokens))))
        given = tuple(g for g in rom.given if g[0] in tokens)
        if tokens and tokens not in forms:
            forms[tokens] = NameForm(tokens, rom.abjad, legal, generic, organisation, given)
        if raw is not None:
            forms[raw.tokens] = raw
            raw = None
        pinyin = None if organisation or rom.abjad else to_pinyin(tokens)
        if pinyin and pinyin not in forms:
            forms[pinyin] = NameForm(pinyin)
    if organisation:
        for form in list(forms.values()):
            apart = latin_article_apart(form)
            if apart is not None and apart.tokens not in forms:
                forms[apart.tokens] = apart
    return tuple(forms.values())
