"""An athlete's season from the store: their current file, when the season started, the adapted plan.

What a request costs does not grow with the log: a plan is made from the part of the log its rules
read (core.adapt.log_since, Store.recent_log), and kept in a per-process cache keyed by the revision
of the latest write that changed that day's plan (store/changes.py), so it is never stale, whichever
process wrote. `WINDOWED = False` turns both off: every call reads the whole log and plans again (the
reference the equivalence tests and bench/bench_history.py compare against)."""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TypeVar

from runlift.app.state import AthleteState
from runlift.core.adapt import Adapted, adapt_season, log_since
from runlift.core.calendar import monday_of
from runlift.core.log import Swap, TrainingLog
from runlift.data import library
from runlift.profile_file import profile_from_text
from runlift.store.repo import Store

if TYPE_CHECKING:
    from runlift.core.library import Exercise

WINDOWED = True  # False: the whole log, no cache (the reference path)
CACHE_SIZE = 256  # plans and cards kept per process (a few hundred KB each at most)
COMING_SESSIONS = 8  # names are matched against the runner's next sessions first (app/names.py)
T = TypeVar("T")


def load_state(store: Store, athlete_id: int) -> AthleteState:
    """The athlete's current file, parsed, when their season started, and their moves of sessions; cached
    until their file or a move changes (a change to every day's plan: store.changes.EVERY_DAY)."""
    from runlift.store.changes import EVERY_DAY

    return cached(store, athlete_id, EVERY_DAY, ("state",), lambda: _load_state(store, athlete_id))


def _load_state(store: Store, athlete_id: int) -> AthleteState:
    versions = store.profile_versions(athlete_id)
    current = versions[-1]
    profile = profile_from_text(current.toml, f"stored file v{current.version}")
    from runlift.store.moves import moves

    return AthleteState(
        athlete_id, profile, monday_of(versions[0].valid_from), current.version, moves(store, athlete_id)
    )


def adapted(state: AthleteState, log: TrainingLog, day: dt.date, show_from: dt.date | None = None) -> Adapted:
    """The plan as the log shaped it, shown from `show_from`'s week."""
    return adapt_season(state.profile, library(), log, state.start, day, show_from=show_from, moves=state.moved())


def log_until(store: Store, state: AthleteState, day: dt.date) -> TrainingLog:
    """The log up to the end of `day` as the plan of `day` reads it: its rules' windows (whole when
    not WINDOWED). Not the whole history: use Store.training_log for that."""
    if not WINDOWED:
        return store.training_log(state.athlete_id, until=day)
    since = log_since(day)
    return store.recent_log(state.athlete_id, since, day, courses_from=min(since, state.start))


@dataclass(frozen=True, slots=True)
class Planned:
    """The plan a session on `day` is made from: shown from `day`, adapted to the log before it."""

    state: AthleteState
    before: TrainingLog  # the log before the day (pain: through it), within the rules' windows
    adapted: Adapted


def planned_on(store: Store, athlete_id: int, day: dt.date) -> Planned:
    """The plan of `day`'s session (TrainingLog.before_session: today's pain counts, MOD-1)."""

    def make() -> Planned:
        state = load_state(store, athlete_id)
        before = log_until(store, state, day).before_session(day)
        return Planned(state, before, adapted(state, before, day, show_from=day))

    return cached(store, athlete_id, day, ("planned", day), make)


def swaps_on(store: Store, athlete_id: int, day: dt.date) -> tuple[Swap, ...]:
    """The swaps (and swaps back) logged on `day`: the day's only, one small read."""
    return store.swaps_on(athlete_id, day)


