"""Workflow commands: customers import, rescreen, alerts, decide, audit, update."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from watchlist.cli.common import (
    as_operator,
    console,
    err_console,
    handle_errors,
    open_watchlist,
    write_json_lines,
)
from watchlist.errors import InvalidInput, WatchlistError
from watchlist.model.access import Actor

customers_app = typer.Typer(help="The portfolio of customers screened by `rescreen`.")
audit_app = typer.Typer(help="The hash-chained audit log: verify it, export it.")

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]


def _print(line: str) -> None:
    typer.echo(line)  # plain lines, never wrapped: scripts grep them


def _json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


@customers_app.command("import")
@handle_errors
def customers_import(
    file: Annotated[Path, typer.Argument(help="CSV with a header, or JSON lines.")],
    as_json: JsonFlag = False,
) -> None:
    """Import customers (id, name, type, dob, country, identifiers, free columns); an edit is a
    new version."""
    with open_watchlist() as watchlist:
        result = as_operator(watchlist).import_customers(file)
    if as_json:
        _json(result.to_dict())
    else:
        _print(result.summary)


@handle_errors
def rescreen(
    full: Annotated[
        bool, typer.Option("--all", help="Screen every customer against every list.")
    ] = False,
    as_json: JsonFlag = False,
    engine: Annotated[
        str,
        typer.Option("--engine", help="local: this machine; spark: screen on Apache Spark."),
    ] = "local",
    master: Annotated[
        str | None,
        typer.Option("--master", help="Spark master URL (default local[*])."),
    ] = None,
) -> None:
    """Screen the portfolio: by default only what changed since the last run."""
    if engine not in ("local", "spark"):
        raise InvalidInput(f"--engine is local or spark, not {engine!r}")
    if engine == "spark":
        from watchlist.engines.spark import spark_session
        from watchlist.engines.spark.runs import SparkMatchers

        def say(line: str) -> None:
            err_console.print(line, markup=False, highlight=False)

        with spark_session(master, say) as spark, open_watchlist() as watchlist:
            matchers = SparkMatchers(spark, watchlist.settings.alert_threshold, progress=say)
            report = as_operator(watchlist).rescreen(full=full, matchers=matchers)
    else:
        if master is not None:
            raise InvalidInput("--master is for --engine spark")
        with open_watchlist() as watchlist:
            report = as_operator(watchlist).rescreen(full=full)
    if as_json:
        _json(report.to_dict())
    else:
        _print(report.summary)


@handle_errors
def alerts(
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            help="open, escalated, awaiting_confirmation, true_match, false_positive, closed.",
        ),
    ] = None,
    customer: Annotated[
        str | None, typer.Option("--customer", help="Only this customer's alerts.")
    ] = None,
    alert_id: Annotated[
        int | None,
        typer.Option("--id", help="One alert in full: explanation, changes, every decision."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """List alerts; restricted ones show only that they exist."""
    from watchlist.workflow import Status

    if alert_id is not None:
        _show_alert(alert_id, as_json)
        return
    wanted = Status.parse(status) if status else None
    with open_watchlist() as watchlist:
        found = as_operator(watchlist).alerts(wanted, customer)
    if as_json:
        _json([a.to_dict() for a in found])
        return
    if not found:
        _print("no alerts")
        return
    from rich.table import Table

    table = Table("id", "customer", "status", "entry", "score", "name")
    for a in found:
        if a.restricted:
            table.add_row(str(a.id), a.customer_id, a.status.value, "restricted", "-", "-")
        else:
            table.add_row(
                str(a.id),
                a.customer_id,
                a.status.value,
                f"{a.source}:{a.source_id}",
                f"{a.score:.2f}",
                a.caption or "",
            )
    console.print(table)


def _show_alert(alert_id: int, as_json: bool) -> None:
    with open_watchlist() as watchlist:
        view = as_operator(watchlist).alert(alert_id)
    if as_json:
        _json(view.to_dict())
        return
    if view.restricted:
        _print(
            f"alert {view.id}  customer {view.customer_id}  {view.status.value}  restricted: on a "
            "list above your clearance; escalate it to a cleared officer"
        )
    else:
        _print(
            f"alert {view.id}  customer {view.customer_id} (version {view.customer_version})  "
            f"{view.status.value}\n  {view.source}:{view.source_id}  {view.caption}  "
            f"score {view.score:.2f}\n  why: {view.explanation}"
        )
        if view.changes:
            _print(f"  changed since alert {view.previous_id}: {json.dumps(view.changes)}")
    for e in view.events:
        _print(f"  {e.at.isoformat(timespec='seconds')}  {e.actor}  {e.action}: {e.reason}")


@handle_errors
def decide(
    alert: Annotated[int, typer.Argument(help="The alert's id.")],
    decision: Annotated[str, typer.Option("--as", help="true, false or escalate.")],
    reason: Annotated[str, typer.Option("--reason", help="Why, in words an auditor can read.")],
    analyst: Annotated[str, typer.Option("--analyst", help="Who decides.")],
) -> None:
    """Decide an alert: a true match needs a second analyst's confirmation (four eyes)."""
    from watchlist.workflow import Decision

    with open_watchlist() as watchlist:
        actor = Actor(analyst.strip(), watchlist.settings.clearance)
        view = watchlist.for_actor(actor).decide(alert, Decision.parse(decision), reason)
    _print(f"alert {view.id}: {view.status.value} ({view.events[-1].action} by {analyst})")


