"""Hypothesis strategies: random valid runner files (as decoded TOML) and start dates.

Every strategy is built once (module constants, or once per `runners(...)` call) and only drawn from
inside the composites: a strategy made inside a draw is validated again on every example, which cost
the property tests about a third of their time (a few ms an example) for the same files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from hypothesis import strategies as st

from runlift.core.library import BodyArea, Equipment, Level
from runlift.core.profile import WEEKDAYS, Distance, Priority, Profile, RunType, parse_profile

Dated = Callable[[dt.date], dict[str, object]]  # a runner's file once its start day is known
RUN_TYPES = [t.value for t in RunType if t is not RunType.RACE]
MINUTES = [25, 30, 35, 40, 45, 50, 60, 75, 90]

_TIMES = st.sampled_from(["", "", ":am", ":pm"])
_ONE_RUN = st.builds(lambda kind, time: kind + time, st.sampled_from(RUN_TYPES), _TIMES)
_DAY_KIND = st.sampled_from(["rest", "rest", "run", "run", "run", "double"])
_UNITS = st.sampled_from(["lb", "kg"])
_EQUIPMENT = st.lists(st.sampled_from([e.value for e in Equipment]), unique=True, max_size=6)
_PAIN = st.lists(st.sampled_from([a.value for a in BodyArea]), unique=True, max_size=2)
_BODYWEIGHT = {"lb": st.integers(110, 220), "kg": st.integers(45, 100)}
_SESSIONS = st.integers(1, 4)
_WEEKLY_DISTANCE = st.integers(0, 120)
# a race: weeks and days after the start, a distance (named or km), a priority
_RACES = st.lists(
    st.tuples(
        st.integers(0, 30),
        st.integers(0, 6),
        st.one_of(st.sampled_from([d.value for d in Distance]), st.floats(3, 100)),
        st.sampled_from([p.value for p in Priority]),
    ),
    max_size=3,
)


@st.composite
def day_entries(draw: st.DrawFn) -> object:
    kind = draw(_DAY_KIND)
    if kind == "rest":
        return "rest"
    if kind == "run":
        return draw(_ONE_RUN)
    return [draw(_ONE_RUN), draw(_ONE_RUN)]


_DAY = day_entries()


def runner_docs(
    start: dt.date, pain: bool = True, levels: list[str] | None = None, minutes: list[int] | None = None
) -> st.SearchStrategy[dict[str, object]]:
    """A valid runner's file; `levels` and `minutes` narrow the lifting experience and session length."""
    return _docs(pain, levels, minutes).map(lambda make: make(start))


def _docs(pain: bool, levels: list[str] | None, minutes: list[int] | None) -> st.SearchStrategy[Dated]:
    """A runner's file for any start day: drawn once, dated by the start (races lie after it)."""
    level = st.sampled_from(levels or [lvl.value for lvl in Level])
    length = st.sampled_from(minutes or MINUTES)

    @st.composite
    def doc(draw: st.DrawFn) -> Dated:
        units = draw(_UNITS)
        athlete = {
            "name": "Runner",
            "units": units,
            "bodyweight": draw(_BODYWEIGHT[units]),
            "lifting_experience": draw(level),
            "equipment": draw(_EQUIPMENT),
            "pain": draw(_PAIN) if pain else [],
            "sessions_per_week": draw(_SESSIONS),
            "session_minutes": draw(length),
        }
        week = {day: draw(_DAY) for day in WEEKDAYS}
        races = draw(_RACES)
        distance = draw(_WEEKLY_DISTANCE)

        def dated(start: dt.date) -> dict[str, object]:
            return {
                "athlete": dict(athlete),  # a test may change it (test_coaching)
                "running": {"weekly_distance": distance, "week": week},
                "race": [
                    {"date": start + dt.timedelta(weeks=weeks, days=day), "distance": d, "priority": priority}
                    for weeks, day, d, priority in races
                ],
            }

        return dated

    return doc()


def starts() -> st.SearchStrategy[dt.date]:
    return st.dates(dt.date(2026, 1, 1), dt.date(2028, 12, 31))


def runners(
    pain: bool = True, levels: list[str] | None = None, minutes: list[int] | None = None
) -> st.SearchStrategy[tuple[Profile, dt.date]]:
    def parsed(pair: tuple[dt.date, Dated]) -> tuple[Profile, dt.date]:
        start, dated = pair
        return parse_profile(dated(start)), start

    return st.tuples(starts(), _docs(pain, levels, minutes)).map(parsed)
