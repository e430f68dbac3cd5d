"""Test doubles for the workflow: releases written straight to the store, a name matcher."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from tests.store.releases import store_release
from watchlist.model.access import Actor, Classification
from watchlist.model.entity import StoredEntity
from watchlist.store.db import Store
from watchlist.store.reads import current_entities
from watchlist.store.releases import Key, ReleaseContent, ReleaseInfo
from watchlist.workflow.customers import CustomerRecord
from watchlist.workflow.matching import Match

OFFICER = Actor("officer", Classification.SECRET)

Entities = dict[str, dict[str, list[str]]]

KARPOV = {"$schema": ["Person"], "name": ["Pavel Karpov"], "birthDate": ["1977-08-27"]}
BANK = {"$schema": ["Organization"], "name": ["Example Bank"]}
ORLOV = {"$schema": ["Person"], "name": ["Ivan Orlov"]}


def release(store: Store, day: str, rows: Entities, source: str = "demo") -> ReleaseInfo:
    keys: set[Key] = set()
    for entity_id, props in rows.items():
        for prop, values in props.items():
            for value in values:
                keys.add((entity_id, prop, value))
    digest = hashlib.sha256(repr(sorted(keys)).encode()).hexdigest()
    content = ReleaseContent(
        source=source,
        title=f"{source} list",
        published=date.fromisoformat(day),
        content_hash=digest,
        files="test",
        format="test",
        statements=frozenset(keys),
    )
    return store_release(store, OFFICER, content)


def portfolio_file(tmp_path: Path, text: str, name: str = "customers.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _norm(name: str) -> str:
    return " ".join(sorted(name.casefold().split()))


class NameMatcher:
    """Matches a customer whose name equals an entry's name or alias, word order aside."""

    def __init__(self, entities: Sequence[StoredEntity], log: list[str], label: str) -> None:
        self.index: dict[str, list[StoredEntity]] = {}
        for e in entities:
            for prop in ("name", "alias"):
                for value in e.properties.get(prop, []):
                    self.index.setdefault(_norm(value), []).append(e)
        self.log = log
        self.label = label

    def match(self, customer: CustomerRecord) -> list[Match]:
        self.log.append(f"{self.label}:{customer.id}")
        found = []
        for e in self.index.get(_norm(customer.name), []):
            dobs = e.properties.get("birthDate", [])
            if customer.birth_dates and dobs and not set(customer.birth_dates) & set(dobs):
                continue
            found.append(Match(e.source, e.source_id, 0.9, f"name: {customer.name} = {e.caption}"))
        return found


class NameMatchers:
    """A stand-in for the screening library: records what each run asked it."""

    def __init__(self, threshold: float = 0.7) -> None:
        self.threshold = threshold
        self.screened: list[str] = []  # "everything:c1", "only:c2", ...
        self.only_with: list[list[tuple[str, str]]] = []
        self.during_screening: list[object] = []  # callables run on the first match call

    def everything(self, store: Store) -> NameMatcher:
        with store.read() as conn:
            entities = list(current_entities(conn))
        return self._hooked(NameMatcher(entities, self.screened, "everything"))

    def only(self, store: Store, entities: Sequence[StoredEntity]) -> NameMatcher:
        self.only_with.append(sorted((e.source, e.source_id) for e in entities))
        return self._hooked(NameMatcher(entities, self.screened, "only"))

    def settings(self) -> dict[str, object]:
        return {"engine": "test-names", "threshold": self.threshold}

    def _hooked(self, matcher: NameMatcher) -> NameMatcher:
        hooks, self.during_screening = self.during_screening, []
        for hook in hooks:
            hook()  # type: ignore[operator]
        return matcher
