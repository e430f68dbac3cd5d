"""Shared fixtures: a fresh store per test, on SQLite (and PostgreSQL when configured)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from watchlist.store.db import Store

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(f"sqlite:///{tmp_path}/test.db")
    try:
        yield s
    finally:
        s.close()
