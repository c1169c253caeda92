"""`runlift log` walks the session set by set: fed on stdin, and on a terminal (a pty) with the rest
countdown and a session killed half-way."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from pathlib import Path

import pytest

from tests.cli.entry import invoke
from tests.cli.test_today_cli import SAM
from tests.cli.tty import Terminal

MONDAY = "2026-11-30"


def cli(db: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1", "RUNLIFT_TODAY": MONDAY, "RUNLIFT_DATABASE_URL": db}
    return invoke(args, env, stdin)  # the entry point in this process (tests/cli/entry.py); Terminal: a real one


@pytest.fixture
def db(tmp_path: Path, db_url: str) -> str:
    """SQLite and PostgreSQL (tests/dbs.py): each set is its own transaction on both."""
    url = db_url
    path = tmp_path / "sam.toml"
    path.write_text(SAM + "\n[lifts]\nbench-press = { weight = 95, reps = 6 }\n")  # the bench has a load
    assert cli(url, "athlete", "add", str(path)).returncode == 0
    return url


def sets(db: str) -> list[dict[str, object]]:
    doc = json.loads(cli(db, "history", "--json").stdout)
    return [s for session in doc["lifts"] for s in session["sets"]]


def test_set_by_set_from_stdin_with_edits_a_bad_answer_asked_again_and_a_stop(db: str):
    # the first lift (a barbell back squat, no known weight): Enter alone is not enough
    answers = "\n" + "xx\n" + "@95\n" + "5 rir1\n" + "q\n"
    out = cli(db, "log", stdin=answers)
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "Mon 30 Nov: full body, 5 exercises, 19 sets." in text
    assert "set 1/3  6 @ ? lb, RIR 2 > " in text
    assert "weight: type what you lifted, e.g. @40, or s to skip; try again" in text
    assert "expected Enter, reps, @weight, rirN (e.g. 5@45 rir1), s or q, got 'xx'; try again" in text
    assert "✓ saved 6 @ 95 lb, RIR 2" in text and "set 2/3  6 @ 95 lb, RIR 2 > " in text
    assert "✓ saved 5 @ 95 lb, RIR 1" in text and "rest 90 s" in text
    assert "Logged 2 sets on Mon 30 Nov. Run `runlift log` again to go on." in text
    # the next `runlift log` goes on where this one stopped, with the weight used; s skips a set
    again = cli(db, "log", "--json", stdin="s\n")
    assert "(2 already logged)" in again.stderr and "set 3/3  6 @ 95 lb, RIR 2 > " in again.stderr
    assert json.loads(again.stdout) == {
        "session_id": json.loads(again.stdout)["session_id"],
        "date": MONDAY,
        "sets": 0,
        "skipped": 1,
        "stopped": True,
    }
    logged = sets(db)
    assert [(s["side"], s["reps"], s["weight"], s["rir"], s["status"]) for s in logged] == [
        ("both", 6, 95, 2.0, "done"),
        ("both", 5, 95, 1.0, "done"),
        ("both", 6, 95, 2.0, "skipped"),
    ]


def test_yes_logs_the_whole_session_in_one_keystroke(db: str):
    out = cli(db, "log", "--yes", "--json")
    assert out.returncode == 0 and json.loads(out.stdout)["sets"] > 0
    # walking after --yes offers only the lifts it left out (no known weight)
    rest = cli(db, "log", stdin="@30\n" * 40)
    assert "19 sets (7 already logged)" in rest.stdout and "Logged 12 sets on Mon 30 Nov." in rest.stdout
    again = cli(db, "log", stdin="\n")  # nothing left to walk: said, nothing added
    assert again.returncode == 0 and "every set of the session is logged" in again.stdout
    assert len(sets(db)) == 19


def test_on_a_terminal_the_rest_counts_down_and_a_killed_session_keeps_its_sets(db: str):
    term = Terminal("log", env={"RUNLIFT_TODAY": MONDAY, "RUNLIFT_DATABASE_URL": db}, rows=40, cols=100)
    term.read_until("set 1/3")
    term.type("@95\n")
    term.read_until("(Enter to go on)")
    assert "rest 1:30" in term.output or "rest 1:29" in term.output
    term.type("\n")  # end the rest early
    term.read_until("set 2/3")
    term.type("\n")
    term.read_until(lambda out: out.count("✓ saved") == 2 and out.endswith("(Enter to go on) "))
    term.type("\n")
    term.read_until("set 3/3")
    os.killpg(term.proc.pid, signal.SIGKILL)
    term.wait()
    assert [(s["side"], s["weight"]) for s in sets(db)] == [("both", 95), ("both", 95)]
