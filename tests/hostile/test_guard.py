"""Hostile input on the way in and out (issue #11): each input is built here, run through the entry
point where it is about the CLI, on SQLite and PostgreSQL where a database is involved; each test
checks the exit code, the message and that nothing was written."""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DataError, IntegrityError

from runlift.core.errors import InputError
from runlift.core.log import LiftSession, LoggedSet, RunEntry
from runlift.core.profile import RunType
from runlift.store.backup import dump
from runlift.store.repo import Store
from tests.cli.entry import invoke
from tests.cli.test_cli import RUNLIFT, SEED_M
from tests.cli.test_log_cli import MONDAY, cli, ok

NOW = dt.datetime(2026, 11, 30, 8, tzinfo=dt.UTC)
DAY = dt.date(2026, 11, 30)


def athlete_in(db_url: str, name: str = "Maya") -> int:
    """The runner stored directly (one CLI start less per test); the name as a TOML string."""
    toml = SEED_M.replace('name = "Maya"', f"name = {json.dumps(name)}")
    store = Store.open(db_url)
    try:
        return store.save_profile(name, toml, DAY, NOW).athlete_id
    finally:
        store.engine.dispose()


def counts(db_url: str) -> dict[str, int]:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            tables = ("athletes", "lift_sessions", "lift_sets", "runs", "activities")
            return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in tables}
    finally:
        engine.dispose()


def one_line_error(out: subprocess.CompletedProcess[str], *words: str) -> None:
    assert out.returncode == 1, (out.stdout, out.stderr)
    assert out.stderr.startswith("Error: ") and out.stderr.count("\n") == 1, out.stderr
    assert "Traceback" not in out.stderr and "unexpected" not in out.stderr and "sqlalche.me" not in out.stderr
    for word in words:
        assert word in out.stderr, out.stderr


# --- only valid data gets in ---------------------------------------------------------------------


def backup_doc(**changes: Any) -> dict[str, Any]:
    """A one-athlete backup with one session, one run and one activity; `changes` edit one entry."""
    made = "2026-11-30T08:00:00+00:00"
    doc: dict[str, Any] = {
        "format": "runlift-backup",
        "version": 3,
        "athletes": [
            {
                "name": "Maya",
                "created_at": made,
                "profiles": [{"version": 1, "valid_from": "2026-11-30", "toml": SEED_M, "created_at": made}],
                "plans": [],
                "lift_sessions": [
                    {
                        "date": "2026-11-30",
                        "planned": False,
                        "note": "",
                        "source": "manual",
                        "created_at": made,
                        "sets": [
                            {
                                "exercise": "goblet-squat",
                                "side": "both",
                                "weight": 40.0,
                                "unit": "lb",
                                "reps": 8,
                                "rir": 2.0,
                                "rpe": None,
                                "status": "done",
                                "source_name": None,
                            }
                        ],
                    }
                ],
                "runs": [
                    {
                        "date": "2026-11-29",
                        "type": "easy",
                        "distance_m": 8000.0,
                        "duration_s": 2700.0,
                        "rpe": None,
                        "avg_hr": None,
                        "source": "manual",
                        "created_at": made,
                    }
                ],
                "pain": [],
                "body_weights": [],
                "activities": [
                    {
                        "start": "2026-11-28T07:00:00+00:00",
                        "utc_offset_s": 3600,
                        "sport": "running",
                        "sub_sport": None,
                        "distance_m": 10000.0,
                        "moving_s": 3000.0,
                        "elapsed_s": 3100.0,
                        "avg_hr": 150.0,
                        "max_hr": 170.0,
                        "ascent_m": 50.0,
                        "name": "Morning run",
                        "rpe": None,
                        "source_format": "gpx",
                        "sha256": "a" * 64,
                        "file_index": 0,
                        "path": "run.gpx",
                        "held": None,
                        "created_at": made,
                    }
                ],
                "imported_files": [],
                "exercise_names": [],
                "swaps": [],
                "moves": [],
                "calendar_feeds": [],
            }
        ],
        "accounts": {"users": [], "api_tokens": [], "owners": [], "invitations": []},
    }
    athlete = doc["athletes"][0]
    for where, value in changes.items():  # "runs__date": the first run's date; "sets__": the first set's
        table, field = where.split("__")
        if table == "athlete":
            athlete[field] = value
        elif table == "sets":
            athlete["lift_sessions"][0]["sets"][0][field] = value
        else:
            athlete[table][0][field] = value
    return doc


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"sets__side": "middle"}, "sets[0].side"),
        ({"sets__weight": 10_000_000}, "sets[0].weight"),
        ({"sets__reps": 2**31}, "sets[0].reps"),
        ({"sets__status": 7}, "sets[0].status"),
        ({"activities__sport": "x" * 41}, "activities[0].sport"),
        ({"activities__distance_m": -5.0}, "activities[0].distance_m"),
        ({"runs__duration_s": "HUGE"}, "overflow"),  # 1e999: no finite number, refused as it is read
        ({"lift_sessions__note": "nul\x00byte"}, "lift_sessions[0].note"),
        ({"runs__date": "0001-01-01"}, "runs[0].date"),
        ({"runs__type": "jog"}, "runs[0].type"),
        ({"profiles__toml": SEED_M.replace('units = "lb"', 'units = "stone"')}, "profiles[0].toml"),
        ({"athlete__name": "Bob\x00"}, "athletes[0].name"),
    ],
    ids=lambda v: next(iter(v)) if isinstance(v, dict) else "",
)
def test_restore_checks_the_whole_backup_and_writes_nothing(tmp_path: Path, db_url: str, change: dict, field: str):
    backup = tmp_path / "backup.json"
    backup.write_text(json.dumps(backup_doc(**change)).replace('"HUGE"', "1e999"))
    out = cli(db_url, "restore", str(backup))
    one_line_error(out, field)
    assert counts(db_url)["athletes"] == 0


