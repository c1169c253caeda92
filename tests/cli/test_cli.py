"""The CLI through its entry point, as a runner uses it: in this process (`run`, see tests/cli/entry.py),
and a few through the installed script in a new process (`run_real`), exit codes and stdin included."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.cli.entry import RUNLIFT, invoke, spawn
from tests.conftest import MAYA

__all__ = ["RUNLIFT", "SEED_M", "run", "run_real"]
SEED_M = MAYA.replace('pain = ["knee"]', "pain = []").replace('["dumbbells", "band"]', '["dumbbells", "band", "box"]')


def run(
    *args: str, stdin: str | None = None, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`runlift ARGS` through the entry point function, in this process."""
    return invoke(args, {**os.environ, "COLUMNS": "120", "NO_COLOR": "1", **(env or {})}, stdin, cwd)


def run_real(
    *args: str, stdin: str | None = None, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`runlift ARGS` through the installed script, in a new process."""
    return spawn(args, {**os.environ, "COLUMNS": "120", "NO_COLOR": "1", **(env or {})}, stdin, cwd, timeout=60)


@pytest.fixture
def seed_m(tmp_path: Path) -> Path:
    path = tmp_path / "maya.toml"
    path.write_text(SEED_M)
    return path


def test_demo_prints_a_season():
    out = run_real("demo", "--start", "2026-11-30")
    assert out.returncode == 0, out.stderr
    assert "base ●" in out.stdout and "Week 1" in out.stdout and "recovery" in out.stdout


def test_demo_json_is_one_document_with_loads():
    out = run("demo", "--start", "2026-11-30", "--json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert [p["name"] for p in doc["phases"]][-2:] == ["race", "recovery"]
    loads = [e["load"] for w in doc["weeks"] for d in w["days"] for s in d["sessions"] for e in s["exercises"]]
    assert any(load and load["unit"] == "lb" for load in loads)


def test_plan_json_is_deterministic(seed_m: Path):
    a = run("plan", str(seed_m), "--start", "2026-11-30", "--json")
    b = run("plan", str(seed_m), "--start", "2026-11-30", "--json")
    assert a.returncode == 0, a.stderr
    assert a.stdout == b.stdout
    doc = json.loads(a.stdout)
    monday = doc["weeks"][1]["days"][0]
    assert monday["sessions"] and monday["sessions"][0]["why"]


def test_plan_weeks_option(seed_m: Path):
    doc = json.loads(run("plan", str(seed_m), "--start", "2026-11-30", "--weeks", "5", "--json").stdout)
    assert len(doc["weeks"]) == 5


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('units = "lb"', 'units = "stone"', """athlete.units: expected "lb" or "kg", got 'stone'"""),
        ('units = "lb"', 'units = "lb', ":4: not valid TOML"),
        ("sessions_per_week = 2", "sessions_per_week = 9", "athlete.sessions_per_week: expected a whole number"),
    ],
)
def test_a_bad_file_is_one_clear_line_and_exit_1(tmp_path: Path, old: str, new: str, message: str):
    path = tmp_path / "bad.toml"
    path.write_text(SEED_M.replace(old, new))
    out = run("plan", str(path))
    assert out.returncode == 1
    assert out.stderr.startswith("Error: ") and str(path) in out.stderr and message in out.stderr
    assert "Traceback" not in out.stderr and out.stdout == ""


def test_a_file_with_several_problems_lists_each_on_a_line_with_its_line_number(tmp_path: Path):
    path = tmp_path / "bad.toml"
    wrong = SEED_M.replace('units = "lb"', 'units = "lbs"')
    path.write_text(wrong.replace("sessions_per_week = 2", "sessions_per_week = 9"))
    out = run("plan", str(path))
    assert out.returncode == 1 and out.stdout == ""
    head, *lines = out.stderr.splitlines()
    assert head == f"Error: {path}: 2 problems in the runner's file:"
    units = 1 + SEED_M.splitlines().index('units = "lb"')
    assert lines[0] == f"""  line {units}: athlete.units: expected "lb" or "kg", got 'lbs'; did you mean lb?"""
    assert lines[1].startswith("  line ") and "athlete.sessions_per_week: expected a whole number" in lines[1]
    assert len(lines) == 2


def test_missing_file_and_bad_date():
    assert "cannot read the runner's file" in run("plan", "nowhere.toml").stderr
    out = run_real("demo", "--start", "next tuesday")
    assert out.returncode == 1 and "--start: expected a date like 2027-04-18" in out.stderr


def test_usage_errors_exit_2():
    no_file = run_real("plan", env={"RUNLIFT_CONFIG": "/nonexistent/config.toml"})
    assert no_file.returncode == 1 and "PROFILE: expected a runner's file" in no_file.stderr
    assert run_real("plan", "x.toml", "--weeks", "0").returncode == 2


def test_why_explains_a_session_in_plain_words(seed_m: Path):
    out = run("why", str(seed_m), "2026-12-10", "--start", "2026-11-30", "--full")
    assert out.returncode == 0, out.stderr
    assert "SCH-3" in out.stdout and "SEL-2" in out.stdout and "Source:" in out.stdout


def test_why_an_exercise_json(seed_m: Path):
    out = run("why", str(seed_m), "2026-12-10", "pallof", "--start", "2026-11-30", "--json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert "pallof" in doc["exercise"]["id"]
    rule = next(r for r in doc["rules"] if r["id"] == "SEL-7")
    assert rule["plain"] and rule["sources"][0]["author"]


def test_why_on_a_day_without_a_lift(seed_m: Path):
    out = run("why", str(seed_m), "2026-12-09", "--start", "2026-11-30")
    assert out.returncode == 1 and "no lift session on '2026-12-09'" in out.stderr


def test_init_with_flags_writes_a_file_plan_accepts(tmp_path: Path):
    path = tmp_path / "me.toml"
    out = run(
        "init",
        str(path),
        "--no-input",
        "--name",
        "Sam",
        "--units",
        "kg",
        "--bodyweight",
        "62",
        "--experience",
        "intermediate",
        "--equipment",
        "barbell,dumbbells,bench",
        "--sessions",
        "3",
        "--week",
        "mon=easy,tue=intervals:am,thu=tempo:am,sat=long,sun=easy:am+easy:pm",
        "--race",
        "2027-10-10,marathon,A",
        "--race",
        "2027-09-01,21.1,B",
    )
    assert out.returncode == 0, out.stderr
    text = path.read_text()
    assert 'name = "Sam"' in text and "marathon" in text
    plan = run("plan", str(path), "--start", "2027-01-04", "--json")
    assert plan.returncode == 0, plan.stderr
    assert json.loads(plan.stdout)["phases"][-1]["name"] == "recovery"
    again = run("init", str(path), "--no-input")
    assert again.returncode == 1 and "already exists" in again.stderr


def test_init_refuses_to_write_a_file_plan_would_refuse(tmp_path: Path):
    path = tmp_path / "me.toml"
    out = run("init", str(path), "--no-input", "--units", "stone")
    assert out.returncode == 1 and "athlete.units" in out.stderr and not path.exists()


def test_init_asks_the_questions(tmp_path: Path):
    path = tmp_path / "asked.toml"
    answers = (
        "\n".join(
            [
                "Ada",
                "kg",
                "58",
                "beginner",
                "dumbbells,band",
                "",
                "2",
                "40",
                "30",
                "mon=easy,wed=tempo:am,sat=long",
                "2027-05-02,10k,A",
                "",
            ]
        )
        + "\n"
    )
    out = run_real("init", str(path), stdin=answers)
    assert out.returncode == 0, out.stderr
    assert 'name = "Ada"' in path.read_text()
    assert run("plan", str(path), "--json").returncode == 0


def test_library_json():
    doc = json.loads(run("library", "--json").stdout)
    assert len(doc) >= 70 and {"id", "pattern", "specificity", "regression"} <= set(doc[0])
    hinges = json.loads(run("library", "--pattern", "hinge", "--json").stdout)
    assert hinges and all(e["pattern"] == "hinge" for e in hinges)


def test_every_command_has_help_json_and_a_docs_section():
    from runlift.cli import app

    docs = (Path(__file__).resolve().parents[2] / "docs" / "cli.md").read_text()
    top = run("--help")
    assert top.returncode == 0
    for command in app.registered_commands:
        name = command.name
        assert name and name in top.stdout
        helped = run(name, "--help")
        assert helped.returncode == 0 and "Usage" in helped.stdout
        if name not in ("init", "serve"):  # init writes a file, serve serves; everything else prints a result
            assert "--json" in helped.stdout, name
        assert f"## runlift {name}" in docs, f"docs/cli.md has no section for {name}"
    # the commands of the groups: athlete add/list/remove, library show, log set/run/…, export …
    for group in app.registered_groups:
        assert group.name and group.typer_instance
        for command in group.typer_instance.registered_commands:
            words = [group.name, command.name or ""]
            helped = run(*words, "--help")
            assert helped.returncode == 0 and "--json" in helped.stdout, words
            assert f"runlift {' '.join(words)}" in docs, f"docs/cli.md never shows `runlift {' '.join(words)}`"
