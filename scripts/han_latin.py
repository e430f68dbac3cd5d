"""Write ICU's reading of every Han character (data/names/han_latin.tsv.gz).

A maintainer's tool, run when ICU's Han-Latin rules or names/translit.py's reading of them
change (a test says when):
    python scripts/han_latin.py src/watchlist/data/names/han_latin.tsv.gz
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

from watchlist.names.translit import han_latin_lines


def main(target: str) -> None:
    lines = han_latin_lines()
    text = "".join(f"{line}\n" for line in lines).encode("utf-8")
    # mtime=0: the same table gives the same bytes.
    Path(target).write_bytes(gzip.compress(text, compresslevel=9, mtime=0))
    print(f"{len(lines)} lines written to {target}")


if __name__ == "__main__":
    main(sys.argv[1])
