"""Build the reference corpus of ordinary name frequencies (data/names/name_frequencies.tsv.gz).

A maintainer's tool, run when the corpus should change:
    PYTHONPATH=DIR_WITH_FAKER python scripts/name_corpus.py src/watchlist/data/names/ \
        [Unihan_Readings.txt]
It reads the given and family name lists that the Faker package ships for each of its locales
(census-weighted where Faker has weights), romanises every name with this package's pipeline,
and writes for each folded token the largest share of people bearing it in any one locale.
Faker is needed only here, not at run time.
"""

from __future__ import annotations

import gzip
import importlib
import pkgutil
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from watchlist.names.phonetic import fold
from watchlist.names.translit import romanise

#: Name-list attributes of Faker's person providers that hold names, not formats.
_SKIP = ("prefix", "suffix", "format", "romanized", "kana", "pair", "language")
#: Shorter lists are samples, not a population: their uniform shares would mean nothing.
MIN_LIST = 20
#: No token is borne by more than this share of people, whatever a short list implies.
MAX_SHARE = 0.05


def _name_lists(provider: Any) -> Iterable[tuple[str, Mapping[str, float]]]:
    for attr in dir(provider):
        if "name" not in attr or attr.startswith("_") or any(s in attr for s in _SKIP):
            continue
        value = getattr(provider, attr)
        if isinstance(value, Mapping) and value and all(isinstance(k, str) for k in value):
            yield attr, {k: float(v) for k, v in value.items()}
        elif isinstance(value, list | tuple) and value and all(isinstance(v, str) for v in value):
            yield attr, dict.fromkeys(value, 1.0)


def locale_shares(provider: Any) -> dict[str, float]:
    """Folded token -> share of the locale's people bearing it (given or family name)."""
    shares: dict[str, float] = {}
    for attr, names in _name_lists(provider):
        if len(names) < MIN_LIST:
            continue
        # A given name alone is not a surname followed by a given name.
        whole = "first" not in attr
        total = sum(names.values()) or 1.0
        for name, weight in names.items():
            for form in romanise(name, whole)[:3]:
                for token in form.tokens:
                    key = fold(token)
                    if len(key) > 1:
                        shares[key] = max(shares.get(key, 0.0), min(MAX_SHARE, weight / total))
    return shares


def build(out_dir: Path) -> int:
    person = importlib.import_module("faker.providers.person")
    merged: dict[str, float] = {}
    for info in pkgutil.iter_modules(person.__path__):
        module = importlib.import_module(f"faker.providers.person.{info.name}")
        provider = getattr(module, "Provider", None)
        if provider is None:
            continue
        for token, share in locale_shares(provider).items():
            merged[token] = max(merged.get(token, 0.0), share)
    lines = "".join(f"{t}\t{s:.3g}\n" for t, s in sorted(merged.items()))
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "name_frequencies.tsv.gz").write_bytes(gzip.compress(lines.encode(), mtime=0))
    return len(merged)


def build_han_readings(unihan_readings: Path, out_dir: Path) -> int:
    """Korean (kHangul) and Japanese (kJapaneseKun, kJapaneseOn) readings of Han characters,
    from the Unicode Consortium's Unihan_Readings.txt, as han_readings.tsv.gz."""
    fields = {"kHangul": 0, "kJapaneseKun": 1, "kJapaneseOn": 2}
    table: dict[str, list[str]] = {}
    for line in unihan_readings.read_text(encoding="utf-8").splitlines():
        if not line.startswith("U+"):
            continue
        code, field, value = line.split("\t", 2)
        if field in fields:
            char = chr(int(code[2:], 16))
            table.setdefault(char, ["", "", ""])[fields[field]] = value.strip().lower()
    lines = "".join(c + "\t" + "\t".join(v) + "\n" for c, v in sorted(table.items()))
    (out_dir / "han_readings.tsv.gz").write_bytes(gzip.compress(lines.encode(), mtime=0))
    return len(table)


if __name__ == "__main__":
    out = Path(sys.argv[1])
    print(build(out), "name tokens")
    if len(sys.argv) > 2:
        print(build_han_readings(Path(sys.argv[2]), out), "Han characters")
