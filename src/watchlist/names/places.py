"""Countries in organisation names, one spelling each: Russia, Rossiya and Rosja are one
country, Syria, Siria and Sīrija another, and a country's adjective or people (Syrian,
Egyptian, Rossiyskiy, Chinese) names it too.

The reference is rigour's territory table (`rigour.territories`), which knows the names of
countries in many languages; the words of its names, worked out once, ship as
data/names/territory_words.tsv (scripts/territory_words.py writes it anew, a test checks it is
current): working them out took a tenth of a second of every process that screens.

A word is looked up as it is; failing that, as a country's adjective: less an ending (-ian, -an,
-ese, -i, -ish, the Slavic -iyskiy...), with a country's name ending put back (Syri-an, Syri-a;
Chin-ese, Chin-a; Rossi-yskiy, Rossi-ya), the stem of four letters at least. Failing that, a
word that begins with a country's name less its final vowels, of seven letters at least, is the
country's adjective in some language (Palästinensischer, Palestinsky, Palestiniešu; Palestiina
once folded: Palestine) when an ending follows, a vowel or -sk-, not another word (Belaruskali,
Belarusbank are no Belarus). Only countries (a region or a city of one name may be another of
the same region: Kazan is not Chelny), and codes are no names (Ken is no Kenya).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

from rigour._core import territories_jsonl
from rigour.data import iter_jsonl_text

from watchlist.names.normalize import normalize
from watchlist.names.phonetic import fold

#: A country's other names shorter than this are left out (Risi, Lasa, Sile)...
MIN_NAME = 5
#: ...and common words and given names the table lists as some country's other name.
_WORDS = frozenset(
    """
    island internet online maurice mauricio maurizio domingo ruslan salvador trinidad marita
    moloko liber helene shine poole norra elitee marsh granada kanda columbia keeling
    """.split()
)
#: Given names read as no country's adjective (François, Germain: not France, Germany).
_GIVEN = frozenset("francois francoise germain germaine".split())
#: ...and a country's adjective has a stem of at least this many letters (Cub-an is not read).
MIN_STEM = 4
#: A country's name less its final vowels this long or longer begins its adjectives in any
#: language, whatever ending follows (Palestin-ensischer, Palestin-sky; Colomb is too short a
#: stem to tell Colombia from Colombo, a city).
MIN_PREFIX = 7

# Endings of a country's adjective or its people, tried shortest first (Syri-an before
# Egypt-ian), and what the country's name may end in instead.
_ADJECTIVE_ENDINGS = (
    "s",
    "i",
    "an",
    "ic",
    "ian",
    "ean",
    "ese",
    "ish",
    "ien",
    "isk",
    "iska",
    "iske",
    "isch",
    "ische",
    "ischer",
    "ischen",
    "ienne",
    "iyskiy",
    "iyskaya",
    "iyskoye",
    "iyskogo",
    "iyskoy",
    "iiskii",
    "iiskaia",
    "iiskoe",
    "iiskogo",
    "iiskoi",
    "ijskij",
    "ijskaja",
    "ijskoe",
    "ijskogo",
    "ijskoj",
    "skiy",
    "skaya",
    "skoye",
    "skogo",
    "skoy",
    "skii",
    "skaia",
    "skoe",
    "skoi",
    "skij",
    "skaja",
    "skoj",
    "sk",
    "ska",
    "ske",
    "sko",
    "ski",
    # Dutch (Marokk-aans, Marokk-aanse: Marokko; Iraans: Iran, Amerik-aanse) and French
    # (Maroc-ain, Maroc-aine; Syri-en, Syri-enne; Liban-ais; Chin-ois) adjectives.
    "aans",
    "aanse",
    "enne",
    "ennes",
    "ain",
    "aine",
    "ains",
    "aines",
    "ais",
    "aise",
    "ois",
    "oise",
    # Bulgarian, with its article (Iran-skata, Iran-skiya, Siri-yska: Siria) and Polish
    # (Izrael-skie, Iran-skiego).
    "skata",
    "skiya",
    "skiyat",
    "skoto",
    "skite",
    "yska",
    "yskata",
    "yski",
    "skie",
    "skiego",
    "skiej",
)
#: Polish adjectives of countries whose name ends in -ia or -ja (Syr-yjskie: Syria; Ros-yjski:
#: Rosja), whose stem may be of three letters.
_POLISH_ENDINGS = ("yjski", "yjska", "yjskie", "yjskiego", "yjskiej", "yjskich")
_POLISH_NAME_ENDINGS = ("ia", "ja")
#: The shortest stem a Polish -yjski adjective is read from.
MIN_POLISH_STEM = 3
_NAME_ENDINGS = ("", "a", "ia", "e", "o", "y", "ya", "iya", "ey", "any")
#: The adjective endings by their last letter, each letter's in their order: a word is tried
#: with those it may end in, not all seventy-odd.
_ENDINGS_BY_LAST: dict[str, tuple[str, ...]] = {
    last: tuple(e for e in _ADJECTIVE_ENDINGS if e[-1] == last)
    for last in dict.fromkeys(e[-1] for e in _ADJECTIVE_ENDINGS)
}


_ASCII_LETTER = re.compile("[A-Za-z]")
#: What `normalize` and then _words make of each ASCII character: a letter stays (lower case),
#: an apostrophe or a backtick joins, a digit goes once normalised, anything else parts words.
_ASCII_WORDS = str.maketrans(
    {
        **{chr(c): " " for c in range(128) if not chr(c).isalnum()},
        **dict.fromkeys("'`0123456789"),
    }
)


def _words(name: str) -> list[str]:
    """A name's words in ASCII letters, less a parenthesised remark."""
    name = name.split("(")[0]
    if name.isascii():
        # Two in five of the table's names: one pass in C, no letter-by-letter normalising.
        return name.lower().translate(_ASCII_WORDS).split()
    # A name in another script has none; the letters _words keeps are among those of its
    # decomposed case fold (`normalize` only removes letters or turns them into spaces), which
    # C finds at once: four in ten of the table's names are never normalised letter by letter.
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", name).casefold())
    if _ASCII_LETTER.search(folded) is None:
        return []
    name = unicodedata.normalize("NFKD", normalize(name))
    return "".join(c for c in name if c == " " or (c.isascii() and c.isalpha())).split()


