"""Build the reference corpus of ordinary words (data/names/word_frequencies.tsv.gz).

A maintainer's tool, run when the corpus should change:
    PYTHONPATH=DIR_WITH_WORDFREQ python scripts/word_corpus.py src/watchlist/data/names/
It reads the word lists that the wordfreq package ships for each of its languages (but
Chinese, Japanese and Korean, whose words are not written apart as the romanised names of
the lists are), keeps the words at least as frequent as MIN_ZIPF, romanises each with this
package's pipeline, and writes for each folded token the highest Zipf frequency (log10 of
occurrences per billion words) it has in any one language. wordfreq is needed only here,
not at run time.

A company's distinctive word that is an everyday word of some language (Liberty, Northern,
Capital) tells less of which company is meant than an invented one (Rosneft, Sepasad); the
matcher weighs it so (match/things.py).
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

from watchlist.names.normalize import normalize
from watchlist.names.phonetic import fold
from watchlist.names.translit import romanise

#: Words rarer than this (one in a hundred thousand running words) are left out.
MIN_ZIPF = 4.0
#: Languages whose words are not written apart, as the lists' romanised names are.
SKIP = frozenset({"zh", "ja", "ko"})


def language_words(lang: str) -> dict[str, float]:
    """Folded romanised token -> the Zipf frequency of the commonest word spelt so."""
    from wordfreq import iter_wordlist, zipf_frequency

    out: dict[str, float] = {}
    for word in iter_wordlist(lang, "small"):
        zipf = zipf_frequency(word, lang)
        if zipf < MIN_ZIPF:
            break
        text = normalize(word)
        if not text or " " in text or any(c.isdigit() for c in text):
            continue
        for spelling in romanise(text, whole=False):
            if len(spelling.tokens) != 1:
                continue
            token = fold(spelling.tokens[0])
            if len(token) > 1 and zipf > out.get(token, 0.0):
                out[token] = zipf
    return out


def main(argv: list[str]) -> None:
    from wordfreq import available_languages

    folder = Path(argv[1])
    best: dict[str, float] = {}
    for lang in sorted(available_languages("small")):
        if lang in SKIP:
            continue
        for token, zipf in language_words(lang).items():
            if zipf > best.get(token, 0.0):
                best[token] = zipf
    lines = "".join(f"{t}\t{z:.2f}\n" for t, z in sorted(best.items()))
    (folder / "word_frequencies.tsv.gz").write_bytes(gzip.compress(lines.encode(), mtime=0))
    print(f"{len(best)} words", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv)
