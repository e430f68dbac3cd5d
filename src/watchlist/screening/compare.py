"""Comparing pairs of names: does name2 name the same person or body as name1?"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from watchlist.errors import InvalidInput, ParseError
from watchlist.screening import inputs
from watchlist.screening.model import Pair
from watchlist.screening.screener import DEFAULT_THRESHOLD, Screener


def compare_pairs(
    screener: Screener, path: Path, threshold: float | None = None
) -> Iterator[dict[str, str]]:
    """Each row of a CSV with columns schema, name1, name2 (and any others, kept), plus
    score, match (true at or above the threshold) and explanation."""
    threshold = DEFAULT_THRESHOLD if threshold is None else inputs.threshold(threshold)
    assert threshold is not None
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            missing = {"name1", "name2"} - set(reader.fieldnames or ())
            if missing:
                raise ParseError(
                    str(path), "line 1", f"missing column(s) {', '.join(sorted(missing))}"
                )
            for row in reader:
                try:
                    pair = Pair.from_row(row)
                except InvalidInput as exc:
                    where = f"line {reader.line_num}, field {exc.field}"
                    raise ParseError(
                        str(path), where, exc.message, code=exc.code, field=exc.field
                    ) from None
                score, why = screener.compare(pair.query, pair.name2)
                out = {k: v or "" for k, v in row.items() if k is not None}
                out["score"] = f"{score:.4f}"
                out["match"] = "true" if score >= threshold else "false"
                out["explanation"] = why.explanation
                yield out
    except UnicodeDecodeError as exc:
        raise ParseError(str(path), None, f"not UTF-8 text: {exc.reason}") from None
    except csv.Error as exc:
        raise ParseError(str(path), None, f"malformed CSV: {exc}") from None
    except OSError as exc:
        raise ParseError(str(path), None, exc.strerror or str(exc)) from None
