"""Athletes by name in any case, and removing one with everything theirs (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from runlift.core.library import BodyArea
from runlift.core.log import LiftSession, LoggedSet, PainNote, RunEntry, Swap, SwapReason
from runlift.core.profile import RunType, Units
from runlift.store.repo import Store
from runlift.store.tables import Base
from tests.conftest import MAYA

NOW = dt.datetime(2026, 11, 26, 7, 0, tzinfo=dt.UTC)
DAY = dt.date(2026, 11, 23)


def test_names_match_in_any_case(store: Store):
    maya = store.save_profile("Maya", MAYA, DAY, NOW)
    again = store.save_profile("maya", MAYA.replace("2027-04-18", "2027-05-02"), DAY, NOW)
    assert again.athlete_id == maya.athlete_id and again.version == 2
    assert store.athlete_id("MAYA") == store.athlete_id("maya") == maya.athlete_id
    assert [a.name for a in store.athletes()] == ["Maya"]


def _fill(store: Store, name: str) -> int:
    athlete = store.save_profile(name, MAYA, DAY, NOW).athlete_id
    store.save_plan(athlete, 1, DAY, "{}", NOW)
    store.log_session(athlete, LiftSession(DAY, (LoggedSet("goblet-squat", 6, 40.0, Units.LB),)), NOW)
    store.add_sets(athlete, DAY + dt.timedelta(days=1), [LoggedSet("push-up", 8)], NOW, planned=True)
    store.log_run(athlete, RunEntry(DAY, RunType.EASY, 8000.0, 2700.0), NOW)
    store.log_pain(athlete, PainNote(DAY, BodyArea.KNEE, 3), NOW)
    store.log_swap(athlete, Swap(DAY, "goblet-squat", SwapReason.CLUNKY), NOW)
    return athlete


def test_removing_an_athlete_takes_everything_theirs_and_nothing_else(store: Store):
    maya, sam = _fill(store, "Maya"), _fill(store, "Sam")
    before = _rows(store)
    store.remove_athlete(sam)
    after = _rows(store)
    assert [a.name for a in store.athletes()] == ["Maya"]
    for table, count in before.items():
        assert after[table] == count // 2, table  # each table held the two athletes' rows alike
    assert store.training_log(maya).lifts and store.training_log(sam).lifts == ()


def _rows(store: Store) -> dict[str, int]:
    with store.transaction() as db:
        return {
            t.name: db.scalar(select(func.count()).select_from(t)) or 0
            for t in Base.metadata.sorted_tables
            if t.name not in ("alembic_version",)
        }
