"""Every command the docs show runs, as shown, against a scratch database: README.md, docs/guide.md,
docs/cli.md and docs/rules/. A command is a line `$ runlift …` in any code block, or a line
`runlift …` in a ```sh block (synopses like `runlift plan [OPTIONS] PROFILE` sit in plain blocks and
are not run). Each file runs top to bottom in its own folder, as a reader following it would, on
Monday 30 November 2026 (RUNLIFT_TODAY), or Thursday 3 December where the line's comment says so."""

from __future__ import annotations

import io
import os
import re
import shlex
import shutil
import zipfile
from pathlib import Path

import pytest

from tests.cli.entry import invoke
from tests.conftest import SHARED
from tests.fitgen import archive

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
FENCE = re.compile(r"^```(\w*)\s*$")
STRONG = SHARED / "realdata" / "strong" / "strong-charts__strong.csv"  # has the docs' "Front Pulldown"
HEVY = SHARED / "realdata" / "hevy" / "hevy-coach__workout_data.csv"


def commands(doc: Path) -> list[tuple[int, str, str]]:
    """(line number, command, the first line of output shown under it or '') for every command shown
    in the file's code blocks."""
    found: list[tuple[int, str, str]] = []
    language: str | None = None
    for number, line in enumerate(doc.read_text(encoding="utf-8").splitlines(), start=1):
        fence = FENCE.match(line)
        if fence:
            language = None if language is not None else fence.group(1)
            continue
        if language is None:
            continue
        if line.startswith("$ runlift "):
            found.append((number, line[2:], ""))
        elif language == "sh" and line.startswith("runlift "):
            found.append((number, line, ""))
        elif found and found[-1][0] == number - 1 and found[-1][1] != line and not line.startswith("$"):
            found[-1] = (*found[-1][:2], line)  # the transcript's first line of output
    return found


def _words(text: str) -> str:
    """Text with its runs of spaces and its line breaks as one space: a transcript's line, wrapped or not."""
    return " ".join(text.split())


def readme_runner() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split("```toml\n", 1)[1].split("```", 1)[0]


def scratch(folder: Path) -> None:
    """What the docs' readers have at hand: their runner's file, exports to import, a home folder."""
    (folder / "me.toml").write_text(readme_runner())
    downloads = folder / "Downloads"
    downloads.mkdir()
    for name, count, seed in (("strava_export.zip", 1, 1), ("garmin_export.zip", 3, 2)):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            for file_name, data in archive(count, seed=seed):
                z.writestr(f"activities/{file_name}", data)
        (folder / name).write_bytes(buffer.getvalue())
        (downloads / name).write_bytes(buffer.getvalue())
    shutil.copy(STRONG, folder / "strong.csv")
    shutil.copy(HEVY, folder / "hevy.csv")


def argv(command: str) -> list[str]:
    """The command's words up to a pipe or a redirection, its comment dropped."""
    words = shlex.split(command, comments=True)
    for i, word in enumerate(words):
        if word in ("|", ">", ">>"):
            return words[:i]
    return words


@pytest.mark.skipif(not STRONG.exists(), reason=f"{STRONG} not here (shared/ is laid beside the repo)")
@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_command_in_the_docs_runs(doc: Path, tmp_path: Path):
    shown = commands(doc)
    if not shown:
        pytest.skip(f"{doc.name} shows no command")
    scratch(tmp_path)
    db = f"sqlite:///{tmp_path / 'runlift.db'}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("RUNLIFT_")}
    env |= {"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / ".config"), "NO_COLOR": "1", "COLUMNS": "100"}
    failures = []
    for number, command, first_line in shown:
        words = argv(command)
        assert words[0] == "runlift"
        words = [w.replace("/tmp/", f"{tmp_path}/") for w in words]  # the scratch folder, not the machine's
        words = [str(tmp_path) + w[1:] if w.startswith("~/") else w for w in words]  # the scratch home
        today = "2026-12-03" if "thursday" in command.lower() else "2026-11-30"
        run_env = env | {"RUNLIFT_TODAY": today, "RUNLIFT_DATABASE_URL": db}
        cwd = tmp_path
        stdin = "\n" * 200  # Enter at every question: the defaults, the sets as prescribed
        if words[1] == "init":  # the reader's file and log are already here: init makes its own beside them
            cwd = tmp_path / f"init-{number}"
            cwd.mkdir()
            run_env["RUNLIFT_DATABASE_URL"] = f"sqlite:///{cwd / 'runlift.db'}"
        if words[1:2] == ["restore"] or ("restore" in words and "--db" not in words):
            run_env["RUNLIFT_DATABASE_URL"] = f"sqlite:///{tmp_path / f'restored-{number}.db'}"
        out = invoke(words[1:], run_env, stdin, cwd)  # the entry point in this process (tests/cli/entry.py)
        if out.returncode != 0:
            said = (out.stderr or out.stdout).strip()[-600:]
            failures.append(f"{doc.name}:{number}: {command}\n    exit {out.returncode}: {said}")
        elif first_line and "…" not in first_line and _words(first_line) not in _words(out.stdout + out.stderr):
            failures.append(f"{doc.name}:{number}: {command}\n    shows {first_line!r}, printed:\n{out.stdout[:400]}")
    assert not failures, "\n".join(failures)


def test_the_guides_sample_plan_is_what_runlift_plan_prints(tmp_path: Path):
    """docs/guide.md shows the README's runner's first week as `runlift plan` prints it: the block that
    starts "Maya · 22 weeks" is the command's output, line for line, so a change to the engine that
    changes it fails here until the guide is updated. Caught: the sample was kept by hand."""
    guide = (ROOT / "docs" / "guide.md").read_text(encoding="utf-8")
    block = next(b for b in guide.split("```\n") if b.startswith("Maya · "))
    shown = block.rstrip("\n").splitlines()
    (tmp_path / "me.toml").write_text(readme_runner())
    env = {k: v for k, v in os.environ.items() if not k.startswith("RUNLIFT_")}
    env |= {"HOME": str(tmp_path), "NO_COLOR": "1", "COLUMNS": "80", "RUNLIFT_TODAY": "2026-11-30"}
    env["RUNLIFT_DATABASE_URL"] = f"sqlite:///{tmp_path / 'runlift.db'}"
    out = invoke(["plan", "me.toml", "--no-pager"], env, None, tmp_path)
    assert out.returncode == 0, out.stderr
    printed = out.stdout.replace("\xa0", " ").splitlines()  # a number keeps its unit with a no-break space
    assert printed[: len(shown)] == shown
