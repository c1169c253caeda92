"""The cyclic garbage collector around runlift's big reads, and who may touch it.

A decade of log is 20,000+ sets, each a small value. Building them triggers the collector's
passes, which walk the objects the process tracks (~89,000 once SQLAlchemy and runlift are loaded,
~120,000 in a server) looking for cycles that plain rows never form. Measured on the 10-year
history (bench/bench_gc.py, figures in bench/bench_gc.md), reading the log and building the
progress report in a server's heap: 216 ms of CPU with the collector as is, 124 ms with it paused,
147 ms with the start-up heap frozen (87, 0 and 21 ms of it in the collector).

- The CLI runs one command in one process on one thread: `runlift.cli.main` runs the whole command
  inside `paused_gc()`, except `serve` and `worker`, which run until stopped (see below).
  Reference counting still frees everything at once, and no command's peak memory grows (restore
  of 240,000 sets: 69 → 71 MB; import of 1,500 FIT files: 63 → 63 MB).
- The store and the application layer never touch the collector: in a server, threads share it,
  and one request pausing it would pause it for all, with no say on when it comes back.
- A server (or a worker) calls `freeze_startup_heap()` once per process when start-up is done: the
  modules and everything loaded so far move to the permanent generation, which full passes no
  longer walk."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic collection inside the block (nested use is fine: only the outermost re-enables).
    For the CLI's edge only: see the module's docstring."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def freeze_startup_heap() -> None:
    """A server process, once started (app built, modules imported): the collector on (a long-lived
    process must collect its cycles), what start-up left collected, then every surviving object moved
    to the permanent generation, so later collections skip them."""
    gc.enable()
    gc.collect()
    gc.freeze()