def test_one_backup_restores_into_sqlite_and_postgresql_alike(tmp_path: Path, db_url: str):
    doc = backup_doc()
    backup = tmp_path / "backup.json"
    backup.write_text(json.dumps(doc))
    ok(cli(db_url, "restore", str(backup)))
    store = Store.open(db_url)
    try:
        assert dump(store) == doc
    finally:
        store.engine.dispose()


@pytest.mark.parametrize(
    ("sql", "params"),
    [
        ("UPDATE lift_sets SET side = 'X'", {}),
        ("UPDATE lift_sets SET weight = 5000", {}),
        ("UPDATE lift_sets SET reps = -1", {}),
        ("UPDATE lift_sessions SET date = :d", {"d": dt.date(1, 1, 1)}),
        ("UPDATE runs SET duration_s = :v", {"v": math.inf}),
        ("UPDATE runs SET type = 'jog'", {}),
        ("UPDATE activities SET sport = :v", {"v": "x" * 41}),
        ("UPDATE pain_notes SET area = 'elbow'", {}),
    ],
)
def test_both_databases_refuse_a_row_outside_the_limits(tmp_path: Path, db_url: str, sql: str, params: dict):
    backup = tmp_path / "backup.json"
    doc = backup_doc()
    doc["athletes"][0]["pain"] = [
        {"date": "2026-11-30", "area": "knee", "score": 2, "created_at": "2026-11-30T08:00:00+00:00"}
    ]
    backup.write_text(json.dumps(doc))
    ok(cli(db_url, "restore", str(backup)))
    engine = create_engine(db_url)
    try:
        with pytest.raises((IntegrityError, DataError)), engine.begin() as conn:  # CHECK (or PG's own type)
            conn.execute(text(sql), params)
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("write", "field"),
    [
        (lambda s, a: s.log_run(a, RunEntry(DAY, RunType.EASY, math.nan, 1800.0), NOW), "runs.distance_m"),
        (lambda s, a: s.log_run(a, RunEntry(DAY, RunType.EASY, 5000.0, math.inf), NOW), "runs.duration_s"),
        (lambda s, a: s.add_sets(a, DAY, [LoggedSet("goblet-squat", 5, 10_000_000.0)], NOW), "lift_sets.weight"),
        (lambda s, a: s.add_sets(a, DAY, [LoggedSet("goblet-squat", 2**31, 10.0)], NOW), "lift_sets.reps"),
        (lambda s, a: s.add_sets(a, DAY, [LoggedSet("squat\x00", 5, 10.0)], NOW), "lift_sets.exercise"),
        (
            lambda s, a: s.log_session(
                a, LiftSession(dt.date(1, 1, 1), (LoggedSet("goblet-squat", 5),)), NOW, "strong"
            ),
            "lift_sessions.date",
        ),
    ],
)
def test_the_store_refuses_what_no_runner_did(db_url: str, write: Any, field: str):
    athlete = athlete_in(db_url)
    store = Store.open(db_url)
    try:
        with pytest.raises(InputError, match=field.replace(".", r"\.")):
            write(store, athlete)
    finally:
        store.engine.dispose()
    assert counts(db_url) == {"athletes": 1, "lift_sessions": 0, "lift_sets": 0, "runs": 0, "activities": 0}


