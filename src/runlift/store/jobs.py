"""The job table: long work (an import) queued by a request and run by a worker, with its uploaded files.

Claiming: a worker takes the oldest job that is queued, or running under a lease that expired (its
worker died), and sets a lease owned by that claim alone (`owner`, unique per claim). On PostgreSQL
the candidate is locked with `SELECT … FOR UPDATE SKIP LOCKED`, so workers never wait on each other;
on SQLite the claim is one `UPDATE … WHERE id = (SELECT …) RETURNING`, a single statement that holds
the database's write lock from its read to its write (what BEGIN IMMEDIATE gives). A worker renews the
lease while it works (`heartbeat`) and ends the job only while it still holds it (`finish`): a worker
that lost its lease (it stalled past the expiry and another took the job) changes nothing.

Uploaded bytes are stored here, in job_chunks (1 MiB each), so every worker process on every machine
reads them from the one database; they are deleted in the transaction that ends the job."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import BinaryIO

from sqlalchemy import ColumnElement, delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as DbSession

from runlift.core.errors import NotFound
from runlift.store.accounts import aware, maybe_aware
from runlift.store.repo import Store
from runlift.store.tables import JobChunkRow, JobFileRow, JobRow

CHUNK = 1024 * 1024
QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"


@dataclass(frozen=True, slots=True)
class JobFile:
    id: int
    position: int
    name: str
    size: int


@dataclass(frozen=True, slots=True)
class Job:
    id: int
    athlete_id: int
    kind: str
    status: str
    progress_done: int
    progress_total: int
    result: dict[str, object] | None
    error: str | None
    attempts: int
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    files: tuple[JobFile, ...] = field(default=())
    lease_owner: str | None = None


def _job(row: JobRow, files: Sequence[JobFileRow] = ()) -> Job:
    return Job(
        id=row.id,
        athlete_id=row.athlete_id,
        kind=row.kind,
        status=row.status,
        progress_done=row.progress_done,
        progress_total=row.progress_total,
        result=json.loads(row.result) if row.result else None,
        error=row.error,
        attempts=row.attempts,
        created_at=aware(row.created_at),  # SQLite hands back naive UTC: the API's date-times carry a zone
        started_at=maybe_aware(row.started_at),
        finished_at=maybe_aware(row.finished_at),
        files=tuple(JobFile(f.id, f.position, f.name, f.size) for f in files),
        lease_owner=row.lease_owner,
    )


def create_job(
    store: Store,
    athlete_id: int,
    kind: str,
    files: Sequence[tuple[str, BinaryIO]],
    now: dt.datetime,
    key: str | None = None,
) -> tuple[Job, bool]:
    """Queue a job with its files, read from the streams in chunks, in one transaction: the job and every
    byte of its files appear together or not at all. With an idempotency `key`, the job this athlete
    already queued under it is returned instead (and False: not created), even when two requests race."""
    if key is not None:
        known = find_by_key(store, athlete_id, kind, key)
        if known is not None:
            return known, False
    try:
        with store.transaction() as db:
            total = 0
            job = JobRow(
                athlete_id=athlete_id,
                kind=kind,
                status=QUEUED,
                idempotency_key=key,
                progress_done=0,
                progress_total=0,
                attempts=0,
                created_at=now,
            )
            db.add(job)
            db.flush()  # a racing request with the same key waits here (PostgreSQL) or fails (unique key)
            for position, (name, stream) in enumerate(files):
                row = JobFileRow(job_id=job.id, position=position, name=name[:255], size=0)
                db.add(row)
                db.flush()
                size, seq = 0, 0
                while chunk := stream.read(CHUNK):
                    db.execute(insert(JobChunkRow).values(file_id=row.id, seq=seq, data=chunk))
                    size += len(chunk)
                    seq += 1
                row.size = size
                total += size
            job.progress_total = total
            db.flush()
            created = _job(job, list(db.scalars(select(JobFileRow).where(JobFileRow.job_id == job.id))))
    except IntegrityError:
        if key is None:
            raise
        known = find_by_key(store, athlete_id, kind, key)
        if known is None:
            raise
        return known, False
    return created, True


def find_by_key(store: Store, athlete_id: int, kind: str, key: str) -> Job | None:
    with store.transaction() as db:
        row = db.scalar(
            select(JobRow).where(JobRow.athlete_id == athlete_id, JobRow.kind == kind, JobRow.idempotency_key == key)
        )
        return None if row is None else _job(row, _files(db, row.id))


def _files(db: DbSession, job_id: int) -> list[JobFileRow]:
    return list(db.scalars(select(JobFileRow).where(JobFileRow.job_id == job_id).order_by(JobFileRow.position)))


def get_job(store: Store, athlete_id: int, job_id: int) -> Job:
    """The athlete's job; NotFound for another athlete's job as for one that does not exist."""
    with store.transaction() as db:
        row = db.scalar(select(JobRow).where(JobRow.id == job_id, JobRow.athlete_id == athlete_id))
        if row is None:
            raise NotFound("job", str(job_id), "see the imports you started")
        return _job(row, _files(db, row.id))


def list_jobs(store: Store, athlete_id: int, limit: int = 50) -> list[Job]:
    with store.transaction() as db:
        rows = db.scalars(
            select(JobRow).where(JobRow.athlete_id == athlete_id).order_by(JobRow.id.desc()).limit(limit)
        ).all()
        return [_job(r) for r in rows]


def _claimable(now: dt.datetime) -> ColumnElement[bool]:
    return or_(JobRow.status == QUEUED, (JobRow.status == RUNNING) & (JobRow.lease_expires < now))


def claim(store: Store, owner: str, now: dt.datetime, lease: dt.timedelta, max_attempts: int = 3) -> Job | None:
    """Take the oldest claimable job under a new lease owned by `owner` (unique per claim), or None.

    A job whose workers died `max_attempts` times is failed instead of being run again (it may be what
    kills them)."""
    expired = (JobRow.status == RUNNING) & (JobRow.lease_expires < now)
    claimable = _claimable(now)
    with store.transaction() as db:  # an idle poll reads only: no write lock taken on SQLite
        if db.scalar(select(JobRow.id).where(claimable).limit(1)) is None:
            return None
    with store.transaction() as db:
        db.execute(
            update(JobRow)
            .where(expired, JobRow.attempts >= max_attempts)
            .values(
                status=FAILED,
                finished_at=now,
                lease_owner=None,
                lease_expires=None,
                error=f"stopped: its worker stopped {max_attempts} times while running it",
            )
        )
    values = {
        "status": RUNNING,
        "lease_owner": owner,
        "lease_expires": now + lease,
        "attempts": JobRow.attempts + 1,
        "started_at": func.coalesce(JobRow.started_at, now),
    }
    with store.transaction() as db:
        if store.engine.dialect.name == "postgresql":
            job_id = db.scalar(
                select(JobRow.id).where(claimable).order_by(JobRow.id).limit(1).with_for_update(skip_locked=True)
            )
            if job_id is None:
                return None
            db.execute(update(JobRow).where(JobRow.id == job_id).values(**values))
        else:
            oldest = select(JobRow.id).where(claimable).order_by(JobRow.id).limit(1).scalar_subquery()
            job_id = db.scalar(
                update(JobRow).where(JobRow.id == oldest, claimable).values(**values).returning(JobRow.id)
            )
            if job_id is None:
                return None
        row = db.get(JobRow, job_id, populate_existing=True)
        assert row is not None
        return _job(row, _files(db, job_id))


def heartbeat(
    store: Store, job_id: int, owner: str, now: dt.datetime, lease: dt.timedelta, done: int | None = None
) -> bool:
    """Renew the lease (and record the progress); False when the lease is no longer this worker's."""
    values: dict[str, object] = {"lease_expires": now + lease}
    if done is not None:
        values["progress_done"] = done
    with store.transaction() as db:
        changed = db.execute(
            update(JobRow)
            .where(JobRow.id == job_id, JobRow.lease_owner == owner, JobRow.status == RUNNING)
            .values(**values)
        )
        return bool(changed.rowcount)  # type: ignore[attr-defined]  # a CursorResult


