"""Every store test runs on a real SQLite file and on a real PostgreSQL database.

A test's database starts as the newest migration with no rows, as a runner's first command leaves
it, without paying for the migrations each time (Alembic's import and DDL, ~1 s):
- SQLite: a copy of a file migrated once per test session (per xdist worker);
- PostgreSQL: a database created from a migrated template (`CREATE DATABASE … TEMPLATE`) — and,
  because creating and dropping a database costs ~1-3 s of fsyncs, kept for the worker's next
  test once its rows are deleted and its sequences reset. A database whose schema a test changed
  (a downgrade, a table added) is dropped instead of reused. Commits do not wait for the disk
  there (`synchronous_commit = off`, set on the test databases only): a client killed with
  SIGKILL still loses exactly its open transaction, which is what the tests look at.
Tests of the migrations themselves take `empty_db_url`, a database nothing has touched.

Names are unique (uuid), so parallel workers and parallel runs never share a database, and every
PostgreSQL database the fixtures create is dropped by the end of the session, failed tests too."""

from __future__ import annotations

import atexit
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from runlift.store.repo import Store

PG_ADMIN = os.environ.get("RUNLIFT_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PG_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=test"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/{}"
KINDS = ["sqlite", "postgresql"]


def _pg_available() -> bool:
    import psycopg

    try:
        with psycopg.connect(PG_DSN, connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


@pytest.fixture(scope="session")
def pg_ready() -> bool:
    ok = _pg_available()
    if not ok and os.environ.get("CI"):
        pytest.fail("PostgreSQL is not reachable on 127.0.0.1:5432; CI must run the store tests on it")
    return ok


def create_pg_database(template: str | None = None) -> str:
    """A new database (a copy of `template` when given); the caller drops it."""
    import psycopg

    name = f"runlift_test_{uuid.uuid4().hex[:12]}"
    copy = f' TEMPLATE "{template}"' if template else ""
    with psycopg.connect(PG_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"{copy}')
    return name


def fast_commits(name: str) -> None:
    """Commits on this test database do not wait for the disk: still atomic and visible to every
    other session at once, only not durable across a crash of the server itself."""
    import psycopg

    with psycopg.connect(PG_DSN, autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')


def drop_pg_database(name: str) -> None:
    """Drop a test database in the background: DROP DATABASE waits for a checkpoint (0.1 s on a quiet
    machine, 1-4 s on a busy one), time no test needs to wait for; every drop ends before the process
    does (atexit). A drop that fails leaves the database to drop_stale_pg_databases."""
    global _dropper
    if _dropper is None:
        _dropper = ThreadPoolExecutor(max_workers=1, thread_name_prefix="drop-pg")
        atexit.register(_dropper.shutdown, wait=True)
    _dropper.submit(_drop_now, name)


_dropper: ThreadPoolExecutor | None = None


def _drop_now(name: str) -> None:
    import psycopg

    try:
        with psycopg.connect(PG_DSN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    except psycopg.Error:
        pass


def kind_of(url: str) -> str:
    return "sqlite" if url.startswith("sqlite") else "postgresql"


def _migrated(url: str) -> None:
    Store.open(url).engine.dispose()  # every connection closed: a template must have none


_SCHEMA = """
SELECT md5(coalesce(string_agg(line, ';' ORDER BY line), '')) FROM (
  SELECT table_name || '.' || column_name || ':' || data_type || ':' || is_nullable
         || ':' || coalesce(column_default, '') AS line
    FROM information_schema.columns WHERE table_schema = 'public'
  UNION ALL SELECT conrelid::regclass::text || ':' || conname || ':' || pg_get_constraintdef(oid)
    FROM pg_constraint WHERE connamespace = 'public'::regnamespace
  UNION ALL SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'
  UNION ALL SELECT 'version:' || version_num FROM alembic_version
) AS schema
"""


class PgPool:
    """One worker's PostgreSQL test databases: made from the template, emptied and reused."""

    def __init__(self, template: str) -> None:
        self.template = template
        self.schema = self._schema(template)
        self.idle: list[str] = []
        self.made: list[str] = []

    @staticmethod
    def _schema(name: str) -> str:
        import psycopg

        with psycopg.connect(PG_DSN.replace("dbname=test", f"dbname={name}")) as conn:
            row = conn.execute(_SCHEMA).fetchone()
        assert row is not None
        return str(row[0])

    def take(self, template: str | None = None) -> str:
        """An empty database at the newest migration, or a new copy of `template` (same schema)."""
        if self.idle and template is None:
            return self.idle.pop()
        name = create_pg_database(template=template or self.template)
        self.made.append(name)
        fast_commits(name)
        return name

    def give_back(self, name: str) -> None:
        """Empty the database for the next test, or drop it when a test changed more than rows."""
        if self._emptied(name):
            self.idle.append(name)
        else:
            self.made.remove(name)
            drop_pg_database(name)

    def _emptied(self, name: str) -> bool:
        import psycopg

        try:
            with psycopg.connect(PG_DSN, autocommit=True) as admin:  # a killed client's session too
                admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
            with psycopg.connect(PG_DSN.replace("dbname=test", f"dbname={name}")) as conn:
                conn.execute("SET lock_timeout = '10s'")
                row = conn.execute(_SCHEMA).fetchone()
                if row is None or row[0] != self.schema:
                    return False
                tables = [t for (t,) in conn.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
                )]  # fmt: skip
                conn.execute("SET session_replication_role = replica")  # no foreign key checks: all go
                for table in tables:
                    conn.execute(f'DELETE FROM "{table}"')
                for (sequence,) in conn.execute(
                    "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'"
                ).fetchall():
                    conn.execute(f'ALTER SEQUENCE "{sequence}" RESTART')
            return True
        except psycopg.Error:
            return False

    def close(self) -> None:
        while self.made:
            drop_pg_database(self.made.pop())
        self.idle.clear()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file at the newest migration, to copy (tmp_path_factory is per xdist worker)."""
    path = tmp_path_factory.mktemp("template") / "runlift.db"
    _migrated(f"sqlite:///{path}")
    return path


STALE_AFTER = "3 hours"  # longer than any test run: a test database this old was left by a killed one


def drop_stale_pg_databases() -> None:
    """Drop test databases a killed run left behind: created more than STALE_AFTER ago (the time their
    PG_VERSION file was written) and with no one connected. Best effort: a failure changes nothing."""
    import psycopg

    stale = f"""
        SELECT datname FROM pg_database d
         WHERE datname LIKE 'runlift\\_test\\_%'
           AND (pg_stat_file('base/' || oid || '/PG_VERSION')).modification < now() - interval '{STALE_AFTER}'
           AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)
    """
    try:
        with psycopg.connect(PG_DSN, autocommit=True) as conn:
            for (name,) in conn.execute(stale).fetchall():
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
    except psycopg.Error:
        pass


@pytest.fixture(scope="session")
def pg_template(pg_ready: bool) -> Iterator[str]:
    """A PostgreSQL database at the newest migration, to create test databases from."""
    if not pg_ready:
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    drop_stale_pg_databases()
    name = create_pg_database()
    try:
        _migrated(PG_URL.format(name))
        yield name
    finally:
        drop_pg_database(name)


@pytest.fixture(scope="session")
def pg_pool(pg_template: str) -> Iterator[PgPool]:
    pool = PgPool(pg_template)
    try:
        yield pool
    finally:
        pool.close()


class Prepared:
    """Databases filled once per test session (per worker) by a slow builder, for tests to copy:
    `databases.copy(prepared("sqlite", fill))` costs a file copy or one CREATE DATABASE."""

    def __init__(self, request: pytest.FixtureRequest, folder: Path) -> None:
        self._request = request
        self._folder = folder
        self._made: dict[tuple[str, Callable[[Store], None]], str] = {}
        self._pg: list[str] = []

    def __call__(self, kind: str, fill: Callable[[Store], None]) -> str:
        key = (kind, fill)
        if key not in self._made:
            if kind == "sqlite":
                path = self._folder / f"prepared-{uuid.uuid4().hex[:8]}.db"
                shutil.copyfile(self._request.getfixturevalue("sqlite_template"), path)
                url = f"sqlite:///{path}"
            else:
                name = create_pg_database(template=self._request.getfixturevalue("pg_template"))
                self._pg.append(name)
                fast_commits(name)
                url = PG_URL.format(name)
            store = Store.open(url)
            try:
                fill(store)
            finally:
                store.engine.dispose()  # a template must have no connection left
            self._made[key] = url
        return self._made[key]

    def close(self) -> None:
        while self._pg:
            drop_pg_database(self._pg.pop())


@pytest.fixture(scope="session")
def prepared(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Prepared]:
    made = Prepared(request, tmp_path_factory.mktemp("prepared"))
    try:
        yield made
    finally:
        made.close()


class Databases:
    """Hands out migrated, empty databases and takes them back when the test ends."""

    def __init__(self, request: pytest.FixtureRequest, folder: Path) -> None:
        self._request = request
        self._folder = folder
        self._taken: list[str] = []

    def new(self, kind: str) -> str:
        """The URL of a database at the newest migration with no rows: 'sqlite' or 'postgresql'."""
        if kind == "sqlite":
            path = self._folder / f"runlift-{uuid.uuid4().hex[:8]}.db"
            shutil.copyfile(self._request.getfixturevalue("sqlite_template"), path)
            return f"sqlite:///{path}"
        pool: PgPool = self._request.getfixturevalue("pg_pool")
        name = pool.take()
        self._taken.append(name)
        return PG_URL.format(name)

    def like(self, url: str) -> str:
        """A new database of the same kind as `url`."""
        return self.new(kind_of(url))

    def copy(self, url: str) -> str:
        """A new database holding what the database at `url` holds (no one may be connected to it)."""
        if kind_of(url) == "sqlite":
            path = self._folder / f"runlift-{uuid.uuid4().hex[:8]}.db"
            shutil.copyfile(url.removeprefix("sqlite:///"), path)
            return f"sqlite:///{path}"
        pool: PgPool = self._request.getfixturevalue("pg_pool")
        name = pool.take(template=make_url(url).database)
        self._taken.append(name)
        return PG_URL.format(name)

    def give_back(self) -> None:
        if self._taken:
            pool: PgPool = self._request.getfixturevalue("pg_pool")
            while self._taken:
                pool.give_back(self._taken.pop())


@pytest.fixture
def databases(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Databases]:
    made = Databases(request, tmp_path)
    try:
        yield made
    finally:
        made.give_back()


@pytest.fixture(params=KINDS)
def db_url(request: pytest.FixtureRequest, pg_ready: bool, databases: Databases) -> str:
    """A migrated, empty database: a SQLite file or a PostgreSQL database (dropped afterwards)."""
    if request.param == "postgresql" and not pg_ready:
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    return databases.new(request.param)


@pytest.fixture(params=KINDS)
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path, pg_ready: bool) -> Iterator[str]:
    """A database nothing has touched, not even the migrations: for tests of the migrations."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    if not pg_ready:
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    name = create_pg_database()
    try:
        yield PG_URL.format(name)
    finally:
        drop_pg_database(name)


def _store(url: str) -> Iterator[Store]:
    s = Store.open(url)
    try:
        yield s
    finally:
        s.engine.dispose()


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    yield from _store(db_url)


@pytest.fixture
def empty_store(empty_db_url: str) -> Iterator[Store]:
    """A Store opened on an untouched database: the migrations ran on this open."""
    yield from _store(empty_db_url)
