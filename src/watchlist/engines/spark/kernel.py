"""What runs in Spark's Python workers: the index loaded once per process, Arrow batches screened.

A job carries the shipped index file's name and SHA-256, the batch settings and accumulators
the driver reads after the job (index loads, seconds spent loading, queries screened, the
workers' peak memory). Spark reuses its Python workers, so a worker loads the index on its first
task and every later task of any job screening with the same index finds it loaded.
"""

from __future__ import annotations

import resource
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
from pyspark import SparkFiles
from pyspark.accumulators import Accumulator, AccumulatorParam

from watchlist.index.cache import load_index
from watchlist.screening.batch import (
    HIT_COLUMNS,
    BatchSettings,
    hit_row,
    query_from_row,
    screen_chunk,
)
from watchlist.screening.screener import Screener

#: The columns of the hits, exactly those of local `batch`'s output.
OUTPUT_COLUMNS = ("query_id", *HIT_COLUMNS)
#: The input row's ordinal and the hit's rank, kept to write hits in input order.
ROW = "_watchlist_row"
RANK = "_watchlist_rank"
#: The score unrounded, as a run records it in an alert.
SCORE = "_watchlist_score"
OUTPUT_SCHEMA = pa.schema(
    [pa.field(ROW, pa.int64()), pa.field(RANK, pa.int32()), pa.field(SCORE, pa.float64())]
    + [pa.field(c, pa.string()) for c in OUTPUT_COLUMNS]
)
#: The same as a Spark DDL string.
OUTPUT_DDL = f"{ROW} long, {RANK} int, {SCORE} double, " + ", ".join(
    f"{c} string" for c in OUTPUT_COLUMNS
)


class MaxParam(AccumulatorParam[int]):
    """An accumulator keeping the largest value added (peak memory over the workers)."""

    def zero(self, value: int) -> int:
        return 0

    def addInPlace(self, value1: int, value2: int) -> int:
        return max(value1, value2)


@dataclass(frozen=True)
class Job:
    """What a screening job's tasks need; pickled into each task, a few hundred bytes."""

    index_name: str  # the index file as shipped with SparkContext.addFile
    sha256: str
    settings: BatchSettings
    reference_key: bytes | None  # the store's, from the driver: the references a local run gives
    loads: Accumulator[int]
    load_seconds: Accumulator[float]
    queries: Accumulator[int]
    peak_rss_kb: Accumulator[int]


#: This Python worker's screener, by the SHA-256 of its index: the one state kept between tasks,
#: and only in a Spark worker process.
_LOADED: dict[str, Screener] = {}


def screener_for(job: Job) -> Screener:
    """The job's screener, loaded from the shipped file on this worker's first task."""
    screener = _LOADED.get(job.sha256)
    if screener is not None and screener.reference_key != job.reference_key:
        screener = Screener(screener.index, job.reference_key)
        _LOADED[job.sha256] = screener
    if screener is None:
        started = time.perf_counter()
        index = load_index(Path(SparkFiles.get(job.index_name)), job.sha256)
        screener = Screener(index, job.reference_key)
        _LOADED.clear()  # one index per worker: a new release replaces the old
        _LOADED[job.sha256] = screener
        job.loads.add(1)
        job.load_seconds.add(time.perf_counter() - started)
    return screener


def screen_batches(job: Job, batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """mapInArrow's function: query rows in, one row per hit out."""
    screener = screener_for(job)
    for batch in batches:
        ordinals: list[int] = []
        queries = []
        for row in batch.to_pylist():
            found = query_from_row(row)
            if found is not None:
                ordinals.append(row[ROW])
                queries.append(found)
        out: dict[str, list[object]] = {c: [] for c in OUTPUT_SCHEMA.names}
        for ordinal, (qid, hits) in zip(
            ordinals, screen_chunk(screener, job.settings, queries), strict=True
        ):
            for rank, hit in enumerate(hits):
                out[ROW].append(ordinal)
                out[RANK].append(rank)
                out[SCORE].append(hit.score)
                for column, value in zip(OUTPUT_COLUMNS, (qid, *hit_row(hit)), strict=True):
                    out[column].append(value)
        job.queries.add(len(queries))
        yield pa.RecordBatch.from_pydict(out, schema=OUTPUT_SCHEMA)
    job.peak_rss_kb.add(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
