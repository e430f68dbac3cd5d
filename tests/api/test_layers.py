"""Routes are thin: they reach the screening index only through the library's facade."""

from __future__ import annotations

from pathlib import Path

import watchlist.api.routers as routers

#: /readyz asks whether the index is loaded: the one route that looks at the index itself.
HEALTH = "health.py"


def test_no_route_but_health_reaches_the_index_past_the_facade() -> None:
    folder = Path(routers.__file__).parent
    modules = sorted(p for p in folder.glob("*.py") if p.name != HEALTH)
    assert len(modules) >= 6
    offending = [p.name for p in modules if "services.index" in p.read_text(encoding="utf-8")]
    assert offending == []
