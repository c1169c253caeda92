"""`runlift db current` and `runlift db upgrade` through the entry point."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import create_engine

from runlift.store.db import head, revisions, upgrade
from tests.cli.inproc import runlift


def test_current_and_upgrade_say_where_the_schema_is_and_what_they_applied(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'runlift.db'}"
    out = runlift(url, "db", "current")
    assert out.returncode == 0 and out.stdout.startswith(f"none: no runlift schema yet; this runlift needs {head()}")
    assert not (tmp_path / "runlift.db").exists()  # `current` writes nothing, not even an empty file
    engine = create_engine(url)
    try:
        upgrade(engine, "0002")
    finally:
        engine.dispose()
    assert runlift(url, "db", "current").stdout == f"0002: this runlift needs {head()}: run `runlift db upgrade`\n"
    later = sorted(r for r in revisions() if r > "0002")
    out = runlift(url, "db", "upgrade")
    assert out.stdout == f"Upgraded from 0002 to {head()}: applied {', '.join(later)}.\n"
    assert runlift(url, "db", "current").stdout == f"{head()} (head)\n"
    assert runlift(url, "db", "upgrade").stdout == f"Already at {head()}: nothing to apply.\n"
    assert json.loads(runlift(url, "db", "current", "--json").stdout) == {
        "current": head(),
        "head": head(),
        "at_head": True,
    }


def test_a_database_of_another_program_is_refused_by_both(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'other.db'}"
    engine = create_engine(url)
    try:
        with engine.begin() as db:
            db.exec_driver_sql("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    finally:
        engine.dispose()
    for command in ("current", "upgrade"):
        out = runlift(url, "db", command)
        assert out.returncode == 1 and "is not a runlift database" in out.stderr, out.stderr
