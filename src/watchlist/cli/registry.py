"""Registry commands: import, lists, show, history, diff, export, info."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from watchlist.cli.common import (
    as_operator,
    console,
    handle_errors,
    open_store,
    open_watchlist,
    parse_day,
    print_json,
    split_ref,
    write_json_lines,
)
from watchlist.model.access import Classification
from watchlist.settings import get_settings

lists_app = typer.Typer(help="Lists in the store; `lists create` adds an authority's own list.")

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


@handle_errors
def import_(
    files: Annotated[
        list[Path], typer.Argument(help="List files; a set such as OFAC's CSVs together.")
    ],
    source: Annotated[
        str | None, typer.Option("--source", help="The list the files belong to.")
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="Publication date, YYYY-MM-DD.")
    ] = None,
) -> None:
    """Import official list files (format detected from content) as new releases."""
    with open_watchlist() as watchlist:
        results = as_operator(watchlist).import_lists(
            files, source=source, published=parse_day(date, "--date")
        )
    for info in results:
        console.print(info.summary, markup=False, highlight=False)


@lists_app.callback(invoke_without_command=True)
@handle_errors
def lists(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Show every list with its classification, releases and current entity count."""
    if ctx.invoked_subcommand is not None:
        return
    with open_watchlist() as watchlist:
        rows = as_operator(watchlist).lists()
    if as_json:
        print_json([r.to_dict() for r in rows])
        return
    from rich.table import Table

    table = Table("source", "title", "classification", "releases", "entities", "last release")
    for r in rows:
        last = r.last_release.isoformat() if r.last_release else "-"
        table.add_row(r.source, r.title, r.classification, str(r.releases), str(r.entities), last)
    console.print(table)


@lists_app.command("create")
@handle_errors
def lists_create(
    source: Annotated[str, typer.Argument(help="Name of the new list.")],
    title: Annotated[str, typer.Option("--title", help="Human title of the list.")],
    classification: Annotated[
        str, typer.Option("--classification", help="public, restricted, confidential or secret.")
    ] = "public",
) -> None:
    """Create an authority's own list, possibly confidential."""
    with open_watchlist() as watchlist:
        as_operator(watchlist).create_list(source, title, Classification.parse(classification))
    console.print(f"created list {source} ({classification})", markup=False)


@handle_errors
def show(
    ref: Annotated[str, typer.Argument(help="SOURCE:ID, the list's own identifier.")],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="As the list stood on YYYY-MM-DD.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Show an entry as its list stood on a date (default: now)."""
    source, entity_id = split_ref(ref)
    with open_watchlist() as watchlist:
        view = as_operator(watchlist).entity(source, entity_id, parse_day(as_of, "--as-of"))
    data = view.to_dict()
    if as_json:
        print_json(data)
        return
    console.print(
        f"{data['caption']}  [{data['schema']}]  {source}:{entity_id}, "
        f"release {data['release']} of {data['release_date']}",
        markup=False,
    )
    for prop, values in data["properties"].items():
        console.print(f"  {prop:22} {'; '.join(values)}", markup=False, highlight=False)


@handle_errors
def history(
    ref: Annotated[str, typer.Argument(help="SOURCE:ID")],
    as_json: JsonFlag = False,
) -> None:
    """List the releases in which an entry was listed, amended or delisted."""
    source, entity_id = split_ref(ref)
    with open_watchlist() as watchlist:
        events = as_operator(watchlist).history(source, entity_id)
    if as_json:
        print_json([e.to_dict() for e in events])
        return
    for e in events:
        console.print(f"{e.published.isoformat()}  release {e.seq}  {e.change.kind}", markup=False)
        for prop, values in e.change.added.items():
            console.print(f"    + {prop}: {'; '.join(values)}", markup=False, highlight=False)
        for prop, values in e.change.removed.items():
            console.print(f"    - {prop}: {'; '.join(values)}", markup=False, highlight=False)


@handle_errors
def diff(
    source: Annotated[str, typer.Argument(help="The list.")],
    since: Annotated[
        str | None, typer.Option("--from", help="Release current on YYYY-MM-DD.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--to", help="Release current on YYYY-MM-DD.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Entries listed, amended and delisted between two releases."""
    with open_watchlist() as watchlist:
        result = as_operator(watchlist).diff(
            source, parse_day(since, "--from"), parse_day(until, "--to")
        )
    data = result.to_dict()
    if as_json:
        print_json(data)
        return
    console.print(
        f"{source}: {data['from']} -> {data['to']}: {data['listed']} listed, "
        f"{data['amended']} amended, {data['delisted']} delisted",
        markup=False,
    )
    for c in result.changes:
        console.print(f"  {c.kind:9} {c.source_id}  {c.caption}", markup=False, highlight=False)


@handle_errors
def export(
    source: Annotated[str, typer.Argument(help="The list.")],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="As the list stood on YYYY-MM-DD.")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="Output format: ftm (JSON lines).")] = "ftm",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File (default stdout).")
    ] = None,
) -> None:
    """Write a list as FollowTheMoney JSON lines."""
    if fmt != "ftm":
        from watchlist.errors import InvalidInput

        raise InvalidInput(
            f"unknown export format {fmt!r}; use ftm", code="unknown_value", field="format"
        )
    with open_watchlist() as watchlist:
        rows = as_operator(watchlist).export(source, parse_day(as_of, "--as-of"))
        write_json_lines(rows, output)


@handle_errors
def info() -> None:
    """Show the settings in force: the store URL and the operator's clearance."""
    settings = get_settings()
    with open_store() as store:
        console.print(f"store      {store.url}", markup=False)
    console.print(f"operator   {settings.operator}", markup=False)
    console.print(f"clearance  {settings.clearance.value}", markup=False)


def register(app: typer.Typer) -> None:
    app.command("import")(import_)
    app.add_typer(lists_app, name="lists")
    app.command("show")(show)
    app.command("history")(history)
    app.command("diff")(diff)
    app.command("export")(export)
    app.command("info")(info)
