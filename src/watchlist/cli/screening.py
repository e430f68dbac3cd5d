"""Screening commands: screen one name, batch-screen a CSV, compare pairs of names."""

from __future__ import annotations

import csv
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from watchlist.cli.common import (
    as_operator,
    console,
    err_console,
    handle_errors,
    open_watchlist,
    operator,
    print_json,
)
from watchlist.errors import InvalidInput

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
ThresholdOpt = Annotated[
    float | None,
    typer.Option("--threshold", help="Report hits scoring at least this (default: calibrated)."),
]


@handle_errors
def screen(
    name: Annotated[str, typer.Argument(help="The name to screen, in any script.")],
    dob: Annotated[
        list[str] | None, typer.Option("--dob", help="Birth date, YYYY-MM-DD or YYYY.")
    ] = None,
    country: Annotated[
        list[str] | None, typer.Option("--country", help="Country, name or ISO code; repeatable.")
    ] = None,
    schema: Annotated[
        str | None,
        typer.Option("--schema", help="Person, Organization, Company, LegalEntity, Vessel..."),
    ] = None,
    id_number: Annotated[
        list[str] | None, typer.Option("--id", help="Passport, ID, IMO or registration number.")
    ] = None,
    threshold: ThresholdOpt = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many hits.")] = 10,
    as_json: JsonFlag = False,
) -> None:
    """Screen one name against every list; print ranked hits with the reason for each score."""
    from watchlist.screening import Query, inputs

    query = Query.from_fields(
        name=name, schema=schema, birth_dates=dob, countries=country, identifiers=id_number
    )
    inputs.threshold(threshold)  # refused before the index is loaded
    with open_watchlist() as watchlist:
        hits = as_operator(watchlist).screen(query, threshold, limit)
    if as_json:
        from watchlist.screening.results import hit_data

        print_json([hit_data(h) for h in hits])
        return
    if not hits:
        console.print("no hits", markup=False)
        return
    for hit in hits:
        if hit.restricted:
            console.print(
                f"restricted hit  ref {hit.ref} (a cleared officer can open it)", markup=False
            )
            continue
        score = 0.0 if hit.score is None else hit.score
        console.print(
            f"{score:.2f}  {hit.caption}  [{hit.schema}]  {hit.source}:{hit.source_id}",
            markup=False,
            highlight=False,
        )
        for feature in hit.features:
            console.print(f"      {feature.render()}", markup=False, highlight=False)


class Engine(StrEnum):
    local = "local"
    spark = "spark"


@handle_errors
def batch(
    input_csv: Annotated[
        Path,
        typer.Argument(
            help="CSV with columns id,name and optional dob,country,schema,id_number "
            "(with --engine spark, a Parquet file or folder too)."
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="CSV to write, one row per hit (with --engine spark, Parquet if it ends in "
            ".parquet).",
        ),
    ],
    threshold: ThresholdOpt = None,
    # More than `screen` shows: a common name may have many listed bearers above the
    # threshold, and a batch is read by a program or an analyst's filter, not on a screen.
    limit: Annotated[int, typer.Option("--limit", help="At most this many hits per query.")] = 25,
    workers: Annotated[
        int | None,
        typer.Option("--workers", help="Processes to use (local engine; default: every core)."),
    ] = None,
    engine: Annotated[
        Engine,
        typer.Option("--engine", help="local: this machine's cores; spark: Apache Spark."),
    ] = Engine.local,
    master: Annotated[
        str | None,
        typer.Option(
            "--master", help="Spark master URL (default local[*]): spark://HOST:7077, yarn..."
        ),
    ] = None,
) -> None:
    """Screen every row of a CSV; streams, so the input may be any length."""
    from watchlist.screening import DEFAULT_THRESHOLD, inputs
    from watchlist.screening.batch import BatchSettings, read_queries, write_hits

    inputs.threshold(threshold)
    if engine is Engine.spark:
        if workers is not None:
            raise InvalidInput("--workers is for the local engine; Spark uses its master's cores")
        from watchlist.engines.spark import screen_file, spark_session
        from watchlist.index.cache import index_file

        def say(line: str) -> None:
            err_console.print(line, markup=False, highlight=False)

        settings = BatchSettings(
            operator(), DEFAULT_THRESHOLD if threshold is None else threshold, limit
        )
        with open_watchlist() as watchlist:
            index = index_file(watchlist.store)
            key = watchlist.live.reference_key
        with spark_session(master, say) as spark:
            n, hits, _stats = screen_file(
                spark, input_csv, output, index, settings, say, reference_key=key
            )
        err_console.print(
            f"{n} queries screened, {hits} hits written to {output}",
            markup=False,
            highlight=False,
            emoji=False,
        )
        return
    if master is not None:
        raise InvalidInput("--master is for --engine spark")
    queries = read_queries(input_csv)
    with (
        open_watchlist() as watchlist,
        open(output, "w", newline="", encoding="utf-8") as out,
    ):
        results = as_operator(watchlist).screen_many(queries, threshold, limit, workers)
        if err_console.is_terminal:
            from rich.progress import Progress

            total = _count_rows(input_csv)
            with Progress(console=err_console, transient=True) as progress:
                task = progress.add_task("screening", total=total)
                n, hits = write_hits(out, results, lambda k: progress.advance(task, k))
        else:
            n, hits = write_hits(out, results)
    err_console.print(
        f"{n} queries screened, {hits} hits written to {output}",
        markup=False,
        highlight=False,
        emoji=False,
    )


def _count_rows(path: Path) -> int | None:
    try:
        with open(path, "rb") as f:
            return max(0, sum(1 for _ in f) - 1)
    except OSError:
        return None


@handle_errors
def compare(
    pairs: Annotated[
        Path, typer.Option("--pairs", help="CSV with columns schema,name1,name2 (others kept).")
    ],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="CSV to write (default stdout).")
    ] = None,
    threshold: ThresholdOpt = None,
) -> None:
    """Score pairs of names; adds score, match (at the threshold) and explanation columns."""
    from watchlist.screening import inputs

    inputs.threshold(threshold)
    with open_watchlist() as watchlist:
        rows = as_operator(watchlist).compare(pairs, threshold)
        out = open(output, "w", newline="", encoding="utf-8") if output else sys.stdout
        try:
            writer: csv.DictWriter[str] | None = None
            for row in rows:
                if writer is None:
                    writer = csv.DictWriter(out, fieldnames=list(row))
                    writer.writeheader()
                writer.writerow(row)
        finally:
            if output:
                out.close()


def register(app: typer.Typer) -> None:
    app.command("screen")(screen)
    app.command("batch")(batch)
    app.command("compare")(compare)
