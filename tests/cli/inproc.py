"""`runlift ARGS` against one database on a pinned day, through the entry point in this process
(tests/cli/entry.invoke): what the data-promise and --json tests type."""

from __future__ import annotations

import os
import subprocess

from tests.cli.entry import invoke

Ran = subprocess.CompletedProcess[str]


def runlift(db: str, *args: str, today: str = "2026-11-30", stdin: str = "") -> Ran:
    """`runlift ARGS` with RUNLIFT_DATABASE_URL=db and RUNLIFT_TODAY=today."""
    env = {**os.environ, "RUNLIFT_DATABASE_URL": db, "RUNLIFT_TODAY": today, "COLUMNS": "120", "NO_COLOR": "1"}
    return invoke(list(args), env, stdin=stdin)


def ok(ran: Ran) -> Ran:
    assert ran.returncode == 0, ran.stderr
    return ran
