"""Opening the database: URL from --db / RUNLIFT_DATABASE_URL / a SQLite file in the user's
data directory; SQLite in WAL mode; the schema migrated to head on first use."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url

from runlift.core.errors import InputError

ENV_VAR = "RUNLIFT_DATABASE_URL"
MIGRATIONS = Path(__file__).parent / "migrations"


def _head() -> str:
    """The newest migration: revisions are numbered like their files (0001_…, 0002_…), one head."""
    return max(p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9]*_*.py"))


HEAD = _head()


def default_url() -> str:
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("runlift", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'runlift.db'}"


def database_url(given: str | None = None) -> str:
    """--db wins, then RUNLIFT_DATABASE_URL, then the default SQLite file."""
    url = given or os.environ.get(ENV_VAR) or default_url()
    if url.startswith(("postgres://", "postgresql://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]  # psycopg 3 is the driver we ship
    try:
        make_url(url)
    except Exception as exc:  # sqlalchemy raises ArgumentError with its own text
        raise InputError(f"--db: expected a database URL like sqlite:///runlift.db, got {url!r}") from exc
    return url


def open_engine(url: str) -> Engine:
    """An engine with the schema at head."""
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    migrate(engine)
    return engine


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]  # a DB-API connection
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable at each WAL checkpoint; safe under WAL
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def migrate(engine: Engine) -> None:
    """Upgrade to head; a no-op (one cheap query, no Alembic import) when already there."""
    if current_revision(engine) == HEAD:
        return
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
