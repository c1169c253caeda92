"""The charts' series agree with the progress report on years of generated history (SQLite)."""

from __future__ import annotations

import datetime as dt

from runlift.app.progress import progress, progress_series
from runlift.store.changes import changed
from runlift.store.history import generate
from runlift.store.repo import Store, session_row
from runlift.store.tables import RunRow
from tests.app.conftest import NOW

TODAY = dt.date(2029, 11, 25)  # a Sunday, three years of lifting after the start


def test_prs_running_and_sets_agree_with_the_report(sqlite_store: Store, maya_id: int):
    sessions, runs, _pain = generate(dt.date(2026, 11, 30), runs=1000, sessions=300, sets_per_session=10)
    with sqlite_store.transaction() as db:
        changed(db, maya_id, None)
        db.add_all(session_row(maya_id, s, "generated", NOW) for s in sessions)
        db.add_all(
            RunRow(
                athlete_id=maya_id,
                date=r.date,
                type=r.type.value,
                distance_m=r.distance_m,
                duration_s=r.duration_s,
                rpe=r.rpe,
                source="generated",
                created_at=NOW,
            )
            for r in runs
        )
    doc = progress_series(sqlite_store, maya_id, TODAY, since=dt.date(2028, 12, 1)).document
    report = progress(sqlite_store, maya_id, TODAY).report
    first = dt.date.fromisoformat(doc["weeks"][0])  # type: ignore[index]
    assert first == dt.date(2028, 11, 27) and len(doc["weeks"]) == 52  # type: ignore[arg-type]
    lifts = {x["exercise"]: x for x in doc["lifts"]}  # type: ignore[attr-defined]
    checked = 0
    for record in report.records:
        if not record.prs:
            continue
        window_prs = [(p.date.isoformat(), round(p.e1rm, 1)) for p in record.prs if p.date >= first]
        before = [p.e1rm for p in record.prs if p.date < first]
        points = lifts[record.exercise]["points"]
        assert [(p["date"], p["e1rm"]) for p in points if p["pr"]] == window_prs, record.exercise
        assert lifts[record.exercise]["best_before"] == (round(before[-1], 1) if before else None)
        checked += len(window_prs)
    assert checked > 0  # the generated loads climb: some PRs fall in the last year
    weekly = {w.start.isoformat(): w for w in report.running}
    for i, week in enumerate(doc["weeks"]):  # type: ignore[arg-type]
        assert doc["running"]["load"][i] == round(weekly[week].load, 1)  # type: ignore[index]
    sets = {w.start.isoformat(): dict(w.sets) for w in report.weekly_sets}
    for i, week in enumerate(doc["weeks"]):  # type: ignore[arg-type]
        shown = {k: v[i] for k, v in doc["patterns"].items() if v[i]}  # type: ignore[attr-defined]
        assert shown == sets.get(week, {}), week
