"""Which plans a write changes: the keys of the adapted-plan cache (app/season.py), right across processes.

Every write to an athlete's file or log calls `changed(db, athlete_id, since)` first thing in its
transaction:
- the athlete's `revision` goes up by one (the athlete's row is also the first row the transaction
  locks, so two writers for one athlete queue on it and never deadlock on the rows after it; on
  PostgreSQL the bump and the journal row below are one statement);
- the journal row (athlete, `since`) takes that revision: the plans of `since` and of every later
  day may have changed (None: every day, e.g. a new runner's file or an import).

`plan_key(athlete, day)` is then the revision of the latest write that changed `day`'s plan. A cache
keyed by it is never stale, in any process: a write that changes the day's plan gives a new key, a
set logged today leaves today's card (planned from the log before today) where it was. The journal
stays a few rows long: old rows are merged into one at the earliest day, with the latest revision
(only ever making more keys change, never fewer).

A session that writes to the log's tables without calling `changed` first is refused (AssertionError,
at the statement): a cached plan would otherwise outlive the write."""

from __future__ import annotations

import datetime as dt
import threading
from functools import cache
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, event, func, select, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import ORMExecuteState, SessionTransaction, sessionmaker
from sqlalchemy.orm import Session as DbSession

from runlift.store.tables import AthleteChangeRow, AthleteRow, conflict_insert

EVERY_DAY = dt.date(1, 1, 1)
KEEP_ROWS = 24  # journal rows kept per athlete before the oldest are merged
# the tables a plan is made from: a write to one of them must say which days it changed
PLAN_TABLES = frozenset(
    {
        "profile_versions",
        "lift_sessions",
        "lift_sets",
        "runs",
        "pain_notes",
        "body_weights",
        "swaps",
        "activities",
        "session_moves",
    }
)
_CHANGED = "runlift.changed"  # DbSession.info key: the athletes this transaction said it changes


def changed(db: DbSession, athlete_id: int, since: dt.date | None) -> int:
    """Record that this transaction changes the athlete's plans from `since` on (None: every day).
    Call it before the transaction's first write to the athlete's rows. Returns the new revision.

    The statements are built once (a set's write is hot: building them cost more than running them).
    On PostgreSQL the bump and the journal are one statement: the athlete's row is held from it to the
    commit, and every round trip in between is time the athlete's other writers queue (issue #12)."""
    db.info.setdefault(_CHANGED, set()).add(athlete_id)
    bind = db.get_bind()
    _queue(db, id(bind), athlete_id)
    day = since or EVERY_DAY
    dialect = bind.dialect.name
    if dialect == "postgresql":
        revision = db.execute(_BUMP_AND_JOURNAL, {"athlete": athlete_id, "day": day}).scalar_one_or_none()
    else:
        revision = db.execute(_BUMP, {"athlete": athlete_id}).scalar_one_or_none()
        if revision is not None:
            db.execute(_journal(dialect), {"athlete_id": athlete_id, "day": day, "revision": revision})
    if revision is None:  # no such athlete: the write that follows fails on its foreign key
        return 0
    if revision % 8 == 0:
        _merge_old(db, athlete_id)
    return int(revision)


# --- one athlete's writers in this process queue here, not at the database -----------------------
# Measured on PostgreSQL (bench/history.md, issue #12): with every writer of one athlete waiting for the
# athlete's row in the database, a burst (a cold start, 200 sets/s) left dozens of transactions queued
# there, each holding a pooled connection, and each commit woke them all to race for the row; the row's
# holder then waited for the CPU among them, so a set held the row 10 ms instead of 1 and the queue
# grew for seconds. Queued on a lock in the process instead, the others sleep; the database sees one
# writer per process. Only an optimisation: a writer that waits QUEUE_WAIT_S goes on to the row's lock
# (where PostgreSQL detects a deadlock, which a lock in the process would not).
QUEUE_WAIT_S = 5.0
_QUEUED = "runlift.queued"  # DbSession.info key: the athletes' locks this transaction holds
_queues: dict[tuple[int, int], threading.Lock] = {}
_queues_lock = threading.Lock()


def _queue(db: DbSession, database: int, athlete_id: int) -> None:
    """Wait for this process's other writers of the athlete in `database` (its engine's id); held to
    the transaction's end."""
    key = (database, athlete_id)
    held = db.info.setdefault(_QUEUED, {})
    if key in held:
        return
    with _queues_lock:
        lock = _queues.setdefault(key, threading.Lock())
    if lock.acquire(timeout=QUEUE_WAIT_S):
        held[key] = lock


