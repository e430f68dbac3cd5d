"""Screening many queries: CSV in, one row per hit out, streamed and spread over the cores.

`screen_chunk` is the worker function: a screener, the batch's settings and a chunk of queries in,
hits out, and nothing kept between calls. The local engine forks worker processes after loading
the index, handing each the screener and settings as arguments (shared copy-on-write, never
pickled); the Spark engine calls the same function in its Python workers. Queries travel in
chunks, results come back in input order, and only a bounded number of chunks is in flight at
once, so memory stays flat however long the input is.
"""

from __future__ import annotations

import csv
import gc
import json
import multiprocessing
import os
import pickle
import queue
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, islice
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TextIO

from watchlist.errors import InvalidInput, ParseError
from watchlist.index.build import SIMILAR_CACHE, NameIndex
from watchlist.model.access import Actor
from watchlist.screening.model import Hit, Query
from watchlist.screening.results import features_data
from watchlist.screening.routing import Router
from watchlist.screening.screener import DEFAULT_THRESHOLD, Screener

CHUNK = 200
#: Chunks' worth of queries a worker may have read and not yet yielded.
IN_FLIGHT = 4 * CHUNK
HIT_COLUMNS = (
    "source",
    "source_id",
    "caption",
    "schema",
    "score",
    "explanation",
    "restricted",
    "ref",
    "features",
)


#: The columns of a batch's input: id and name are required (see `Query.from_row`).
INPUT_COLUMNS = ("id", "name", "dob", "country", "schema", "id_number", "gender")
REQUIRED_COLUMNS = ("id", "name")


def query_from_row(row: Mapping[str, str | None]) -> tuple[str, Query] | None:
    """(id, Query) of one input row, None for a row without a name; any engine reads rows so.

    Every other field is checked (`Query.from_row`): a bad value raises InvalidInput naming it.
    """
    if not (row.get("name") or "").strip():
        return None
    return (row.get("id") or "").strip(), Query.from_row(row)


def read_queries(path: Path) -> Iterator[tuple[str, Query]]:
    """(id, Query) for each row of a CSV with columns id, name[, dob, country, schema, id_number,
    gender] (`Query.from_row`); a bad value raises ParseError naming the line and the field.

    Several birth dates, countries or numbers in one cell are separated by ";".
    """
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            fields = set(reader.fieldnames or ())
            missing = set(REQUIRED_COLUMNS) - fields
            if missing:
                raise ParseError(
                    str(path), "line 1", f"missing column(s) {', '.join(sorted(missing))}"
                )
            for row in reader:
                try:
                    found = query_from_row(row)
                except InvalidInput as exc:
                    where = f"line {reader.line_num}, field {exc.field}"
                    raise ParseError(
                        str(path), where, exc.message, code=exc.code, field=exc.field
                    ) from None
                if found is not None:
                    yield found
    except UnicodeDecodeError as exc:
        raise ParseError(str(path), None, f"not UTF-8 text: {exc.reason}") from None
    except csv.Error as exc:
        raise ParseError(str(path), None, f"malformed CSV: {exc}") from None
    except OSError as exc:
        raise ParseError(str(path), None, exc.strerror or str(exc)) from None


@dataclass(frozen=True)
class BatchSettings:
    """What every chunk of a batch is screened with, besides the screener: small and picklable,
    so it travels to a Spark executor as it is."""

    actor: Actor
    threshold: float = DEFAULT_THRESHOLD
    limit: int = 10


def screen_chunk(
    screener: Screener, settings: BatchSettings, chunk: Iterable[tuple[str, Query]]
) -> list[tuple[str, list[Hit]]]:
    """The worker function: (query id, hits) for each query of a chunk, in order."""
    return [
        (qid, screener.screen(q, settings.actor, settings.threshold, settings.limit))
        for qid, q in chunk
    ]


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
    settings = BatchSettings(actor, DEFAULT_THRESHOLD if threshold is None else threshold, limit)
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for chunk in _chunks(queries):
            yield from screen_chunk(screener, settings, chunk)
        return
    # Decoded and its tables loaded once here, the index is shared by the workers' pages
    # rather than decoded and loaded by each; the country table only if the first queries
    # name a country (it costs a second, and many portfolios give none), the names by birth
    # year only if they give a birth date; the entries and their names are decoded by the
    # workers where met (Screener.warm): ten thousand queries meet a fifth of them, and the
    # workers decode those on every core where the parent would decode all on one.
    items = iter(queries)
    first = list(islice(items, CHUNK))
    screener.warm(
        countries=any(query.countries for _, query in first),
        births=any(query.birth_dates for _, query in first),
        entries=False,
    )
    if first:
        yield from _forked(screener, settings, chain(first, items), workers)


