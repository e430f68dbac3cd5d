"""Downloading a list's files whole, or failing with a reason: no partial file reaches an import."""

from __future__ import annotations

import http.client
import shutil
import urllib.error
import urllib.request
from pathlib import Path

from watchlist import __version__
from watchlist.errors import ErrorCode, WatchlistError

USER_AGENT = f"watchlist/{__version__} (sanctions list update)"
CHUNK = 1 << 16


class FetchError(WatchlistError):
    """A list file could not be downloaded whole."""

    code: ErrorCode = "fetch_failed"


def download(url: str, target: Path, timeout: float, max_bytes: int) -> int:
    """Fetch `url` into `target`; returns the byte count. Raises FetchError, never half-done.

    A body shorter than its Content-Length (the connection dropped) is an error here, before
    any parser sees it; a file that is whole but cut short by its publisher is left to the
    importer, which rejects a truncated list.
    """
    partial = target.with_name(target.name + ".part")
    try:
        size = _stream(url, partial, timeout, max_bytes)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    shutil.move(partial, target)
    return size


def _stream(url: str, partial: Path, timeout: float, max_bytes: int) -> int:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            expected = response.headers.get("Content-Length")
            size = 0
            with open(partial, "wb") as out:
                while block := response.read(CHUNK):
                    size += len(block)
                    if size > max_bytes:
                        raise FetchError(f"{url}: larger than {max_bytes // (1 << 20)} MB")
                    out.write(block)
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise FetchError(f"{url}: cannot connect ({_reason(exc.reason)})") from None
    except http.client.IncompleteRead as exc:
        raise FetchError(
            f"{url}: truncated download ({len(exc.partial)} bytes, then the connection closed)"
        ) from None
    except TimeoutError:
        raise FetchError(f"{url}: no data for {timeout:g} seconds") from None
    except (OSError, http.client.HTTPException) as exc:
        raise FetchError(f"{url}: download failed ({_reason(exc)})") from None
    if expected is not None and expected.isdigit() and int(expected) != size:
        raise FetchError(f"{url}: truncated download ({size} of {expected} bytes)")
    if size == 0:
        raise FetchError(f"{url}: the server sent an empty file")
    return size


def _reason(exc: object) -> str:
    return str(exc) or type(exc).__name__
