"""Files sent with a request, kept in a private folder for the library to read; an error about
one names the file as the caller sent it, never the server's folder."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from fastapi import UploadFile

from watchlist.errors import WatchlistError

_SAFE = re.compile(r"[^A-Za-z0-9._-]")


def safe_name(filename: str | None, n: int) -> str:
    return _SAFE.sub("_", Path(filename or f"file{n}").name).lstrip(".") or f"file{n}"


@contextmanager
def received(files: Sequence[UploadFile], prefix: str) -> Iterator[list[Path]]:
    """The files saved under their own names (made safe), removed when the block ends."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        paths = []
        for n, f in enumerate(files):
            path = folder / safe_name(f.filename, n)
            if path.exists():
                path = folder / f"{n}-{path.name}"
            with open(path, "wb") as out:
                shutil.copyfileobj(f.file, out)
            paths.append(path)
        try:
            yield paths
        except WatchlistError as exc:
            exc.message = exc.message.replace(f"{folder}{os.sep}", "")
            exc.args = (exc.message,)
            raise
    finally:
        shutil.rmtree(folder, ignore_errors=True)
