"""The store's write boundary: every row an ORM session flushes is checked against core.limits.

One check for every way in: `log`, imports, restore and (next) the API all write through a Store's
sessions, so a NaN, a 10,000,000 lb set or a NUL byte is refused here with one line naming the field,
before the database sees it (and the CHECK constraints of migration 0004 refuse it again there)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from runlift.core.limits import TABLES, check_row


def guard(sessions: sessionmaker[DbSession]) -> None:
    """Check every new or changed row before each flush of a session `sessions` makes."""
    event.listen(sessions, "before_flush", _before_flush)


def _before_flush(session: DbSession, _context: Any, _instances: Any) -> None:
    for row in (*session.new, *session.dirty):
        checked_row(row)


def checked_row(row: Any) -> None:
    """Check one mapped row in place: InputError for a bad value, names cleaned of control characters."""
    table = getattr(row, "__tablename__", None)
    limits = TABLES.get(table) if isinstance(table, str) else None
    if limits is None or not isinstance(table, str):
        return
    state = inspect(row)
    loaded = {c: getattr(row, c) for c in limits if c not in state.unloaded}
    for column, value in check_row(table, loaded).items():
        if value is not loaded[column] and value != loaded[column]:
            setattr(row, column, value)
