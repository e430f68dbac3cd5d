"""Korean names in Hangul romanised as people write them: Revised, McCune-Reischauer, popular.

Each syllable is decomposed into its jamo (Unicode's arithmetic layout of the Hangul block) and
romanised by table; surnames take their customary spellings (Kim, Lee, Park), which neither
system gives.
"""

from __future__ import annotations

_RR_INITIAL = "g kk n d tt r m b pp s ss _ j jj ch k t p h".split()
_MR_INITIAL = "k kk n t tt r m p pp s ss _ ch tch ch k t p h".split()
_RR_MEDIAL = "a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i".split()
_MR_MEDIAL = "a ae ya yae o e yo ye o wa wae oe yo u wo we wi yu u ui i".split()
_FINAL = "_ k k k n n n t l k m l l l p l m p p t t ng t t k t p t".split()

#: Customary spellings of common surnames, first the most usual.
SURNAMES: dict[str, tuple[str, ...]] = {
    "김": ("kim", "gim"),
    "이": ("lee", "yi", "rhee", "ri"),
    "리": ("ri", "lee"),
    "박": ("park", "pak", "bak"),
    "최": ("choi", "choe"),
    "정": ("jung", "chung", "jeong"),
    "강": ("kang",),
    "조": ("cho", "jo"),
    "윤": ("yoon", "yun"),
    "장": ("jang", "chang"),
    "임": ("lim", "im", "rim"),
    "림": ("rim", "lim"),
    "한": ("han",),
    "오": ("oh", "o"),
    "서": ("seo", "suh", "so"),
    "신": ("shin", "sin"),
    "권": ("kwon",),
    "황": ("hwang",),
    "안": ("ahn", "an"),
    "송": ("song",),
    "류": ("ryu", "yoo"),
    "유": ("yoo", "yu"),
    "홍": ("hong",),
    "전": ("jeon", "chun", "jon"),
    "고": ("ko", "go"),
    "문": ("moon", "mun"),
    "양": ("yang",),
    "량": ("ryang", "yang"),
    "손": ("son", "sohn"),
    "배": ("bae", "pae"),
    "백": ("baek", "paek"),
    "허": ("heo", "hur"),
    "노": ("noh", "roh"),
    "로": ("ro", "roh"),
    "남": ("nam",),
    "심": ("shim", "sim"),
    "하": ("ha",),
    "곽": ("kwak",),
    "성": ("sung",),
    "차": ("cha",),
    "주": ("joo", "ju"),
    "우": ("woo",),
    "구": ("koo", "ku"),
    "민": ("min",),
    "진": ("jin", "chin"),
    "지": ("ji", "chi"),
    "엄": ("um", "eom"),
    "채": ("chae",),
    "원": ("won",),
    "천": ("chun", "cheon"),
    "방": ("bang", "pang"),
    "공": ("kong",),
    "현": ("hyun", "hyon"),
    "함": ("ham",),
    "변": ("byun", "pyon"),
    "여": ("yeo", "yo"),
    "추": ("choo", "chu"),
    "도": ("do", "to"),
    "석": ("seok", "sok"),
    "선": ("sun",),
    "마": ("ma",),
    "길": ("gil", "kil"),
    "연": ("yeon", "yon"),
    "표": ("pyo",),
    "명": ("myung", "myong"),
    "기": ("ki",),
    "반": ("ban", "pan"),
    "왕": ("wang",),
    "금": ("keum", "kum"),
    "옥": ("ok",),
    "육": ("yook", "yuk"),
    "인": ("in",),
    "탁": ("tak",),
    "국": ("kook", "kuk"),
    "태": ("tae",),
    "봉": ("bong", "pong"),
}
_DOUBLE_SURNAMES = ("남궁", "선우", "제갈", "황보", "독고", "사공", "서문")


def _syllable(char: str, initial: list[str], medial: list[str]) -> str:
    code = ord(char) - 0xAC00
    if not 0 <= code < 11172:
        return ""
    lead, vowel, tail = code // 588, (code % 588) // 28, code % 28
    text = initial[lead] + medial[vowel] + _FINAL[tail]
    return text.replace("_", "")


def is_hangul(word: str) -> bool:
    return bool(word) and all(0 <= ord(c) - 0xAC00 < 11172 for c in word)


def romanise_syllables(word: str, system: str) -> list[str]:
    """Each syllable of `word` in "rr" (Revised) or "mr" (McCune-Reischauer, no breves)."""
    initial, medial = (_RR_INITIAL, _RR_MEDIAL) if system == "rr" else (_MR_INITIAL, _MR_MEDIAL)
    return [_syllable(c, initial, medial) for c in word]


def split_surname(word: str) -> tuple[str, str]:
    """(surname, given name) of a name written as one word, surname first."""
    if len(word) >= 3 and word[:2] in _DOUBLE_SURNAMES:
        return word[:2], word[2:]
    if len(word) >= 2:
        return word[:1], word[1:]
    return "", word


def surname_spellings(surname: str) -> tuple[str, ...]:
    """Customary and systematic spellings of a surname."""
    rr = "".join(romanise_syllables(surname, "rr"))
    mr = "".join(romanise_syllables(surname, "mr"))
    found = SURNAMES.get(surname, ())
    return tuple(dict.fromkeys((*found[:2], rr, mr)))


def given_spellings(given: str) -> tuple[tuple[str, ...], ...]:
    """A given name's syllables in Revised, McCune-Reischauer and the popular mix of both."""
    rr = tuple(romanise_syllables(given, "rr"))
    mr = tuple(romanise_syllables(given, "mr"))
    # The popular spelling (Kim Jong Un) keeps Revised consonants with McCune vowels.
    pop = tuple(s.replace("eo", "o").replace("eu", "u") for s in rr)
    return tuple(dict.fromkeys((rr, mr, pop)))
