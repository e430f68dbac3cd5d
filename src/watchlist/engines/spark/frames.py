"""Batch screening of DataFrames: the index shipped once, queries screened in Arrow batches.

`screen_dataframe` is the library function (a DataFrame of queries in, one of hits out, lazily);
`screen_file` reads a CSV or Parquet file, screens it and writes the hits as local `batch` does,
in input order, through the driver: hits are few beside the queries.
"""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from pyspark import StorageLevel
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from watchlist.engines.spark.kernel import (
    OUTPUT_COLUMNS,
    OUTPUT_DDL,
    RANK,
    ROW,
    SCORE,
    Job,
    MaxParam,
    screen_batches,
)
from watchlist.engines.spark.session import Progress, first_line, log_path
from watchlist.errors import InvalidInput, ParseError, WatchlistError
from watchlist.index.cache import IndexFile
from watchlist.screening.batch import INPUT_COLUMNS, REQUIRED_COLUMNS, BatchSettings

#: Rows per Arrow batch handed to a Python worker.
ARROW_BATCH = 2000
#: Tasks per core: enough to even out slow and fast partitions.
TASKS_PER_CORE = 4


@dataclass
class JobStats:
    """What the workers reported, read once the hits are written."""

    index_loads: int = 0
    load_seconds: float = 0.0
    queries: int = 0
    worker_peak_rss_mb: float = 0.0
    partitions: int = 0


@dataclass
class Screening:
    """A lazy DataFrame of hits and the accumulators its job fills when it runs."""

    hits: DataFrame
    job: Job
    partitions: int

    def stats(self) -> JobStats:
        return JobStats(
            index_loads=self.job.loads.value,
            load_seconds=self.job.load_seconds.value,
            queries=self.job.queries.value,
            worker_peak_rss_mb=self.job.peak_rss_kb.value / 1024,
            partitions=self.partitions,
        )


def ship_index(spark: SparkSession, index: IndexFile) -> str:
    """Send the index file to every executor once; the name tasks find it under.

    The file is staged under a name made of its SHA-256, so shipping the same index twice in a
    session is shipping it once, and two indexes never share a name.
    """
    name = f"watchlist-index-{index.sha256[:32]}.pickle"
    folder = Path(tempfile.gettempdir()) / f"watchlist-spark-{os.getuid()}"
    folder.mkdir(mode=0o700, exist_ok=True)
    target = folder / name
    if not target.is_file():
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        os.close(fd)
        try:
            shutil.copyfile(index.path, tmp)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    spark.sparkContext.addFile(str(target))
    return name


def screen_dataframe(
    queries: DataFrame,
    index: IndexFile,
    settings: BatchSettings,
    partitions: int | None = None,
    reference_key: bytes | None = None,
) -> DataFrame:
    """Hits of a DataFrame of queries (columns id, name and any of dob, country, schema,
    id_number), with exactly the columns of local `batch`, in no particular order.

    Restricted hits carry references made with `reference_key` (the store's: screening.refs), so
    they are the references a local screening gives. Each action on the result screens again:
    persist it to use it twice.
    """
    run = screening(queries, index, settings, partitions, reference_key)
    return run.hits.drop(ROW, RANK, SCORE)


def screening(
    queries: DataFrame,
    index: IndexFile,
    settings: BatchSettings,
    partitions: int | None = None,
    reference_key: bytes | None = None,
) -> Screening:
    """The hits with each input row's ordinal and each hit's rank, and the job's accumulators."""
    spark = queries.sparkSession
    missing = [c for c in REQUIRED_COLUMNS if c not in queries.columns]
    if missing:
        raise InvalidInput(f"the queries have no column {', '.join(missing)}")
    columns = [
        (F.col(c) if c in queries.columns else F.lit(None)).cast("string").alias(c)
        for c in INPUT_COLUMNS
    ]
    sc = spark.sparkContext
    job = Job(
        index_name=ship_index(spark, index),
        sha256=index.sha256,
        settings=settings,
        reference_key=reference_key,
        loads=sc.accumulator(0),
        load_seconds=sc.accumulator(0.0),
        queries=sc.accumulator(0),
        peak_rss_kb=sc.accumulator(0, MaxParam()),
    )
    n = partitions or sc.defaultParallelism * TASKS_PER_CORE
    rows = queries.select(*columns, F.monotonically_increasing_id().alias(ROW)).repartition(n)
    spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", str(ARROW_BATCH))
    hits = rows.mapInArrow(partial(screen_batches, job), OUTPUT_DDL)
    return Screening(hits, job, n)


