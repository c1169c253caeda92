"""The migrations as a server needs them: all or nothing (a process killed mid-way on SQLite leaves a
database that opens), one migrator at a time (two processes upgrading one fresh database both
succeed and the schema is applied once), the head from Alembic, and a server's open that refuses a
database below head instead of migrating it."""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

from runlift.store.db import (
    SchemaOutOfDate,
    current_revision,
    head,
    open_engine,
    revisions,
    schema_revision,
    upgrade,
    upgrade_database,
)
from runlift.store.repo import Store
from tests.conftest import MAYA
from tests.dbs import PG_URL, create_pg_database, drop_pg_database

NOW = dt.datetime(2026, 11, 30, 7, 0, tzinfo=dt.UTC)

# A process that opens a database already at head, as every CLI command does (and says which Alembic
# modules that imported: none, the head is cached), then opens a fresh database and is killed
# (SIGKILL, by itself: no timing to guess) the moment migration 0002's revision is written, i.e. with
# 0001 and 0002 applied and 0003.. not yet. The hook is this test's own: an event on every engine.
KILLED_MID_MIGRATION = """
import os, signal, sys
from sqlalchemy import Engine, event
from runlift.store.repo import Store

Store.open(sys.argv[1]).engine.dispose()
print(sorted(m for m in sys.modules if m.startswith("alembic")), flush=True)

@event.listens_for(Engine, "after_cursor_execute")
def _kill(conn, cursor, statement, parameters, context, executemany):
    if statement.startswith("UPDATE alembic_version") and "'0002'" in statement:
        os.kill(os.getpid(), signal.SIGKILL)

Store.open(sys.argv[2])
print("migrated without being killed")
"""

# Two processes upgrading one database at once, for each database given: each loads everything, says
# it is ready, waits for the start line (a file), then upgrades and prints what it applied.
UPGRADER = """
import sys, time
from pathlib import Path
from runlift.store.db import upgrade_database, head
import alembic.command, runlift.store.tables  # loaded before the start line, not raced on
head()
folder, me = Path(sys.argv[1]), sys.argv[2]
for i, url in enumerate(sys.argv[3:]):
    (folder / f"ready-{i}-{me}").touch()
    while not (folder / f"go-{i}").exists():
        time.sleep(0.002)
    print(",".join(upgrade_database(url).applied), flush=True)
"""


