"""`runlift move`: a session moved within its week, refused with the reason, undone (SQLite and PostgreSQL)."""

from __future__ import annotations

import json

from tests.cli.inproc import ok, runlift
from tests.cli.test_data_stays_true import MONDAY, as_json, db  # noqa: F401  (the fixture)


def test_move_a_session_see_it_moved_and_undo_it(db: str):  # noqa: F811
    moved = as_json(db, "move", "2026-12-03", "2026-12-05")
    assert moved == {
        "planned": "2026-12-03",
        "day": "2026-12-05",
        "moved": True,
        "why": ["SCH-3"],
        "note": "Moved here from Thu 3 Dec at your request: heavy legs, not the day before a key run or race (SCH-3).",
    }
    week = as_json(db, "week", "--date", "2026-12-03")
    assert [d["date"] for d in week["days"] if d["planned"]] == ["2026-11-30", "2026-12-05"]
    why = ok(runlift(db, "why", "2026-12-05", today=MONDAY)).stdout
    assert "You moved this session here from Thu 3 Dec" in why
    refused = runlift(db, "move", "2026-12-05", "2026-12-04", today=MONDAY)
    assert refused.returncode == 1 and refused.stderr.strip() == (
        "Error: Sat 5 Dec to Fri 4 Dec: heavy lower-body lifting on Fri 4 Dec is the day before your long run (SCH-3)"
    )
    assert json.loads(ok(runlift(db, "move", "--undo", "2026-12-05", "--json", today=MONDAY)).stdout)["day"] == (
        "2026-12-03"
    )
    again = runlift(db, "move", "--undo", "2026-12-05", today=MONDAY)
    assert again.returncode == 1 and "no moved session on '2026-12-05'" in again.stderr
    missing = runlift(db, "move", "2026-12-03", today=MONDAY)
    assert missing.returncode == 1 and "TO: expected the day to move it to" in missing.stderr
