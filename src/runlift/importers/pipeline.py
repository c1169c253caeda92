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
from dataclasses import dataclass

from runlift.core.activity import FileImport
from runlift.core.errors import InputError
from runlift.core.library import Library
from runlift.core.profile import Units
from runlift.importers.driver import Source, read_source

IN_FLIGHT_PER_WORKER = 8  # files handed out ahead of the writer: enough to keep a worker busy
PROBE_FILES = 48  # with the default --jobs, this many files are read in-process first, timed
WORKERS_START_S = 1.0  # spawning the workers and their imports (measured: 0.5-1 s on these machines)
HAND_OVER_S = 0.0002  # what sending a file to a worker and its result back costs the main process


@dataclass(frozen=True, slots=True)
class Probe:
    """Seconds per file spent reading and (by the caller) writing, over the first files of an import."""

    reading_s: float
    writing_s: float

    def pool_pays(self, files_left: float, cores: float) -> bool:
        """Workers pay when the time they save on the files left is more than their start.

        In-process a file costs reading + writing. With workers the main process still writes and
        hands over each file, and all the work shares the cores, so a file costs the larger of the
        two: writing + hand-over, or everything spread over every core. Measured (bench/bench_import.py,
        3,500 generated FIT files, reading ~1 ms and writing ~1 ms a file): 5.6 s in-process, 5.2 s
        on two cores; 400 files: 1.2 s either way, so those stay in-process."""
        alone = self.reading_s + self.writing_s
        pooled = max(self.writing_s + HAND_OVER_S, (alone + HAND_OVER_S) / cores)
        return cores >= 1.5 and (alone - pooled) * files_left > WORKERS_START_S


Read = FileImport | str  # what reading one file gave: its import, or why it was skipped (the error's text)


def free_cores(cores: int, load: float) -> float:
    """The cores an import can count on: the machine's less what other processes keep busy.

    `load` is the 1-minute load average, which counts this import's own process (1). On a busy
    2-core machine workers cost 50 % more CPU and 20-25 % more time than reading in-process."""
    return max(1.0, min(float(cores), cores - (load - 1.0)))


def load_average() -> float:
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):  # Windows, or no /proc: assume an idle machine
        return 0.0


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def read_all(
    sources: Iterable[Source],
    units: Units,
    jobs: int = 0,
    total_bytes: float | None = None,
    load: float | None = None,
) -> Iterator[tuple[Source, Read]]:
    """Each source with what reading it gave, in the order `sources` yields them.

    jobs 1: in this process. jobs N > 1: N worker processes. jobs 0: the first PROBE_FILES in this
    process, timed; the rest on every core if that pays (`Probe.pool_pays`, with the files left
    estimated from `total_bytes`, the input's size, and the cores the machine's `load` leaves free:
    os.getloadavg() unless given), else here too."""
    from runlift.data import library

    pending = iter(sources)
    if jobs == 0:
        probe, consumed = None, 0.0
        lib = library()
        reading, started = 0.0, time.perf_counter()
        for count, source in enumerate(pending, 1):
            begun = time.perf_counter()
            read = _read(source, lib, units)
            if count == 1:  # the first read of a format imports its reader: not a cost per file
                started = time.perf_counter()
            else:
                reading += time.perf_counter() - begun
                consumed += source.disk_bytes
            yield source, read  # the caller writes it before asking for the next
            if count == PROBE_FILES:
                spent = time.perf_counter() - started
                probe = Probe(reading / (count - 1), max(0.0, spent - reading) / (count - 1))
                break
        if probe is None:
            return
        left = (total_bytes or 0.0) - consumed
        files_left = left / (consumed / (PROBE_FILES - 1)) if consumed > 0 else 0.0
        free = free_cores(default_jobs(), load_average() if load is None else load)
        jobs = max(2, round(free)) if probe.pool_pays(files_left, free) else 1
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
    except Exception as exc:  # a reader's bug or a resource limit: still this file's error only
        return f"{source.path}: cannot be read ({unexpected(exc)})"


def unexpected(exc: BaseException) -> str:
    """An exception no reader meant, in one line."""
    text = " ".join(str(exc).split())[:200]
    return f"unexpected {type(exc).__name__}: {text}" if text else f"unexpected {type(exc).__name__}"


_WORKER_UNITS: Units | None = None


def _start_worker(units: str) -> None:
    global _WORKER_UNITS
    _WORKER_UNITS = Units(units)


def _read_in_worker(source: Source) -> Read:
    from runlift.data import library

    assert _WORKER_UNITS is not None
    return _read(source, library(), _WORKER_UNITS)
