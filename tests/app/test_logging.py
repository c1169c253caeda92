"""app.lift_log, app.names, app.body, app.swaps: logging through the services, with the athlete and
the day given, against a real SQLite store."""

from __future__ import annotations

import datetime as dt

import pytest

from runlift.app.body import log_weight, note_pain
from runlift.app.errors import SessionAlreadyLogged
from runlift.app.lift_log import log_as_prescribed, log_sets, logged_on, planned_session, save_set, sets_left
from runlift.app.names import exercise_named
from runlift.app.swaps import swap_named, undo_swap
from runlift.core.errors import InputError, NotFound
from runlift.core.library import BodyArea
from runlift.core.log import BodyWeight, LoggedSet, PainNote, SwapReason
from runlift.core.profile import Units
from runlift.data import library
from runlift.store.repo import Store
from tests.app.conftest import MONDAY, NOW


def _lift_day(store: Store, athlete_id: int) -> dt.date:
    for i in range(7):
        day = MONDAY + dt.timedelta(days=i)
        try:
            planned_session(store, athlete_id, day)
            return day
        except NotFound:
            continue
    raise AssertionError("Maya lifts twice a week")


def test_a_session_as_prescribed_once(sqlite_store: Store, maya_id: int):
    day = _lift_day(sqlite_store, maya_id)
    done = log_as_prescribed(sqlite_store, maya_id, day, NOW)
    assert done.sets == len(logged_on(sqlite_store, maya_id, day)) > 0
    with pytest.raises(SessionAlreadyLogged) as twice:
        log_as_prescribed(sqlite_store, maya_id, day, NOW)
    assert twice.value.day == day and "--" not in str(twice.value)


def test_no_planned_session_is_not_found(sqlite_store: Store, maya_id: int):
    days = [MONDAY + dt.timedelta(days=i) for i in range(7)]
    rest = [d for d in days if d != _lift_day(sqlite_store, maya_id)]
    with pytest.raises(NotFound):
        for day in rest:  # at least one of the other days has no lift
            planned_session(sqlite_store, maya_id, day)


def test_a_stopped_session_goes_on_after_its_saved_sets(sqlite_store: Store, maya_id: int):
    day = _lift_day(sqlite_store, maya_id)
    planned = planned_session(sqlite_store, maya_id, day)
    total, left = sets_left(planned.session, planned.units, ())
    assert total == len(left) > 1
    save_set(sqlite_store, maya_id, day, left[0].shown._replace(weight=left[0].shown.weight or 0.0), NOW)
    again_total, again = sets_left(planned.session, planned.units, logged_on(sqlite_store, maya_id, day))
    assert again_total == total and [s.shown for s in again] == [s.shown for s in left[1:]]


def test_a_weight_on_a_bodyweight_exercise_logs_its_loaded_version(sqlite_store: Store, maya_id: int):
    split_squat = library().find("split squat")
    assert not split_squat.externally_loaded
    done = log_sets(sqlite_store, maya_id, MONDAY, split_squat, 3, LoggedSet(split_squat.id, 8, 40.0, Units.LB), NOW)
    assert done.exercise.externally_loaded and done.count == 3
    assert {s.exercise for s in logged_on(sqlite_store, maya_id, MONDAY)} == {done.exercise.id}


def test_a_flag_swaps_the_exercise_in_the_same_write(sqlite_store: Store, maya_id: int):
    found = exercise_named(sqlite_store, maya_id, "goblet squat", MONDAY)
    log_sets(sqlite_store, maya_id, MONDAY, found, 1, LoggedSet(found.id, 8, 30.0, Units.LB), NOW, SwapReason.CLUNKY)
    assert [s.exercise for s in sqlite_store.training_log(maya_id).swaps] == [found.id]
    undone = undo_swap(sqlite_store, maya_id, None, MONDAY, NOW)
    assert undone.back and undone.exercise == found.id


