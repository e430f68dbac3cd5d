"""Romanisation of names in any script into the ASCII spellings people write.

PyICU transliterators do the work; the tables here add the spellings they do not give:
several Cyrillic systems, Chinese names split into syllables, Hangul by hangul.py, and Arabic
letters of Persian and Urdu folded onto Arabic ones first.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from itertools import chain
from typing import Final, final

import icu

from watchlist.names import hangul
from watchlist.names.normalize import normalize
from watchlist.names.scripts import ABJADS, char_script, word_script
from watchlist.names.tables import table_lines

#: Most romanised forms kept for one name (the product of per-word variants is capped).
MAX_FORMS = 8

_TRANSFORMS = {
    "Latin": ("Latin-ASCII",),
    "Cyrillic": ("Russian-Latin/BGN; Latin-ASCII", "Cyrillic-Latin; Latin-ASCII"),
    "Ukrainian": ("Ukrainian-Latin/BGN; Latin-ASCII", "Russian-Latin/BGN; Latin-ASCII"),
    "Greek": ("Greek-Latin/UNGEGN; Latin-ASCII",),
    "Arabic": ("Arabic-Latin; Latin-ASCII",),
    "Hebrew": ("Hebrew-Latin; Latin-ASCII",),
    "Georgian": ("Georgian-Latin/BGN; Latin-ASCII", "Georgian-Latin; Latin-ASCII"),
    "Armenian": ("Armenian-Latin/BGN; Latin-ASCII", "Armenian-Latin; Latin-ASCII"),
    "Thai": ("Thai-Latin; Latin-ASCII",),
    "Hiragana": ("Hiragana-Latin; Latin-ASCII",),
    "Katakana": ("Katakana-Latin; Latin-ASCII",),
    "Devanagari": ("Devanagari-Latin; Latin-ASCII",),
    "Other": ("Any-Latin; Latin-ASCII",),
}

# Passport (ICAO 9303) romanisation of Russian, which no ICU transform gives.
_ICAO = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch ie y _ e iu ia".split(),
        strict=True,
    )
)
_UKRAINIAN = set("іїєґ")

# Persian and Urdu letters mapped onto the Arabic ones ICU's Arabic-Latin knows; the
# ta marbuta is written "h", as English spellings end such names (Fatimah, Fatima).
_ARABIC_FOLD = str.maketrans(
    {
        "ی": "ي",
        "ى": "ي",
        "ے": "ي",
        "ک": "ك",
        "ہ": "ه",
        "ھ": "ه",
        "ۃ": "ه",
        "ة": "ه",
        "ں": "ن",
        "ٹ": "ت",
        "ڈ": "د",
        "ڑ": "ر",
        "ۀ": "ه",
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
    }
)
_PERSIAN_LETTERS = frozenset("پچژگکیۀہےٹڈڑں")
_PERSIAN_SOUNDS = str.maketrans({"ض": "ز", "ذ": "ز", "ظ": "ز", "ث": "س"})
_PERSIAN_SOUNDING = frozenset("ضذظث")
_ARABIC_EXTRA = {"پ": "p", "چ": "ch", "ژ": "zh", "گ": "g", "ڤ": "v"}

_HAN_COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 诸葛 上官 司徒 夏侯 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 令狐 歐陽 司馬 諸葛".split()
)


#: A given name read from Han characters or Hangul: its token, the language of its syllables
#: ("pinyin", "korean") and the syllables, one a character (names/syllables.py).
GivenName = tuple[str, str, tuple[str, ...]]


@final
class Romanised:
    """One ASCII spelling of a name; `abjad` when it came from a script without vowels;
    `given`, the given names of it read from Han or Hangul, syllable by syllable.

    A frozen dataclass's value written out (as names.forms.NameForm is): compiled, without
    the interpreted __init__ that set each field through object.__setattr__."""

    __slots__ = ("tokens", "abjad", "given")

    def __init__(
        self, tokens: tuple[str, ...], abjad: bool = False, given: tuple[GivenName, ...] = ()
    ) -> None:
        self.tokens: Final = tokens
        self.abjad: Final = abjad
        self.given: Final = given

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Romanised):
            return NotImplemented
        return (self.tokens, self.abjad, self.given) == (other.tokens, other.abjad, other.given)

    def __hash__(self) -> int:
        return hash((self.tokens, self.abjad, self.given))

    def __repr__(self) -> str:
        return f"Romanised(tokens={self.tokens!r}, abjad={self.abjad!r}, given={self.given!r})"


# One spelling of a word: its tokens and the given names among them (GivenName).
_Variant = tuple[tuple[str, ...], tuple[GivenName, ...]]


@lru_cache(maxsize=32)
def _transliterator(spec: str) -> icu.Transliterator:
    return icu.Transliterator.createInstance(spec)


def _ascii_words(text: str) -> list[str]:
    return [w for w in normalize(text).split() if w.isascii()]


# The hard sign. Before е, ё, ю or я it parts the syllables (Russian объединение), as the
# soft sign does, and is written so: BGN writes ъ as a quote mark, which would cut the word in
# two (ob yedineniye). At a word's end (the old spelling: Коммерсантъ) it is nothing; elsewhere
# it is Bulgarian's vowel (въздушни, vazdushni).
_HARD_SIGN_SYLLABLE = re.compile(r"ъ(?=[еёюя])|Ъ(?=[ЕЁЮЯеёюя])")
_HARD_SIGN_END = re.compile(r"[ъЪ]\b")


def hard_sign(word: str) -> str:
    """A Cyrillic word with ъ as its letter is read: a syllable's parting sign as ь, at the
    end nothing, elsewhere the Bulgarian vowel а."""
    if "ъ" not in word and "Ъ" not in word:
        return word
    word = _HARD_SIGN_END.sub(
        "", _HARD_SIGN_SYLLABLE.sub(lambda m: "ь" if m[0] == "ъ" else "Ь", word)
    )
    return word.replace("ъ", "а").replace("Ъ", "А")


def _cyrillic(word: str) -> list[tuple[str, ...]]:
    word = hard_sign(word)
    specs = _TRANSFORMS["Ukrainian" if _UKRAINIAN & set(word) else "Cyrillic"]
    out = [tuple(_ascii_words(_transliterator(s).transliterate(word))) for s in specs]
    icao = "".join(_ICAO.get(c, c) for c in word).replace("_", "")
    out.append(tuple(_ascii_words(_transliterator("Any-Latin; Latin-ASCII").transliterate(icao))))
    return out


def _arabic(word: str, persian: bool) -> list[tuple[str, ...]]:
    # In Persian and Urdu these letters sound z, z, z and s, as English spellings write them.
    if persian:
        return [_arabic_reading(word.translate(_PERSIAN_SOUNDS))]
    readings = [_arabic_reading(word)]
    # A name that shows no letter of Persian or Urdu may still be one (Ahmadreza, Ramazan):
    # read the Arabic way and theirs (Ahmad-reza beside Ahmad-rida).
    if _PERSIAN_SOUNDING.intersection(word):
        readings.append(_arabic_reading(word.translate(_PERSIAN_SOUNDS)))
    return readings


#: Letters whose romanisation and an h after it read as another letter (s h as sh, z h as
#: zh, d h as dh) or as one h (h h).
_JOINS_H = frozenset("سصتطدضزظذثكغشخحچ")


def _arabic_reading(word: str) -> tuple[str, ...]:
    word = word.translate(_ARABIC_FOLD)
    # A final ha or ta marbuta after a consonant spells a vowel (Hamza, حمزة; Zadeh, زاده;
    # Talha, طلحة): written as the alif it is said as where its h would join the consonant's
    # romanisation into another letter (hmzh: zh) or into one h (tlhh: tlh).
    if len(word) > 2 and word[-1] == "ه" and word[-2] in _JOINS_H:
        word = word[:-1] + "ا"
    word = "".join(_ARABIC_EXTRA.get(c, c) for c in word)
    latin = _transliterator(_TRANSFORMS["Arabic"][0]).transliterate(word)
    words: list[str] = []
    for w in _ascii_words(latin):
        # The article al- is written joined to the noun: strip it, as the Latin side does.
        if w.startswith("al") and len(w) > 3:
            w = w[2:]
        # Compounds written as one word: Abd al-Hamid, Abu Ghaith.
        for prefix in ("bdal", "bdl", "abw"):
            if w.startswith(prefix) and len(w) >= len(prefix) + 3:
                words.append(prefix[:2] if prefix.startswith("bd") else prefix)
                w = w[len(prefix) :]
                break
        if w != "al":
            words.append(w)
    return tuple(words)


#: How Chinese names are read: ICU's Han-Latin for names, then Latin-ASCII.
HAN_LATIN = "Han-Latin/Names; Latin-ASCII"
#: The code points data/names/han_latin.tsv.gz covers: every one up to the end of the CJK
#: Unified Ideographs' extensions, but the surrogates. Each that HAN_LATIN reads as Latin
#: letters is in it (Han characters, and the Latin letters and digits a Chinese name may be
#: written with: 王o), with the compound surnames; the others of these it reads as nothing.
HAN_COVERED = ((0, 0xD7FF), (0xE000, 0x323AF))
HAN_TABLE = "han_latin.tsv.gz"


def han_latin_lines() -> list[str]:
    """The lines of data/names/han_latin.tsv.gz, worked out with ICU: each reading, tab, the
    characters of HAN_COVERED and the compound surnames read so, separated by spaces
    (scripts/han_latin.py writes the file; a test says when it is out of date)."""
    tr = _transliterator(HAN_LATIN)
    chars = (chr(cp) for first, last in HAN_COVERED for cp in range(first, last + 1))
    by_reading: dict[str, list[str]] = {}
    for text in chain(chars, sorted(_HAN_COMPOUND_SURNAMES)):
        reading = "".join(_ascii_words(tr.transliterate(text)))
        if reading:
            if text.split() != [text] or text.splitlines() != [text]:
                raise ValueError(f"{text!r} reads as {reading!r} and cannot be a table entry")
            by_reading.setdefault(reading, []).append(text)
    return [f"{reading}\t{' '.join(texts)}" for reading, texts in sorted(by_reading.items())]


@lru_cache(maxsize=1)
def _han_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for line in table_lines(HAN_TABLE):
        reading, texts = line.split("\t")
        table.update(dict.fromkeys(texts.split(" "), reading))
    return table


def han_reading(text: str, table: Mapping[str, str] | None = None) -> str:
    """HAN_LATIN's reading of one character or a compound surname, its ASCII words joined.

    From the shipped table (han_latin_lines): ICU builds its Han-Latin transliterator from
    some thirty thousand rules, a tenth of a second and a sixth of the instructions of a
    batch's start, and every process that read a Chinese name built it (a batch, a CLI call,
    the index build), to read one character at a time. Other text, and every text where the
    table is missing, is read by ICU itself. `table`: the shipped table unless given (empty,
    as where it is missing)."""
    if table is None:
        table = _han_table()
    found = table.get(text)
    if found is not None:
        return found
    if table and len(text) == 1 and any(lo <= ord(text) <= hi for lo, hi in HAN_COVERED):
        return ""
    return "".join(_ascii_words(_transliterator(HAN_LATIN).transliterate(text)))


def _han(word: str, alone: bool) -> list[_Variant]:
    # A name in one word is surname first; spaced words are already parts ("小红 李").
    if not alone:
        surname, given = "", word
    elif len(word) >= 3 and word[:2] in _HAN_COMPOUND_SURNAMES:
        surname, given = word[:2], word[2:]
    elif len(word) >= 2:
        surname, given = word[:1], word[1:]
    else:
        surname, given = "", word
    sur = han_reading(surname) if surname else ""
    syllables = [han_reading(c) for c in given]
    syllables = [s for s in syllables if s]
    head = (sur,) if sur else ()
    # A given name is one word ("Jinping"); lists that split it ("Jin Ping") meet it through
    # their joined tokens. Split syllables would let one common syllable pass for a match.
    given_name = "".join(syllables)
    if not given_name:
        return [(head, ())]
    return [(head + (given_name,), ((given_name, "pinyin", tuple(syllables)),))]


def _hangul(word: str, alone: bool) -> list[_Variant]:
    if len(word) == 1 and word in hangul.SURNAMES:
        return [((s,), ()) for s in hangul.surname_spellings(word)]
    # A name in one word is surname first; spaced words are already split.
    surname, given = hangul.split_surname(word) if alone else ("", word)
    out: list[_Variant] = []
    surnames = hangul.surname_spellings(surname) if surname else ("",)
    for i, syllables in enumerate(hangul.given_spellings(given)):
        for sur in surnames[:2] if i == 0 else surnames[:1]:
            head = (sur,) if sur else ()
            # Joined, as for Chinese given names: one syllable alone is no evidence.
            given_name = "".join(syllables)
            out.append((head + (given_name,), ((given_name, "korean", syllables),)))
    return out


def _plain(spellings: list[tuple[str, ...]]) -> list[_Variant]:
    return [(tokens, ()) for tokens in spellings]


# Letters of Latin and Cyrillic that look alike (as they are once case-folded: В is в, b), by
# which a word typed in one script carries letters of the other (PОLA with a Cyrillic О).
_LOOKALIKES = "аaвbеeкkмmнhоoрpсcтtуyхxіiјjѕsһhԁdӏl"
_TO_LATIN = str.maketrans(_LOOKALIKES[0::2], _LOOKALIKES[1::2])
_TO_CYRILLIC: dict[int, str] = str.maketrans(
    {latin: cyrillic for cyrillic, latin in zip(_LOOKALIKES[0::2], _LOOKALIKES[1::2], strict=True)}
    | {"h": "н"}
)


def lookalikes(word: str) -> str:
    """A word of Latin and Cyrillic letters in its main script alone, each letter of the
    other written as the letter it looks like (PОLA, Pомашка), when every such letter has
    one; else the word as it is."""
    return _lookalikes(word, word_script(word))


def _lookalikes(word: str, script: str | None) -> str:
    """lookalikes of a word whose script (word_script) is known."""
    if script not in ("Latin", "Cyrillic"):
        return word
    other = "Cyrillic" if script == "Latin" else "Latin"
    table = _TO_LATIN if script == "Latin" else _TO_CYRILLIC
    strays = {c for c in word if char_script(c) == other}
    if not strays:
        return word
    swapped = word.translate(table)
    return swapped if not any(char_script(c) == other for c in swapped) else word


#: Words whose spellings _word_variants keeps: a list's names share most of their words
#: (Mohammad, Bank, Company), and each is transliterated once.
WORD_CACHE = 65536


@lru_cache(maxsize=WORD_CACHE)
def _word_variants(
    word: str, alone: bool, persian: bool = False
) -> tuple[tuple[_Variant, ...], bool]:
    """The spellings of one word of a name, and whether its script is an abjad."""
    variants, abjad = _variants_of(word, alone, persian)
    return tuple(variants), abjad


def _variants_of(word: str, alone: bool, persian: bool) -> tuple[list[_Variant], bool]:
    if word.isascii():
        # Most words: Latin letters, digits and signs, which lookalikes leaves as they are
        # (no letter of another script) and so does Latin-ASCII (tests/names/test_translit.py),
        # at some fifteen microseconds a word met for the first time.
        return [(tuple(_ascii_words(word)), ())], False
    script = word_script(word)
    swapped = _lookalikes(word, script)
    if swapped != word:  # a stray letter of another script swapped: counted again
        word = swapped
        script = word_script(word)
    if script is None or script == "Latin":
        latin = tuple(_ascii_words(_transliterator("Latin-ASCII").transliterate(word)))
        return [(latin, ())], False
    if script == "Cyrillic":
        return _plain(_cyrillic(word)), False
    if script == "Arabic":
        return _plain(_arabic(word, persian)), True
    if script == "Han":
        return _han(word, alone), False
    if script == "Hangul" and hangul.is_hangul(word):
        return _hangul(word, alone), False
    specs = _TRANSFORMS.get(script, _TRANSFORMS["Other"])
    out = [tuple(_ascii_words(_transliterator(spec).transliterate(word))) for spec in specs]
    return _plain(out), script in ABJADS


#: The article and what a word before it written joined needs to be a word of its own: three
#: letters at least (بشار in بشارالاسد), and no compound's head (عبد, ابو, ذو), which the
#: reading of the whole word splits itself or keeps whole (Abdullah, Abolfazl).
_ARTICLE = "ال"
_BEFORE_ARTICLE = 3
#: ...and what a word beginning with the article needs: two letters after it (الاسد).
_AFTER_ARTICLE = len(_ARTICLE) + 2
_COMPOUND_HEADS = frozenset({"عبد", "ابو", "أبو", "ذو", "بو"})


def article_apart(word: str, before: int = _BEFORE_ARTICLE) -> list[str]:
    """An Arabic-script word holding the article of a second word written joined to it
    (بشارالاسد, نورالدين) as the words it is (بشار الاسد, نور الدين); a word whose article
    comes sooner (جلال, كمال) or ends it (اقبال) is one word.

    `before`: the letters the word needs before an article it is split at. A part that
    begins with an article (the rest of a word split) is a word only with two letters after
    it, as the last part is: a third article is looked for only past those."""
    at = word.find(_ARTICLE, before)
    if at < 0 or len(word) - at < _AFTER_ARTICLE or word[:at] in _COMPOUND_HEADS:
        return [word]
    if word_script(word) != "Arabic":
        return [word]
    return [word[:at], *article_apart(word[at:], _AFTER_ARTICLE)]


@lru_cache(maxsize=2048)
def romanise(text: str, whole: bool = True) -> tuple[Romanised, ...]:
    """Distinct ASCII spellings of a name, the most usual first.

    A Chinese or Korean name written as one word is surname then given name; `whole=False`
    says the text is one part of a name (a given name alone), not to be split.
    """
    per_word: list[list[_Variant]] = []
    abjad = False
    words = [part for word in normalize(text).split() for part in article_apart(word)]
    persian = bool(_PERSIAN_LETTERS.intersection(text))
    for word in words:
        found, is_abjad = _word_variants(word, whole and len(words) == 1, persian)
        abjad = abjad or is_abjad
        variants = [v for v in dict.fromkeys(found) if v[0]]
        if variants:
            per_word.append(variants)
    if not per_word:
        return ()
    # Variant i of every word together: one romanisation system across the whole name.
    forms: list[Romanised] = []
    seen: set[tuple[str, ...]] = set()
    for i in range(min(MAX_FORMS, max(len(v) for v in per_word))):
        chosen = [v[min(i, len(v) - 1)] for v in per_word]
        tokens = tuple(t for spelling, _ in chosen for t in spelling)
        if tokens and tokens not in seen:
            seen.add(tokens)
            forms.append(Romanised(tokens, abjad, tuple(g for _, found in chosen for g in found)))
    return tuple(forms)
