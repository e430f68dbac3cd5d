"""Screening runs on Spark: the portfolio screened on the cluster, only the hits brought back.

`SparkMatchers` is a `Matchers` for `watchlist.workflow.runs`: the run is planned and recorded
on the driver as a local run is (same alerts opened, reopened and closed, same audit records,
same matcher settings recorded), and only the screening goes to Spark. A full run screens with
the store's index file; an incremental one with an index of the changed entries and the entries
linked to them, written to a file of its own and shipped the same way.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
from pyspark.sql import SparkSession

from watchlist.engines.spark.frames import screening
from watchlist.engines.spark.kernel import RANK, SCORE
from watchlist.engines.spark.session import Progress
from watchlist.index.cache import IndexFile, index_file, write_index
from watchlist.model.access import SYSTEM
from watchlist.model.entity import StoredEntity
from watchlist.screening.batch import INPUT_COLUMNS, BatchSettings
from watchlist.screening.screener import DEFAULT_THRESHOLD
from watchlist.store.db import Store
from watchlist.workflow.customers import CustomerRecord
from watchlist.workflow.matching import Match, ScreeningMatchers


class SparkMatcher:
    """Screens customers on Spark with one index file, as `ScreeningMatchers`' matcher would."""

    def __init__(
        self,
        spark: SparkSession,
        index: IndexFile,
        settings: BatchSettings,
        progress: Progress | None = None,
    ) -> None:
        self.spark = spark
        self.index = index
        self.settings = settings
        self.progress = progress

    def match(self, customer: CustomerRecord) -> list[Match]:
        return self.match_many([customer])[0]

    def match_many(self, customers: Sequence[CustomerRecord]) -> list[list[Match]]:
        if not customers:
            return []
        if self.progress:
            self.progress(f"spark: screening {len(customers)} customers")
        schema = pa.schema([pa.field(c, pa.string()) for c in INPUT_COLUMNS])
        table = pa.Table.from_pylist([_row(i, c) for i, c in enumerate(customers)], schema)
        queries = self.spark.createDataFrame(table)
        run = screening(queries, self.index, self.settings)
        found: list[list[Match]] = [[] for _ in customers]
        hits = run.hits.where("restricted = 'false'").select(
            "query_id", RANK, "source", "source_id", SCORE, "explanation"
        )
        for row in sorted(hits.collect(), key=lambda r: (int(r[0]), r[1])):
            found[int(row[0])].append(Match(row[2], row[3], float(row[4]), row[5]))
        if self.progress:
            self.progress(f"spark: {sum(map(len, found))} hits brought back")
        return found


def _row(position: int, customer: CustomerRecord) -> dict[str, str | None]:
    return {
        "id": str(position),
        "name": customer.name,
        "dob": ";".join(customer.birth_dates),
        "country": ";".join(customer.countries),
        "schema": customer.schema,
        "id_number": ";".join(customer.identifiers),
        "gender": customer.gender,
    }


class SparkMatchers:
    """The screening library's matchers, run on Spark; recorded with the local engine's
    settings, since the hits are the same (switching engines is no reason to screen again)."""

    def __init__(
        self,
        spark: SparkSession,
        threshold: float | None = None,
        limit: int = 10,
        progress: Progress | None = None,
    ) -> None:
        self.spark = spark
        self.local = ScreeningMatchers(threshold, limit)
        # Runs screen as the system: alerts are stored whole; clearance applies on reading.
        self.batch = BatchSettings(
            SYSTEM, DEFAULT_THRESHOLD if threshold is None else threshold, limit
        )
        self.progress = progress
        self._folder = tempfile.TemporaryDirectory(prefix="watchlist-run-index-")

    def everything(self, store: Store) -> SparkMatcher:
        return SparkMatcher(self.spark, index_file(store), self.batch, self.progress)

    def only(self, store: Store, entities: Sequence[StoredEntity]) -> SparkMatcher:
        from watchlist.screening import Screener

        around = Screener.around(store, entities).index
        shipped = write_index(around, Path(self._folder.name) / "changed.pickle")
        return SparkMatcher(self.spark, shipped, self.batch, self.progress)

    def settings(self) -> dict[str, object]:
        return self.local.settings()
