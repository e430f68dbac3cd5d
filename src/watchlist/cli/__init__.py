"""The `watchlist` command: thin Typer shells over library functions."""
