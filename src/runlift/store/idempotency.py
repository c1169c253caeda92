"""Writes done once: a request retried with the same Idempotency-Key is answered with the first
response and writes nothing, across processes.

The key's row is inserted first, in the write's own transaction (`Store.transaction`, which the
write's store calls join), and holds the response when the transaction commits:
- two requests with one key at once: the second's insert waits for the first's commit (a unique
  key on PostgreSQL; SQLite's write lock), then finds the row and answers from it;
- a write that fails rolls back with its key: a retry runs it again;
- a key reused for a different request (method, path or body) is refused."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session as DbSession

from runlift.core.errors import InputError
from runlift.store.repo import Store
from runlift.store.tables import IdempotencyKeyRow

PENDING = 0


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    body: str  # JSON text
    replayed: bool = False  # answered from an earlier request with the same key


@dataclass(frozen=True, slots=True)
class Key:
    scope: str  # whose keys: "athlete:7", "caller:local"
    key: str
    fingerprint: str  # sha256 hex of what the request asked for
    athlete_id: int | None = None


def once(store: Store, key: Key | None, now: dt.datetime, write: Callable[[], tuple[int, str]]) -> Answer:
    """Run `write` (status, JSON body) and keep its answer under `key`, in one transaction; the
    same key again returns that answer without running `write`."""
    with store.transaction() as db:
        if key is not None and not _claimed(db, key, now):
            return _earlier(db, key)
        status, body = write()
        if key is not None:
            db.execute(
                update(IdempotencyKeyRow)
                .where(IdempotencyKeyRow.scope == key.scope, IdempotencyKeyRow.key == key.key)
                .values(status=status, response=body)
            )
        return Answer(status, body)


def _claimed(db: DbSession, key: Key, now: dt.datetime) -> bool:
    """Insert the key's row (first: on SQLite it takes the write lock before any read); False when
    the key is there already (committed by an earlier request, or waited for)."""
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = postgresql if db.get_bind().dialect.name == "postgresql" else sqlite
    values = {
        "scope": key.scope,
        "key": key.key,
        "athlete_id": key.athlete_id,
        "fingerprint": key.fingerprint,
        "status": PENDING,
        "response": "",
        "created_at": now,
    }
    insert = dialect.insert(IdempotencyKeyRow).values(**values)
    claimed = insert.on_conflict_do_nothing(index_elements=["scope", "key"]).returning(IdempotencyKeyRow.id)
    return db.execute(claimed).scalar() is not None


def _earlier(db: DbSession, key: Key) -> Answer:
    row = db.execute(
        select(IdempotencyKeyRow.fingerprint, IdempotencyKeyRow.status, IdempotencyKeyRow.response).where(
            IdempotencyKeyRow.scope == key.scope, IdempotencyKeyRow.key == key.key
        )
    ).one()
    if row.fingerprint != key.fingerprint:
        raise InputError(
            f"Idempotency-Key: {key.key!r} was used for a different request; send a new key for a new write"
        )
    return Answer(row.status, row.response, replayed=True)
