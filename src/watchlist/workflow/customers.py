"""The portfolio: customers read from CSV or JSON lines, stored as versions, an edit a new one."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select

from watchlist.audit.actions import AuditAction
from watchlist.audit.log import AuditTrail, lock
from watchlist.errors import InvalidInput, ParseError
from watchlist.model.access import Actor
from watchlist.model.canonical import canonical_json
from watchlist.model.results import PortfolioImportResult
from watchlist.screening import inputs
from watchlist.screening.model import Query
from watchlist.store.db import Store
from watchlist.workflow.tables import customers

# Column names as people write them, folded to one field each; any other column is kept as a
# free attribute. Lists within a cell are separated by ";".
FIELDS = {
    "id": "id",
    "customer_id": "id",
    "customer": "id",
    "name": "name",
    "full_name": "name",
    "schema": "schema",
    "type": "schema",
    "kind": "schema",
    "dob": "birth_dates",
    "birth_date": "birth_dates",
    "birth_dates": "birth_dates",
    "birthdate": "birth_dates",
    "date_of_birth": "birth_dates",
    "country": "countries",
    "countries": "countries",
    "nationality": "countries",
    "citizenship": "countries",
    "identifier": "identifiers",
    "identifiers": "identifiers",
    "passport": "identifiers",
    "passport_number": "identifiers",
    "id_number": "identifiers",
    "registration_number": "identifiers",
    "tax_number": "identifiers",
    "imo": "identifiers",
    "imo_number": "identifiers",
    "gender": "gender",
    "sex": "gender",
}


@dataclass(frozen=True)
class CustomerRecord:
    """A customer as the portfolio file describes it."""

    id: str
    name: str
    schema: str | None = None
    birth_dates: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    identifiers: tuple[str, ...] = ()
    gender: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)

    def to_data(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "schema": self.schema,
            "birth_dates": list(self.birth_dates),
            "countries": list(self.countries),
            "identifiers": list(self.identifiers),
            "gender": self.gender,
            "attributes": dict(sorted(self.attributes.items())),
        }

    def query(self) -> Query:
        """The customer as a screening query (its fields were checked when it was read)."""
        return Query(
            name=self.name,
            schema=self.schema,
            birth_dates=self.birth_dates,
            countries=self.countries,
            identifiers=self.identifiers,
            gender=self.gender,
        )

    @property
    def data_hash(self) -> str:
        return hashlib.sha256(canonical_json(self.to_data()).encode("utf-8")).hexdigest()

    @property
    def match_hash(self) -> str:
        """Hash of what screening reads; free attributes do not count as a change to alert on."""
        data = self.to_data()
        del data["attributes"]
        return hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Customer:
    """One stored version of a customer."""

    row: int  # the version row's id
    customer_id: str
    version: int
    record: CustomerRecord
    data_hash: str

    def to_dict(self) -> dict[str, Any]:
        return {"customer_id": self.customer_id, "version": self.version, **self.record.to_data()}


@dataclass(frozen=True)
class PortfolioImport:
    """What `customers import` did."""

    path: str
    added: int
    changed: int
    unchanged: int

    @property
    def summary(self) -> str:
        return (
            f"{self.path}: {self.added} customers added, {self.changed} changed (new version), "
            f"{self.unchanged} unchanged"
        )

    def result(self) -> PortfolioImportResult:
        return PortfolioImportResult(
            path=self.path, added=self.added, changed=self.changed, unchanged=self.unchanged
        )

    def to_dict(self) -> dict[str, object]:
        return self.result().data()


def _split(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if v is not None and str(v).strip()]
    return [part.strip() for part in str(value).split(";") if part.strip()]


def _key(column: str) -> str:
    return column.strip().lower().replace(" ", "_").replace("-", "_")


def to_record(raw: Mapping[str, Any]) -> CustomerRecord:
    """A customer from one row or JSON object, every field checked: a bad value raises
    InvalidInput naming the field, with a stable code."""
    values: dict[str, list[str]] = {}
    attributes: dict[str, str] = {}
    for column, value in raw.items():
        if column is None:
            raise InvalidInput("more cells than the header has columns")
        name = FIELDS.get(_key(column))
        if name is None:
            if value not in (None, ""):
                attributes[column.strip()] = (
                    value if isinstance(value, str) else canonical_json(value)
                )
            continue
        values.setdefault(name, []).extend(_split(value))
    ids = values.get("id", [])
    names = values.get("name", [])
    if len(ids) != 1:
        raise InvalidInput("a customer needs exactly one id", code="required", field="id")
    if not names:
        raise InvalidInput(f"customer {ids[0]!r} has no name", code="required", field="name")
    schema = None
    for value in values.get("schema", []):
        schema = inputs.schema(value)
    gender = None
    for value in values.get("gender", []):
        gender = inputs.gender(value)
    return CustomerRecord(
        id=ids[0],
        name=" ".join(names),
        schema=schema,
        birth_dates=tuple(inputs.customer_birth_date(v) for v in values.get("birth_dates", [])),
        countries=tuple(inputs.country(v) for v in values.get("countries", [])),
        identifiers=tuple(values.get("identifiers", [])),
        gender=gender,
        attributes=attributes,
    )


def read_records(rows: Iterable[Mapping[str, Any]]) -> list[CustomerRecord]:
    """Every customer of `rows` (dicts as a CSV row or a JSON object gives them), all or
    nothing; InvalidInput names the record (its number, from 1) and the field at fault."""
    records: list[CustomerRecord] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(rows, 1):
        try:
            record = to_record(raw)
        except InvalidInput as exc:
            raise InvalidInput(
                f"record {number}: {exc.message}",
                code=exc.code,
                field=exc.field,
                record=f"record {number}",
            ) from None
        if record.id in seen:
            raise InvalidInput(
                f"record {number}: customer {record.id!r} appears twice "
                f"(also record {seen[record.id]})",
                field="id",
                record=f"record {number}",
            )
        seen[record.id] = number
        records.append(record)
    if not records:
        raise InvalidInput("no customers given", code="required")
    return records


def read_portfolio(path: Path) -> list[CustomerRecord]:
    """Every customer of a CSV file (with a header) or a JSON-lines file, all or nothing."""
    try:
        content = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ParseError(str(path), None, "no such file") from None
    except UnicodeDecodeError as exc:
        raise ParseError(str(path), f"byte {exc.start}", "not UTF-8 text") from None
    rows = _json_lines(path, content) if content.lstrip().startswith("{") else _csv(path, content)
    records: list[CustomerRecord] = []
    seen: dict[str, str] = {}
    for where, raw in rows:
        try:
            record = to_record(raw)
        except InvalidInput as exc:
            place = f"{where}, field {exc.field}" if exc.field else where
            raise ParseError(
                str(path), place, exc.message, code=exc.code, field=exc.field
            ) from None
        if record.id in seen:
            raise ParseError(
                str(path), where, f"customer {record.id!r} appears twice (also {seen[record.id]})"
            )
        seen[record.id] = where
        records.append(record)
    if not records:
        raise ParseError(str(path), None, "no customers found")
    return records


def _csv(path: Path, content: str) -> Iterator[tuple[str, dict[str, Any]]]:
    reader = csv.DictReader(io.StringIO(content, newline=""), strict=True)
    try:
        header = reader.fieldnames or []
        if not {FIELDS.get(_key(c)) for c in header} >= {"id", "name"}:
            raise ParseError(str(path), "line 1", "the header needs an id and a name column")
        for row in reader:
            if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
                continue
            yield f"line {reader.line_num}", dict(row)
    except csv.Error as exc:
        raise ParseError(str(path), f"line {reader.line_num}", f"malformed CSV: {exc}") from None


def _json_lines(path: Path, content: str) -> Iterator[tuple[str, dict[str, Any]]]:
    for number, line in enumerate(content.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ParseError(str(path), f"line {number}", f"not JSON: {exc.msg}") from None
        if not isinstance(obj, dict):
            raise ParseError(str(path), f"line {number}", "each line must be a JSON object")
        yield f"line {number}", obj


def latest_versions(conn: Connection, ids: Sequence[str] | None = None) -> dict[str, Customer]:
    """The current version of every customer (or of those named)."""
    newest = select(customers.c.customer_id, func.max(customers.c.version).label("version"))
    if ids is not None:
        newest = newest.where(customers.c.customer_id.in_(list(ids)))
    sub = newest.group_by(customers.c.customer_id).subquery()
    rows = conn.execute(
        select(customers).join(
            sub,
            (sub.c.customer_id == customers.c.customer_id) & (sub.c.version == customers.c.version),
        )
    )
    return {r.customer_id: _customer(r) for r in rows}


def portfolio(conn: Connection, changed_after: int = 0) -> list[Customer]:
    """Current customers, ordered by id; only those with a version row after `changed_after`."""
    found = latest_versions(conn)
    return sorted((c for c in found.values() if c.row > changed_after), key=lambda c: c.customer_id)


def versions_by_row(conn: Connection, rows: Sequence[int]) -> dict[int, Customer]:
    if not rows:
        return {}
    result = conn.execute(select(customers).where(customers.c.id.in_(list(set(rows)))))
    return {r.id: _customer(r) for r in result}


def newest_row(conn: Connection) -> int:
    return int(conn.execute(select(func.coalesce(func.max(customers.c.id), 0))).scalar_one())


def _customer(r: Any) -> Customer:
    data = json.loads(r.data)
    record = CustomerRecord(
        id=r.customer_id,
        name=data["name"],
        schema=data.get("schema"),
        birth_dates=tuple(data.get("birth_dates", ())),
        countries=tuple(data.get("countries", ())),
        identifiers=tuple(data.get("identifiers", ())),
        gender=data.get("gender"),
        attributes=dict(data.get("attributes", {})),
    )
    return Customer(r.id, r.customer_id, r.version, record, r.data_hash)


def store_customers(
    conn: Connection, actor_name: str, records: Sequence[CustomerRecord]
) -> tuple[list[str], list[str], int]:
    """Insert new customers and new versions of changed ones: (added ids, changed ids, same)."""
    current = latest_versions(conn, [r.id for r in records]) if len(records) < 900 else None
    if current is None:
        current = latest_versions(conn)
    now = datetime.now(UTC)
    added: list[str] = []
    changed: list[str] = []
    rows: list[dict[str, Any]] = []
    for record in records:
        before = current.get(record.id)
        if before is not None and before.data_hash == record.data_hash:
            continue
        (changed if before else added).append(record.id)
        rows.append(
            {
                "customer_id": record.id,
                "version": before.version + 1 if before else 1,
                "schema": record.schema,
                "name": record.name,
                "data": canonical_json(record.to_data()),
                "data_hash": record.data_hash,
                "imported_at": now,
                "actor": actor_name,
            }
        )
    for start in range(0, len(rows), 5000):
        conn.execute(customers.insert(), rows[start : start + 5000])
    return added, changed, len(records) - len(rows)


def describe_change(old: CustomerRecord, new: CustomerRecord) -> dict[str, list[object]]:
    """Field by field, [before, after] of every field that differs."""
    a, b = old.to_data(), new.to_data()
    return {k: [a.get(k), b.get(k)] for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)}


def import_portfolio(store: Store, actor: Actor, path: Path) -> PortfolioImport:
    """Read a portfolio file and store its customers, audited; a bad file stores nothing."""
    records = read_portfolio(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return _store(store, actor, str(path), records, digest)


def import_customers(
    store: Store, actor: Actor, rows: Iterable[Mapping[str, Any]], origin: str = "records"
) -> PortfolioImport:
    """Store customers given as records (dicts with the columns a portfolio file has), audited
    as one import named `origin`; a bad record stores nothing."""
    records = read_records(rows)
    data = canonical_json([{"id": r.id, **r.to_data()} for r in records])
    digest = hashlib.sha256(data.encode("utf-8")).hexdigest()
    return _store(store, actor, origin, records, digest)


def _store(
    store: Store, actor: Actor, origin: str, records: Sequence[CustomerRecord], digest: str
) -> PortfolioImport:
    with store.begin() as conn:
        lock(conn)
        added, changed, unchanged = store_customers(conn, actor.name, records)
        result = PortfolioImport(origin, len(added), len(changed), unchanged)
        trail = AuditTrail(conn, actor)
        trail.add(
            AuditAction.CUSTOMERS_IMPORT,
            "customers",
            {**result.to_dict(), "sha256": digest, "changed_ids": changed[:1000]},
        )
        trail.flush()
    return result
