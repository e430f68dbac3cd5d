"""Write the words of the names of countries (data/names/territory_words.tsv).

A maintainer's tool, run when rigour's territory table or names/places.py's reading of it
changes (a test says when):
    python scripts/territory_words.py src/watchlist/data/names/territory_words.tsv
"""

from __future__ import annotations

import sys
from pathlib import Path

from watchlist.names.places import build_territories, territory_lines


def main(target: str) -> None:
    lines = territory_lines(build_territories())
    Path(target).write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    print(f"{len(lines)} lines written to {target}")


if __name__ == "__main__":
    main(sys.argv[1])
