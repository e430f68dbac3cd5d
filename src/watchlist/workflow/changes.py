"""List entities as alerts keep them: snapshots, fingerprints and what changed between two."""

from __future__ import annotations

import hashlib
from typing import Any

from watchlist.model.canonical import canonical_json
from watchlist.model.entity import StoredEntity


def snapshot(entity: StoredEntity) -> dict[str, Any]:
    """The entity as an alert keeps it: what the analyst saw when the alert was raised."""
    return {
        "schema": entity.schema,
        "caption": entity.caption,
        "properties": {k: sorted(v) for k, v in sorted(entity.properties.items())},
    }


def fingerprint(entity: StoredEntity) -> str:
    """SHA-256 of the entity's statements: equal exactly when the list entry did not change."""
    content = {"schema": entity.schema, "properties": snapshot(entity)["properties"]}
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


def describe_change(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Property values added to and removed from an entity between two snapshots."""
    before: dict[str, list[str]] = old.get("properties", {})
    after: dict[str, list[str]] = new.get("properties", {})
    added = {
        p: sorted(set(after.get(p, [])) - set(before.get(p, [])))
        for p in sorted(after)
        if set(after.get(p, [])) - set(before.get(p, []))
    }
    removed = {
        p: sorted(set(before.get(p, [])) - set(after.get(p, [])))
        for p in sorted(before)
        if set(before.get(p, [])) - set(after.get(p, []))
    }
    result: dict[str, Any] = {}
    if old.get("schema") != new.get("schema"):
        result["schema"] = [old.get("schema"), new.get("schema")]
    if added:
        result["added"] = added
    if removed:
        result["removed"] = removed
    return result
