"""A plan read from the rules' windows of the log, and cached by revision, is the whole log's plan.

`app.season.WINDOWED = False` is the reference: the whole log read, the season planned again. The
windowed path reads what core.adapt.log_since says the rules look at (Store.recent_log) and keeps
the result until a write changes that day's plan (store/changes.py)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runlift.app import season
from runlift.app.today import gym_card
from runlift.core.adapt import log_since
from runlift.core.library import BodyArea
from runlift.core.log import LiftSession, LoggedSet, PainNote, Side, Swap, SwapReason
from runlift.core.profile import RunType, Units
from runlift.store.changes import KEEP_ROWS, changed, plan_key
from runlift.store.repo import Store
from runlift.store.tables import ActivityRow, AthleteChangeRow
from tests.budget import examples
from tests.conftest import MAYA

NOW = dt.datetime(2026, 11, 26, 7, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 26)
LIFTS = ("goblet-squat", "db-romanian-deadlift", "db-bulgarian-split-squat", "db-bench-press", "nordic-hamstring-curl")
AREAS = (BodyArea.KNEE, BodyArea.ACHILLES, BodyArea.HIP)
_names = itertools.count()


@pytest.fixture(autouse=True)
def _windowed() -> Iterator[None]:
    season.clear_cache()
    yield
    season.WINDOWED = True
    season.clear_cache()


def both_ways(store: Store, athlete_id: int, day: dt.date) -> tuple[object, object]:
    """(the whole log's card, the windowed one from an empty cache)."""
    season.WINDOWED = False
    whole = gym_card(store, athlete_id, day)
    season.WINDOWED = True
    season.clear_cache()
    return whole, gym_card(store, athlete_id, day)


# --- the windows: random logs -------------------------------------------------------------------

# days before `today`, denser around the windows' edges (the log_since cut, SCH-6's 28 days)
EDGE = (TODAY - log_since(TODAY)).days
days_ago = st.one_of(st.integers(0, 500), st.integers(EDGE - 20, EDGE + 20), st.integers(20, 35), st.integers(0, 14))
a_set = st.tuples(
    st.sampled_from(LIFTS),
    st.integers(3, 12),
    st.sampled_from([0.0, 20.0, 25.0, 30.0, 35.0, 40.0, 45.0]),
    st.just(Units.LB),
    st.sampled_from([Side.BOTH, Side.LEFT, Side.RIGHT]),
    st.one_of(st.none(), st.sampled_from([0.0, 1.0, 2.0, 3.0, 4.0])),
).map(lambda t: LoggedSet(*t))
logs = st.fixed_dictionaries(
    {
        "start": st.integers(0, 200),  # the runner's file was added this many days ago
        "lifts": st.lists(st.tuples(days_ago, st.lists(a_set, min_size=1, max_size=4), st.booleans()), max_size=30),
        "runs": st.lists(
            st.tuples(days_ago, st.sampled_from(list(RunType)[:-1]), st.integers(3, 25), st.integers(20, 120)),
            max_size=25,
        ),
        "pain": st.lists(st.tuples(days_ago, st.sampled_from(AREAS), st.integers(0, 8)), max_size=10),
        "swaps": st.lists(st.tuples(days_ago, st.sampled_from(LIFTS[:3]), st.booleans()), max_size=3),
        "imported": st.lists(st.tuples(days_ago, st.integers(-14, 14), st.integers(15, 90)), max_size=4),
        "day": st.integers(-3, 3),  # the card asked for, around today
    }
)


def fill(store: Store, log: dict) -> int:  # type: ignore[type-arg]
    """The runner and their log, in one transaction (rows as the store's writes make them)."""
    from runlift.store.repo import _swap_row, session_row
    from runlift.store.tables import PainRow, RunRow

    start = TODAY - dt.timedelta(days=log["start"])
    athlete = store.save_profile(f"Runner {next(_names)}", MAYA, start, NOW).athlete_id
    ago = lambda n: TODAY - dt.timedelta(days=n)  # noqa: E731
    with store.transaction() as db:
        changed(db, athlete, None)
        db.add_all(
            session_row(athlete, LiftSession(ago(n), tuple(sets), planned), "generated", NOW)
            for n, sets, planned in log["lifts"]
        )
        db.add_all(
            RunRow(
                athlete_id=athlete,
                date=ago(n),
                type=kind.value,
                distance_m=km * 1000.0,
                duration_s=minutes * 60.0,
                source="manual",
                created_at=NOW,
            )
            for n, kind, km, minutes in log["runs"]
        )
        db.add_all(
            PainRow(athlete_id=athlete, date=ago(n), area=area.value, score=score, created_at=NOW)
            for n, area, score in log["pain"]
        )
        db.add_all(
            _swap_row(athlete, Swap(ago(n), exercise, SwapReason.CLUNKY, back), NOW)
            for n, exercise, back in log["swaps"]
        )
        for i, (n, offset_h, minutes) in enumerate(log["imported"]):
            when = dt.datetime.combine(ago(n), dt.time(12), tzinfo=dt.UTC)
            db.add(
                ActivityRow(
                    athlete_id=athlete,
                    start=when - dt.timedelta(hours=offset_h),
                    utc_offset_s=offset_h * 3600,
                    sport="running",
                    distance_m=minutes * 180.0,
                    moving_s=minutes * 60.0,
                    elapsed_s=minutes * 60.0,
                    max_hr=150.0 + i,
                    name="",
                    source_format="fit",
                    sha256=f"{athlete:08d}{i:056d}",
                    file_index=0,
                    path="run.fit",
                    created_at=NOW,
                )
            )
    return athlete  # fmt: skip


@settings(max_examples=examples(18), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(log=logs)
def test_the_windowed_plan_is_the_whole_logs(sqlite_store: Store, log: dict) -> None:  # type: ignore[type-arg]
    from runlift.app.lift_log import planned_session
    from runlift.app.plan import shown_plan
    from runlift.app.week import week
    from runlift.core.errors import NotFound

    athlete = fill(sqlite_store, log)
    day = TODAY + dt.timedelta(days=log["day"])
    whole, windowed = both_ways(sqlite_store, athlete, day)
    assert windowed == whole
    # the week view, the session to log and the season shown from its first week (past weeks: the
    # Season page, GET …/plan?start=) read the same windows (runlift week, runlift log, #12)
    first = season.load_state(sqlite_store, athlete).start
    season.WINDOWED = False
    whole_season = shown_plan(sqlite_store, athlete, day, first)
    whole_week = week(sqlite_store, athlete, day)
    try:
        whole_session: object = planned_session(sqlite_store, athlete, day)
    except NotFound:
        whole_session = None
    season.WINDOWED = True
    season.clear_cache()
    assert shown_plan(sqlite_store, athlete, day, first) == whole_season
    assert week(sqlite_store, athlete, day) == whole_week
    try:
        assert planned_session(sqlite_store, athlete, day) == whole_session
    except NotFound:
        assert whole_session is None


@pytest.fixture
def sqlite_store(databases: object) -> Iterator[Store]:
    store = Store.open(databases.new("sqlite"))  # type: ignore[attr-defined]
    try:
        yield store
    finally:
        store.engine.dispose()


def test_a_lift_lifted_years_ago_shows_its_last_time(store: Store):
    """Last time comes from the store when the rules' window does not reach it: the session logged last
    on the latest day that has the exercise."""
    athlete = store.save_profile("Maya", MAYA, TODAY - dt.timedelta(days=30), NOW).athlete_id
    day, card = next(
        (d, c) for d in (TODAY + dt.timedelta(days=i) for i in range(14)) if (c := gym_card(store, athlete, d)).sessions
    )
    exercise = card.sessions[0].exercises[0].prescription.exercise.id
    long_ago = TODAY - dt.timedelta(days=3 * 365)
    for weight, source in ((30.0, "manual"), (35.0, "strong"), (25.0, "manual")):
        when = long_ago if weight > 25 else long_ago - dt.timedelta(days=1)
        store.log_session(athlete, LiftSession(when, (LoggedSet(exercise, 8, weight, Units.LB),)), NOW, source)
    whole, windowed = both_ways(store, athlete, day)
    assert windowed == whole
    last = gym_card(store, athlete, day).sessions[0].exercises[0].last
    assert last is not None and last.date == long_ago and [s.weight for s in last.sets] == [35.0]


# --- the cache: keys every process agrees on ----------------------------------------------------


def test_a_set_logged_today_keeps_todays_card_and_changes_tomorrows(store: Store):
    athlete = store.save_profile("Maya", MAYA, TODAY - dt.timedelta(days=30), NOW).athlete_id
    with store.engine.connect() as db:
        today, tomorrow = plan_key(db, athlete, TODAY), plan_key(db, athlete, TODAY + dt.timedelta(days=1))
    store.add_sets(athlete, TODAY, [LoggedSet("goblet-squat", 8, 40.0, Units.LB)], NOW)
    with store.engine.connect() as db:
        assert plan_key(db, athlete, TODAY) == today  # planned from the log before today
        assert plan_key(db, athlete, TODAY + dt.timedelta(days=1)) != tomorrow
        tomorrow = plan_key(db, athlete, TODAY + dt.timedelta(days=1))
    store.log_pain(athlete, PainNote(TODAY, BodyArea.KNEE, 6), NOW)  # MOD-1: today's pain changes today
    with store.engine.connect() as db:
        assert plan_key(db, athlete, TODAY) != today
        assert plan_key(db, athlete, TODAY - dt.timedelta(days=1)) == today
        assert plan_key(db, athlete, TODAY + dt.timedelta(days=1)) != tomorrow


def test_a_write_from_another_process_is_seen(store: Store):
    """Two stores on one database (two app processes): the card one caches follows the other's writes."""
    athlete = store.save_profile("Maya", MAYA, TODAY - dt.timedelta(days=30), NOW).athlete_id
    other = Store.open(store.engine.url.render_as_string(hide_password=False))
    try:
        first = gym_card(store, athlete, TODAY)
        assert gym_card(store, athlete, TODAY) is first  # cached
        other.log_pain(athlete, PainNote(TODAY, BodyArea.KNEE, 8), NOW)
        other.log_swap(athlete, Swap(TODAY - dt.timedelta(days=1), "goblet-squat", SwapReason.CLUNKY), NOW)
        after = gym_card(store, athlete, TODAY)
        assert after != first
        whole, _ = both_ways(store, athlete, TODAY)
        assert after == whole
    finally:
        other.engine.dispose()


def test_the_journal_stays_short_and_every_write_changes_the_days_it_touches(store: Store):
    """Merged rows may change more keys than a write needs (a cache miss), never fewer."""
    athlete = store.save_profile("Maya", MAYA, TODAY - dt.timedelta(days=200), NOW).athlete_id
    days = [TODAY - dt.timedelta(days=i) for i in range(0, 120, 3)]
    for day in days:
        with store.engine.connect() as db:
            keys = {d: plan_key(db, athlete, d) for d in (day + dt.timedelta(days=1), TODAY + dt.timedelta(7))}
        store.add_sets(athlete, day, [LoggedSet("goblet-squat", 8, 40.0, Units.LB)], NOW)
        with store.engine.connect() as db:
            for d in (day + dt.timedelta(days=1), TODAY + dt.timedelta(7)):
                assert plan_key(db, athlete, d) != keys[d]
    with store.transaction() as db:
        rows = db.query(AthleteChangeRow).filter(AthleteChangeRow.athlete_id == athlete).count()
    assert rows <= KEEP_ROWS + 8


def test_a_write_that_does_not_say_what_it_changes_is_refused(store: Store):
    athlete = store.save_profile("Maya", MAYA, TODAY, NOW).athlete_id
    from runlift.store.repo import session_row

    with pytest.raises(AssertionError, match="changed"), store.transaction() as db:
        db.add(session_row(athlete, LiftSession(TODAY, (LoggedSet("goblet-squat", 8, 40.0, Units.LB),)), "x", NOW))
    assert store.training_log(athlete).lifts == ()


def test_a_new_athlete_under_a_removed_ones_id_gets_their_own_card(store: Store):
    first = store.save_profile("Maya", MAYA, TODAY - dt.timedelta(days=30), NOW).athlete_id
    store.log_pain(first, PainNote(TODAY, BodyArea.KNEE, 8), NOW)
    card = gym_card(store, first, TODAY)
    store.remove_athlete(first)
    second = store.save_profile("Maya", MAYA, TODAY - dt.timedelta(days=30), NOW).athlete_id
    assert gym_card(store, second, TODAY) != card or second != first
    whole, windowed = both_ways(store, second, TODAY)
    assert windowed == whole


# --- names: the library first -----------------------------------------------------------------


def test_an_exact_id_or_name_needs_no_plan(store: Store, monkeypatch: pytest.MonkeyPatch):
    from runlift.app.names import exercise_named

    athlete = store.save_profile("Maya", MAYA, TODAY - dt.timedelta(days=30), NOW).athlete_id

    def no_plan(*_args: object) -> object:
        raise AssertionError("planned a season to match an exact name")

    monkeypatch.setattr(season, "coming_exercises", no_plan)
    assert exercise_named(store, athlete, "goblet-squat", TODAY).id == "goblet-squat"
    assert exercise_named(store, athlete, "Goblet squat", TODAY).id == "goblet-squat"
    monkeypatch.undo()
    coming = {e.id for e in season.coming_exercises(store, athlete, TODAY)}
    assert exercise_named(store, athlete, "bss", TODAY).id in coming  # the one they do (knee pain: a step back)


def test_the_coming_sessions_are_the_whole_logs(store: Store):
    """`log set` matches names against the plan adapted through today (today's sets and swaps count)."""
    athlete = store.save_profile("Maya", MAYA, TODAY - dt.timedelta(days=60), NOW).athlete_id
    store.log_pain(athlete, PainNote(TODAY - dt.timedelta(days=200), BodyArea.KNEE, 7), NOW)
    store.add_sets(athlete, TODAY - dt.timedelta(days=150), [LoggedSet("goblet-squat", 8, 40.0, Units.LB)], NOW)
    for day in (TODAY, TODAY + dt.timedelta(days=2)):
        season.WINDOWED = False
        whole = season.coming_exercises(store, athlete, day)
        season.WINDOWED = True
        assert season.coming_exercises(store, athlete, day) == whole
        store.add_sets(
            athlete, TODAY, [LoggedSet("goblet-squat", 8, 40.0, Units.LB)], NOW,
            swap=Swap(TODAY, "db-bulgarian-split-squat", SwapReason.CLUNKY),
        )  # fmt: skip
    season.WINDOWED = False
    whole = season.coming_exercises(store, athlete, TODAY)
    season.WINDOWED = True
    assert season.coming_exercises(store, athlete, TODAY) == whole  # today's swap: a new key, a new plan


def test_threads_asking_for_one_missing_plan_wait_for_one_maker(sqlite_store: Store):
    """A value nobody has made yet is made once however many threads ask at once; when its maker fails,
    the failure is the maker's and the next caller makes it."""
    import threading
    import time

    athlete = sqlite_store.save_profile("Maya", MAYA, TODAY, NOW).athlete_id
    made: list[int] = []
    started, release = threading.Event(), threading.Event()

    def make() -> object:
        made.append(1)
        started.set()
        release.wait(10)
        return object()

    got: list[object] = []
    first = threading.Thread(target=lambda: got.append(season.cached(sqlite_store, athlete, TODAY, ("x",), make)))
    first.start()
    assert started.wait(10)
    others = [
        threading.Thread(target=lambda: got.append(season.cached(sqlite_store, athlete, TODAY, ("x",), make)))
        for _ in range(6)
    ]
    for t in others:
        t.start()
    time.sleep(0.3)  # the others reach the cache (without the wait each would be making its own by now)
    release.set()
    for t in (first, *others):
        t.join(10)
    assert len(made) == 1 and len(got) == 7 and all(g is got[0] for g in got)

    def broken() -> object:
        raise RuntimeError("the plan could not be made")

    with pytest.raises(RuntimeError):
        season.cached(sqlite_store, athlete, TODAY, ("y",), broken)
    assert season.cached(sqlite_store, athlete, TODAY, ("y",), lambda: "made") == "made"


def test_one_athletes_writers_in_one_process_wait_in_the_process_not_at_the_database(
    databases: object, pg_ready: bool, monkeypatch: pytest.MonkeyPatch
):
    """PostgreSQL: a second writer of the athlete in the same process sends nothing until the first's
    transaction ends, committed or rolled back (a burst of one athlete's writers queued at the row
    woke all at each commit, issue #12)."""
    import threading
    import time

    from sqlalchemy import event

    from runlift.store import changes

    if not pg_ready:
        pytest.skip("PostgreSQL is not running")
    monkeypatch.setattr(changes, "QUEUE_WAIT_S", 60.0)  # a lock left held would stop the test, not pass it
    store = Store.open(databases.new("postgresql"))  # type: ignore[attr-defined]
    try:
        athlete = store.save_profile("Maya", MAYA, TODAY, NOW).athlete_id
        sent: list[str] = []

        @event.listens_for(store.engine, "before_cursor_execute")
        def _seen(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
            if "UPDATE athletes SET revision" in statement:
                sent.append(threading.current_thread().name)

        holding, release = threading.Event(), threading.Event()

        def first() -> None:
            with pytest.raises(RuntimeError), store.transaction() as db:
                changed(db, athlete, TODAY)
                holding.set()
                release.wait(10)
                raise RuntimeError("rolled back")

        def second() -> None:
            with store.transaction() as db:
                changed(db, athlete, TODAY)

        one = threading.Thread(target=first, name="first")
        one.start()
        assert holding.wait(10)
        two = threading.Thread(target=second, name="second")
        two.start()
        time.sleep(0.3)
        assert sent == ["first"]
        release.set()
        one.join(10)
        two.join(10)
        assert sent == ["first", "second"] and not two.is_alive()
        with store.transaction() as db:  # and the lock is free again after a commit
            changed(db, athlete, TODAY)
        assert sent == ["first", "second", "MainThread"]
    finally:
        store.engine.dispose()
