"""Imports as jobs: a request queues the upload (store/jobs.py) and answers at once; a worker runs it.

Where the uploaded bytes live: in the database (job_chunks), not in a folder, so that any worker
process on any machine can run any job, and a job and its bytes are committed together.

Who runs jobs: `Worker`, a thread polling the job table. `runlift serve` starts one in every app
process (with --workers 4, four of them, which the claim keeps apart: SKIP LOCKED on PostgreSQL);
`runlift worker` runs the same loop on its own, for a deployment that keeps imports off the app
processes. A request that queues a job wakes its own process's worker, so a job starts at once;
otherwise the poll finds it within POLL seconds.

A job survives its worker's death: the worker renews a lease (LEASE) every HEARTBEAT while it works;
a job whose lease expired is claimed again by the next worker that polls, and runs again from the
start. It finishes once: the import is idempotent (each file is one transaction, keyed by its content
hash, so a file the dead worker wrote is found there and counted as already there), and only the
worker holding the lease can end the job. A job whose workers died MAX_ATTEMPTS times is failed.

The job's summary is the import's (files, imported, duplicates, skipped with each file's reason,
warnings, activities), with the paths named as the client named its files. A job is `done` when it
ran; `failed` when nothing of it could be imported (every file skipped) or the import could not run."""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import BinaryIO

from runlift.importers.driver import DEFAULT_LIMITS, Limits
from runlift.store.jobs import DONE, FAILED, chunks, claim, create_job, finish, heartbeat
from runlift.store.jobs import Job as Job  # the jobs the services give (web renders them)
from runlift.store.repo import Store

IMPORT = "import"
LEASE = dt.timedelta(seconds=60)
HEARTBEAT = 5.0  # seconds between lease renewals (and progress updates) while a job runs
POLL = 1.0  # seconds between polls of an idle worker
MAX_ATTEMPTS = 3

log = logging.getLogger("runlift.jobs")
Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class LeaseLost(Exception):
    """Another worker took the job over (this one stalled past its lease): stop, change nothing."""


def queued_import(store: Store, athlete_id: int, key: str) -> Job | None:
    """The import this athlete queued under the idempotency key `key`, if any (its upload is not read again)."""
    from runlift.store.jobs import find_by_key

    return find_by_key(store, athlete_id, IMPORT, key)


def import_job(store: Store, athlete_id: int, job_id: int) -> Job:
    """The athlete's import job; NotFound for another athlete's job as for one that does not exist."""
    from runlift.store.jobs import get_job

    return get_job(store, athlete_id, job_id)


def import_jobs(store: Store, athlete_id: int, limit: int = 50) -> list[Job]:
    """The athlete's latest jobs, newest first."""
    from runlift.store.jobs import list_jobs

    return list_jobs(store, athlete_id, limit)


