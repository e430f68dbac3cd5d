"""Between the routes and the screener: a query screened against the index in force, hits as
data, the audit record of what was asked and answered.

Thin on purpose: the facade of the library takes this place as it lands.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from watchlist.api.index import Loaded
from watchlist.model.access import Actor, Classification
from watchlist.screening import DEFAULT_THRESHOLD, Hit, Query

#: Enough to keep every hit of any list before filtering by list (the screener scores at most
#: a few dozen candidates a query).
ALL = 10_000


def entity_id(source: str, source_id: str) -> str:
    """An id unique across lists: two lists may both have an entry "15880"."""
    return f"{source}:{source_id}"


def split_id(value: str) -> tuple[str, str] | None:
    source, sep, source_id = value.partition(":")
    return (source, source_id) if sep and source and source_id else None


def screen(
    loaded: Loaded,
    actor: Actor,
    query: Query,
    threshold: float | None,
    limit: int,
    sources: Sequence[str] | None = None,
) -> list[Hit]:
    """Ranked hits; with `sources`, only hits on those lists (restricted hits, on lists the
    actor may not see, kept only when every list the actor may see is asked for)."""
    if sources is None:
        return loaded.screener.screen(query, actor, threshold, limit)
    wanted = set(sources)
    hits = loaded.screener.screen(query, actor, threshold, ALL)
    return [h for h in hits if h.source in wanted][:limit]


def screen_names(
    loaded: Loaded,
    actor: Actor,
    names: Iterable[str],
    query: Query,
    threshold: float | None,
    limit: int,
    sources: Sequence[str] | None,
) -> list[Hit]:
    """The best hit per entity over several names of one bearer, best first."""
    best: dict[str, Hit] = {}
    for name in names:
        one = query.named(name)
        for hit in screen(loaded, actor, one, threshold, ALL, sources):
            key = hit.ref if hit.restricted else f"{hit.source}:{hit.source_id}"
            old = best.get(key or "")
            if old is None or (hit.score or 0.0) > (old.score or 0.0):
                best[key or ""] = hit
    ranked = sorted(best.values(), key=lambda h: (h.restricted, -(h.score or 0.0)))
    return ranked[:limit]


def threshold_or_default(value: float | None) -> float:
    return DEFAULT_THRESHOLD if value is None else value


def answered(loaded: Loaded, hits: Iterable[Hit]) -> tuple[list[dict[str, Any]], Classification]:
    """What the audit keeps of hits returned, and the classification that record needs: that of
    the most sensitive list whose entry it names (a restricted hit names only its reference)."""
    out: list[dict[str, Any]] = []
    level = Classification.PUBLIC
    for h in hits:
        if h.restricted or h.source is None or h.source_id is None:
            out.append({"ref": h.ref})
            continue
        out.append({"id": entity_id(h.source, h.source_id), "score": round(h.score or 0.0, 4)})
        cls = loaded.classification(h.source)
        if cls.rank > level.rank:
            level = cls
    return out, level


def release_detail(loaded: Loaded, actor: Actor) -> dict[str, int]:
    """Which release of each list the actor may see the answer came from."""
    return {r.source: r.seq for r in loaded.releases if actor.may_read(r.classification)}