def _python(code: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_a_process_killed_during_the_first_open_leaves_a_database_that_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import runlift.store.db as db

    at_head, url = (f"sqlite:///{tmp_path / name}" for name in ("at-head.db", "runlift.db"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # the child's cache, warmed here
    db.head.cache_clear()
    try:
        Store.open(at_head).engine.dispose()
    finally:
        db.head.cache_clear()
    child = _python(KILLED_MID_MIGRATION, at_head, url)
    out, err = child.communicate(timeout=60)
    assert child.returncode == -signal.SIGKILL, f"not killed mid-migration: {out} {err}"
    assert out.splitlines() == ["[]"]  # a database at head opened with no Alembic import (~95 ms)
    engine = create_engine(url)
    try:  # the kill rolled back everything: no half schema ("table athletes already exists" next time)
        assert inspect(engine).get_table_names() == []
    finally:
        engine.dispose()
    store = Store.open(url)  # the next open migrates from scratch
    try:
        assert current_revision(store.engine) == head()
        athlete = store.save_profile("Maya", MAYA, NOW.date(), NOW).athlete_id
        assert store.athlete_id("maya") == athlete
    finally:
        store.engine.dispose()


def test_two_processes_upgrading_one_fresh_database_apply_it_once(tmp_path: Path, pg_ready: bool):
    urls = [f"sqlite:///{tmp_path / 'runlift.db'}"]
    if pg_ready:  # an untouched PostgreSQL database: the pool's are migrated already
        name = create_pg_database()
        urls.append(PG_URL.format(name))
    children = [_python(UPGRADER, str(tmp_path), str(n), *urls) for n in (1, 2)]  # both databases: two starts
    try:
        deadline = time.monotonic() + 60
        for i in range(len(urls)):
            while not all((tmp_path / f"ready-{i}-{n}").exists() for n in (1, 2)):
                assert time.monotonic() < deadline and all(c.poll() is None for c in children), "an upgrader died"
                time.sleep(0.01)
            (tmp_path / f"go-{i}").touch()
        results = [c.communicate(timeout=60) for c in children]
        at_head = [schema_revision(url).at_head for url in urls]
    finally:
        for c in children:
            if c.poll() is None:
                c.kill()
                c.wait()
        if pg_ready:
            drop_pg_database(name)
    assert [c.returncode for c in children] == [0, 0], results
    every = ",".join(sorted(revisions()))
    for i, url in enumerate(urls):  # for each database, one upgrader applied every revision, the other none
        assert sorted(out.splitlines()[i] for out, _err in results) == ["", every], url
    assert at_head == [True] * len(urls)
    if not pg_ready:
        pytest.skip("SQLite only: PostgreSQL is not reachable on 127.0.0.1:5432")


def test_the_head_is_alembics_and_known_to_the_revisions():
    from alembic.script import ScriptDirectory

    from runlift.store.db import MIGRATIONS

    assert head() == ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert head() in revisions() and len(revisions()) >= 4


def test_a_server_open_refuses_a_database_below_head_and_writes_nothing(tmp_path: Path):
    empty_db_url = f"sqlite:///{tmp_path / 'runlift.db'}"
    with pytest.raises(SchemaOutOfDate, match=f"is empty \\(no runlift schema\\), this runlift needs {head()}"):
        open_engine(empty_db_url, upgrade=False)
    engine = create_engine(empty_db_url)
    try:
        assert inspect(engine).get_table_names() == []
        done = upgrade(engine, "0003")
        assert (done.before, done.applied) == (None, ("0001", "0002", "0003"))
    finally:
        engine.dispose()
    with pytest.raises(SchemaOutOfDate, match=f"^the database is at revision 0003, this runlift needs {head()}$") as e:
        Store.open(empty_db_url, migrate=False)
    assert (e.value.current, e.value.needed) == ("0003", head())
    assert "--" not in str(e.value)  # the store names no flag: the face words what to do
    assert schema_revision(empty_db_url).current == "0003"
    done = upgrade_database(empty_db_url)
    assert (done.before, done.applied[0], done.applied[-1]) == ("0003", "0004", head())
    Store.open(empty_db_url, migrate=False).engine.dispose()  # at head: opens
    assert upgrade_database(empty_db_url).applied == ()


def test_a_database_a_newer_runlift_wrote_is_refused_by_name(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'runlift.db'}"
    Store.open(url).engine.dispose()
    engine = create_engine(url)
    try:
        with engine.begin() as db:
            db.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    finally:
        engine.dispose()
    for opening in (lambda: Store.open(url), lambda: Store.open(url, migrate=False), lambda: schema_revision(url)):
        with pytest.raises(Exception, match="at schema revision '9999', which this runlift does not know"):
            opening()


def test_the_head_cache_follows_the_migration_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import runlift.store.db as db

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    db.head.cache_clear()
    try:
        assert db.head() == db._scripts().get_current_head()
        cached = tmp_path / "cache" / "runlift" / "migrations-head"
        digest, revision = cached.read_text().split()
        assert revision == db.head()
        cached.write_text(f"{digest} 0099\n")  # what the file says under the same digest is believed…
        db.head.cache_clear()
        assert db.head() == "0099"
        monkeypatch.setattr(db, "_versions_digest", lambda: "another set of files")  # …a new digest is read again
        db.head.cache_clear()
        assert db.head() == db._scripts().get_current_head()
    finally:
        db.head.cache_clear()