@audit_app.command("verify")
@handle_errors
def audit_verify(
    anchor: Annotated[
        list[str] | None,
        typer.Option("--anchor", help="SEQ:HASH printed by an earlier verify; repeatable."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Re-compute the hash chain; exit 1 naming the first record altered, inserted or deleted."""
    from watchlist.audit import Anchor

    anchors = [Anchor.parse(a) for a in anchor or []]
    with open_watchlist() as watchlist:
        verdict = as_operator(watchlist).verify_audit(anchors)
    if as_json:
        _json(verdict.to_dict())
    elif verdict.ok:
        _print(verdict.summary)
    else:
        typer.echo(verdict.summary, err=True)
    if not verdict.ok:
        raise typer.Exit(1)


@audit_app.command("export")
@handle_errors
def audit_export(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File (default stdout).")
    ] = None,
) -> None:
    """Write the audit log as JSON lines, oldest first, for an auditor."""
    with open_watchlist() as watchlist:
        write_json_lines(as_operator(watchlist).export_audit(), output)


@handle_errors
def update(
    every: Annotated[
        str | None,
        typer.Option("--every", help="Repeat until stopped, e.g. 1h or 30m (for a service)."),
    ] = None,
    only: Annotated[
        list[str] | None, typer.Option("--list", help="Only this list; repeatable.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Download the official lists, import those that changed, re-screen against the changes."""
    from watchlist.fetch import UpdateReport, parse_interval, run_every

    interval = parse_interval(every) if every else None

    def cycle() -> UpdateReport:
        with open_watchlist() as watchlist:
            return as_operator(watchlist).update(only or ())

    def show(report: UpdateReport) -> None:
        if as_json:
            _json(report.to_dict())
            return
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        for line in report.lines():
            _print(f"{stamp}  {line}" if interval else line)

    if interval is None:
        report = cycle()
        show(report)
        if not report.ok:
            raise typer.Exit(1)
        return

    def failed(exc: WatchlistError) -> None:
        typer.echo(f"error: {exc.message}", err=True)

    run_every(interval, cycle, show, failed)


def register(app: typer.Typer) -> None:
    app.add_typer(customers_app, name="customers")
    app.command("rescreen")(rescreen)
    app.command("alerts")(alerts)
    app.command("decide")(decide)
    app.add_typer(audit_app, name="audit")
    app.command("update")(update)
