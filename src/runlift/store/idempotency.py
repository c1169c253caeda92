"""Writes done once: a request retried with the same Idempotency-Key is answered with the first
response and writes nothing, across processes.

The key's row is inserted first, in the write's own transaction (`Store.transaction`, which the
write's store calls join), and holds the response when the transaction commits:
- two requests with one key at once: the second's insert waits for the first's commit (a unique
  key on PostgreSQL; SQLite's write lock), then finds the row and answers from it;
- a write that fails rolls back with its key: a retry runs it again;
- a key reused for a different request (method, path or body) is refused;
- keys older than RETENTION are purged by the next new write in the same scope (see `_purge`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, select, update
from sqlalchemy.orm import Session as DbSession

from runlift.core.errors import InputError
from runlift.store.repo import Store
from runlift.store.tables import IdempotencyKeyRow, conflict_insert

PENDING = 0
# How long a key answers a retry. Not a day (Stripe's choice): the web app's offline outbox (#13)
# replays a phone's writes when it is online again, which after a weekend away from signal is days
# later, and a purged key would make that replay a second write. A week covers it; the rows are small
# (the response of one write), so a scope holds at most a week of its writes.
RETENTION = dt.timedelta(days=7)
PURGE_EVERY = 16  # a new key whose row id is a multiple of this purges its scope (measured below)


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
        claimed = None if key is None else _claimed(db, key, now)
        if key is not None and claimed is None:
            return _earlier(db, key)
        status, body = write()
        if key is not None:
            db.execute(_ANSWERED, {"scope_": key.scope, "key_": key.key, "status": status, "response": body})
            if claimed is not None and claimed % PURGE_EVERY == 0:
                _purge(db, key.scope, now)
        return Answer(status, body)


def _purge(db: DbSession, scope: str, now: dt.datetime) -> None:
    """Delete the scope's keys older than RETENTION, in the write's transaction: one statement on the
    unique index's (scope, key) prefix, so the table stays at about a week of writes per scope with no
    job or command to run. Done by one new write in PURGE_EVERY: on SQLite a purge on every write cost
    +0.85 ms on a 0.85 ms once() (PostgreSQL +0.6 ms on 3.8 ms); one in 16 brings the mean to ~0.03 ms
    more, and the rows that wait for it are a few more small ones. After the write, so an athlete's
    writes are already serialized on their row (store/changes.py); SKIP LOCKED (PostgreSQL; SQLite has
    one writer) lets two purges of one scope pass each other instead of waiting."""
    old = (
        select(IdempotencyKeyRow.id)
        .where(IdempotencyKeyRow.scope == scope, IdempotencyKeyRow.created_at < now - RETENTION)
        .with_for_update(skip_locked=True)
    )
    db.execute(delete(IdempotencyKeyRow).where(IdempotencyKeyRow.id.in_(old)))


def _claimed(db: DbSession, key: Key, now: dt.datetime) -> int | None:
    """Insert the key's row (first: on SQLite it takes the write lock before any read) and give its id;
    None when the key is there already (committed by an earlier request, or waited for)."""
    values = {
        "scope": key.scope,
        "key": key.key,
        "athlete_id": key.athlete_id,
        "fingerprint": key.fingerprint,
        "status": PENDING,
        "response": "",
        "created_at": now,
    }
    row_id: int | None = db.execute(_claim(db.get_bind().dialect.name), values).scalar()
    return row_id


def _earlier(db: DbSession, key: Key) -> Answer:
    row = db.execute(_EARLIER, {"scope_": key.scope, "key_": key.key}).one()
    if row.fingerprint != key.fingerprint:
        raise InputError(
            f"Idempotency-Key: {key.key!r} was used for a different request; send a new key for a new write"
        )
    return Answer(row.status, row.response, replayed=True)


# The statements of a write's key, built once: building them cost more than running them (issue #12).
_keys = cast(Table, IdempotencyKeyRow.__table__)
_this_key = (_keys.c.scope == bindparam("scope_"), _keys.c.key == bindparam("key_"))
_ANSWERED = update(_keys).where(*_this_key).values(status=bindparam("status"), response=bindparam("response"))
_EARLIER = select(_keys.c.fingerprint, _keys.c.status, _keys.c.response).where(*_this_key)


@cache
def _claim(dialect: str) -> Any:
    insert = conflict_insert(dialect, _keys)
    return insert.on_conflict_do_nothing(index_elements=["scope", "key"]).returning(_keys.c.id)
