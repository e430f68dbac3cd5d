"""FollowTheMoney entities as line-delimited JSON, the format OpenSanctions exports."""

from __future__ import annotations

import json
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from followthemoney import model
from followthemoney.exc import InvalidData
from followthemoney.proxy import EntityProxy
from followthemoney.schema import Schema
from followthemoney.types import registry

from watchlist.errors import ParseError
from watchlist.model.entity import SCHEMATA, ParsedList, add, new_entity
from watchlist.sources.base import HEAD_BYTES, ListFormat, unnamed
from watchlist.sources.reading import only_file

log = logging.getLogger(__name__)

#: Parts of an Address entity joined into one line when it has no `full` text.
ADDRESS_PARTS = ("street", "street2", "postOfficeBox", "postalCode", "city", "region", "country")

_SCHEMA_KEY = re.compile(rb'"schema"\s*:\s*"[A-Za-z]+"')
_ENTITY_KEY = re.compile(rb'"(?:properties|id)"\s*:')


def detect(path: Path, head: bytes) -> bool:
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if not text.startswith(b"{"):
        return False
    line, newline, _ = text.partition(b"\n")
    if newline or len(head) < HEAD_BYTES:
        try:
            data = json.loads(line)
        except ValueError:  # also UnicodeDecodeError
            return False
        return (
            isinstance(data, dict)
            and isinstance(data.get("schema"), str)
            and ("properties" in data or "id" in data)
        )
    # An entity with many names runs past the head: judge its first line by its keys.
    return bool(_SCHEMA_KEY.search(line) and _ENTITY_KEY.search(line))


def _entry_schema(schema: Schema) -> str | None:
    """The list-entry schema for an FtM schema, or None for entities that are not entries.

    Sub-schemata of the entry schemata (PublicBody is an Organization) become their nearest
    entry ancestor, so a sanctioned ministry is not lost.
    """
    if schema.name in SCHEMATA:
        return schema.name
    for name in ("Organization", "LegalEntity"):
        if schema.is_a(name):
            return name
    return None


def _lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """The JSON objects of a file with their line numbers, skipping blank lines."""
    try:
        fh = open(path, "rb")
    except OSError as exc:
        raise ParseError(str(path), None, f"cannot read file: {exc.strerror}") from None
    with fh:
        for number, raw in enumerate(fh, 1):
            where = f"line {number}"
            # A download cut short ends in a partial line, often inside a UTF-8 sequence.
            cut = "" if raw.endswith(b"\n") else "; the file ends mid-line, truncated?"
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise ParseError(str(path), where, f"not UTF-8 text{cut}") from None
            if number == 1:
                text = text.removeprefix("\ufeff")
            if not text.strip():
                continue
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                raise ParseError(str(path), where, f"not JSON: {exc.msg}{cut}") from None
            except RecursionError:
                raise ParseError(str(path), where, "JSON nested too deeply") from None
            if not isinstance(data, dict):
                raise ParseError(str(path), where, "not a JSON object")
            yield number, data


def _proxy(path: Path, number: int, data: dict[str, Any]) -> EntityProxy:
    """The entity of one line, its values cleaned and checked by FollowTheMoney."""
    where = f"line {number}"
    schema = data.get("schema")
    if not isinstance(schema, str) or not schema:
        raise ParseError(str(path), where, "entity has no schema")
    if model.get(schema) is None:
        raise ParseError(str(path), where, f"unknown schema {schema!r}")
    entity_id = data.get("id")
    if not isinstance(entity_id, str) or not entity_id.strip():
        raise ParseError(str(path), where, "entity has no id")
    properties = data.get("properties", {})
    if not isinstance(properties, dict):
        raise ParseError(str(path), where, "properties is not a JSON object")
    for prop, values in properties.items():
        if isinstance(values, str):
            continue
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise ParseError(str(path), f"{where}, field {prop}", "values are not strings")
    try:
        return model.get_proxy(data, cleaned=False)
    except (InvalidData, ValueError, TypeError) as exc:
        raise ParseError(str(path), where, f"not a FollowTheMoney entity: {exc}") from None


