"""The database a face works on: the store opened on a URL, its schema's revision, upgrading it, and a
database error in one line. The CLI reaches the store only through here (tests/test_architecture.py).

Light to import: the store's modules (SQLAlchemy, Alembic) load when a function is called."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from runlift.store.db import Revision, Upgraded
    from runlift.store.repo import Store as Store  # the handle every service takes, for the faces' annotations


def open_store(url: str | None) -> Store:
    """The store on `url` (default: the user's SQLite file), its schema upgraded to head now (one
    process: the CLI); DatabaseUnusable when the URL or the database cannot be used."""
    from runlift.store.repo import Store

    return Store.open(url)


def schema_revision(url: str | None) -> Revision:
    """Where the database's schema is and this runlift's newest, changing nothing (`runlift db current`)."""
    from runlift.store.db import database_url
    from runlift.store.db import schema_revision as revision

    return revision(database_url(url))


def upgrade(url: str | None) -> Upgraded:
    """The schema brought to this runlift's newest, in one transaction (`runlift db upgrade`)."""
    from runlift.store.db import database_url, upgrade_database

    return upgrade_database(database_url(url))


def described(exc: BaseException) -> str:
    """A database driver's error (locked, connection lost) as one line, without SQLAlchemy's link."""
    from runlift.store.db import describe

    return describe(exc)
