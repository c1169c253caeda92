"""Command-line conventions through the entry point: --version, completion, config.toml, global options
after the command, athlete names in any case, `athlete remove`."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from runlift.cli import hoist_globals
from tests.cli.entry import invoke, spawn
from tests.cli.test_cli import SEED_M

MONDAY = "2026-11-30"


def cli(*args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("RUNLIFT_")}
    full = {**base, "COLUMNS": "100", "NO_COLOR": "1", "RUNLIFT_TODAY": MONDAY, **(env or {})}
    return invoke(args, full, stdin)  # the entry point in this process (tests/cli/entry.py)


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    """A user with their own config and data folders (platformdirs follows XDG on Linux)."""
    return {"XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data")}


def test_version():
    out = cli("--version")
    assert out.returncode == 0 and out.stdout.startswith("runlift ") and out.stdout.split()[1][0].isdigit()


def test_completion_is_offered_and_shown_for_bash():
    assert "--install-completion" in cli("--help").stdout
    # the installed script in a process of its own: completion reads the shell it runs under
    # typer's own switch makes `--show-completion` take the shell named rather than guess it from the
    # process tree (shellingham), which under pytest-xdist is pytest's, not a shell: flaky otherwise
    shell = {"SHELL": "/bin/bash", "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    out = spawn(["--show-completion", "bash"], {**os.environ, **shell})
    assert out.returncode == 0 and "_RUNLIFT_COMPLETE" in out.stdout
    words = {"_RUNLIFT_COMPLETE": "complete_bash", "COMP_WORDS": "runlift library --pat", "COMP_CWORD": "2"}
    assert spawn([], {**os.environ, **words}).stdout.split() == ["--pattern"]  # what the shell gets on Tab


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["today", "--athlete", "Sam"], ["--athlete", "Sam", "today"]),
        (["log", "set", "rdl", "3x5", "--db=x.db"], ["--db=x.db", "log", "set", "rdl", "3x5"]),
        (["--db", "a.db", "week", "--no-pager"], ["--no-pager", "--db", "a.db", "week"]),
        (["log", "--", "--athlete"], ["log", "--", "--athlete"]),
    ],
)
def test_global_options_after_the_command_move_in_front(argv: list[str], expected: list[str]):
    assert hoist_globals(argv) == expected


def _two_athletes(tmp_path: Path, db: str) -> None:
    for name in ("Maya", "Sam"):
        path = tmp_path / f"{name}.toml"
        path.write_text(SEED_M.replace('name = "Maya"', f'name = "{name}"'))
        assert cli("--db", db, "athlete", "add", str(path)).returncode == 0


def test_athlete_and_db_after_the_command_in_any_case(tmp_path: Path):
    db = f"sqlite:///{tmp_path / 'log.db'}"
    _two_athletes(tmp_path, db)
    out = cli("log", "run", "5km", "25:00", "--athlete", "sam", "--db", db, "--json")
    assert out.returncode == 0, out.stderr
    sam = json.loads(cli("history", "--json", "--athlete=SAM", f"--db={db}").stdout)
    maya = json.loads(cli("history", "--json", "--athlete", "maya", "--db", db).stdout)
    assert len(sam["runs"]) == 1 and maya["runs"] == []


def test_config_file_gives_defaults_that_variables_and_flags_override(tmp_path: Path, home: dict[str, str]):
    db, other = tmp_path / "log.db", tmp_path / "other.db"
    _two_athletes(tmp_path, f"sqlite:///{db}")
    folder = Path(home["XDG_CONFIG_HOME"]) / "runlift"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text(
        f'database = "sqlite:///{db}"\nathlete = "sam"\nrunner = "{tmp_path / "Maya.toml"}"\n'
    )
    assert cli("log", "run", "5km", "25:00", env=home).returncode == 0  # Sam, in log.db
    assert len(json.loads(cli("history", "--json", env=home).stdout)["runs"]) == 1
    as_maya = cli("history", "--json", env={**home, "RUNLIFT_ATHLETE": "Maya"})
    assert json.loads(as_maya.stdout)["runs"] == []  # the variable beats the file
    flag = cli("--athlete", "Sam", "history", "--json", env={**home, "RUNLIFT_ATHLETE": "Maya"})
    assert len(json.loads(flag.stdout)["runs"]) == 1  # the flag beats the variable
    elsewhere = cli("athlete", "list", "--json", env={**home, "RUNLIFT_DATABASE_URL": f"sqlite:///{other}"})
    assert json.loads(elsewhere.stdout) == []  # RUNLIFT_DATABASE_URL beats the file's database
    plan = cli("plan", "--json", "--start", MONDAY, env=home)  # the runner's file from config.toml
    assert plan.returncode == 0, plan.stderr
    assert json.loads(plan.stdout)["athlete"] == "Maya"


def test_a_broken_config_file_is_one_line(home: dict[str, str]):
    folder = Path(home["XDG_CONFIG_HOME"]) / "runlift"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text('databse = "x"\n')
    out = cli("athlete", "list", env=home)
    assert out.returncode == 1 and out.stderr.count("\n") == 1
    assert "config.toml: expected keys database, athlete, runner, got 'databse'" in out.stderr


def test_athlete_remove_asks_and_takes_everything_theirs(tmp_path: Path):
    db = f"sqlite:///{tmp_path / 'log.db'}"
    _two_athletes(tmp_path, db)
    assert cli("--db", db, "--athlete", "Sam", "log", "run", "5km", "25:00").returncode == 0
    declined = cli("--db", db, "athlete", "remove", "sam", stdin="n\n")
    assert declined.returncode == 1 and "Remove Sam and everything logged for them (1 file version" in declined.stderr
    assert len(json.loads(cli("--db", db, "athlete", "list", "--json").stdout)) == 2
    out = cli("--db", db, "athlete", "remove", "SAM", stdin="y\n")
    assert out.returncode == 0 and "Removed Sam." in out.stdout
    assert [a["name"] for a in json.loads(cli("--db", db, "athlete", "list", "--json").stdout)] == ["Maya"]
    gone = cli("--db", db, "athlete", "remove", "Maya", "--yes", "--json")
    assert json.loads(gone.stdout)["removed"] == "Maya"
    unknown = cli("--db", db, "athlete", "remove", "Nobody", "--yes")
    assert unknown.returncode == 1 and unknown.stderr.startswith("Error: ")


def test_the_import_limits_are_read_at_the_edge_and_a_bad_one_is_one_line(tmp_path: Path, home: dict[str, str]):
    """The CLI reads RUNLIFT_IMPORT_*_LIMIT in its root callback (not runlift.settings: ~150 ms) and passes
    them to the import; a file past the file limit is skipped with the variable named."""
    db = f"sqlite:///{tmp_path / 'r.db'}"
    profile = tmp_path / "maya.toml"
    profile.write_text(SEED_M)
    assert cli("--db", db, "athlete", "add", str(profile), env=home).returncode == 0
    track = tmp_path / "big.gpx"
    track.write_bytes(b'<?xml version="1.0"?><gpx>' + b" " * 3000 + b"</gpx>")
    small = cli("--db", db, "import", str(track), "--json", env={**home, "RUNLIFT_IMPORT_FILE_LIMIT": "2K"})
    assert small.returncode != 0 and "RUNLIFT_IMPORT_FILE_LIMIT sets it" in small.stdout, small.stdout + small.stderr
    bad = cli("--db", db, "import", str(track), env={**home, "RUNLIFT_IMPORT_FILE_LIMIT": "lots"})
    assert (
        bad.returncode == 1
        and "RUNLIFT_IMPORT_FILE_LIMIT: expected a size in bytes like 512M or 2G, got 'lots'" in bad.stderr
    )
