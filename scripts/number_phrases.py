"""Write the table of numbers written as words (data/names/number_phrases.tsv).

A maintainer's tool, run when rigour's ordinals or this package's romaniser change (a test
says when):
    python scripts/number_phrases.py src/watchlist/data/names/number_phrases.tsv
Each line: the words, separated by spaces, a tab, the number in digits.
"""

from __future__ import annotations

import sys
from pathlib import Path

from watchlist.names.orgterms import build_number_phrases


def main(target: str) -> None:
    table = build_number_phrases()
    lines = sorted(f"{' '.join(words)}\t{value}\n" for words, value in table.items())
    Path(target).write_text("".join(lines), encoding="utf-8")
    print(f"{len(lines)} number phrases written to {target}")


if __name__ == "__main__":
    main(sys.argv[1])
