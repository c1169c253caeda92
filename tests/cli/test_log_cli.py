"""Living in the CLI for a season, on SQLite and PostgreSQL: add, log, adapt, review, back up."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from runlift.store.backup import dump
from runlift.store.history import generate
from runlift.store.repo import Store
from tests.cli.entry import invoke, killed_while_writing
from tests.cli.test_cli import SEED_M

MONDAY = "2026-11-30"


def cli_env(db: str, today: str = MONDAY) -> dict[str, str]:
    return {**os.environ, "COLUMNS": "120", "NO_COLOR": "1", "RUNLIFT_TODAY": today, "RUNLIFT_DATABASE_URL": db}


def cli(db: str, *args: str, today: str = MONDAY, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """`runlift ARGS` on the database `db` on the day `today`, through the entry point in this process."""
    return invoke(args, cli_env(db, today), stdin)


def ok(out: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert out.returncode == 0, out.stderr
    return out


@pytest.fixture
def runner(tmp_path: Path, db_url: str) -> tuple[str, Path]:
    path = tmp_path / "maya.toml"
    path.write_text(SEED_M + "\n[lifts]\ngoblet-squat = { weight = 40, reps = 10 }\n")
    ok(cli(db_url, "athlete", "add", str(path)))
    return db_url, path


def test_a_week_in_the_life(runner):
    db, _path = runner
    today = json.loads(ok(cli(db, "today", "--json")).stdout)
    goblet = next(e for e in today["sessions"][0]["exercises"] if e["id"] == "goblet-squat")
    assert goblet["load"] == {"value": 40.0, "unit": "lb"}
    logged = json.loads(ok(cli(db, "log", "--yes", "--json")).stdout)
    assert logged["sets"] > 0 and "Dumbbell Romanian deadlift" in logged["not_logged"]
    ok(cli(db, "log", "set", "db rdl", "2x6@50lb", "rir2"))
    ok(cli(db, "log", "run", "10km", "52:30", "tempo", "rpe7", today="2026-12-02"))
    ok(cli(db, "log", "pain", "knee", "2", today="2026-12-02"))
    ok(cli(db, "log", "weight", "61.2kg", today="2026-12-02"))
    history = json.loads(ok(cli(db, "history", "--json", today="2026-12-02")).stdout)
    assert history["runs"][0]["distance_m"] == 10000 and history["body_weight"][0]["unit"] == "kg"
    rdl = [s for s in history["lifts"][0]["sets"] if s["exercise"] == "db-romanian-deadlift"]
    assert len(rdl) == 2 and rdl[0]["weight"] == 50.0
    # next Monday: both lifts move up after a hit (PRO-1)
    nxt = json.loads(ok(cli(db, "today", "--json", today="2026-12-07")).stdout)
    loads = {e["id"]: e["load"] for e in nxt["sessions"][0]["exercises"]}
    assert loads["goblet-squat"]["value"] == 45.0 and loads["db-romanian-deadlift"]["value"] == 55.0
    week = json.loads(ok(cli(db, "week", "--json", today="2026-12-02")).stdout)
    assert week["days"][0]["logged_sets"] > 0 and week["days"][2]["runs"][0]["type"] == "tempo"
    progress = json.loads(ok(cli(db, "progress", "--json", today="2026-12-07")).stdout)
    assert progress["adherence"]["done"] == 1
    swapped = json.loads(ok(cli(db, "swap", "bss", "--reason", "clunky", "--json")).stdout)
    assert swapped["exercise"] == "db-bulgarian-split-squat" and swapped["replacement"] == "bulgarian-split-squat"
    thursday = json.loads(ok(cli(db, "today", "--json", today="2026-12-03")).stdout)
    ids = [e["id"] for e in thursday["sessions"][0]["exercises"]]
    assert "bulgarian-split-squat" in ids and "db-bulgarian-split-squat" not in ids
    back = json.loads(ok(cli(db, "swap", "db-bulgarian-split-squat", "--back", "--json")).stdout)
    assert back["replacement"] is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("log", "set", "goblet-squat", "3x8@-5lb"), "set: expected SETSxREPS"),
        (("log", "set", "goblet-squat", "3x0@40lb"), "set.reps: expected a whole number from 1 to 100, got 0"),
        (("log", "set", "goblet-squat", "3x8@40lb", "--date", "2099-01-01"), "--date: expected today"),
        (("log", "set", "power snatch", "3x3@40kg"), "no exercise 'power snatch'"),
        (("log", "run", "0km", "30:00"), "run.distance"),
        (("log", "pain", "elbow", "3"), "area: expected one of knee"),
        (("log", "pain", "knee", "12"), "pain.score"),
        (("log", "weight", "9000kg"), "weight: expected a body weight"),
        (("swap", "wall-sit"), "already the easiest step"),
    ],
)
def test_bad_input_is_one_clear_error_and_writes_nothing(runner, args, message):
    db, _ = runner
    out = cli(db, *args)
    assert out.returncode == 1 and message in out.stderr and "Traceback" not in out.stderr
    history = json.loads(ok(cli(db, "history", "--json")).stdout)
    assert history == {"lifts": [], "runs": [], "pain": [], "body_weight": []}


def test_a_changed_file_is_a_new_version(runner):
    db, path = runner
    path.write_text(path.read_text().replace("2027-04-18", "2027-05-16"))
    out = json.loads(ok(cli(db, "athlete", "add", str(path), "--json")).stdout)
    assert out["version"] == 2 and out["changed"]
    assert json.loads(ok(cli(db, "athlete", "list", "--json")).stdout) == [{"name": "Maya", "versions": 2}]


def test_backup_and_restore_through_the_cli(runner, tmp_path: Path):
    db, _ = runner
    ok(cli(db, "log", "--yes"))
    backup = tmp_path / "backup.json"
    ok(cli(db, "backup", str(backup)))
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    assert json.loads(ok(cli(fresh, "restore", str(backup), "--json")).stdout)["athletes"] == 1
    assert dump(Store.open(fresh)) == json.loads(backup.read_text())
    again = cli(fresh, "restore", str(backup))
    assert again.returncode == 1 and "expected an empty database" in again.stderr


def _counts(url: str) -> tuple[int, int]:
    store = Store.open(url)
    try:
        doc = dump(store)
    finally:
        store.engine.dispose()
    sessions = [s for a in doc["athletes"] for s in a["lift_sessions"]]
    return len(sessions), sum(len(s["sets"]) for s in sessions)


@pytest.fixture(scope="session")
def big_backup(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A backup of 600 sessions of 12 sets, written once per session: restoring it takes long enough
    (~0.3 s of writing in one transaction) that the restore is seen writing before it commits: the
    probe polls without sleeping, and sees a write within milliseconds even on a busy machine."""
    import datetime as dt

    from runlift.store.changes import changed
    from runlift.store.repo import session_row

    folder = tmp_path_factory.mktemp("big-backup")
    source = Store.open(f"sqlite:///{folder / 'source.db'}")
    try:
        athlete = source.save_profile("Maya", SEED_M, dt.date(2025, 1, 6), dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
        sessions, _runs, _ = generate(dt.date(2020, 1, 6), runs=1500, sessions=600, sets_per_session=12)
        with source.transaction() as db:  # fast bulk fill for the fixture
            changed(db, athlete.athlete_id, None)
            made = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
            db.add_all(session_row(athlete.athlete_id, s, "manual", made) for s in sessions)
        doc = dump(source)
    finally:
        source.engine.dispose()
    backup = folder / "big.json"
    backup.write_text(json.dumps(doc))
    return backup


def test_kill_9_mid_restore_leaves_the_database_consistent(db_url: str, big_backup: Path):
    """A real `runlift restore` process killed once it is seen writing: the database holds none of the
    backup (it is one transaction), and a re-run restores all of it."""
    backup, full = big_backup, (600, 600 * 12)
    killed = killed_while_writing(["restore", str(backup)], cli_env(db_url), db_url)
    assert killed.returncode == -9, f"the restore ended ({killed.returncode}) before it was seen: {killed.stderr}"
    assert _counts(db_url) == (0, 0)  # nothing half-written
    ok(cli(db_url, "restore", str(backup)))  # a re-run finishes the job
    assert _counts(db_url) == full


def test_why_explains_the_adapted_plan_and_a_flag_swaps(runner):
    db, _ = runner
    ok(cli(db, "log", "set", "goblet squat", "2x6@40lb", "rir2", "--flag", "clunky"))
    why = json.loads(ok(cli(db, "why", "2026-12-07", "squat", "--json", today="2026-12-07")).stdout)
    assert why["exercise"]["id"] == "db-front-load-box-squat"  # goblet squat stepped back one link
    assert {"MOD-1", "MOD-2"} <= {r["id"] for r in why["rules"]}
    bad = cli(db, "why", "next-monday")
    assert bad.returncode == 1 and "expected a date (2027-01-11, today, yesterday, tomorrow) or an" in bad.stderr
    today_squat = json.loads(ok(cli(db, "why", "squat", "--json", today="2026-12-07")).stdout)
    assert today_squat["exercise"]["id"] == "db-front-load-box-squat"  # `why EXERCISE`: today's session
    assert json.loads(ok(cli(db, "why", "--json", today="2026-12-07")).stdout)["date"] == "2026-12-07"
    tomorrow = json.loads(ok(cli(db, "why", "tomorrow", "--json", today="2026-12-06")).stdout)
    assert tomorrow["date"] == "2026-12-07"
    missing = cli(db, "why", "nothere.toml")
    assert missing.returncode == 1 and "PROFILE: no runner's file at 'nothere.toml'" in missing.stderr
