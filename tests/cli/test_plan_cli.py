"""`runlift plan`, `demo` and `why` as a runner reads them: two weeks and the season on one line,
80 columns, rule ids on request, a pager on a terminal only."""

from __future__ import annotations

import itertools
import re
import sys
from pathlib import Path

import pytest

from tests.cli.test_cli import SEED_M, run
from tests.cli.tty import Terminal

TODAY = {"RUNLIFT_TODAY": "2026-12-09"}  # a Wednesday in week 2 of a season from 30 Nov
RULE_ID = re.compile(r"\b[A-Z]{2,4}-\d+\b")


@pytest.fixture
def maya(tmp_path: Path) -> Path:
    path = tmp_path / "maya.toml"
    path.write_text(SEED_M.replace("pain = []", 'pain = ["knee"]'))
    return path


def plan(*args: str, env: dict[str, str] | None = None) -> str:
    out = run(*args, env={**TODAY, **(env or {})})
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_plan_shows_this_week_and_next_with_the_season_on_one_line(maya: Path):
    out = plan("plan", str(maya), "--start", "2026-11-30")
    weeks = re.findall(r"^Week (\d+) ", out, re.M)
    assert weeks == ["2", "3"]  # today is in week 2
    strip = out.splitlines()[1]
    assert strip.startswith("base ") and "recovery" in strip and "◆" in strip and "▽" in strip
    assert strip.split()[1] == "·●" + strip.split()[1][2:]  # week 2 of base is "you are here"
    assert "--all" in out


def test_plan_lines_fit_80_columns_with_their_indent_and_no_rule_ids(maya: Path):
    out = plan("plan", str(maya), "--start", "2026-11-30", "--all")
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert not RULE_ID.search(out), RULE_ID.search(out)
    # a wrapped note continues under its own text, not at the margin
    for before, line in itertools.pairwise(lines):
        if before.lstrip().startswith("⚑") and line.strip() and not line.lstrip()[0].isupper():
            assert len(line) - len(line.lstrip()) == len(before) - len(before.lstrip()) + 2


def test_a_note_repeated_every_week_is_shown_once(maya: Path):
    out = plan("plan", str(maya), "--start", "2026-11-30", "--all")
    assert out.count("Base: mileage builds, lifting stays heavy.") == 1
    assert len(re.findall(r"^Week \d+ ", out, re.M)) == 22


def test_why_shows_the_rule_ids(maya: Path):
    out = plan("plan", str(maya), "--start", "2026-11-30", "--why")
    assert "(PER-2)" in out and "[SCH-3," in out


def test_weeks_and_from_still_work(maya: Path):
    out = plan("plan", str(maya), "--from", "2026-12-07", "--weeks", "3")
    assert re.findall(r"^Week (\d+) · Mon (\d+ \w+)", out, re.M) == [("1", "07 Dec"), ("2", "14 Dec"), ("3", "21 Dec")]


def test_demo_is_read_like_a_plan():
    out = plan("demo", "--start", "2026-11-30")
    assert out.startswith("Maya (demo) · 22 weeks") and "Week 2 · Mon 07 Dec" in out


def test_why_puts_the_most_specific_reason_first(maya: Path):
    out = plan("why", str(maya), "2026-12-03", "--start", "2026-11-30")
    lines = out.splitlines()
    assert lines[0] == "Why this session on Thu 03 Dec 2026, base phase"
    summary = " ".join(line.strip() for line in lines[1:8])
    pain, placement = summary.find("knee pain, so a step back"), summary.find("(SCH-3)")
    assert 0 < pain < placement, summary
    assert "Source:" not in out and "--full" in out
    full = plan("why", str(maya), "2026-12-03", "--start", "2026-11-30", "--full")
    assert full.count("Source: ") == len(re.findall(r"^[A-Z]+-\d+ · ", full, re.M)) > 10


def test_why_today_from_the_file(maya: Path):
    out = plan("why", str(maya), "today", "--start", "2026-11-30", env={"RUNLIFT_TODAY": "2026-12-03"})
    assert out.startswith("Why this session on Thu 03 Dec 2026")


def _pager(tmp_path: Path) -> tuple[dict[str, str], Path]:
    paged = tmp_path / "paged.txt"
    command = f"{sys.executable} -c 'import sys; open(sys.argv[1], \"w\").write(sys.stdin.read())' {paged}"
    return {**TODAY, "RUNLIFT_PAGER": command}, paged


def test_a_long_plan_goes_through_the_pager_on_a_terminal(maya: Path, tmp_path: Path):
    env, paged = _pager(tmp_path)
    term = Terminal("plan", str(maya), "--start", "2026-11-30", env=env)
    assert term.wait() == 0
    assert "Week 2 · Mon 07 Dec" in paged.read_text() and "Week 2" not in term.output


def test_no_pager_flag_and_short_output_print_directly(maya: Path, tmp_path: Path):
    env, paged = _pager(tmp_path)
    term = Terminal("plan", str(maya), "--start", "2026-11-30", "--no-pager", env=env)
    assert term.wait() == 0 and "Week 2 · Mon 07 Dec" in term.output and not paged.exists()
    tall = Terminal("plan", str(maya), "--start", "2026-11-30", env=env, rows=200)
    assert tall.wait() == 0 and "Week 2 · Mon 07 Dec" in tall.output and not paged.exists()


def test_never_a_pager_on_a_pipe(maya: Path, tmp_path: Path):
    env, paged = _pager(tmp_path)
    assert "Week 2 · Mon 07 Dec" in plan("plan", str(maya), "--start", "2026-11-30", env=env)
    assert not paged.exists()


def test_why_today_from_the_log(maya: Path, tmp_path: Path):
    env = {"RUNLIFT_DATABASE_URL": f"sqlite:///{tmp_path / 'log.db'}", "RUNLIFT_TODAY": "2026-11-30"}
    assert run("athlete", "add", str(maya), env=env).returncode == 0
    out = plan("why", "today", env={**env, "RUNLIFT_TODAY": "2026-12-03"})
    assert out.startswith("Why this session on Thu 03 Dec 2026, base phase")
    flat = " ".join(out.split())
    assert "knee pain, so a step back that still loads it" in flat and "(MOD-1, MOD-2)" in flat


def test_the_library_pages_on_a_terminal_too(tmp_path: Path):
    env, paged = _pager(tmp_path)
    term = Terminal("library", env=env)
    assert term.wait() == 0 and "goblet-squat" in paged.read_text() and "goblet-squat" not in term.output


def test_before_the_season_its_first_two_weeks_after_it_its_last_two(maya: Path):
    before = plan("plan", str(maya), "--start", "2026-11-30", env={"RUNLIFT_TODAY": "2026-11-01"})
    assert re.findall(r"^Week (\d+) ", before, re.M) == ["1", "2"] and "●" not in before.splitlines()[1]
    after = plan("plan", str(maya), "--start", "2026-11-30", env={"RUNLIFT_TODAY": "2027-09-01"})
    assert re.findall(r"^Week (\d+) ", after, re.M) == ["21", "22"]


def test_the_season_strip_stays_one_line_on_a_narrow_terminal(maya: Path):
    out = plan("plan", str(maya), "--start", "2026-11-30", env={"COLUMNS": "60"})
    strip = out.splitlines()[1]
    assert strip.startswith("base ") and strip.endswith("rec ··") and len(strip) <= 60
    assert out.splitlines()[2].startswith("●")
