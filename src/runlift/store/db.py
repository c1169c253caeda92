"""Opening the database: the URL its edge chose (the CLI: --db / RUNLIFT_DATABASE_URL / config.toml;
a server: runlift.settings), else a SQLite file in the user's data directory; SQLite in WAL mode;
the schema at head. The store reads no environment variable.

Who migrates: the CLI is one process, so `open_engine(url)` upgrades the schema on first use, as it
always did. A server runs several processes: it opens with `upgrade=False`, which refuses a database
below head (`SchemaOutOfDate`), and its operator runs `runlift db upgrade` once. Either way an upgrade
is one transaction, taken by one process at a time:
- SQLite: the migrations run on a connection of their own that follows SQLAlchemy's pysqlite
  recipe for transactional DDL (the driver's implicit BEGIN off, our `BEGIN IMMEDIATE` on): every
  CREATE/ALTER and the new revision commit together, or none does — a process killed during the
  first open leaves an empty database, not half a schema. IMMEDIATE takes the write lock at once, so
  a second migrator waits, then finds the schema at head and applies nothing.
- PostgreSQL: DDL is transactional already; `pg_advisory_xact_lock` makes a second migrator wait
  for the first one's commit, then it finds the schema at head.

The head revision is Alembic's (`ScriptDirectory.get_current_head`); importing alembic.script costs
~95 ms, about half of SQLAlchemy's own import, so the head is cached on disk under the versions'
contents (`head()`): a database already at head costs one small query and no Alembic import."""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from runlift.core.errors import InputError
from runlift.store.errors import DatabaseUnusable

if TYPE_CHECKING:
    from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).parent / "migrations"
VERSIONS = MIGRATIONS / "versions"
DRIVERS = {"sqlite": "sqlite", "sqlite+pysqlite": "sqlite", "postgresql+psycopg": "postgresql"}
EXAMPLE = "sqlite:///runlift.db or postgresql://user@host/db"


class SchemaOutOfDate(InputError):
    """The database's schema is older than this runlift's (or absent): a server refuses it until the
    operator upgrades it. `current` is None for a database with no runlift schema yet."""

    def __init__(self, current: str | None, needed: str) -> None:
        at = f"at revision {current}" if current else "empty (no runlift schema)"
        super().__init__(f"the database is {at}, this runlift needs {needed}")
        self.current, self.needed = current, needed


# pg_advisory_xact_lock's key for "migrating runlift's schema" (any bigint; other programs' locks differ)
MIGRATION_LOCK = int.from_bytes(b"runlift", "big")
SQLITE_MIGRATION_WAIT_MS = 120_000  # a second migrator waits this long for the first one's write lock


def default_url() -> str:
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("runlift", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'runlift.db'}"


