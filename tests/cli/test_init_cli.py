"""`runlift init` at its questions: each answer checked with a "did you mean", asked again (never
thrown away), units in the questions, the folder created, and the runner added to the log."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from tests.cli.test_cli import run

ANSWERS = [
    "Ada",
    "kilo",  # not a unit: asked again
    "kg",
    "500",  # out of range: asked again
    "58",
    "beginer",  # did you mean beginner? Enter takes it
    "",
    "dumbells,bnd",  # both corrected; Enter takes them
    "",
    "knee",
    "9",
    "2",
    "40",
    "30",
    "mon=easy,wed=tempo:am,sat=lng",  # did you mean long? Enter takes it
    "",
    "2027-05-02,10km,A",  # did you mean 10k?
    "",
    "",  # no more races
    "y",  # add this runner to your log now
]


def test_every_answer_is_checked_at_its_question_and_the_runner_added(tmp_path: Path):
    path = tmp_path / "new" / "folder" / "ada.toml"
    db = f"sqlite:///{tmp_path / 'log.db'}"
    out = run("init", str(path), stdin="\n".join(ANSWERS) + "\n", env={"RUNLIFT_DATABASE_URL": db})
    assert out.returncode == 0, out.stderr
    said = out.stderr
    assert "expected one of lb, kg, got 'kilo'" in said
    assert "athlete.bodyweight: expected a body weight between 30 and 250 kg, got 500.0" in said
    assert "got 'beginer'; did you mean beginner?" in said
    assert "did you mean dumbells → dumbbells, bnd → band?" in said
    assert "athlete.sessions_per_week: expected a whole number from 1 to 4, got 9" in said
    assert "got 'lng'; did you mean long?" in said and "got '10km'; did you mean 10k?" in said
    assert "Body weight (kg)" in out.stdout and "Weekly running distance (km)" in out.stdout
    assert "Add this runner to your log now? [Y/n]" in said and "Ada: added to your log. Next: runlift today" in said
    doc = tomllib.loads(path.read_text())
    assert doc["athlete"]["lifting_experience"] == "beginner"
    assert doc["athlete"]["equipment"] == ["dumbbells", "band"] and doc["athlete"]["pain"] == ["knee"]
    assert doc["running"]["week"]["sat"] == "long" and doc["race"][0]["distance"] == "10k"
    listed = run("--db", db, "athlete", "list", "--json")
    assert json.loads(listed.stdout) == [{"name": "Ada", "versions": 1}]


def test_units_follow_the_answer_in_later_questions(tmp_path: Path):
    answers = ["Bo", "lb", "150", "novice", "", "", "2", "40", "20", "", "", "n"]
    out = run("init", str(tmp_path / "bo.toml"), stdin="\n".join(answers) + "\n")
    assert out.returncode == 0, out.stderr
    assert "Body weight (lb)" in out.stdout and "Weekly running distance (mi)" in out.stdout


def test_a_bad_flag_with_no_input_is_one_line_with_a_suggestion(tmp_path: Path):
    path = tmp_path / "x.toml"
    out = run("init", str(path), "--no-input", "--equipment", "dumbells")
    assert out.returncode == 1 and out.stderr.count("\n") == 1
    assert "did you mean dumbbells?" in out.stderr and not path.exists()