def submit_import(
    store: Store,
    athlete_id: int,
    files: Sequence[tuple[str | None, BinaryIO]],
    now: dt.datetime,
    key: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[Job, bool]:
    """Queue an import of `files` (the name the client gave, a seekable stream of the bytes), each checked
    first (app/uploads.py: UploadRefused, and nothing is stored). With an idempotency key this athlete
    already used, the job queued under it is returned (created False) and nothing new is stored."""
    from runlift.app.uploads import check_upload, safe_name
    from runlift.core.errors import InputError

    if key is not None:
        known = queued_import(store, athlete_id, key)
        if known is not None:
            return known, False
    if not files:
        raise InputError("files: expected at least one file to import, got none")
    named = [(safe_name(name, i), stream) for i, (name, stream) in enumerate(files)]
    for name, stream in named:
        check_upload(name, stream, limits.batch)
    return create_job(store, athlete_id, IMPORT, named, now, key)


def owner_id() -> str:
    """This claim's lease owner: the host and process (to read in the table) and a fresh random part."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def run_next(
    store: Store,
    clock: Clock = utc_now,
    lease: dt.timedelta = LEASE,
    heartbeat_s: float = HEARTBEAT,
    limits: Limits = DEFAULT_LIMITS,
) -> Job | None:
    """Claim the oldest claimable job and run it to its end; the job as claimed, or None when none waits."""
    owner = owner_id()
    job = claim(store, owner, clock(), lease, MAX_ATTEMPTS)
    if job is None:
        return None
    try:
        if job.kind == IMPORT:
            run_import(store, job, owner, clock, lease, heartbeat_s, limits)
        else:
            finish(store, job.id, owner, clock(), FAILED, None, f"unknown kind of job {job.kind!r}")
    except LeaseLost:
        log.warning("job %s: lease lost to another worker; left to it", job.id)
    return job


def run_import(
    store: Store,
    job: Job,
    owner: str,
    clock: Clock = utc_now,
    lease: dt.timedelta = LEASE,
    heartbeat_s: float = HEARTBEAT,
    limits: Limits = DEFAULT_LIMITS,
) -> None:
    """Run a claimed import job: its files out of the database into a private folder, the import service
    on them, the summary into the job. LeaseLost when another worker took the job over meanwhile."""
    from runlift.app.imports import import_files
    from runlift.app.season import load_state
    from runlift.core.errors import RunliftError
    from runlift.store.db import describe

    with tempfile.TemporaryDirectory(prefix="runlift-job-") as folder:
        paths: list[Path] = []
        names: dict[str, str] = {}
        for f in job.files:
            path = Path(folder) / f"{f.position:04d}-{f.name}"  # a base name (uploads.safe_name): stays inside
            with open(path, "wb") as out:
                for chunk in chunks(store, f.id):
                    out.write(chunk)
            paths.append(path)
            names[str(path)] = f.name
        progress = _Progress(store, job.id, owner, clock, lease, heartbeat_s)
        try:
            units = load_state(store, job.athlete_id).profile.athlete.units
            result = import_files(
                store, job.athlete_id, paths, units, clock(), jobs=1, advance=progress.advance, limits=limits
            )
        except LeaseLost:
            raise
        except RunliftError as exc:
            _end(store, job, owner, clock(), FAILED, None, str(exc))
            return
        except Exception as exc:  # the database went away, a bug: the job's error, one line
            log.exception("job %s failed", job.id)
            _end(store, job, owner, clock(), FAILED, None, f"the import stopped: {describe(exc)}")
            return
    doc = _named(result.doc(), names)
    nothing = not result.imported and not result.duplicates and bool(result.skipped)
    error = f"nothing imported: {len(result.skipped)} file(s) skipped (see skipped)" if nothing else None
    _end(store, job, owner, clock(), FAILED if nothing else DONE, doc, error)


def _end(
    store: Store, job: Job, owner: str, now: dt.datetime, status: str, doc: dict[str, object] | None, error: str | None
) -> None:
    if not finish(store, job.id, owner, now, status, doc, error):
        raise LeaseLost(job.id)


class _Progress:
    """The import's progress callback: bytes done, written into the job (renewing its lease) at most
    every `every` seconds; LeaseLost as soon as the lease is another worker's."""

    def __init__(self, store: Store, job_id: int, owner: str, clock: Clock, lease: dt.timedelta, every: float) -> None:
        self.store, self.job_id, self.owner, self.clock, self.lease, self.every = (
            store,
            job_id,
            owner,
            clock,
            lease,
            every,
        )
        self.done = 0.0
        self.last = time.monotonic()

    def advance(self, n: float) -> None:
        self.done += n
        if time.monotonic() - self.last >= self.every:
            self.last = time.monotonic()
            if not heartbeat(self.store, self.job_id, self.owner, self.clock(), self.lease, int(self.done)):
                raise LeaseLost(self.job_id)


def _named(doc: dict[str, object], names: dict[str, str]) -> dict[str, object]:
    """The summary with the job's private paths (in paths and in reasons) replaced by the names the client
    gave its files."""

    def renamed(text: object) -> object:
        if not isinstance(text, str):
            return text
        for private, name in names.items():
            text = text.replace(private, name)
        return text

    out = dict(doc)
    for key in ("skipped", "matched", "warnings"):
        entries = out.get(key)
        if isinstance(entries, list):
            out[key] = [
                {k: renamed(v) if k in ("path", "reason") else v for k, v in e.items()} if isinstance(e, dict) else e
                for e in entries
            ]
    return out


class Worker:
    """A thread that runs jobs until stopped: claims one, runs it, polls again (POLL) when none waits.

    `wake()` makes it poll now (the process's request that queued a job calls it). Errors of the loop
    itself (the database unreachable) are logged and retried after the poll interval: the thread only
    ends on `stop()`."""

    def __init__(
        self,
        store: Store,
        poll: float = POLL,
        lease: dt.timedelta = LEASE,
        heartbeat_s: float = HEARTBEAT,
        clock: Clock = utc_now,
        limits: Limits = DEFAULT_LIMITS,
    ) -> None:
        self.store, self.poll, self.lease, self.heartbeat_s, self.clock = store, poll, lease, heartbeat_s, clock
        self.limits = limits  # how much one import may decompress (read at the edge: settings, the CLI)
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self.ran = 0

    def start(self) -> Worker:
        self._thread = threading.Thread(target=self.run, name="runlift-jobs", daemon=True)
        self._thread.start()
        return self

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop after the job in hand (a job cut short by the process's end is run again after its lease)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def run(self, once: bool = False) -> None:
        """The loop (in the calling thread); with `once`, until no job waits."""
        while not self._stop.is_set():
            try:
                job = run_next(self.store, self.clock, self.lease, self.heartbeat_s, self.limits)
            except Exception:
                log.exception("job worker: cannot claim a job; trying again in %.0f s", self.poll)
                job = None
            if job is not None:
                self.ran += 1
                continue
            if once:
                return
            self._wake.wait(self.poll)
            self._wake.clear()
