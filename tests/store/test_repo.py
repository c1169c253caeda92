"""The Store on SQLite and PostgreSQL: versioned runner files, the log written and read exactly."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import inspect, text

from runlift.core.errors import NotFound
from runlift.core.library import BodyArea
from runlift.core.log import BodyWeight, LiftSession, LoggedSet, PainNote, RunEntry, Side, Swap, SwapReason
from runlift.core.profile import RunType, Units
from runlift.store.db import current_revision, head
from runlift.store.errors import AthleteNotChosen, AthleteNotFound, NoAthletes
from runlift.store.repo import Store
from tests.conftest import MAYA

NOW = dt.datetime(2026, 11, 26, 7, 0, tzinfo=dt.UTC)
DAY = dt.date(2026, 11, 23)


def test_migrations_bring_an_empty_database_to_head(empty_db_url: str):
    from sqlalchemy import create_engine

    untouched = create_engine(empty_db_url)
    try:
        assert current_revision(untouched) is None  # the subject: a database the migrations never saw
    finally:
        untouched.dispose()
    store = Store.open(empty_db_url)
    try:
        assert current_revision(store.engine) == head()
        tables = set(inspect(store.engine).get_table_names())
    finally:
        store.engine.dispose()
    assert {"athletes", "profile_versions", "lift_sessions", "lift_sets", "runs", "pain_notes", "swaps"} <= tables


def test_models_and_migrations_agree(empty_store: Store):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from runlift.store.tables import Base

    with empty_store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_a_changed_file_is_a_new_version_and_the_history_stays(store: Store):
    first = store.save_profile("Maya", MAYA, DAY, NOW)
    same = store.save_profile("Maya", MAYA, DAY, NOW)
    moved = store.save_profile("Maya", MAYA.replace("2027-04-18", "2027-05-02"), DAY + dt.timedelta(days=3), NOW)
    assert (first.version, first.created) == (1, True)
    assert (same.version, same.created) == (1, False)
    assert (moved.version, moved.created) == (2, True)
    versions = store.profile_versions(first.athlete_id)
    assert [v.version for v in versions] == [1, 2] and "2027-04-18" in versions[0].toml
    assert store.current_profile(first.athlete_id).version == 2


def test_athlete_lookup(store: Store):
    """Typed errors with their data; the faces word them (the CLI names --athlete, tests/cli)."""
    with pytest.raises(NoAthletes):
        store.athlete_id(None)
    a = store.save_profile("Maya", MAYA, DAY, NOW).athlete_id
    assert store.athlete_id(None) == a == store.athlete_id("Maya")
    store.save_profile("Sam", MAYA, DAY, NOW)
    with pytest.raises(AthleteNotChosen) as several:
        store.athlete_id(None)
    assert several.value.known == ("Maya", "Sam")
    with pytest.raises(AthleteNotFound) as unknown:
        store.athlete_id("Nobody")
    assert isinstance(unknown.value, NotFound) and unknown.value.name == "Nobody"


def test_the_log_round_trips_exactly_with_mixed_units(store: Store):
    a = store.save_profile("Maya", MAYA, DAY, NOW).athlete_id
    sets = (
        LoggedSet("db-split-squat", 8, 42.5, Units.LB, Side.LEFT, rir=2),
        LoggedSet("db-split-squat", 8, 19.3, Units.KG, Side.RIGHT, rpe=8.5),
        LoggedSet("pogo-hops", 10),
    )
    store.log_session(a, LiftSession(DAY, sets, planned=True, note="felt good"), NOW)
    store.add_sets(a, DAY, [LoggedSet("dead-bug", 12)], NOW)
    store.log_run(a, RunEntry(DAY, RunType.TEMPO, 10_000, 3150, 7, 158), NOW)
    store.log_pain(a, PainNote(DAY, BodyArea.KNEE, 4), NOW)
    store.log_weight(a, BodyWeight(DAY, 134.6, Units.LB), NOW)
    store.log_swap(a, Swap(DAY, "db-split-squat", SwapReason.PAIN), NOW)
    log = store.training_log(a)
    assert len(log.lifts) == 1
    assert log.lifts[0].sets == (*sets, LoggedSet("dead-bug", 12))
    assert log.lifts[0].note == "felt good"
    assert log.runs == (RunEntry(DAY, RunType.TEMPO, 10_000, 3150, 7, 158),)
    assert log.pain == (PainNote(DAY, BodyArea.KNEE, 4),)
    assert log.weights == (BodyWeight(DAY, 134.6, Units.LB),)
    assert log.swaps == (Swap(DAY, "db-split-squat", SwapReason.PAIN),)
    assert store.training_log(a, since=DAY + dt.timedelta(days=1)).lifts == ()


def test_a_set_logged_after_a_deleted_one_comes_after_every_set_left(store: Store):
    """Positions are the last one + 1: a count of the sets gave the deleted set's successor's position
    again, and two sets of one position came back in either order."""
    from runlift.store import items

    a = store.save_profile("Maya", MAYA, DAY, NOW).athlete_id
    squats = store.log_sets(a, DAY, [LoggedSet("goblet-squat", 8, 40, Units.LB)] * 3, NOW)  # the session made
    items.remove(store, a, "set", squats.set_ids[1])
    one = store.log_sets(a, DAY, [LoggedSet("dead-bug", 12)], NOW)  # one set: one statement
    store.log_sets(a, DAY, [LoggedSet("pogo-hops", 10)] * 2, NOW)  # more: the session, then its sets
    assert one.session_id == squats.session_id
    sets = store.training_log(a).lifts[0].sets
    assert [s.exercise for s in sets] == ["goblet-squat"] * 2 + ["dead-bug"] + ["pogo-hops"] * 2
    with store.engine.connect() as conn:
        positions = conn.execute(text("SELECT position FROM lift_sets ORDER BY id")).scalars().all()
    assert positions == [0, 2, 3, 4, 5]


def test_the_swaps_of_a_day_are_the_days_swaps_of_its_log_in_the_order_logged(store: Store):
    a = store.save_profile("Maya", MAYA, DAY, NOW).athlete_id
    store.log_swap(a, Swap(DAY - dt.timedelta(days=1), "back-squat", SwapReason.PAIN), NOW)
    store.log_swap(a, Swap(DAY, "db-split-squat", SwapReason.TOO_HARD), NOW)
    store.log_swap(a, Swap(DAY, "db-split-squat", SwapReason.TOO_HARD, back=True), NOW)
    store.log_swap(a, Swap(DAY, "nordic-curl", SwapReason.PAIN), NOW)
    store.log_swap(a, Swap(DAY + dt.timedelta(days=1), "pogo-hops", SwapReason.PAIN), NOW)
    swaps = store.swaps_on(a, DAY)
    assert [(w.exercise, w.back) for w in swaps] == [
        ("db-split-squat", False),
        ("db-split-squat", True),
        ("nordic-curl", False),
    ]
    assert swaps == store.training_log(a, since=DAY, until=DAY).swaps
    assert store.swaps_on(a, DAY + dt.timedelta(days=2)) == ()


def test_a_failed_write_leaves_nothing_behind(store: Store):
    a = store.save_profile("Maya", MAYA, DAY, NOW).athlete_id

    def broken_sets():
        yield LoggedSet("goblet-squat", 6, 40, Units.LB)
        raise RuntimeError("crash in the middle of a write")

    with pytest.raises(RuntimeError):
        store.add_sets(a, DAY, broken_sets(), NOW)
    assert store.training_log(a).lifts == ()
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM lift_sessions")).scalar() == 0
