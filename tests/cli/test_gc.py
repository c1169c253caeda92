"""The garbage collector is paused by the CLI around a whole command, and by nothing else: the store,
the application layer and the web app share a server's collector and leave it alone
(runlift.gcpause; figures in bench/bench_gc.md)."""

from __future__ import annotations

import gc
import re
from pathlib import Path

import pytest

import runlift
from tests.cli.entry import invoke

SRC = Path(runlift.__file__).parent


def test_the_cli_pauses_the_collector_for_the_command_and_gives_it_back(monkeypatch: pytest.MonkeyPatch):
    import runlift.cli.errors

    seen: list[bool] = []
    monkeypatch.setattr(runlift.cli.errors, "run", lambda app: seen.append(gc.isenabled()) or 0)
    assert gc.isenabled()
    assert invoke(["--version"], {}).returncode == 0
    assert seen == [False] and gc.isenabled()


def test_a_server_or_a_worker_keeps_the_collector_on(monkeypatch: pytest.MonkeyPatch):
    import runlift.cli.errors
    from runlift.cli import command_word

    seen: list[bool] = []
    monkeypatch.setattr(runlift.cli.errors, "run", lambda app: seen.append(gc.isenabled()) or 0)
    invoke(["serve", "--db", "sqlite:///x.db", "--port", "8001"], {})
    invoke(["--db", "sqlite:///x.db", "worker", "--poll", "1"], {})
    assert seen == [True, True]  # a long-lived process collects its cycles; it freezes its start-up heap instead
    assert command_word(["--db", "x", "--no-pager", "today", "--json"]) == "today"
    assert command_word(["--db=x", "serve"]) == "serve"
    assert command_word(["--version"]) is None


def test_freezing_the_start_up_heap_turns_the_collector_on():
    from runlift.gcpause import freeze_startup_heap, paused_gc

    with paused_gc():
        freeze_startup_heap()
        try:
            assert gc.isenabled() and gc.get_freeze_count() > 0
        finally:
            gc.unfreeze()


PAUSING = re.compile(r"\bgc\.(disable|enable|freeze|set_threshold)\b|\bpaused_gc\b")


@pytest.mark.parametrize("layer", ["store", "app", "web", "core", "importers", "exporters"])
def test_only_the_cli_and_a_server_start_up_touch_the_collector(layer: str):
    found = [
        f"{path.relative_to(SRC)}:{n}: {line.strip()}"
        for path in sorted((SRC / layer).rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if PAUSING.search(line) and not line.lstrip().startswith("#")
    ]
    assert not found, "the collector is the process's: the store and the app leave it alone (runlift.gcpause)"
