"""Pause Python's cyclic garbage collector while a bulk read builds tens of thousands of values.

A decade of log is 20,000+ sets, each a small tuple. Building them triggers the collector's full
passes, which walk every object the process tracks (~58,000 once SQLAlchemy and runlift are
loaded) to find cycles that plain rows never form. Measured on the 10-year history
(bench/bench_log.py): reading the log takes ~35 % less time with the collector paused. Reference
counting still frees everything at once; the collector runs again, as usual, when the block ends."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic collection inside the block (nested use is fine: only the outermost re-enables)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
