"""`watchlist serve`: the HTTP API on uvicorn."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from watchlist.cli.common import err_console, handle_errors, open_store


@handle_errors
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    workers: Annotated[
        int, typer.Option("--workers", help="Worker processes, each with its own index.")
    ] = 1,
    access_log: Annotated[
        bool, typer.Option("--access-log", help="Log one line per request.")
    ] = False,
) -> None:
    """Serve the HTTP API (native /v1 and yente's /match); needs the extra [api]."""
    try:
        import uvicorn
    except ModuleNotFoundError:
        from watchlist.errors import WatchlistError

        raise WatchlistError(
            "watchlist serve needs the extra [api]: pip install 'watchlist[api]'"
        ) from None
    from watchlist.api import listen
    from watchlist.api.exposure import check_exposure
    from watchlist.api.metrics import shared_metrics
    from watchlist.errors import InvalidInput

    if workers < 1:
        raise InvalidInput(
            f"--workers takes a number from 1, not {workers}", code="out_of_range", field="workers"
        )
    if not 0 < port < 65536:
        raise InvalidInput(
            f"--port takes 1 to 65535, not {port}", code="out_of_range", field="port"
        )
    with open_store() as store:  # migrated once here, before the workers start
        check_exposure(store, host)
    own_sockets = workers > 1 and listen.AVAILABLE
    if own_sockets and listen.in_use(host, port):
        raise InvalidInput(f"something already answers on {host}:{port}", field="port")
    err_console.print(f"watchlist API on http://{host}:{port} ({workers} worker(s))", markup=False)
    settings: dict[str, Any] = {
        "factory": True,
        "host": host,
        "port": port,
        "workers": workers,
        "access_log": access_log,
        "log_level": "info",
    }
    with shared_metrics(workers):  # every worker's figures in one folder, gone at exit
        if own_sockets:  # each worker on a socket of its own: the kernel spreads connections
            listen.run_workers(uvicorn.Config("watchlist.api.app:serve_app", **settings))
        else:
            uvicorn.run("watchlist.api.app:serve_app", **settings)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
