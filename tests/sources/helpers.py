"""Helpers the list-format tests share: what a parser must give on any input, and zip surgery."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

from followthemoney.proxy import EntityProxy

from watchlist.errors import ParseError
from watchlist.model.entity import SCHEMATA
from watchlist.sources.base import ListFormat


def parses_or_refuses(
    fmt: ListFormat, paths: Sequence[Path], named: bool = False
) -> list[EntityProxy] | None:
    """The entities `fmt` reads from `paths`, checked; None when it refused them with ParseError.

    Anything else escaping the parser fails the test: a bare exception, an entity without an id
    (or, when the format promises one, without a name) or with a schema a list entry cannot
    have, an id given twice, a publication date that is not a date. Entities may come as a
    generator, so they are read inside the check.
    """
    try:
        parsed = fmt.parse(list(paths))
        entities = list(parsed.entities)
    except ParseError as exc:
        assert exc.path in {str(p) for p in paths}, f"{exc} does not name one of the files"
        assert exc.problem
        return None
    ids = [entity.id for entity in entities]
    assert all(ids), "an entity without an id"
    assert len(set(ids)) == len(ids), "an id given to two entities"
    assert all(entity.schema.name in SCHEMATA for entity in entities)
    if named:
        assert all(entity.get("name") for entity in entities), "an entity without a name"
    assert parsed.published is None or isinstance(parsed.published, date)
    return entities


def with_members(container: bytes, members: Mapping[str, bytes | None]) -> bytes:
    """A zip with some members' content replaced (None: left out): a well-formed container,
    broken content."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(container)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            name = item.filename
            content = members[name] if name in members else src.read(name)
            if content is not None:
                dst.writestr(item, content)
    return out.getvalue()