@event.listens_for(DbSession, "after_transaction_end")
def _dequeue(session: DbSession, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        for lock in session.info.pop(_QUEUED, {}).values():
            lock.release()


_athletes = cast(Table, AthleteRow.__table__)
_journal_rows = cast(Table, AthleteChangeRow.__table__)
_BUMP = (
    update(_athletes)
    .where(_athletes.c.id == bindparam("athlete"))
    .values(revision=_athletes.c.revision + 1)
    .returning(_athletes.c.revision)
)


def _bump_and_journal() -> Any:
    """PostgreSQL: WITH bumped AS (UPDATE athletes … RETURNING) INSERT INTO athlete_changes … SELECT
    FROM bumped ON CONFLICT DO UPDATE: no row for an athlete that is not there."""
    bumped = _BUMP.returning(_athletes.c.id).cte("bumped")
    day = bindparam("day", type_=_journal_rows.c.day.type)
    insert = postgresql.insert(_journal_rows).from_select(
        ["athlete_id", "day", "revision"], select(bumped.c.id, day, bumped.c.revision)
    )
    upsert = insert.on_conflict_do_update(
        index_elements=["athlete_id", "day"], set_={"revision": insert.excluded.revision}
    )
    return upsert.returning(_journal_rows.c.revision)


_BUMP_AND_JOURNAL = _bump_and_journal()


@cache
def _journal(dialect: str) -> Any:
    """The journal's upsert: the row (athlete, day) takes the new revision."""
    insert = conflict_insert(dialect, _journal_rows)
    return insert.on_conflict_do_update(
        index_elements=["athlete_id", "day"], set_={"revision": insert.excluded.revision}
    )


def _merge_old(db: DbSession, athlete_id: int) -> None:
    """Keep the journal short: the oldest rows become one, at the earliest day, with the latest revision."""
    rows = db.execute(_JOURNAL_ROWS, {"athlete": athlete_id}).all()
    if len(rows) <= KEEP_ROWS:
        return
    old = rows[: len(rows) - KEEP_ROWS + 1]
    first, latest = old[0][0], max(r[1] for r in old)
    db.execute(_MERGED, {"athlete": athlete_id, "last_old": old[-1][0]})
    db.execute(_journal(db.get_bind().dialect.name), {"athlete_id": athlete_id, "day": first, "revision": latest})


_JOURNAL_ROWS = (
    select(_journal_rows.c.day, _journal_rows.c.revision)
    .where(_journal_rows.c.athlete_id == bindparam("athlete"))
    .order_by(_journal_rows.c.day)
)
_MERGED = delete(_journal_rows).where(
    _journal_rows.c.athlete_id == bindparam("athlete"), _journal_rows.c.day <= bindparam("last_old")
)


def plan_key(db: Any, athlete_id: int, day: dt.date) -> int | None:
    """The revision of the latest write that changed `day`'s plan; for an athlete no write recorded
    (restored from a backup), the athlete's revision. None: no such athlete."""
    row = db.execute(_PLAN_KEY, {"athlete": athlete_id, "day": day}).first()
    if row is None:
        return None
    return int(row[1] if row[1] is not None else row[0])


_PLAN_KEY = select(
    _athletes.c.revision,
    select(func.max(_journal_rows.c.revision))
    .where(_journal_rows.c.athlete_id == bindparam("athlete"), _journal_rows.c.day <= bindparam("day"))
    .scalar_subquery(),
).where(_athletes.c.id == bindparam("athlete"))


def watch(sessions: sessionmaker[DbSession]) -> None:
    """Refuse a write to the plan's tables in a transaction that did not call `changed` first."""
    event.listen(sessions, "before_flush", _before_flush)
    event.listen(sessions, "do_orm_execute", _on_execute)


def _before_flush(session: DbSession, _context: Any, _instances: Any) -> None:
    if session.info.get(_CHANGED):
        return
    for row in (*session.new, *session.dirty, *session.deleted):
        _refuse_unrecorded(getattr(row, "__tablename__", None))


def _on_execute(state: ORMExecuteState) -> None:
    if (state.is_insert or state.is_update or state.is_delete) and not state.session.info.get(_CHANGED):
        table = getattr(state.statement, "table", None)
        _refuse_unrecorded(getattr(table, "name", None))


def _refuse_unrecorded(table: object) -> None:
    if table in PLAN_TABLES:
        raise AssertionError(
            f"store: a write to {table} without store.changes.changed(db, athlete_id, since) first: "
            "the plans cached for the athlete would outlive it"
        )