#: A chunk for a worker, with what the other workers passed on since its last (_passed_on).
_Task = tuple[int, list[tuple[str, Query]], list[bytes]] | None
#: A chunk's hits (or its error), with what the worker passes on to the others.
_Result = tuple[int, list[tuple[str, list[Hit]]] | None, Exception | None, bytes]


def _passed_on(index: NameIndex, mark: int) -> bytes:
    """The single words' similar tokens (NameIndex.similar_tokens) a worker looked up since
    its cache held `mark` entries, pickled for the other workers; b"" if none.

    Routing keeps most words to one worker, but not a common word, nor the spellings that
    names of several scripts share: of the 13,266 distinct single words the 20,000 ordinary
    names of the dev benchmark are looked up by, the two workers looked up 3,182 both, a
    lookup among the dearest steps of a word met for the first time. Mostly far apart: only
    563 of them were met by both within 1,600 queries of each other, so a lookup handed on
    with the next chunk usually reaches the other worker before it meets the word. Words
    written together are not passed on: they are many and rarely met by both (359 of
    46,000). A lookup depends on the word and the index alone, so one made elsewhere is the
    one this worker would make: the hits are the same whatever arrives when."""
    cache = index._similar
    if len(cache) <= mark:
        return b""
    # The newest entries, read from the end: a long batch's cache holds some 200,000.
    newest = islice(reversed(cache.items()), len(cache) - mark)
    new = [(key, found) for key, found in newest if not key[2]]
    return pickle.dumps(new[::-1], protocol=pickle.HIGHEST_PROTOCOL) if new else b""


def _take_in(index: NameIndex, passed: list[bytes]) -> None:
    """The lookups other workers passed on (_passed_on), kept as if made here."""
    cache = index._similar
    for blob in passed:
        for key, found in pickle.loads(blob):
            if len(cache) >= SIMILAR_CACHE:
                return  # the cache's own bound: what it would keep is its own business
            cache.setdefault(key, found)


def _serve(
    screener: Screener,
    settings: BatchSettings,
    inbox: multiprocessing.SimpleQueue[_Task],
    outbox: multiprocessing.Queue[_Result],
) -> None:
    """A forked worker: screens chunks until told to stop; an error goes back to the parent.
    The lookups of single words it makes go back with each chunk's hits, and those of the
    other workers come with its next chunk (_passed_on).

    The cycle collector is paused while a chunk is screened and runs once its hits are sent:
    what a chunk keeps (cache entries, mostly) is walked once and then frozen out of the
    collector's sweeps (gc.freeze), where the automatic collector walked it two or three
    times (young, then middle generation) as the chunk ran. Cyclic garbage is rare (a few
    hundred objects a thousand names) and goes at the collection after its chunk, so memory
    stays as flat as before; entries a cache drops are freed by their counts, frozen or not."""
    index = screener.index
    collecting = gc.isenabled()
    gc.disable()
    try:
        while (task := inbox.get()) is not None:
            seq, chunk, passed = task
            _take_in(index, passed)
            mark = len(index._similar)
            try:
                found = screen_chunk(screener, settings, chunk)
            except Exception as exc:  # reported by the parent, which stops the batch
                outbox.put((seq, None, exc, b""))
                continue
            outbox.put((seq, found, None, _passed_on(index, mark)))
            gc.collect(0)  # paused, the collector left all it tracks since the last freeze young
            gc.freeze()
    finally:
        if collecting:
            gc.enable()