def day_planned(store: Store, athlete_id: int, day: dt.date, swaps: tuple[Swap, ...] | None = None) -> Planned:
    """The plan the day itself is shown from (its card, GET …/today, why, the session logged as prescribed):
    planned_on(day) with the swaps logged on the day standing in at once (MOD-1, MOD-2), so the runner who
    swaps an exercise mid-session does its step back next and "Why?" on it gives the swap's reason.

    The log's adaptation is not changed: the day's swaps are left out of planned_on (before_session) and a
    swap written on a day changes the plans from the next day on (store/changes.py), like a set logged that
    day; the next sessions read them through planned_on(next day) as before. A swap flagged with the day's
    sets (`log set --too-hard`) stands in here too: what was logged stays logged under its own exercise.
    `swaps`: swaps_on(day) when the caller read them already. Cached until a write changes the next day's
    plan (a swap on `day` does)."""
    swaps = swaps_on(store, athlete_id, day) if swaps is None else swaps
    if not swaps:
        return planned_on(store, athlete_id, day)

    def make() -> Planned:
        state = load_state(store, athlete_id)
        before = log_until(store, state, day).before_session(day)
        return Planned(state, before, adapted(state, with_day_swaps(before, swaps), day, show_from=day))

    return cached(store, athlete_id, day + dt.timedelta(days=1), ("day-planned", day), make)


def with_day_swaps(before: TrainingLog, swaps: tuple[Swap, ...]) -> TrainingLog:
    """The log before the day's session with the day's own swaps added: what the day is shown from, the
    stand-in in place of the exercise swapped out (MOD-1, MOD-2)."""
    return replace(before, swaps=before.swaps + swaps) if swaps else before


def shown_on(store: Store, athlete_id: int, day: dt.date) -> tuple[tuple[Swap, ...], dt.date]:
    """The day's swaps and the day whose plan key a view of `day` that shows them is cached under: a swap
    written on `day` changes the plans from the next day on (store/changes.py), so with swaps the key is
    the next day's, without them the day's own."""
    swaps = swaps_on(store, athlete_id, day)
    return swaps, day + dt.timedelta(days=1) if swaps else day


def coming_exercises(store: Store, athlete_id: int, day: dt.date) -> tuple[Exercise, ...]:
    """The exercises of the next sessions of the plan adapted to the log through `day`, shown from it."""

    def make() -> tuple[Exercise, ...]:
        state = load_state(store, athlete_id)
        plan = adapted(state, log_until(store, state, day), day, show_from=day).plan
        sessions = plan.sessions()[:COMING_SESSIONS]
        return tuple({p.exercise.id: p.exercise for s in sessions for p in s.exercises}.values())

    return cached(store, athlete_id, day + dt.timedelta(days=1), ("coming", day), make)


# --- the per-process cache ------------------------------------------------------------------------

_cache: OrderedDict[tuple[object, ...], object] = OrderedDict()
_making: dict[tuple[object, ...], threading.Event] = {}  # keys a thread is making now
_lock = threading.Lock()
MAKING_WAIT_S = 30.0  # a thread waits this long for another's plan, then makes its own


def cached(store: Store, athlete_id: int, changed_on: dt.date, what: tuple[object, ...], make: Callable[[], T]) -> T:
    """`make()`, or what it gave before for the same athlete, `what`, and revision of the latest write
    that changed `changed_on`'s plan (read first: a write landing meanwhile only makes the value newer).

    One thread makes a missing value; the others asking for it meanwhile wait for it (issue #12: at
    200 requests/s a plan that takes 100 ms was made by twenty threads at once, each slowed by the
    others, and the pool's connections ran out). A maker that fails leaves the key to the next caller."""
    if not WINDOWED:
        return make()
    from runlift.store.changes import plan_key

    with store.one_read() as db:  # the request's open transaction when there is one: never a second connection
        revision = plan_key(db, athlete_id, changed_on)
    if revision is None:
        return make()
    key = (store.engine.url.render_as_string(hide_password=True), athlete_id, revision, *what)
    while True:
        with _lock:
            if key in _cache:
                _cache.move_to_end(key)
                return _cache[key]  # type: ignore[return-value]
            other = _making.get(key)
            if other is None:
                _making[key] = threading.Event()
                break
        if not other.wait(MAKING_WAIT_S):
            return make()  # the other maker is stuck: make it here too, rather than wait on
    try:
        value = make()
        with _lock:
            _cache[key] = value
            while len(_cache) > CACHE_SIZE:
                _cache.popitem(last=False)
    finally:
        with _lock:
            _making.pop(key).set()
    return value


def clear_cache() -> None:
    with _lock:
        _cache.clear()