@pytest.mark.parametrize("duration", ["1:99", "5:1000", "1:60:00"])
def test_durations_with_60_or_more_minutes_or_seconds_are_errors(db_url: str, duration: str):
    athlete_in(db_url)
    out = cli(db_url, "log", "run", "5km", duration)
    one_line_error(out, "duration", duration)
    assert counts(db_url)["runs"] == 0


def _at_revision_0002(db_url: str) -> None:
    from alembic import command
    from alembic.config import Config

    from runlift.store.db import MIGRATIONS

    engine = create_engine(db_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0002")
        conn.execute(text("INSERT INTO athletes (id, name, created_at) VALUES (1, 'Maya', :t)"), {"t": NOW})
        conn.execute(
            text(
                "INSERT INTO profile_versions (athlete_id, version, valid_from, toml, sha256, created_at) "
                "VALUES (1, 1, :d, :toml, 'x', :t)"
            ),
            {"d": DAY, "toml": SEED_M, "t": NOW},
        )
        for i, (day, side) in enumerate([(dt.date(1, 1, 1), "both"), (DAY, "X"), (DAY, "L")], start=1):
            conn.execute(
                text(
                    "INSERT INTO lift_sessions (id, athlete_id, date, planned, note, source, created_at) "
                    "VALUES (:i, 1, :d, false, '', 'strong', :t)"
                ),
                {"i": i, "d": day, "t": NOW},
            )
            conn.execute(
                text(
                    "INSERT INTO lift_sets (session_id, position, exercise, side, weight, unit, reps, status) "
                    "VALUES (:i, 0, 'goblet-squat', :s, 20, 'lb', 5, 'done')"
                ),
                {"i": i, "s": side},
            )
    engine.dispose()


def test_a_year_1_lift_stored_by_an_older_runlift_no_longer_breaks_progress(empty_db_url: str):
    db_url = empty_db_url  # untouched: migrated here to 0002 only, then opened by the CLI
    _at_revision_0002(db_url)
    out = cli(db_url, "progress", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            aside = conn.execute(text("SELECT table_name, row_id FROM rows_set_aside ORDER BY id")).all()
            kept = conn.execute(text("SELECT id FROM lift_sessions ORDER BY id")).scalars().all()
    finally:
        engine.dispose()
    assert aside == [("lift_sessions", 1), ("lift_sets", 1), ("lift_sets", 2)]  # kept as JSON, with the reason
    assert kept == [2, 3]  # the year-1 session went aside with its set; the side "X" set alone


# --- one session a day, whoever writes it --------------------------------------------------------

BARRIER = """
import pathlib, sys, time
from sqlalchemy import event
from sqlalchemy.engine import Engine

ready, go = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])

@event.listens_for(Engine, "before_cursor_execute")
def _meet(conn, cursor, statement, parameters, context, executemany):
    # both processes stop at their first write (the athlete's revision, store/changes.py, on PostgreSQL
    # inside a WITH; then the day's session) and go on together (the test says when)
    first = ("UPDATE ATHLETES SET REVISION", "INSERT INTO LIFT_SESSIONS")
    if any(f in " ".join(statement.upper().split()) for f in first) and not ready.exists():
        ready.touch()
        while not go.exists():
            time.sleep(0.002)

sys.argv = ["runlift", *sys.argv[3:]]
from runlift.cli import main
main()
"""


def test_two_processes_logging_the_same_day_make_one_session(tmp_path: Path, db_url: str):
    athlete_in(db_url)
    script = tmp_path / "meet.py"
    script.write_text(BARRIER)
    go = tmp_path / "go"
    env = {**os.environ, "RUNLIFT_TODAY": MONDAY, "RUNLIFT_DATABASE_URL": db_url, "NO_COLOR": "1"}
    procs, ready = [], []
    for i, spec in enumerate(["1x8@40lb", "1x5@45lb"]):
        ready.append(tmp_path / f"ready{i}")
        args = [sys.executable, str(script), str(ready[i]), str(go), "log", "set", "goblet-squat", spec]
        procs.append(subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    deadline = time.monotonic() + 60
    while not all(r.exists() for r in ready):  # both are about to create the day's session
        if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
            for p in procs:
                p.kill()
            pytest.fail(f"the processes did not both reach their first write: {[p.communicate() for p in procs]}")
        time.sleep(0.005)
    go.touch()
    for p in procs:
        _out, err = p.communicate(timeout=60)
        assert p.returncode == 0, err
    assert counts(db_url)["lift_sessions"] == 1 and counts(db_url)["lift_sets"] == 2


# --- only valid JSON and safe text out ------------------------------------------------------------


def test_json_output_refuses_nan_and_infinity():
    code = "from runlift.cli.output import emit_json; emit_json({'acwr': float('nan')})"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert out.returncode != 0 and "NaN" not in out.stdout and "not JSON compliant" in out.stderr


def test_acwr_with_no_chronic_load_is_null_not_nan():
    from runlift.core.running_load import acwr

    runs = [RunEntry(DAY - dt.timedelta(days=27), RunType.EASY, 5000.0, 0.0)]  # history, but zero load
    assert acwr(runs, DAY).value is None
    nan_runs = [RunEntry(DAY - dt.timedelta(days=27), RunType.EASY, 5000.0, math.nan)]
    assert acwr(nan_runs, DAY).value is None


@pytest.mark.parametrize("name", ["Bob [/]", "Bob [bold]", "Bob \x1b[31mred\x07"])
def test_athlete_names_print_as_text(db_url: str, name: str):
    athlete_in(db_url, name)
    out = cli(db_url, "athlete", "list")
    assert out.returncode == 0, out.stderr
    shown = name.replace("\x1b", "").replace("\x07", "")
    assert shown in out.stdout and "\x1b" not in out.stdout and "\x07" not in out.stdout


def test_an_exercise_name_from_a_file_prints_as_text(tmp_path: Path, db_url: str):
    athlete_in(db_url)
    strong = tmp_path / "strong.csv"
    strong.write_text(
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n"
        '2026-11-20 07:30:00,"Legs",45m,"Squat [/]",1,100.0,5,0,0,,,8\n'
    )
    ok(cli(db_url, "import", str(strong)))
    out = cli(db_url, "import", "--review")
    assert out.returncode == 0, out.stderr
    assert "Squat [/]" in out.stdout


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # a name printed: no database part
def test_a_zip_member_name_prints_as_text(tmp_path: Path, db_url: str):
    athlete_in(db_url)
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("junk[/].fit", b"\x0e\x10not a fit file at all")
        z.writestr("bell\x07\x1b[2J.fit", b"\x0e\x10not a fit file either")
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "RUNLIFT_TODAY": MONDAY, "RUNLIFT_DATABASE_URL": db_url}
    out = invoke(["import", archive.name], env, cwd=tmp_path)  # from its folder: short paths, the table unwrapped
    assert out.returncode == 3, out.stderr
    assert "junk[/].fit" in out.stdout and "\x1b" not in out.stdout and "\x07" not in out.stdout


def test_csv_cells_that_look_like_formulas_stay_text(tmp_path: Path):
    from runlift.core.activity import Activity
    from runlift.core.log import TrainingLog
    from runlift.exporters.csv_export import write_csv

    log = TrainingLog(
        lifts=(LiftSession(DAY, (LoggedSet("=HYPERLINK(1)", 5),), note="+cmd|' /C calc'!A0"),),
        runs=(RunEntry(DAY, RunType.EASY, 5000.0, 1800.0, source="@SUM(1)"),),
    )
    activity = Activity(NOW, "-2+3", "\tgpx", name="=1")
    write_csv(tmp_path, log, [(1, activity, "\r=evil")])
    cells = [c for p in tmp_path.glob("*.csv") for row in csv.reader(p.open(newline="")) for c in row]
    assert "'=HYPERLINK(1)" in cells and "'-2+3" in cells and "'\r=evil" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r") or (c[:1] == "-" and not _number(c))]


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_ics_names_with_newlines_and_separators_parse_back(tmp_path: Path):
    from icalendar import Calendar

    runner = tmp_path / "odd.toml"
    runner.write_text(SEED_M.replace('name = "Maya"', 'name = "Maya\\nEND:VCALENDAR, x; y\\u001b[31m\\u0007"'))
    target = tmp_path / "plan.ics"
    out = cli("sqlite:///unused.db", "export", "ics", str(target), "--profile", str(runner), "--runs")
    assert out.returncode == 0, out.stderr
    raw = target.read_bytes()
    assert b"\x1b" not in raw and b"\x07" not in raw and b"END:VCALENDAR, x" not in raw
    assert b"Maya END:VCALENDAR\\, x\\; y[31m" in raw  # RFC 5545: commas and semicolons escaped
    cal = Calendar.from_ical(raw)
    events = cal.walk("VEVENT")
    lifts = [e for e in events if str(e["SUMMARY"]).startswith("Lift")]
    assert lifts and all("," in str(e["DESCRIPTION"]) and "\x1b" not in str(e["DESCRIPTION"]) for e in lifts)


# --- exports write whole files, only where they should ---------------------------------------------


def test_a_planted_partial_symlink_is_not_followed(tmp_path: Path):
    runner = tmp_path / "maya.toml"
    runner.write_text(SEED_M)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    target = tmp_path / "plan.ics"
    (tmp_path / "plan.ics.partial").symlink_to(victim)
    out = cli("sqlite:///unused.db", "export", "ics", str(target), "--profile", str(runner))
    assert out.returncode == 0, out.stderr
    assert victim.read_text() == "precious" and target.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial") and not p.is_symlink()]


@pytest.mark.parametrize("kind", ["symlink", "fifo"])
def test_an_export_never_replaces_a_link_or_a_special_file(tmp_path: Path, kind: str):
    runner = tmp_path / "maya.toml"
    runner.write_text(SEED_M)
    target = tmp_path / "plan.ics"
    if kind == "symlink":
        (tmp_path / "elsewhere.ics").write_text("kept")
        target.symlink_to(tmp_path / "elsewhere.ics")
    else:
        os.mkfifo(target)
    out = cli("sqlite:///unused.db", "export", "ics", str(target), "--profile", str(runner))
    one_line_error(out, str(target))
    assert target.is_symlink() if kind == "symlink" else target.is_fifo()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["maya.toml", "plan.ics", *(["elsewhere.ics"] * (kind == "symlink"))]
    )


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["export", "ics", "{tmp}/missing/plan.ics"], ["does not exist"]),
        (["export", "plan", "{tmp}/missing/plan.html"], ["does not exist"]),
        (["export", "plan", "{tmp}/plan.pdf"], [".html", "PDF"]),
        (["backup", "{tmp}/missing/backup.json"], ["does not exist"]),
    ],
)
def test_export_errors_are_one_line_and_write_nothing(tmp_path: Path, args: list[str], words: list[str]):
    runner = tmp_path / "maya.toml"
    runner.write_text(SEED_M)
    db = f"sqlite:///{tmp_path / 'runlift.db'}"
    athlete_in(db)
    before = sorted(p.name for p in tmp_path.iterdir())
    extra = ["--profile", str(runner)] if args[0] == "export" else []
    out = cli(db, *[a.format(tmp=tmp_path) for a in args], *extra)
    one_line_error(out, *words)
    assert sorted(p.name for p in tmp_path.iterdir()) == before


