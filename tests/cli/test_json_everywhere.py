"""`--json` means one JSON document on stdout, always: every command and subcommand that has the option,
found by walking the Typer app, so a command added later is in this test without anyone adding it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import typer.main

from runlift.cli import app
from tests.cli.inproc import ok, runlift
from tests.cli.test_cli import SEED_M

MONDAY = "2026-11-30"
NO_JSON = {
    "init": "a questionnaire that writes a runner's file",
    "serve": "a server: its output is its log; its answers are the API's JSON",
}  # commands without --json, and why

# The arguments each command needs; {profile}, {tmp}, {activity} and {backup} are filled in by the test.
ARGS: dict[str, tuple[str, ...]] = {
    "plan": ("{profile}", "--start", MONDAY),
    "demo": ("--start", MONDAY),
    "why": (MONDAY, "squat"),
    "library": (),
    "library show": ("goblet-squat",),
    "swap": ("bss", "--reason", "clunky"),
    "move": ("2026-12-03", "2026-12-05"),
    "today": (),
    "week": (),
    "history": (),
    "progress": (),
    "backup": ("{tmp}/backup.json",),
    "restore": ("{backup}",),
    "import": ("{tmp}/run.tcx",),
    "athlete add": ("{profile}",),
    "athlete list": (),
    "athlete remove": ("maya",),  # any case; no --yes: the question is asked, on stderr
    "log": (),  # no --yes: the questions are asked, on stderr
    "log set": ("goblet-squat", "1x5@20lb"),
    "log run": ("5km", "30:00"),
    "log pain": ("knee", "2"),
    "log weight": ("61kg",),
    "activities": (),
    "activities confirm": ("{activity}",),
    "export ics": ("{tmp}/plan.ics",),
    "export csv": ("{tmp}/csv",),
    "export plan": ("{tmp}/plan.html",),
    "export fit-workouts": ("{tmp}/fit",),
    "db current": (),
    "db upgrade": (),
    "worker": ("--once",),
    "user add": ("coach@example.org",),
    "user list": (),
    "user own": ("maya@example.org", "maya"),
    "user reset-password": ("maya@example.org",),
    "token add": ("maya@example.org", "--scope", "write"),
    "token list": (),
    "token revoke": ("1",),
}
TCX = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">'
    '<Activities><Activity Sport="Running"><Id>2026-11-28T08:00:00Z</Id><Lap StartTime="2026-11-28T08:00:00Z">'
    "<TotalTimeSeconds>1800</TotalTimeSeconds><DistanceMeters>6000</DistanceMeters>"
    "</Lap></Activity></Activities></TrainingCenterDatabase>"
)


def _commands() -> dict[str, Any]:
    """Every command a runner can type, by its words ("log set"); a group that runs alone is one too."""
    found: dict[str, Any] = {}

    def walk(command: Any, words: tuple[str, ...]) -> None:
        subcommands = getattr(command, "commands", None)
        if subcommands is None or (words and command.invoke_without_command):
            found[" ".join(words)] = command
        for name, sub in (subcommands or {}).items():
            walk(sub, (*words, name))

    walk(typer.main.get_command(app), ())
    return found


COMMANDS = _commands()
WITH_JSON = sorted(w for w, c in COMMANDS.items() if any("--json" in getattr(p, "opts", ()) for p in c.params))


def test_every_command_has_json_or_says_why_not():
    without = {w for w in COMMANDS if w not in WITH_JSON}
    assert without == set(NO_JSON), "a command without --json: add it, or say why in NO_JSON"
    assert len(WITH_JSON) >= 25 and {"log set", "athlete add", "export csv", "activities confirm"} <= set(WITH_JSON)


@pytest.mark.parametrize("words", WITH_JSON)
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # stdout's shape: no database part (CI time)
def test_json_is_one_document_on_stdout(words: str, db_url: str, tmp_path: Path):
    assert words in ARGS, f"`runlift {words}` is new: give it arguments in ARGS so its --json is tested"
    profile = tmp_path / "maya.toml"
    profile.write_text(SEED_M)
    tcx = tmp_path / "run.tcx"
    tcx.write_text(TCX)
    fill = {"profile": str(profile), "tmp": str(tmp_path), "activity": "1", "backup": str(tmp_path / "backup.json")}
    db = db_url
    if (words != "athlete add" and words.split()[0] not in ("user", "token")) or words == "user own":
        ok(runlift(db_url, "athlete", "add", str(profile)))
    if words == "activities confirm":
        ok(runlift(db_url, "import", str(tcx)))
    if words in ("user reset-password", "user own", "token add", "token revoke"):
        ok(runlift(db_url, "user", "add", "maya@example.org"))
    if words == "token revoke":
        ok(runlift(db_url, "token", "add", "maya@example.org"))
    if words == "restore":  # into an empty database, from a backup of a full one
        ok(runlift(db_url, "backup", fill["backup"]))
        db = f"sqlite:///{tmp_path / 'empty.db'}"
    args = [a.format(**fill) for a in ARGS[words]]
    out = runlift(db, *words.split(), *args, "--json", stdin="y\n" if words == "athlete remove" else "\n" * 20)
    assert out.returncode == 0, out.stderr
    json.loads(out.stdout)  # the whole of stdout is one JSON document: no prompt, no summary line…
    assert out.stdout == out.stdout.strip() + "\n"  # …not even the blank a prompt leaves
