"""The registry's pages: an entity as of a date with where each value comes from, its linked
entries and its timeline; lists, their releases and the diff between two releases."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request, Response

from watchlist.api.index import Loaded
from watchlist.auth.roles import Role
from watchlist.errors import InvalidInput
from watchlist.model.access import Actor
from watchlist.names.scripts import word_script
from watchlist.store.reads import HistoryEvent
from watchlist.ui.web import current_session, need, render, services

#: Properties that hold a name of the bearer, shown together by script.
NAME_PROPS = (
    "name",
    "alias",
    "weakAlias",
    "previousName",
    "firstName",
    "middleName",
    "secondName",
    "lastName",
    "fatherName",
    "motherName",
)


def parse_day(value: str | None, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(f"{field}: write the date as YYYY-MM-DD, not {value!r}") from None


def label(prop: str) -> str:
    """birthDate -> Birth date."""
    out = "".join(f" {c.lower()}" if c.isupper() else c for c in prop)
    return out[:1].upper() + out[1:]


def provenance(events: list[HistoryEvent], upto: int) -> dict[tuple[str, str], tuple[int, date]]:
    """For each (property, value), the release (seq, date) that added it, up to release `upto`."""
    found: dict[tuple[str, str], tuple[int, date]] = {}
    for event in events:
        if event.seq > upto:
            break
        for prop, values in event.change.added.items():
            for value in values:
                found[(prop, value)] = (event.seq, event.published)
    return found


def linked(loaded: Loaded, actor: Actor, source: str, source_id: str) -> list[dict[str, str]]:
    """Entries of other lists the index links to this one as the same bearer."""
    index = loaded.screener.index
    for position, record in enumerate(index.entities):
        if record.source == source and record.source_id == source_id:
            keys = index.links.keys(index.entities, position)
            return [
                {"source": s, "source_id": i}
                for s, i in sorted(keys)
                if (s, i) != (source, source_id) and actor.may_read(loaded.classification(s))
            ]
    return []


def entity_page(
    request: Request, source: str, source_id: str, as_of: str | None = None
) -> Response:
    session = current_session(request)
    need(session, Role.ANALYST)
    day = parse_day(as_of, "as of")
    svc = services(request)
    registry = svc.as_actor(session.actor)
    view = registry.entity(source, source_id, day)
    events = registry.history(source, source_id)
    origin = provenance(events, view.release.seq)
    props = view.entity.properties
    names: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    for prop in sorted(props):
        for value in sorted(props[prop]):
            seq, published = origin.get((prop, value), (view.release.seq, view.release.published))
            row = {
                "prop": prop,
                "label": label(prop),
                "value": value,
                "release": seq,
                "published": published.isoformat(),
            }
            rows.append(row)
            if prop in NAME_PROPS:
                names.append({**row, "script": word_script(value) or "-"})
    names.sort(key=lambda n: (n["script"] != "Latin", n["script"], n["prop"], n["value"]))
    timeline = [
        {
            "seq": e.seq,
            "published": e.published.isoformat(),
            "kind": e.change.kind,
            "added": [(label(p), v) for p, vs in sorted(e.change.added.items()) for v in vs],
            "removed": [(label(p), v) for p, vs in sorted(e.change.removed.items()) for v in vs],
            "current": e.seq == view.release.seq,
        }
        for e in events
    ]
    context = {
        "title": view.entity.caption,
        "view": view,
        "entity": view.entity,
        "names": names,
        "rows": rows,
        "timeline": timeline,
        "linked": linked(svc.index.current(), session.actor, source, source_id),
        "as_of": day.isoformat() if day else "",
    }
    return render(request, "entity.html", context)


def register(router: APIRouter) -> None:
    router.add_api_route("/entities/{source}/{source_id}", entity_page, methods=["GET"])