# --- databases and configuration -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("mysql://me:hunter2@db/runlift", ["sqlite or postgresql", "mysql"]),
        ("postgresql://me:hunter2@db:notaport/runlift", ["postgresql"]),
        ("sqlite:///:memory:", ["in-memory"]),
        ("sqlite://", ["in-memory"]),
        ("sqlite:///{tmp}/missing/runlift.db", ["does not exist"]),
        ("postgresql://postgres:hunter2@127.0.0.1:1/runlift", ["cannot open"]),
    ],
)
def test_a_database_url_that_cannot_work_is_one_line(tmp_path: Path, url: str, words: list[str]):
    out = cli(url.format(tmp=tmp_path), "athlete", "list")
    one_line_error(out, *words)
    assert "hunter2" not in out.stderr


def test_a_sqlite_file_of_another_program_gets_no_tables(tmp_path: Path):
    import sqlite3

    path = tmp_path / "photos.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    out = cli(f"sqlite:///{path}", "athlete", "list")
    one_line_error(out, "not a runlift database")
    with sqlite3.connect(path) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")] == ["photos"]


def test_a_file_that_is_not_a_database_is_one_line(tmp_path: Path):
    path = tmp_path / "notes.db"
    path.write_text("just some notes, not SQLite\n" * 100)
    out = cli(f"sqlite:///{path}", "athlete", "list")
    one_line_error(out, "cannot open")
    assert path.read_text().startswith("just some notes")


