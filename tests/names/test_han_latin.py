"""Han characters are read from the shipped table of ICU's Han-Latin readings
(names/translit.han_reading), exactly as ICU reads them, without building ICU's transliterator."""

from __future__ import annotations

import pytest

from watchlist.names import translit
from watchlist.names.tables import table_lines
from watchlist.names.translit import (
    HAN_LATIN,
    HAN_TABLE,
    _ascii_words,
    _transliterator,
    han_latin_lines,
    han_reading,
    romanise,
)


def icu_reading(text: str) -> str:
    return "".join(_ascii_words(_transliterator(HAN_LATIN).transliterate(text)))


def test_the_shipped_han_table_is_current() -> None:
    # ICU's reading of every character the table covers (han_reading finds a character of
    # these that is not in it reads as nothing) and of every compound surname.
    assert table_lines(HAN_TABLE) == han_latin_lines(), (
        "ICU's Han-Latin rules or translit's reading of them changed: run "
        "python scripts/han_latin.py src/watchlist/data/names/han_latin.tsv.gz"
    )


@pytest.mark.parametrize(
    ("text", "expected", "reason"),
    [
        ("王", "wang", "a surname in the table"),
        ("欧阳", "ouyang", "a compound surname, read as one"),
        ("尉", "yu", "ICU's reading for names, not wei"),
        ("单", "shan", "ICU's reading for names, not dan"),
        ("\U0002a6d6", "", "an extension B character ICU does not read: nothing"),
        ("o", "o", "a Latin letter in a Chinese name (王o): in the table too"),
        ("々", "", "the iteration mark: nothing"),
        ("·", "", "a middle dot between the parts of a name: nothing"),
        ("\U000e0041", "", "beyond the table's code points: read by ICU, nothing"),
        ("王小", "wangxiao", "two characters that are no compound surname: read by ICU"),
    ],
)
def test_han_reading(text: str, expected: str, reason: str) -> None:
    assert han_reading(text) == expected == icu_reading(text), reason


def test_without_the_table_icu_reads_every_character() -> None:
    assert [han_reading(c, table={}) for c in "王小明"] == ["wang", "xiao", "ming"]
    assert han_reading("\U0002a6d6", table={}) == ""


def test_a_chinese_name_is_read_from_the_table() -> None:
    # Whatever reads a Chinese name (a batch's start, a CLI call) no longer builds ICU's
    # Han-Latin transliterator (a tenth of a second): reading one builds no transliterator.
    romanise.cache_clear()
    translit._word_variants.cache_clear()
    _transliterator.cache_clear()  # its count of transliterators built, too
    try:
        spellings = romanise("欧阳小红")
        built = _transliterator.cache_info().misses
    finally:
        romanise.cache_clear()
        translit._word_variants.cache_clear()
    assert spellings[0].tokens == ("ouyang", "xiaohong")
    assert spellings[0].given == (("xiaohong", "pinyin", ("xiao", "hong")),)
    assert built == 0
    # ...where ICU's reading builds one.
    assert icu_reading("欧阳") == "ouyang" and _transliterator.cache_info().misses == 1
