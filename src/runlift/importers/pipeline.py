"""Reading many files on every core, in order.

Reading (parsing) is independent per file, so worker processes can do it while the caller keeps the
database and writes each file's result in the order the files were found, one transaction per file.
Whether that pays depends on the files: see `read_all`."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from runlift.core.errors import InputError
from runlift.core.library import Library
from runlift.core.profile import Units
from runlift.importers.driver import Source, read_source
from runlift.store.imports import FileImport

IN_FLIGHT_PER_WORKER = 8  # files handed out ahead of the writer: enough to keep a worker busy
PROBE_FILES = 48  # with the default --jobs, this many files are read in-process first, timed
POOL_WHEN_READING = 0.75  # ... and workers start when reading took at least this share of the time
# Measured (bench/bench_import.py, 400-3,500 generated FIT files): reading a FIT file takes ~1.7 ms,
# writing it ~1.2 ms, about 60 % reading; yet with workers the main process still hashes, sends and
# receives each file and writes it, and the import took as long or longer (plus ~0.5 s to start
# them). A GPX or TCX file reads in 20-40 ms, over 90 % of the time: there workers pay.

Read = FileImport | str  # what reading one file gave: its import, or why it was skipped (the error's text)


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def read_all(sources: Iterable[Source], units: Units, jobs: int = 0) -> Iterator[tuple[Source, Read]]:
    """Each source with what reading it gave, in the order `sources` yields them.

    jobs 1: in this process. jobs N > 1: N worker processes. jobs 0: in this process while reading
    is the lesser part of the work (it is, for FIT); on every core once it proves the greater."""
    from runlift.data import library

    pending = iter(sources)
    if jobs == 0:
        cores = default_jobs()
        lib = library()
        reading, started = 0.0, time.perf_counter()
        for count, source in enumerate(pending, 1):
            begun = time.perf_counter()
            read = _read(source, lib, units)
            if count == 1:  # the first read of a format imports its reader: not a cost per file
                started = time.perf_counter()
            else:
                reading += time.perf_counter() - begun
            yield source, read  # the caller writes it before asking for the next
            if count == PROBE_FILES:
                break
        else:
            return
        spent = time.perf_counter() - started
        jobs = cores if cores > 1 and reading >= POOL_WHEN_READING * spent else 1
    if jobs <= 1:
        lib = library()
        for source in pending:
            yield source, _read(source, lib, units)
        return
    yield from _pooled(pending, units, jobs)


def _pooled(sources: Iterator[Source], units: Units, jobs: int) -> Iterator[tuple[Source, Read]]:
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
