"""A score explained in words, feature by feature, as the pages show it.

A hit carries its features as data (name, value, what of the query and of the entry was
compared, a sentence): they are shown as they are. An alert keeps the explanation as the text
its run wrote; that text is split into the same rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

LABELS = {
    "name": "Name",
    "birth_date": "Birth date",
    "country": "Country",
    "identifier": "Identifier",
    "gender": "Gender",
    "schema": "Type",
}

#: Features in a written explanation are joined by "; "; inside parentheses it is punctuation.
_PARTS = re.compile(r"; (?![^()]*\))")
_VALUE = re.compile(r"\s*\[([+-]?\d+(?:\.\d+)?)\]$")


def _row(
    name: str, value: float | None, sentence: str, query: Iterable[str], listed: Iterable[str]
) -> dict[str, Any]:
    label, sep, rest = sentence.partition(":")
    if sep and label.strip().replace(" ", "_") in (name, name.replace("_", " ")):
        sentence = rest.strip()
    points = "" if value is None else f"{value:.2f}" if name == "name" else f"{value:+.2f}"
    return {
        "label": LABELS.get(name, name.replace("_", " ").capitalize()),
        "sentence": sentence,
        "points": points,
        "query": ", ".join(query),
        "listed": ", ".join(listed),
    }


def from_text(explanation: str) -> list[dict[str, Any]]:
    """Rows of a written explanation ("name: ... [0.77]; birth date: ... [+0.35]")."""
    rows = []
    for part in _PARTS.split(explanation) if explanation else []:
        match = _VALUE.search(part)
        value = float(match.group(1)) if match else None
        text = part[: match.start()] if match else part
        name = text.split(":", 1)[0].strip().replace(" ", "_") if ":" in text else "name"
        rows.append(_row(name, value, text, (), ()))
    return rows


def hit_rows(hit: Any) -> list[dict[str, Any]]:
    """Rows of a hit: its features as data when it has them, else its written explanation."""
    features = getattr(hit, "features", None)
    if features and not isinstance(features, str):
        return [
            _row(
                str(f.name),
                float(f.value),
                str(f.explanation),
                tuple(getattr(f, "query", ())),
                tuple(getattr(f, "listed", ())),
            )
            for f in features
        ]
    return from_text(str(hit.explanation or ""))
