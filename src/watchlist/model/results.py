"""The library's answers as data: one model per kind of result, shared by every shell.

`watchlist ... --json`, the HTTP API's responses (and its OpenAPI schemas) and the web UI read
these models; the field names are the contract. Each library value builds its model with
`result()`; `to_dict()` is that model dumped as JSON-ready data. Screening hits have theirs in
`watchlist.screening.results`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Result(BaseModel):
    """A result model: immutable, dumped as JSON-ready data by `data()`."""

    model_config = ConfigDict(frozen=True, populate_by_name=True)

    def data(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)


# Registry ------------------------------------------------------------------------------------


class ListResult(Result):
    """A list with its classification, releases and current entity count."""

    source: str
    title: str
    classification: str = Field(examples=["public"])
    releases: int
    entities: int
    last_release: date | None


class EntityResult(Result):
    """An entity as its list stood on a date, with the release it comes from."""

    source: str
    source_id: str
    schema_: str = Field(alias="schema")
    caption: str
    release: int
    release_date: date
    properties: dict[str, list[str]]


class ChangeResult(Result):
    """One entity's difference between two releases."""

    source_id: str
    change: str = Field(description="listed, amended or delisted")
    caption: str
    added: dict[str, list[str]]
    removed: dict[str, list[str]]


class HistoryResult(Result):
    """A release in which an entity was listed, amended or delisted, and how."""

    release: int
    date_: date = Field(alias="date")
    source_id: str
    change: str = Field(description="listed, amended or delisted")
    caption: str
    added: dict[str, list[str]]
    removed: dict[str, list[str]]


class DiffResult(Result):
    """What changed in a list between two releases."""

    source: str
    from_: date | None = Field(alias="from")
    to: date
    listed: int
    amended: int
    delisted: int
    changes: list[ChangeResult]


class ReleaseUsed(Result):
    """A release of a list: the one an answer used, or one of a list's releases."""

    release: int
    published: date


class ImportResult(Result):
    """What an import did to one list: a new release, or none ("unchanged")."""

    source: str
    release: int
    published: date
    unchanged: bool = Field(description="A release already held exactly these files")
    entities: int
    statements_added: int
    statements_ended: int
    summary: str


class NewListResult(Result):
    """A list just created."""

    name: str
    title: str
    classification: str


# Workflow ------------------------------------------------------------------------------------


class PortfolioImportResult(Result):
    path: str = Field(description="Where the customers came from: a file or 'records'")
    added: int
    changed: int
    unchanged: int


class EventResult(Result):
    """One step of an alert's life: opened, decided, assigned, closed."""

    seq: int
    at: str = Field(description="ISO 8601 time")
    actor: str
    action: str
    status: str
    reason: str


class AlertResult(Result):
    """An alert as one reader may see it: in full, or restricted to its existence."""

    id: int
    customer_id: str
    customer_version: int
    source: str | None
    source_id: str | None
    caption: str | None
    schema_: str | None = Field(alias="schema")
    score: float | None
    status: str
    restricted: bool
    ref: str
    explanation: str
    previous_id: int | None
    changes: dict[str, Any]
    created_at: str = Field(description="ISO 8601 time")
    assignee: str | None
    events: list[EventResult]


class AlertPage(Result):
    """A page of alerts, oldest first, with the number of all that match."""

    total: int
    limit: int
    offset: int
    alerts: list[AlertResult]


class RunResult(Result):
    """What a screening run screened and what it did to the alerts."""

    run_id: int
    mode: str = Field(examples=["incremental"])
    reason: str
    customers_everything: int
    customers_changed_entities: int
    changed_entities: int
    delisted: int
    hits: int
    opened: int
    reopened: int
    closed: int
    unchanged: int
    releases: dict[str, int]
    seconds: float


# Audit ---------------------------------------------------------------------------------------


class VerdictResult(Result):
    """The outcome of re-computing the audit trail's hash chain."""

    ok: bool
    records: int
    head: str = Field(description="SEQ:HASH of the last record: an anchor for a later check")
    first_bad: int | None
    problem: str | None
