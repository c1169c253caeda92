"""docs/coach-review.md is what the engine prints today for the six review runners (issue #9): a
change in the plans shows up as a failing test until `python scripts/coach_review.py` is run again."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("coach_review", ROOT / "scripts" / "coach_review.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_coach_review_is_what_the_engine_prints() -> None:
    script = _script()
    expected = script.review()
    assert (ROOT / "docs" / "coach-review.md").read_text() == expected, "run: python scripts/coach_review.py"


def test_the_review_covers_six_contrasting_runners_in_base_build_and_peak() -> None:
    text = (ROOT / "docs" / "coach-review.md").read_text()
    assert len(list((ROOT / "docs" / "review").glob("*.toml"))) == 6
    assert text.count("\n## ") == 6
    for label in ("#### Base:", "#### Build:", "#### Peak:"):
        assert text.count(label) == 6, label