#: A country's name of several words has at most this many.
LONGEST_COUNTRY = 8


Territories = tuple[dict[str, str], dict[str, str], dict[tuple[str, ...], str]]

#: build_territories' tables as shipped (see the module's docstring).
TERRITORY_WORDS = "names/territory_words.tsv"


@lru_cache(maxsize=1)
def _territories() -> Territories:
    """countries() and country_phrases(): the tables build_territories makes, as shipped in
    the package. Each line is a kind, a key and a value, tab-separated: `name` (a one-word name
    and its country's code), `spelling` (a code and its spelling) or `phrase` (a name's words,
    separated by spaces, and its country's spelling), in the order build_territories made
    them."""
    text = resources.files("watchlist.data").joinpath(TERRITORY_WORDS).read_text("utf-8")
    names: dict[str, str] = {}
    spelling: dict[str, str] = {}
    by_words: dict[tuple[str, ...], str] = {}
    for line in text.splitlines():
        kind, key, value = line.split("\t")
        if kind == "name":
            names[key] = value
        elif kind == "spelling":
            spelling[key] = value
        else:
            by_words[tuple(key.split(" "))] = value
    return names, spelling, by_words


def territory_lines(tables: Territories) -> list[str]:
    """The lines of TERRITORY_WORDS for `tables` (as _territories reads them)."""
    names, spelling, by_words = tables
    return [
        *(f"name\t{k}\t{v}" for k, v in names.items()),
        *(f"spelling\t{k}\t{v}" for k, v in spelling.items()),
        *(f"phrase\t{' '.join(k)}\t{v}" for k, v in by_words.items()),
    ]


def build_territories() -> Territories:
    """countries() and country_phrases() in one pass over rigour's table: each name's words
    worked out once."""
    names: dict[str, str] = {}
    spelling: dict[str, str] = {}
    phrases: list[tuple[tuple[str, ...], str]] = []
    for row in iter_jsonl_text(territories_jsonl()):
        code = str(row["code"])
        if "-" in code or code == "zz":  # a region, a city; the world
            continue
        own = _words(row["name"])
        spelling[code] = "".join(own)
        names.setdefault("".join(own), code)
        strong = [_words(other) for other in row.get("names_strong", [])]
        full = _words(row.get("full_name") or "")
        for words in [own, full, *strong]:
            if 1 < len(words) <= LONGEST_COUNTRY:
                phrases.append((tuple(words), code))
        for words in [*strong, full, *(_words(other) for other in row.get("names_weak", []))]:
            if len(words) != 1 or len(words[0]) < MIN_NAME:
                continue
            word = words[0]
            if word in _WORDS:
                continue
            names.setdefault(word, code)
    by_words: dict[tuple[str, ...], str] = {}
    for words_, code in phrases:
        by_words.setdefault(words_, spelling[code])
    return names, spelling, by_words


