"""Reading many files on every core, in order.

The reading (decompressing, hashing, parsing) is the CPU work of an import and is independent per
file, so worker processes do it; the caller keeps the database and writes each file's result in
the order the files were found, one transaction per file. A small batch is read in-process: a
worker costs an interpreter start, which a handful of files never pays back."""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from runlift.core.errors import InputError
from runlift.core.library import Library
from runlift.core.profile import Units
from runlift.importers.driver import Source, read_source
from runlift.store.imports import FileImport

IN_FLIGHT_PER_WORKER = 8  # files handed out ahead of the writer: enough to keep a worker busy
POOL_FROM_BYTES = 32 * 1024 * 1024  # below this much input, reading in-process is quicker (measured: the
# workers take ~1 s to start; a FIT file takes ~1 ms to read, a GPX file ~20 ms)

Read = FileImport | str  # what reading one file gave: its import, or why it was skipped (the error's text)


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def read_all(sources: Iterable[Source], units: Units, jobs: int) -> Iterator[tuple[Source, Read]]:
    """Each source with what reading it gave, in the order `sources` yields them."""
    if jobs <= 1:
        from runlift.data import library

        lib = library()
        for source in sources:
            yield source, _read(source, lib, units)
        return
    context = multiprocessing.get_context("spawn")  # a fresh interpreter: no database handle crosses over
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=(units.value,)) as pool:
        window: deque[tuple[Source, Future[Read]]] = deque()
        try:
            for source in sources:
                window.append((source, pool.submit(_read_in_worker, source)))
                if len(window) >= jobs * IN_FLIGHT_PER_WORKER:
                    first, done = window.popleft()
                    yield first, done.result()
            while window:
                first, done = window.popleft()
                yield first, done.result()
        finally:  # the caller stopped early (--strict, an error): drop what is still queued
            pool.shutdown(wait=True, cancel_futures=True)


def _read(source: Source, library: Library, units: Units) -> Read:
    try:
        return read_source(source, library, units)
    except InputError as exc:
        return str(exc)  # text, not the exception: it crosses back from a worker by pickling


_WORKER_UNITS: Units | None = None


def _start_worker(units: str) -> None:
    global _WORKER_UNITS
    _WORKER_UNITS = Units(units)


def _read_in_worker(source: Source) -> Read:
    from runlift.data import library

    assert _WORKER_UNITS is not None
    return _read(source, library(), _WORKER_UNITS)
