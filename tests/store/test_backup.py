"""backup → restore into an empty database reproduces everything exactly (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest

from runlift.core.activity import Activity, FileImport
from runlift.core.errors import InputError
from runlift.core.log import BodyWeight, Swap, SwapReason
from runlift.core.moves import Move
from runlift.core.profile import Units
from runlift.store.backup import dump, restore
from runlift.store.history import generate
from runlift.store.imports import write_files
from runlift.store.moves import moves, save_move
from runlift.store.repo import Store
from tests.conftest import MAYA
from tests.dbs import Databases, Prepared, kind_of

NOW = dt.datetime(2026, 11, 26, 7, 0, tzinfo=dt.UTC)


def fill(store: Store) -> None:
    a = store.save_profile("Maya", MAYA, dt.date(2025, 1, 6), NOW).athlete_id
    store.save_profile("Maya", MAYA.replace("2027-04-18", "2027-05-02"), dt.date(2025, 6, 1), NOW)
    b = store.save_profile("Sam", MAYA.replace("Maya", "Sam"), dt.date(2025, 1, 6), NOW).athlete_id
    sessions, runs, pain = generate(dt.date(2023, 1, 2), runs=700, sessions=200, sets_per_session=10)
    for athlete in (a, b):
        for s in sessions[:100] if athlete == b else sessions:
            store.log_session(athlete, s, NOW)
        for r in runs:
            store.log_run(athlete, r, NOW)
        for p in pain:
            store.log_pain(athlete, p, NOW)
    store.log_weight(a, BodyWeight(dt.date(2025, 3, 1), 61.25, Units.KG), NOW)
    store.log_swap(a, Swap(dt.date(2025, 3, 2), "db-bulgarian-split-squat", SwapReason.CLUNKY), NOW)
    store.save_plan(a, 2, dt.date(2025, 6, 2), '{"weeks": []}', NOW)
    # two moves of sessions (#13), the later-dated one made first: their order is kept (core/moves.py)
    save_move(store, a, Move(dt.date(2025, 3, 6), dt.date(2025, 3, 5)), NOW)
    save_move(store, a, Move(dt.date(2025, 3, 3), dt.date(2025, 3, 4)), NOW)
    run = Activity(
        dt.datetime(2025, 3, 3, 6, 30, tzinfo=dt.UTC),
        "running",
        "fit",
        distance_m=10012.5,
        moving_s=3000,
        elapsed_s=3100,
        avg_hr=151,
        max_hr=172,
        ascent_m=88,
        utc_offset_s=3600,
    )
    f = FileImport("watch/run.fit", "ab" * 32, "fit", [run], [], {"Squat (Barbell)": ("back-squat", "table", 100.0)})
    write_files(store, a, [f], NOW)


@pytest.fixture
def filled(db_url: str, databases: Databases, prepared: Prepared) -> Iterator[Store]:
    """A store holding `fill`'s history: a copy of a database filled once per session (filling
    writes ~2,000 rows one transaction each, the way the CLI logs them: seconds, not milliseconds)."""
    store = Store.open(databases.copy(prepared(kind_of(db_url), fill)))
    try:
        yield store
    finally:
        store.engine.dispose()


def test_round_trip_reproduces_a_large_history(filled: Store, db_url: str, databases: Databases):
    store = filled
    original = dump(store)
    assert sum(len(s["sets"]) for s in original["athletes"][0]["lift_sessions"]) == 2000
    text = json.dumps(original)
    target = Store.open(databases.like(db_url))
    try:
        assert restore(target, json.loads(text)) == 2
        assert dump(target) == original
        # and the log reads back the same through the store
        a = target.athlete_id("Maya")
        assert target.training_log(a) == store.training_log(store.athlete_id("Maya"))
        assert [m.planned for m in moves(target, a)] == [dt.date(2025, 3, 6), dt.date(2025, 3, 3)]
    finally:
        target.engine.dispose()


def test_restore_refuses_a_non_empty_database_and_changes_nothing(filled: Store):
    store = filled
    doc = dump(store)
    with pytest.raises(InputError, match="expected an empty database"):
        restore(store, doc)
    assert dump(store) == doc


def test_restore_rejects_other_documents(store: Store):
    with pytest.raises(InputError, match="expected format 'runlift-backup'"):
        restore(store, {"format": "something-else"})
    with pytest.raises(InputError, match=r"athletes\[0\]: expected field .created_at."):
        restore(store, {"format": "runlift-backup", "version": 1, "athletes": [{"name": "x"}]})
    assert store.athletes() == []
