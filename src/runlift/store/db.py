"""Opening the database: URL from --db / RUNLIFT_DATABASE_URL / a SQLite file in the user's
data directory; SQLite in WAL mode; the schema migrated to head on first use."""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError

from runlift.core.errors import InputError

ENV_VAR = "RUNLIFT_DATABASE_URL"
MIGRATIONS = Path(__file__).parent / "migrations"
DRIVERS = {"sqlite": "sqlite", "sqlite+pysqlite": "sqlite", "postgresql+psycopg": "postgresql"}
EXAMPLE = "sqlite:///runlift.db or postgresql://user@host/db"


def _revisions() -> list[str]:
    """Revision ids, oldest first: migration files are numbered NNNN_name.py and revision = NNNN."""
    return sorted(p.name[:4] for p in (MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))


REVISIONS = _revisions()
HEAD = REVISIONS[-1]  # the newest migration in store/migrations/versions


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
        parsed = make_url(url)
    except Exception as exc:  # sqlalchemy raises ArgumentError with its own text (and the password)
        raise InputError(f"--db: expected a database URL like {EXAMPLE}, got {hide_password(url)!r}") from exc
    if parsed.drivername not in DRIVERS:
        raise InputError(f"--db: expected a sqlite or postgresql URL like {EXAMPLE}, got {parsed.drivername!r}")
    if DRIVERS[parsed.drivername] == "postgresql" and importlib.util.find_spec("psycopg") is None:
        raise InputError("--db: PostgreSQL needs the driver: pip install 'runlift[postgres]'")
    if DRIVERS[parsed.drivername] == "sqlite" and parsed.database in (None, "", ":memory:"):
        raise InputError(f"--db: expected a SQLite file (an in-memory database keeps nothing), got {shown(parsed)!r}")
    if DRIVERS[parsed.drivername] == "sqlite" and (parsed.database or "").startswith("file:"):
        raise InputError(f"--db: expected a SQLite file path, got {shown(parsed)!r}")
    return url


def hide_password(url: str) -> str:
    """The URL with any password masked, even when it does not parse."""
    return re.sub(r"(://[^/@:]*:)[^/@]*@", r"\1***@", url)


def shown(url: URL) -> str:
    return url.render_as_string(hide_password=True)


def describe(exc: BaseException) -> str:
    """A database error as one line: the driver's own message, without SQLAlchemy's link or the SQL."""
    orig = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(orig).splitlines() if line.strip()]
    line = lines[0] if lines else type(orig).__name__
    return hide_password(re.sub(r"\s*\(Background on this error at: [^)]*\)", "", line))


def open_engine(url: str) -> Engine:
    """An engine with the schema at head; InputError (one line) when the database cannot be used."""
    engine = create_engine(url, future=True)
    shown_url = shown(engine.url)
    if engine.dialect.name == "sqlite":
        _check_sqlite_folder(engine.url)
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        migrate(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        raise InputError(f"--db: cannot open {shown_url}: {describe(exc)}") from exc
    except InputError:
        engine.dispose()
        raise
    return engine


def _check_sqlite_folder(url: URL) -> None:
    path = Path(url.database or "")
    if path.exists() and not path.is_file():
        raise InputError(f"--db: expected a SQLite file, got {str(path)!r}, which is not a file")
    if not path.parent.is_dir():
        raise InputError(f"--db: the folder {str(path.parent)!r} does not exist")


def _check_ours(engine: Engine, shown_url: str) -> None:
    """Refuse a database that belongs to another program: tables but no runlift schema."""
    with engine.connect() as conn:
        names = set(inspect(conn).get_table_names())
        if not names:
            return
        version = None
        if "alembic_version" in names:
            version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if version is None or version not in REVISIONS or not names >= {"athletes", "lift_sessions"}:
        found = f"schema version {version!r}" if version else f"{len(names)} table(s) of another program"
        raise InputError(
            f"--db: {shown_url} is not a runlift database ({found}); runlift adds tables only to an empty "
            "database or its own"
        )


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
    _check_ours(engine, shown(engine.url))
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as conn:
        sqlite = engine.dialect.name == "sqlite"
        if sqlite:  # batch mode copies a table and drops the old one: with foreign keys on, the drop
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")  # would cascade to every child row
            conn.commit()  # SQLAlchemy's autobegun transaction; SQLite applies the pragma outside one
        try:
            with conn.begin():
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()
