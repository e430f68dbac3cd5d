"""Python's cycle collector paused while the index is built or loaded.

Both make millions of objects (forms, keys, rows, records) that live as long as the index and
hold no cycles; every full sweep the collector makes meanwhile walks all of them again for
nothing (a sixth of the CPU time of a build of every bundled list).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No automatic collection inside the block; the collector as it was after it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
