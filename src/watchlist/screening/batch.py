"""Screening many queries: CSV in, one row per hit out, streamed and spread over the cores.

The index is loaded once in the parent; worker processes are forked after that, so they share
it copy-on-write instead of each loading or pickling it. Queries travel in chunks, results
come back in input order, and only a bounded number of chunks is in flight at once, so memory
stays flat however long the input is.
"""

from __future__ import annotations

import csv
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import TextIO

from watchlist.errors import ParseError
from watchlist.model.access import Actor
from watchlist.screening.model import Hit, Query
from watchlist.screening.screener import DEFAULT_THRESHOLD, Screener

CHUNK = 200
HIT_COLUMNS = (
    "source",
    "source_id",
    "caption",
    "schema",
    "score",
    "explanation",
    "restricted",
    "ref",
)

_WORKER: tuple[Screener, Actor, float, int] | None = None


def _split(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(v.strip() for v in value.split(";") if v.strip())


def read_queries(path: Path) -> Iterator[tuple[str, Query]]:
    """(id, Query) for each row of a CSV with columns id, name[, dob, country, schema, id_number].

    Several birth dates, countries or numbers in one cell are separated by ";".
    """
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            fields = set(reader.fieldnames or ())
            missing = {"id", "name"} - fields
            if missing:
                raise ParseError(
                    str(path), "line 1", f"missing column(s) {', '.join(sorted(missing))}"
                )
            for row in reader:
                name = (row.get("name") or "").strip()
                if not name:
                    continue
                yield (
                    (row.get("id") or "").strip(),
                    Query(
                        name=name,
                        schema=(row.get("schema") or "").strip() or None,
                        birth_dates=_split(row.get("dob")),
                        countries=_split(row.get("country")),
                        identifiers=_split(row.get("id_number")),
                    ),
                )
    except UnicodeDecodeError as exc:
        raise ParseError(str(path), None, f"not UTF-8 text: {exc.reason}") from None
    except csv.Error as exc:
        raise ParseError(str(path), None, f"malformed CSV: {exc}") from None
    except OSError as exc:
        raise ParseError(str(path), None, exc.strerror or str(exc)) from None


def _screen_chunk(chunk: list[tuple[str, Query]]) -> list[tuple[str, list[Hit]]]:
    assert _WORKER is not None
    screener, actor, threshold, limit = _WORKER
    return [(qid, screener.screen(q, actor, threshold, limit)) for qid, q in chunk]


def _chunks(items: Iterable[tuple[str, Query]]) -> Iterator[list[tuple[str, Query]]]:
    it = iter(items)
    while chunk := list(islice(it, CHUNK)):
        yield chunk


def screen_many(
    screener: Screener,
    queries: Iterable[tuple[str, Query]],
    actor: Actor,
    threshold: float | None = None,
    limit: int = 10,
    workers: int | None = None,
) -> Iterator[tuple[str, list[Hit]]]:
    """(query id, hits) for each query, in input order, on `workers` processes (default: cores)."""
    global _WORKER
    _WORKER = (screener, actor, DEFAULT_THRESHOLD if threshold is None else threshold, limit)
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for chunk in _chunks(queries):
            yield from _screen_chunk(chunk)
        return
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(workers) as pool:
        # imap pulls its input eagerly; feed it in bounded windows to keep memory flat.
        chunks = _chunks(queries)
        while window := list(islice(chunks, workers * 4)):
            for results in pool.imap(_screen_chunk, window):
                yield from results


def write_hits(
    out: TextIO,
    results: Iterable[tuple[str, list[Hit]]],
    progress: Callable[[int], None] | None = None,
) -> tuple[int, int]:
    """One CSV row per hit; returns (queries, hits)."""
    writer = csv.writer(out)
    writer.writerow(("query_id", *HIT_COLUMNS))
    queries = hits = 0
    for qid, found in results:
        queries += 1
        for hit in found:
            hits += 1
            writer.writerow((qid, *hit_row(hit)))
        if progress is not None:
            progress(1)
    return queries, hits


def hit_row(hit: Hit) -> tuple[str, ...]:
    return (
        hit.source or "",
        hit.source_id or "",
        hit.caption or "",
        hit.schema or "",
        "" if hit.score is None else f"{hit.score:.4f}",
        hit.explanation,
        "true" if hit.restricted else "false",
        hit.ref or "",
    )