def database_url(given: str | None = None) -> str:
    """The URL given, checked (DatabaseUnusable), else the default SQLite file."""
    url = given or default_url()
    if url.startswith(("postgres://", "postgresql://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]  # psycopg 3 is the driver we ship
    try:
        parsed = make_url(url)
    except Exception as exc:  # sqlalchemy raises ArgumentError with its own text (and the password)
        raise DatabaseUnusable(f"expected a database URL like {EXAMPLE}, got {hide_password(url)!r}") from exc
    if parsed.drivername not in DRIVERS:
        raise DatabaseUnusable(f"expected a sqlite or postgresql URL like {EXAMPLE}, got {parsed.drivername!r}")
    if DRIVERS[parsed.drivername] == "postgresql" and importlib.util.find_spec("psycopg") is None:
        raise DatabaseUnusable("PostgreSQL needs the driver: pip install 'runlift[postgres]'")
    if DRIVERS[parsed.drivername] == "sqlite" and parsed.database in (None, "", ":memory:"):
        raise DatabaseUnusable(f"expected a SQLite file (an in-memory database keeps nothing), got {shown(parsed)!r}")
    if DRIVERS[parsed.drivername] == "sqlite" and (parsed.database or "").startswith("file:"):
        raise DatabaseUnusable(f"expected a SQLite file path, got {shown(parsed)!r}")
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


@dataclass(frozen=True, slots=True)
class Revision:
    """Where a database's schema is (`current`, None with no runlift schema yet) and this runlift's head."""

    current: str | None
    head: str

    @property
    def at_head(self) -> bool:
        return self.current == self.head


@dataclass(frozen=True, slots=True)
class Upgraded:
    """What an upgrade did: the revision found (under the lock), the revisions applied, oldest first."""

    before: str | None
    applied: tuple[str, ...]
    head: str


def open_engine(url: str, upgrade: bool = True) -> Engine:
    """An engine with the schema at head; InputError (one line) when the database cannot be used.

    upgrade=True (the CLI, one process): a database below head is upgraded now. upgrade=False (a
    server's processes): it is refused with SchemaOutOfDate, and nothing is written."""
    return _opened(url, migrate if upgrade else check_at_head)


def schema_revision(url: str) -> Revision:
    """The database's revision and this runlift's head, writing nothing (`runlift db current`). A SQLite
    file that does not exist yet stays so; another program's database is refused as on open."""
    parsed = make_url(url)
    if DRIVERS.get(parsed.drivername) == "sqlite" and not Path(parsed.database or "").exists():
        _check_sqlite_folder(parsed)
        return Revision(None, head())
    found: list[str | None] = []

    def read(engine: Engine) -> None:
        found.append(current_revision(engine))
        if found[0] != head():
            with engine.connect() as conn:
                _check_ours(conn, shown(engine.url))

    _opened(url, read).dispose()
    return Revision(found[0], head())


def upgrade_database(url: str) -> Upgraded:
    """Bring the database to head now (`runlift db upgrade`): one transaction, one migrator at a time."""
    done: list[Upgraded] = []
    _opened(url, lambda engine: done.append(upgrade(engine))).dispose()
    return done[0]


def _opened(url: str, check: Callable[[Engine], object]) -> Engine:
    """An engine on `url` (SQLite: its folder checked, its pragmas on connect) once `check` passed on it."""
    engine = create_engine(url, future=True, **_pool(url))
    shown_url = shown(engine.url)
    if engine.dialect.name == "sqlite":
        _check_sqlite_folder(engine.url)
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        check(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        raise DatabaseUnusable(f"cannot open {shown_url}: {describe(exc)}") from exc
    except InputError:
        engine.dispose()
        raise
    return engine


# PostgreSQL: a process keeps up to POOL_SIZE connections and opens no more; a thread past them waits
# for one (up to SQLAlchemy's 30 s, then the API answers 503). With the default (5 kept, 10 more
# opened and closed as needed) a burst of requests opened a connection per request past the fifth (a
# new server process and its authentication on PostgreSQL's side: ~3-5 ms of CPU each side) just when
# the CPUs were busiest; under 200 sets/s with four processes on two cores that fed the queue it came
# from for seconds (bench/history.md, issue #12). Four processes keep at most 40 connections of
# PostgreSQL's default 100.
POOL_SIZE = 10


def _pool(url: str) -> dict[str, int]:
    return {"pool_size": POOL_SIZE, "max_overflow": 0} if url.startswith("postgresql") else {}


def _check_sqlite_folder(url: URL) -> None:
    path = Path(url.database or "")
    if path.exists() and not path.is_file():
        raise DatabaseUnusable(f"expected a SQLite file, got {str(path)!r}, which is not a file")
    if not path.parent.is_dir():
        raise DatabaseUnusable(f"the folder {str(path.parent)!r} does not exist")


def _check_ours(conn: Connection, shown_url: str) -> None:
    """Refuse a database that belongs to another program (tables but no runlift schema), or one a
    newer runlift wrote (a revision this one does not know)."""
    names = set(inspect(conn).get_table_names())
    if not names:
        return
    version = None
    if "alembic_version" in names:
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if version is not None and version not in revisions() and names >= {"athletes", "lift_sessions"}:
        raise DatabaseUnusable(
            f"{shown_url} is at schema revision {version!r}, which this runlift does not know "
            f"(its newest is {head()}): a newer runlift wrote it"
        )
    if version is None or version not in revisions() or not names >= {"athletes", "lift_sessions"}:
        found = f"schema version {version!r}" if version else f"{len(names)} table(s) of another program"
        raise DatabaseUnusable(
            f"{shown_url} is not a runlift database ({found}); runlift adds tables only to an empty database or its own"
        )


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]  # a DB-API connection
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable at each WAL checkpoint; safe under WAL
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def current_revision(engine: Engine | Connection) -> str | None:
    """The database's revision, None when no migration ever ran on it."""
    if isinstance(engine, Connection):
        return _revision_on(engine)
    with engine.connect() as conn:
        return _revision_on(conn)


def _revision_on(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def check_at_head(engine: Engine) -> None:
    """Refuse a database below head (SchemaOutOfDate) or not runlift's; write nothing."""
    current = current_revision(engine)
    if current == head():
        return
    with engine.connect() as conn:
        _check_ours(conn, shown(engine.url))  # another program's tables, or a newer runlift's revision
    raise SchemaOutOfDate(current, head())


def migrate(engine: Engine) -> tuple[str, ...]:
    """Upgrade to head; the revisions applied, oldest first (none, cheaply, when already at head:
    one small query and no Alembic import)."""
    if current_revision(engine) == head():
        return ()
    return upgrade(engine).applied


def upgrade(engine: Engine, target: str = "head") -> Upgraded:
    """Run the migrations up to `target` in one transaction, one migrator at a time (see the module's
    docstring); nothing is applied when another process got there first."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    applied: list[str] = []
    config.attributes["applied"] = applied  # env.py's on_version_apply fills it
    migrator = _sqlite_migrator(engine.url) if engine.dialect.name == "sqlite" else engine
    try:
        with migrator.connect() as conn, conn.begin():  # SQLite: BEGIN IMMEDIATE, the write lock
            if conn.dialect.name == "postgresql":  # held to the commit: a second migrator waits here
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
            _check_ours(conn, shown(engine.url))  # with the lock held: what the first migrator left
            before = _revision_on(conn)
            config.attributes["connection"] = conn
            command.upgrade(config, target)
    finally:
        if migrator is not engine:
            migrator.dispose()
    return Upgraded(before, tuple(applied), head())


def _sqlite_migrator(url: URL) -> Engine:
    """An engine for the migrations alone, with SQLAlchemy's pysqlite recipe for transactional DDL
    (docs: "Enabling Non-Legacy SQLite Transactional Modes"): sqlite3's own transaction control off,
    so it neither skips BEGIN before DDL nor commits under us, and a `BEGIN IMMEDIATE` of ours on
    every begin(). Foreign keys are off on it: batch mode copies a table and drops the old one, and
    with them on the drop would cascade to every child row (the pragma is a no-op inside a
    transaction, so it is set on connect)."""
    migrator = create_engine(url, poolclass=NullPool)

    @event.listens_for(migrator, "connect")
    def _connect(dbapi_connection: Any, _record: object) -> None:
        dbapi_connection.isolation_level = None  # the driver's implicit BEGIN (and COMMIT) off
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=OFF")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_MIGRATION_WAIT_MS}")
        cursor.close()

    @event.listens_for(migrator, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")  # sqlite3 still sends COMMIT/ROLLBACK itself

    return migrator


def revisions() -> frozenset[str]:
    """Every revision this runlift knows (Alembic's script directory; imports alembic.script)."""
    return frozenset(script.revision for script in _scripts().walk_revisions())


@functools.cache
def _scripts() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS))


@functools.cache
def head() -> str:
    """The newest revision, as Alembic's script directory says. Cached in the user's cache folder
    under a digest of the migration files, so a command on a database at head imports no Alembic
    (~95 ms); a changed, added or removed migration file is a new digest, read again."""
    digest = _versions_digest()
    cache = _head_cache_file()
    try:
        cached_digest, cached_head = cache.read_text(encoding="utf-8").split()
        if cached_digest == digest:
            return cached_head
    except (OSError, ValueError):
        pass
    found = _scripts().get_current_head()
    if found is None:
        raise RuntimeError(f"no migration in {VERSIONS}")
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        temporary = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
        temporary.write_text(f"{digest} {found}\n", encoding="utf-8")
        os.replace(temporary, cache)  # whole or not at all, when two processes write it at once
    except OSError:
        pass  # a read-only home: the head is read from the scripts each time, no harm
    return found


def _versions_digest() -> str:
    """sha256 of the migration files' names and contents (and where they are installed): ~0.2 ms."""
    digest = hashlib.sha256(str(VERSIONS).encode())
    for path in sorted(VERSIONS.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _head_cache_file() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("runlift", appauthor=False)) / "migrations-head"