def _forked(
    screener: Screener,
    settings: BatchSettings,
    queries: Iterator[tuple[str, Query]],
    workers: int,
) -> Iterator[tuple[str, list[Hit]]]:
    """Queries screened by `workers` forked processes, yielded in input order.

    The screener and settings are the processes' arguments: fork hands them over as they are in
    memory. Each worker has an inbox of its own, and a query goes to the worker its words went
    to before (screening.routing), in chunks of up to CHUNK; a worker with less than a chunk
    waiting gets what is gathered for it at once. At most `workers * IN_FLIGHT` queries are read
    and not yet yielded, so a long input never piles up. What a worker passes on with its
    hits (the lookups of the words it met: _passed_on) goes to every other worker with its
    next chunk, as it came (never unpickled here).
    """
    ctx = multiprocessing.get_context("fork")
    inboxes: list[multiprocessing.SimpleQueue[_Task]] = [ctx.SimpleQueue() for _ in range(workers)]
    outbox: multiprocessing.Queue[_Result] = ctx.Queue()
    procs = [
        ctx.Process(target=_serve, args=(screener, settings, inbox, outbox), daemon=True)
        for inbox in inboxes
    ]
    for p in procs:
        p.start()
    router = Router(workers, slack=CHUNK)
    gathered: list[list[tuple[str, Query]]] = [[] for _ in range(workers)]
    places: list[list[int]] = [[] for _ in range(workers)]
    out: dict[int, tuple[int, list[int]]] = {}  # chunk -> (its worker, its queries' places)
    sent = [0] * workers  # queries sent to each worker and not yet back
    passed: list[list[bytes]] = [[] for _ in range(workers)]  # for each worker's next chunk
    seq = 0
    finished = False

    def send(k: int) -> None:
        nonlocal seq
        inboxes[k].put((seq, gathered[k], passed[k]))
        passed[k] = []
        out[seq] = (k, places[k])
        sent[k] += len(places[k])
        gathered[k], places[k] = [], []
        seq += 1

    try:
        done: dict[int, tuple[str, list[Hit]]] = {}
        read = nxt = 0
        more = True
        while True:
            while more and read - nxt < workers * IN_FLIGHT:
                item = next(queries, None)
                if item is None:
                    more = False
                    break
                k = router.route(item[1])
                gathered[k].append(item)
                places[k].append(read)
                read += 1
                if len(gathered[k]) >= CHUNK:
                    send(k)
            for k in range(workers):
                if gathered[k] and (not more or sent[k] < CHUNK):
                    send(k)
            if not out:
                break
            chunk, results, error, lookups = _receive(outbox, procs)
            if error is not None:
                raise error
            assert results is not None
            k, at = out.pop(chunk)
            if lookups:
                for other in range(workers):
                    if other != k:
                        passed[other].append(lookups)
            sent[k] -= len(at)
            router.done(k, len(at))
            done.update(zip(at, results, strict=True))
            while nxt in done:
                yield done.pop(nxt)
                nxt += 1
        # Each worker told to stop, and not waited for: a worker's exit (its memory handed
        # back) overlaps what the caller does next (closing its output, its own exit), and
        # multiprocessing reaps it, at the next process started or at the exit.
        for inbox in inboxes:
            inbox.put(None)
        finished = True
    finally:
        # Stopped early (an error, or the caller stopped reading): no chunk is worth waiting for.
        for p in procs:
            if not finished and p.is_alive():
                p.terminate()
                p.join()
        for inbox in inboxes:
            inbox.close()
        outbox.close()


def _receive(outbox: multiprocessing.Queue[_Result], procs: Sequence[BaseProcess]) -> _Result:
    """The next result; a worker killed from outside (out of memory) ends the batch."""
    while True:
        try:
            return outbox.get(timeout=0.5)
        except queue.Empty:
            dead = [p for p in procs if p.exitcode is not None]
            if dead:
                raise RuntimeError(
                    f"a batch screening worker stopped (exit code {dead[0].exitcode}): "
                    "out of memory?"
                ) from None


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
        json.dumps(features_data(hit.features), ensure_ascii=False),
    )