def test_an_imported_value_outside_the_limits_skips_its_file_and_the_batch_goes_on(tmp_path: Path, db_url: str):
    athlete_in(db_url)
    points = "".join(
        f'<trkpt lat="46.0{i:03d}" lon="14.5"><time>2026-11-20T07:{i:02d}:00Z</time></trkpt>' for i in range(10)
    )
    gpx = (
        '<?xml version="1.0" encoding="UTF-8"?><gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1">'
        "<trk><name>{name}</name><type>{kind}</type><trkseg>{points}</trkseg></trk></gpx>"
    )
    (tmp_path / "long-type.gpx").write_text(gpx.format(name="a", kind="x" * 41, points=points))
    (tmp_path / "good.gpx").write_text(
        gpx.format(name="b", kind="running", points=points.replace("2026-11-20", "2026-11-21"))
    )
    out = cli(db_url, "import", str(tmp_path / "long-type.gpx"), str(tmp_path / "good.gpx"), "--json")
    assert out.returncode == 3, out.stderr
    doc = json.loads(out.stdout)
    assert doc["imported"] == 1 and [s["path"].endswith("long-type.gpx") for s in doc["skipped"]] == [True]
    assert "activities.sport: expected at most 40 characters, got 41" in doc["skipped"][0]["reason"]
    assert counts(db_url)["activities"] == 1