def finish(
    store: Store,
    job_id: int,
    owner: str,
    now: dt.datetime,
    status: str,
    result: dict[str, object] | None,
    error: str | None = None,
) -> bool:
    """End the job (done or failed) and delete its uploaded bytes, only while `owner` holds its lease:
    False (and nothing changed) when another worker took it over."""
    assert status in (DONE, FAILED)
    with store.transaction() as db:
        changed = db.execute(
            update(JobRow)
            .where(JobRow.id == job_id, JobRow.lease_owner == owner, JobRow.status == RUNNING)
            .values(
                status=status,
                result=json.dumps(result) if result is not None else None,
                error=error,
                finished_at=now,
                lease_owner=None,
                lease_expires=None,
                progress_done=JobRow.progress_total if status == DONE else JobRow.progress_done,
            )
        )
        if not changed.rowcount:  # type: ignore[attr-defined]  # a CursorResult
            return False
        files = select(JobFileRow.id).where(JobFileRow.job_id == job_id).scalar_subquery()
        db.execute(delete(JobChunkRow).where(JobChunkRow.file_id.in_(files)))
        return True


def chunks(store: Store, file_id: int) -> Iterator[bytes]:
    """A stored file's bytes, chunk by chunk, one chunk in memory at a time."""
    seq = 0
    while True:
        with store.transaction() as db:
            data = db.scalar(select(JobChunkRow.data).where(JobChunkRow.file_id == file_id, JobChunkRow.seq == seq))
        if data is None:
            return
        yield bytes(data)
        seq += 1


def pending(store: Store) -> int:
    """Jobs waiting for a worker (queued), for a status line."""
    with store.transaction() as db:
        return int(db.scalar(select(func.count()).select_from(JobRow).where(JobRow.status == QUEUED)) or 0)