@lru_cache(maxsize=1)
def countries() -> tuple[dict[str, str], dict[str, str]]:
    """Each one-word name of a country (rigour's table: its name and the other names it
    knows, strong and weak) and the country's code; and each code's own one-word spelling
    (Russia -> russia, United States -> unitedstates); not the other names that are common
    words or given names (Island, Iceland's name in Icelandic; Maurice)."""
    names, spelling, _ = _territories()
    return names, spelling


@lru_cache(maxsize=1)
def country_phrases() -> dict[tuple[str, ...], str]:
    """Each name of a country of two words or more (rigour's table: its name, its full name
    and its other strong names: Islamic Republic of Iran, Russian Federation, Syrian Arab
    Republic) as words, and the country's one spelling (countries). A name of two words that
    spells a name of one (United States, unitedstates) is one too."""
    return _territories()[2]


@lru_cache(maxsize=100_000)
def country_code(token: str) -> str | None:
    """The code of the country a word names (Rossiya: ru), or whose adjective it is (Syrian,
    Rossiyskiy, Chinese); None for any other word."""
    if not token.isalpha() or not token.isascii():
        return None
    names = countries()[0]
    found = names.get(token)
    if found is not None:
        return found
    if token in _GIVEN:
        return None
    for ending in _ENDINGS_BY_LAST.get(token[-1], ()):
        if not token.endswith(ending) or len(token) - len(ending) < MIN_STEM:
            continue
        base = token[: -len(ending)]
        for end in _NAME_ENDINGS:
            found = names.get(base + end)
            if found is not None:
                return found
    for ending in _POLISH_ENDINGS:
        if not token.endswith(ending) or len(token) - len(ending) < MIN_POLISH_STEM:
            continue
        base = token[: -len(ending)]
        for end in _POLISH_NAME_ENDINGS:
            found = names.get(base + end)
            if found is not None:
                return found
    return None


@lru_cache(maxsize=1)
def country_stems() -> dict[str, str]:
    """Each one-word name of a country that ends in a vowel, less its final vowels,
    MIN_PREFIX letters or more, and the country's code; a stem two countries share is left
    out. (A name ending in a consonant, Deutsch, is read with the adjective endings above.)"""
    out: dict[str, str] = {}
    shared: set[str] = set()
    for name, code in countries()[0].items():
        stem = name.rstrip("aeiouy")
        if stem == name or len(stem) < MIN_PREFIX or stem in shared:
            continue
        if out.setdefault(stem, code) != code:
            shared.add(stem)
            del out[stem]
    return out


@lru_cache(maxsize=1)
def stem_starts() -> frozenset[str]:
    """The first MIN_PREFIX letters of each stem of country_stems."""
    return frozenset(stem[:MIN_PREFIX] for stem in country_stems())


#: What may follow a country's stem in its adjective: nothing, a vowel, or a Slavic or Germanic
#: -sk-, -sch- (Palestin-sky, Palästin-ensischer); another word may not (Belarus-kali).
_STEM_ENDINGS = ("a", "e", "i", "o", "u", "y", "sk", "sch")


def _stem_code(token: str) -> str | None:
    """The code of the country whose name's stem begins the word and an ending follows, the
    longest stem first."""
    stems = country_stems()
    starts = stem_starts()
    folded = fold(token)
    # Danish and Norwegian write ae (æ) where other languages write e (Palæstina, Palestina).
    for word in dict.fromkeys((token, folded, folded.replace("ae", "e"))):
        if word[:MIN_PREFIX] not in starts:  # no stem begins so: none is the word's
            continue
        for end in range(len(word), MIN_PREFIX - 1, -1):
            found = stems.get(word[:end])
            if found is not None and (end == len(word) or word[end:].startswith(_STEM_ENDINGS)):
                return found
    return None


def country_word(token: str) -> str | None:
    """The one spelling of the country a word names (Rossiya, Russian: russia), or whose
    adjective in any language it is (Palästinensischer: palestine), or None. (Only a word
    of a name: two words written together, as an alignment tries them, may begin with a
    country's stem too, so country_code does not read stems.)"""
    code = country_code(token)
    if code is None and token.isalpha() and token.isascii():
        code = _stem_code(token)
    return None if code is None else countries()[1].get(code, token)