def test_swapping_by_name_and_the_easiest_step_refused(sqlite_store: Store, maya_id: int):
    done = swap_named(sqlite_store, maya_id, "goblet squat", SwapReason.TOO_HARD, MONDAY, MONDAY, NOW)
    assert done.replacement is not None and not done.back
    easiest = library().get(library().regressions(done.exercise)[-1].id)
    with pytest.raises(InputError, match="easiest step"):
        log_sets(sqlite_store, maya_id, MONDAY, easiest, 1, LoggedSet(easiest.id, 8), NOW, SwapReason.PAIN)


def test_pain_and_body_weight_are_checked_against_today(sqlite_store: Store, maya_id: int):
    note_pain(sqlite_store, maya_id, PainNote(MONDAY, BodyArea.KNEE, 4), MONDAY, NOW)
    log_weight(sqlite_store, maya_id, BodyWeight(MONDAY, 134.5, Units.LB), MONDAY, NOW)
    with pytest.raises(InputError):
        note_pain(sqlite_store, maya_id, PainNote(MONDAY + dt.timedelta(days=30), BodyArea.KNEE, 4), MONDAY, NOW)
    log = sqlite_store.training_log(maya_id)
    assert [p.score for p in log.pain] == [4] and [w.value for w in log.weights] == [134.5]


def test_the_session_to_log_is_the_whole_logs_with_last_time_from_before_the_window(sqlite_store: Store, maya_id: int):
    """`runlift log`, `log --yes` and the API's as-prescribed read the day's card (the rules' windows of
    the log, cached), not the whole log (issue #12): the same session and last times as the whole log's,
    an exercise last lifted two years ago included (found through its index, past the window)."""
    from runlift.app import season
    from runlift.core.adapt import log_since
    from runlift.core.log import LiftSession

    day = _lift_day(sqlite_store, maya_id)
    exercise = planned_session(sqlite_store, maya_id, day).session.exercises[0].exercise.id
    long_ago = day - dt.timedelta(days=730)
    assert long_ago < log_since(day)
    old = LoggedSet(exercise, 6, 30.0, Units.LB)
    sqlite_store.log_session(maya_id, LiftSession(long_ago, (old, old)), NOW)
    try:
        season.clear_cache()
        windowed = planned_session(sqlite_store, maya_id, day)
        season.WINDOWED = False
        whole = planned_session(sqlite_store, maya_id, day)
    finally:
        season.WINDOWED = True
        season.clear_cache()
    assert windowed == whole
    assert windowed.last[exercise].date == long_ago and windowed.last[exercise].sets == (old, old)


def test_sets_named_as_the_runner_types_them(sqlite_store: Store, maya_id: int):
    """log_named_sets, as `log set`, POST …/log/sets and Today's form log: an alias means the exercise
    of the runner's coming sessions, the runner's units unless given, a flag steps it back (MOD-1)."""
    from runlift.app.lift_log import log_named_sets
    from runlift.app.season import load_state
    from runlift.core.log import Side

    day = _lift_day(sqlite_store, maya_id)
    units = load_state(sqlite_store, maya_id).profile.athlete.units
    planned = planned_session(sqlite_store, maya_id, day).session.exercises[0].exercise
    done = log_named_sets(sqlite_store, maya_id, day, planned.name.upper(), 2, reps=8, today=day, now=NOW)
    assert (done.exercise.id, done.count, done.logged.unit, done.logged.side) == (planned.id, 2, units, Side.BOTH)
    assert len(done.set_ids) == 2 and logged_on(sqlite_store, maya_id, day)[-1].exercise == planned.id
    other = Units.KG if units is Units.LB else Units.LB
    given = log_named_sets(
        sqlite_store, maya_id, day, planned.id, 1, reps=6, unit=other, side=Side.LEFT, rir=2, today=day, now=NOW
    )
    assert (given.logged.unit, given.logged.side, given.logged.rir) == (other, Side.LEFT, 2)
    with pytest.raises(NotFound):
        log_named_sets(sqlite_store, maya_id, day, "no such lift at all", 1, reps=5, today=day, now=NOW)