@dataclass
class _Survey:
    """What a first pass over the file learns: entries, and what other entities add to them."""

    schemata: dict[str, str] = field(default_factory=dict)
    repeated: set[str] = field(default_factory=set)
    folds: defaultdict[str, list[tuple[str, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    addresses: dict[str, list[str]] = field(default_factory=dict)
    listed: dict[str, str] = field(default_factory=dict)
    folded: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    last_seen: str = ""


def _fold(survey: _Survey, proxy: EntityProxy) -> bool:
    """Note what a related entity says about list entries; False if it says nothing usable."""
    schema = proxy.schema
    if schema.is_a("Sanction"):
        # A Sanction names the regime in `program`/`programId` and the listing date in
        # `listingDate`, or only `startDate` for lists that publish no listing date. An entry
        # on many lists has many Sanctions: its listing date is the earliest of them.
        listed = min(proxy.get("listingDate") or proxy.get("startDate"), default=None)
        for target in proxy.get("entity"):
            folds = survey.folds[target]
            folds.extend(("program", v) for v in proxy.get("program"))
            folds.extend(("programId", v) for v in proxy.get("programId"))
            if listed and listed < survey.listed.get(target, "9999"):
                survey.listed[target] = listed
        return True
    if schema.is_a("Address"):
        # Entries point at addresses through `addressEntity`; `full` is the whole line.
        full = proxy.get("full")
        if not full:
            parts = [v for p in ADDRESS_PARTS for v in proxy.get(p)]
            full = [", ".join(parts)] if parts else []
        if proxy.id is not None and full:
            survey.addresses[proxy.id] = full
        return True
    if schema.is_a("Identification"):  # Passport is an Identification
        prop = "passportNumber" if schema.is_a("Passport") else "idNumber"
        numbers = proxy.get("number") + proxy.get("passportNumber", quiet=True)
        for holder in proxy.get("holder"):
            survey.folds[holder].extend((prop, v) for v in numbers)
        return True
    return False


def _survey(path: Path) -> _Survey:
    """Read the whole file once, so that a malformed line fails before any entity is stored."""
    survey = _Survey()
    for number, data in _lines(path):
        proxy = _proxy(path, number, data)
        entry = _entry_schema(proxy.schema)
        # OpenSanctions exports also carry entities that are on no list (`target: false`),
        # such as a sanctioned company's unlisted parent from a company register.
        if entry is None or data.get("target") is False:
            if entry is None and _fold(survey, proxy):
                survey.folded[proxy.schema.name] += 1
            else:
                survey.skipped["non-target" if entry else proxy.schema.name] += 1
            continue
        seen = data.get("last_seen")
        if isinstance(seen, str) and seen > survey.last_seen:
            survey.last_seen = seen
        entity_id = str(proxy.id)
        previous = survey.schemata.get(entity_id)
        if previous is not None:
            # Fragments of one entity (unaggregated exports) merge into the common schema.
            try:
                common = model.common_schema(previous, entry)
            except InvalidData:
                raise ParseError(
                    str(path), f"line {number}", f"{entity_id} is both {previous} and {entry}"
                ) from None
            entry = _entry_schema(common) or entry
            survey.repeated.add(entity_id)
        survey.schemata[entity_id] = entry
    if not survey.schemata:
        raise ParseError(str(path), None, "no Person, Organization or other list entries")
    return survey


def _entities(path: Path, survey: _Survey) -> Iterator[EntityProxy]:
    """Second pass: each entry with what related entities add, fragments merged at the end."""
    fragments: dict[str, EntityProxy] = {}
    for number, data in _lines(path):
        proxy = _proxy(path, number, data)
        if _entry_schema(proxy.schema) is None or data.get("target") is False:
            continue
        entity_id = str(proxy.id)
        if entity_id not in survey.schemata:
            raise ParseError(str(path), f"line {number}", "the file changed while being read")
        if entity_id in survey.repeated:
            if entity_id not in fragments:
                fragments[entity_id] = new_entity(survey.schemata[entity_id], entity_id)
            _add_values(fragments[entity_id], proxy, survey)
            continue
        entity = new_entity(survey.schemata[entity_id], entity_id)
        _add_values(entity, proxy, survey)
        _add_folds(entity, survey)
        yield entity
    for entity in fragments.values():
        _add_folds(entity, survey)
        yield entity


def _add_values(entity: EntityProxy, proxy: EntityProxy, survey: _Survey) -> None:
    for prop, value in proxy.itervalues():
        # References point at entities that are not list entries and are not stored.
        if prop.type != registry.entity:
            add(entity, prop.name, value)
    for address_id in proxy.get("addressEntity", quiet=True):
        add(entity, "address", survey.addresses.get(address_id))


def _add_folds(entity: EntityProxy, survey: _Survey) -> None:
    for prop, value in survey.folds.get(str(entity.id), ()):
        add(entity, prop, value)
    add(entity, "createdAt", survey.listed.get(str(entity.id)))


def _published(last_seen: str) -> date | None:
    """OpenSanctions stamps each entity with `last_seen`, the run that exported it."""
    try:
        return date.fromisoformat(last_seen[:10])
    except ValueError:
        return None


def parse(paths: Sequence[Path]) -> ParsedList:
    path = only_file(paths, "FtM JSON is read one file at a time")
    survey = _survey(path)
    log.info(
        "%s: %d entries; folded %s; skipped %s",
        path,
        len(survey.schemata),
        dict(survey.folded),
        dict(survey.skipped),
    )
    return ParsedList(entities=_entities(path, survey), published=_published(survey.last_seen))


FORMAT = ListFormat(name="ftm_json", detect=detect, parse=parse, dataset=unnamed)
