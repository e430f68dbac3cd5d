"""One spelling of a JSON value, so equal data hashes and compares equal."""

from __future__ import annotations

import json
from typing import Any


def canonical_json(data: Any) -> str:
    """One spelling of a JSON value: sorted keys, no spaces, UTF-8 kept as is."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
