"""The compiled index kept on disk beside the store, keyed by the store's version.

Building takes seconds; loading a pickle a fraction of one. The key changes whenever a release
lands or a list's classification changes, and with the index format, so a stale file is never
read. The file holds the names of every list, confidential ones too: it is written with the
store's own file permissions in mind (0600).
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_cache_dir
from sqlalchemy import Connection

from watchlist.errors import WatchlistError
from watchlist.index.build import NameIndex
from watchlist.index.collector import collector_paused
from watchlist.store.db import Store
from watchlist.store.reads import current_entities
from watchlist.store.reads import version_key as store_version_key

#: Bump when the index's layout or the name pipeline changes what it holds.
INDEX_FORMAT = 57


def version_key(conn: Connection) -> str:
    """The store's version key with the index format: a new key whenever either moves."""
    return store_version_key(conn, f"format={INDEX_FORMAT}")


def cache_dir(store: Store) -> tuple[Path, str]:
    """Where a store's index files live, and their name prefix."""
    db = store.engine.url.database if store.is_sqlite else None
    if db and db != ":memory:":
        path = Path(db).resolve()
        return path.parent, path.name + ".index-"
    digest = hashlib.sha256(store.url.encode()).hexdigest()[:16]
    return Path(user_cache_dir("watchlist", appauthor=False)), f"index-{digest}-"


def load(path: Path) -> NameIndex | None:
    """The index in `path`, or None if it is missing or unreadable."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return _unpickle(data)


def _unpickle(data: bytes) -> NameIndex | None:
    # Unpickling many small containers triggers the cycle collector for nothing; and once
    # loaded, the index (millions of objects, as long-lived as the process, no cycles) is
    # moved out of its sweeps, or the first full one after a load takes a second. Forked batch
    # workers share it the better for it too: a sweep would touch every page.
    with collector_paused():
        try:
            index = pickle.loads(data)
            gc.freeze()
        except Exception:  # a truncated or foreign file is rebuilt, never trusted
            return None
    return index if isinstance(index, NameIndex) else None


def save(index: NameIndex, folder: Path, prefix: str, key: str) -> Path:
    """Write atomically, then remove index files of older versions."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{prefix}{key}.pickle"
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            pickle.dump(index, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    for old in folder.glob(f"{prefix}*.pickle"):
        if old != target:
            old.unlink(missing_ok=True)
    return target


def cached_index(store: Store, build: Callable[[Connection], NameIndex] | None = None) -> NameIndex:
    """The index of the store's current entities, from the cache or built and cached."""
    with store.read() as conn:
        key = version_key(conn)
        folder, prefix = cache_dir(store)
        index = load(folder / f"{prefix}{key}.pickle")
        if index is not None:
            return index
        index = build(conn) if build else NameIndex.build(current_entities(conn))
    try:
        save(index, folder, prefix, key)
    except OSError:  # a read-only folder: screening still works, only slower to start
        pass
    return index


@dataclass(frozen=True)
class IndexFile:
    """A compiled index on disk and the SHA-256 of its bytes: what a machine without the store
    (a Spark executor) needs to screen, and to know it screens with the index it was given."""

    path: Path
    sha256: str


def index_file(store: Store) -> IndexFile:
    """The store's current index as a file, built and cached first if need be."""
    folder, prefix = cache_dir(store)
    with store.read() as conn:
        key = version_key(conn)
        path = folder / f"{prefix}{key}.pickle"
        if not path.is_file():
            index = NameIndex.build(current_entities(conn))
            try:
                path = save(index, folder, prefix, key)
            except OSError as exc:
                raise WatchlistError(
                    f"cannot write the index file in {folder}: {exc.strerror or exc}"
                ) from None
    return IndexFile(path, file_sha256(path))


def write_index(index: NameIndex, path: Path) -> IndexFile:
    """An index (one built for a run, say) written to a file of its own, to ship."""
    with open(path, "wb") as f:
        pickle.dump(index, f, protocol=pickle.HIGHEST_PROTOCOL)
    return IndexFile(path, file_sha256(path))


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def load_index(path: Path, sha256: str) -> NameIndex:
    """The index in a file, without a store; the file's bytes must have the given SHA-256.

    A missing, altered or foreign file is an error: screening with another index than the one
    the run was planned with would give other hits.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise WatchlistError(f"cannot read the index file {path}: {exc.strerror or exc}") from None
    if hashlib.sha256(data).hexdigest() != sha256:
        raise WatchlistError(f"the index file {path} is not the one expected (SHA-256 differs)")
    index = _unpickle(data)
    if index is None:
        raise WatchlistError(f"the index file {path} does not hold a screening index")
    return index
