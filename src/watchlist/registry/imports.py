"""Importing list files: detect the format, parse everything, then store one release."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import IntegrityError

from watchlist.audit.events import record_import
from watchlist.errors import InvalidInput, ParseError, WatchlistError
from watchlist.model.access import Actor
from watchlist.model.entity import entity_statements
from watchlist.sources.catalog import title_for
from watchlist.store.db import Store

if TYPE_CHECKING:
    from watchlist.sources.formats import ImportJob
from watchlist.store.lists import import_target
from watchlist.store.releases import (
    Key,
    ReleaseContent,
    ReleaseInfo,
    concurrent_import,
    find_release_by_hash,
    write_release,
)

log = logging.getLogger(__name__)


def content_hash(paths: Sequence[Path]) -> str:
    """SHA-256 over the files' own hashes, in a fixed order, so names and order do not matter."""
    digests = []
    for path in paths:
        h = hashlib.sha256()
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        digests.append(h.hexdigest())
    return hashlib.sha256("\n".join(sorted(digests)).encode()).hexdigest()


def dataset_of(job: ImportJob, source: str | None) -> str:
    dataset = source or job.format.dataset(job.paths)
    if dataset is None:
        raise InvalidInput(
            f"{job.label}: name the list (the source) this file belongs to",
            code="required",
            field="source",
        )
    return dataset


def read_job(job: ImportJob, source: str | None, published: date | None) -> ReleaseContent:
    """Parse every file of a job into statements; nothing is stored yet."""
    dataset = dataset_of(job, source)
    try:
        parsed = job.format.parse(job.paths)
        keys: set[Key] = set()
        for entity in parsed.entities:
            if not entity.id:
                raise ParseError(str(job.paths[0]), None, "an entry has no identifier")
            for prop, value in entity_statements(entity):
                keys.add((entity.id, prop, value))
    except WatchlistError:
        raise
    except Exception as exc:  # a parser bug or a file shape nobody foresaw: still no traceback
        log.debug("parser %s failed", job.format.name, exc_info=True)
        raise ParseError(
            str(job.paths[0]), None, f"unreadable ({type(exc).__name__}: {exc})"
        ) from None
    if not keys and not job.format.empty_release:
        raise ParseError(str(job.paths[0]), None, "no list entries found")
    when = published or parsed.published or date.today()
    return ReleaseContent(
        source=dataset,
        title=parsed.title or title_for(dataset),
        published=when,
        content_hash=content_hash(job.paths),
        files=", ".join(str(p) for p in job.paths),
        format=job.format.name,
        statements=frozenset(keys),
        dated=(published or parsed.published) is not None,
    )


def import_files(
    store: Store,
    actor: Actor,
    paths: Sequence[Path],
    source: str | None = None,
    published: date | None = None,
    origin: str | None = None,
) -> list[ReleaseInfo]:
    """Import list files; each release and its audit record are one transaction, and a bad file
    stores nothing.

    Files are grouped into releases (OFAC's CSV set is one release). Every file is detected and
    checked before anything is written, so a bad file in a command stores nothing at all.
    `origin` is what the audit record says the files came from (default: their paths).
    """
    where = ", ".join(str(p) for p in paths) if origin is None else origin
    for path in paths:
        if not path.is_file():
            raise ParseError(str(path), None, "no such file")
    from watchlist.sources.formats import plan  # every parser: loaded when one is needed

    jobs = plan(paths)
    known = [_known_release(store, actor, job, source) for job in jobs]
    contents = [
        None if info is not None else read_job(job, source, published)
        for job, info in zip(jobs, known, strict=True)
    ]
    results: list[ReleaseInfo] = []
    for info, content in zip(known, contents, strict=True):
        results.append(_store(store, actor, info, content, where))
    return results


def _store(
    store: Store,
    actor: Actor,
    known: ReleaseInfo | None,
    content: ReleaseContent | None,
    origin: str,
) -> ReleaseInfo:
    """Write a release (unless its content is `known`) and its audit record, together."""
    try:
        with store.begin() as conn:
            if content is not None:
                known = write_release(conn, actor, content)
            assert known is not None
            record_import(conn, actor, known, origin)
            return known
    except IntegrityError:
        source = content.source if content is not None else known.source if known else "?"
        raise concurrent_import(source) from None


def _known_release(
    store: Store, actor: Actor, job: ImportJob, source: str | None
) -> ReleaseInfo | None:
    """The release that already holds exactly these files, found without parsing them.

    Refuses first, before any file is parsed, an import the actor may not make.
    """
    dataset = dataset_of(job, source)
    digest = content_hash(job.paths)
    with store.read() as conn:
        import_target(conn, actor, dataset)
        return find_release_by_hash(conn, actor, dataset, digest)