PEAK = """
import resource, subprocess, sys
out = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(out.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024, out.stderr.strip()[:200])
"""


def test_restore_memory_does_not_grow_with_the_backup(tmp_path: Path):
    """Issue #11: a 136 MB backup took 5.2 GB. Ten times the rows, about the same peak (bench/bench_restore.py)."""
    peaks = []
    for sessions in (150, 1500):
        doc = backup_doc()
        template = doc["athletes"][0]["lift_sessions"][0]
        doc["athletes"][0]["lift_sessions"] = [
            {
                **template,
                "date": (dt.date(2000, 1, 1) + dt.timedelta(days=i)).isoformat(),
                "sets": template["sets"] * 12,
            }
            for i in range(sessions)
        ]
        backup = tmp_path / f"backup-{sessions}.json"
        backup.write_text(json.dumps(doc))
        env = {**os.environ, "RUNLIFT_DATABASE_URL": f"sqlite:///{tmp_path / f'{sessions}.db'}"}
        out = subprocess.run(
            [sys.executable, "-c", PEAK, RUNLIFT, "restore", str(backup)], capture_output=True, text=True, env=env
        )
        code, peak, err = out.stdout.split(" ", 2)
        assert code == "0", err
        peaks.append(int(peak))
    assert peaks[1] - peaks[0] < 15, peaks  # MB: 18,000 sets more cost the old restore 87 MB (71 → 158)


def test_a_database_error_mid_command_is_one_line(tmp_path: Path):
    import sqlite3

    db = f"sqlite:///{tmp_path / 'runlift.db'}"
    athlete_in(db)
    with sqlite3.connect(tmp_path / "runlift.db") as conn:  # a damaged schema: a table gone
        conn.execute("DROP TABLE runs")
    out = cli(db, "history", "--json")
    one_line_error(out, "Error: database: ", "no such table: runs")
