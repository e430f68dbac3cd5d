"""`watchlist update`: download each configured list, import it if it changed, re-screen."""

from __future__ import annotations

import logging
import re
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from watchlist.audit.actions import AuditAction
from watchlist.audit.events import record, source_classification
from watchlist.errors import InvalidInput, ParseError, WatchlistError
from watchlist.fetch.download import download
from watchlist.fetch.sources import fetch_table
from watchlist.model.access import Actor
from watchlist.registry.imports import content_hash, import_files
from watchlist.settings import Settings
from watchlist.store.db import Store
from watchlist.store.releases import latest_release
from watchlist.workflow.matching import Matchers
from watchlist.workflow.runs import RunReport, rescreen_if_pending

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ListOutcome:
    """What happened to one list: imported, unchanged or failed, and why."""

    source: str
    status: str  # imported | unchanged | failed
    message: str
    release: int | None = None

    def to_dict(self) -> dict[str, object]:
        return {**self.__dict__}


@dataclass(frozen=True)
class UpdateReport:
    lists: list[ListOutcome] = field(default_factory=list)
    run: RunReport | None = None
    run_error: str | None = None

    @property
    def ok(self) -> bool:
        return self.run_error is None and all(o.status != "failed" for o in self.lists)

    def lines(self) -> list[str]:
        out = [o.message for o in self.lists]
        if self.run is not None:
            out.append(self.run.summary)
        elif self.run_error is not None:
            out.append(f"re-screening failed: {self.run_error}")
        else:
            out.append("re-screening: nothing changed since the last run")
        return out

    def to_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "lists": [o.to_dict() for o in self.lists],
            "run": self.run.to_dict() if self.run else None,
            "run_error": self.run_error,
        }


def _latest(store: Store, source: str) -> tuple[int, str] | None:
    with store.read() as conn:
        return latest_release(conn, source)


def fetch_list(
    store: Store, actor: Actor, source: str, files: dict[str, str], settings: Settings
) -> ListOutcome:
    """Download one list's files and import them if their content is new; audited either way.

    Everything is downloaded before anything is parsed, and the import is one transaction, so
    a failed or truncated download leaves the store as it was.
    """
    urls = sorted(files.values())
    cls = source_classification(store, source)
    with tempfile.TemporaryDirectory(prefix="watchlist-fetch-") as tmp:
        where = {str(Path(tmp) / name): url for name, url in files.items()}
        try:
            paths = []
            for name, url in files.items():
                target = Path(tmp) / name
                download(url, target, settings.fetch_timeout, settings.fetch_max_mb << 20)
                paths.append(target)
            digest = content_hash(paths)
            latest = _latest(store, source)
            if latest is not None and latest[1] == digest:
                detail = {"source": source, "release": latest[0], "sha256": digest, "urls": urls}
                record(
                    store, actor, AuditAction.LIST_FETCH_UNCHANGED, f"list:{source}", detail, cls
                )
                return ListOutcome(
                    source, "unchanged", f"{source}: unchanged (release {latest[0]})", latest[0]
                )
            infos = import_files(store, actor, paths, source=source, origin=" ".join(urls))
        except WatchlistError as exc:
            message = exc.message
            if isinstance(exc, ParseError):
                # Name the address, not the temporary file the download went to.
                place = where.get(exc.path, exc.path)
                message = f"{place}: {exc.where}: {exc.problem}" if exc.where else exc.message
                message = message.replace(exc.path, place)
            detail = {"source": source, "error": message, "urls": urls}
            record(store, actor, AuditAction.LIST_FETCH_FAILED, f"list:{source}", detail, cls)
            log.warning("update of %s failed: %s", source, message)
            return ListOutcome(source, "failed", f"{source}: failed: {message}")
    info = infos[-1]
    if info.unchanged:
        return ListOutcome(source, "unchanged", info.summary, info.seq)
    return ListOutcome(source, "imported", info.summary, info.seq)


def update(
    store: Store,
    actor: Actor,
    only: Sequence[str] = (),
    settings: Settings | None = None,
    matchers: Matchers | None = None,
) -> UpdateReport:
    """Fetch every configured list (or those named), then re-screen against what changed.

    One list failing does not stop the others; the re-screening runs after all of them and
    covers every release imported since the last run, whichever command imported it.
    """
    settings = settings or Settings.model_construct()  # the defaults; no environment read
    table = fetch_table(settings.fetch_urls)
    names = list(only) or list(table)
    unknown = [n for n in names if n not in table]
    if unknown:
        raise InvalidInput(
            f"no address configured for {', '.join(unknown)}; known: {', '.join(sorted(table))}"
        )
    outcomes = [fetch_list(store, actor, name, table[name], settings) for name in names]
    try:
        run = rescreen_if_pending(store, actor, matchers, settings.alert_threshold)
    except WatchlistError as exc:
        return UpdateReport(outcomes, None, exc.message)
    return UpdateReport(outcomes, run)


_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_interval(text: str) -> float:
    """Seconds in `90s`, `15m`, `1h`, `1h30m` or `1d`."""
    value = text.strip().lower()
    parts = re.findall(r"(\d+)\s*([smhd])", value)
    if not parts or re.sub(r"(\d+)\s*([smhd])", "", value).strip():
        raise InvalidInput(
            f"an interval is a duration such as 30m, 1h or 1d, not {text!r}", field="interval"
        )
    seconds = float(sum(int(n) * _UNIT[u] for n, u in parts))
    if seconds < 1:
        raise InvalidInput(
            "an interval must be at least one second", code="out_of_range", field="interval"
        )
    return seconds


def run_every(
    interval: float,
    cycle: Callable[[], UpdateReport],
    on_report: Callable[[UpdateReport], None],
    on_error: Callable[[WatchlistError], None],
    sleep: Callable[[float], None] = time.sleep,
    cycles: int | None = None,
) -> None:
    """Run `cycle` every `interval` seconds until stopped (or `cycles` times, for tests).

    An error in one cycle is reported and the next cycle still runs: a service must outlive
    an authority's server being down for an hour.
    """
    done = 0
    while True:
        began = time.monotonic()
        try:
            on_report(cycle())
        except WatchlistError as exc:
            on_error(exc)
        done += 1
        if cycles is not None and done >= cycles:
            return
        sleep(max(0.0, interval - (time.monotonic() - began)))