def read_queries(spark: SparkSession, path: Path) -> DataFrame:
    """A CSV (header row, UTF-8, quotes doubled as in Python's csv) or Parquet file of queries."""
    if not path.exists():
        raise ParseError(str(path), None, "no such file")
    try:
        if is_parquet(path):
            df = spark.read.parquet(str(path))
        else:
            df = (
                spark.read.option("header", "true")
                .option("multiLine", "true")
                .option("escape", '"')
                .option("encoding", "UTF-8")
                .csv(str(path))
            )
    except Exception as exc:
        raise ParseError(str(path), None, f"not readable: {first_line(exc)}") from None
    # A byte-order mark stays on the first column's name.
    if df.columns and df.columns[0].startswith("\ufeff"):
        df = df.withColumnRenamed(df.columns[0], df.columns[0].lstrip("\ufeff"))
    missing = [c for c in REQUIRED_COLUMNS if c not in df.columns]
    if missing:
        where = None if is_parquet(path) else "line 1"
        raise ParseError(str(path), where, f"missing column(s) {', '.join(missing)}")
    return df


def is_parquet(path: Path) -> bool:
    return path.suffix.lower() in (".parquet", ".pq") or path.is_dir()


def screen_file(
    spark: SparkSession,
    input_path: Path,
    output: Path,
    index: IndexFile,
    settings: BatchSettings,
    progress: Progress | None = None,
    partitions: int | None = None,
    reference_key: bytes | None = None,
) -> tuple[int, int, JobStats]:
    """Screen a file's queries on Spark and write one row per hit, in input order, as local
    `batch` does (Parquet when the output's name ends in .parquet); (queries, hits, stats)."""
    say: Progress = progress or (lambda _line: None)
    queries = read_queries(spark, input_path)
    run = screening(queries, index, settings, partitions, reference_key)
    size = index.path.stat().st_size / 1e6
    say(f"spark: index shipped ({size:.1f} MB); screening in {run.partitions} tasks")
    # Sorting samples its input first: kept, the hits are screened once, not twice.
    kept = run.hits.persist(StorageLevel.MEMORY_AND_DISK)
    ordered = kept.orderBy(ROW, RANK).select(*OUTPUT_COLUMNS)
    try:
        rows = (tuple(r) for r in ordered.toLocalIterator())
        if output.suffix.lower() in (".parquet", ".pq"):
            hits = _write_parquet(output, rows)
        else:
            hits = _write_csv(output, rows)
    except WatchlistError:
        raise
    except Exception as exc:
        raise WatchlistError(
            f"the Spark job failed: {first_line(exc)} (details in {log_path()})"
        ) from None
    finally:
        kept.unpersist()
    stats = run.stats()
    say(
        f"spark: {stats.queries} queries screened by {stats.index_loads} worker(s), "
        f"index loaded in {stats.load_seconds:.1f}s in all"
    )
    return stats.queries, hits, stats


def _write_csv(output: Path, rows: Iterator[tuple[str, ...]]) -> int:
    count = 0
    with open(output, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(OUTPUT_COLUMNS)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def _write_parquet(output: Path, rows: Iterator[tuple[str, ...]], block: int = 50_000) -> int:
    schema = pa.schema([pa.field(c, pa.string()) for c in OUTPUT_COLUMNS])
    count = 0
    with pq.ParquetWriter(str(output), schema) as writer:
        while True:
            chunk = [row for _, row in zip(range(block), rows, strict=False)]
            if not chunk:
                break
            columns = list(zip(*chunk, strict=True))
            writer.write_table(pa.Table.from_arrays([pa.array(c) for c in columns], schema=schema))
            count += len(chunk)
    return count
