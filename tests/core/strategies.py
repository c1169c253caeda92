"""Hypothesis strategies: random valid runner files (as decoded TOML) and start dates."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from runlift.core.library import BodyArea, Equipment, Level
from runlift.core.profile import WEEKDAYS, Distance, Priority, Profile, RunType, parse_profile

RUN_TYPES = [t.value for t in RunType if t is not RunType.RACE]


@st.composite
def day_entries(draw: st.DrawFn) -> object:
    def one() -> st.SearchStrategy[str]:
        return st.builds(
            lambda kind, time: kind + time, st.sampled_from(RUN_TYPES), st.sampled_from(["", "", ":am", ":pm"])
        )

    kind = draw(st.sampled_from(["rest", "rest", "run", "run", "run", "double"]))
    if kind == "rest":
        return "rest"
    if kind == "run":
        return draw(one())
    return [draw(one()), draw(one())]


@st.composite
def runner_docs(
    draw: st.DrawFn,
    start: dt.date,
    pain: bool = True,
    levels: list[str] | None = None,
    minutes: list[int] | None = None,
) -> dict[str, object]:
    """A valid runner's file; `levels` and `minutes` narrow the lifting experience and session length."""
    units = draw(st.sampled_from(["lb", "kg"]))
    equipment = draw(st.lists(st.sampled_from([e.value for e in Equipment]), unique=True, max_size=6))
    athlete = {
        "name": "Runner",
        "units": units,
        "bodyweight": draw(st.integers(110, 220)) if units == "lb" else draw(st.integers(45, 100)),
        "lifting_experience": draw(st.sampled_from(levels or [lvl.value for lvl in Level])),
        "equipment": equipment,
        "pain": draw(st.lists(st.sampled_from([a.value for a in BodyArea]), unique=True, max_size=2)) if pain else [],
        "sessions_per_week": draw(st.integers(1, 4)),
        "session_minutes": draw(st.sampled_from(minutes or [25, 30, 35, 40, 45, 50, 60, 75, 90])),
    }
    week = {day: draw(day_entries()) for day in WEEKDAYS}
    races = draw(
        st.lists(
            st.builds(
                lambda weeks, day, distance, priority: {
                    "date": start + dt.timedelta(weeks=weeks, days=day),
                    "distance": distance,
                    "priority": priority,
                },
                st.integers(0, 30),
                st.integers(0, 6),
                st.one_of(st.sampled_from([d.value for d in Distance]), st.floats(3, 100)),
                st.sampled_from([p.value for p in Priority]),
            ),
            max_size=3,
        )
    )
    return {"athlete": athlete, "running": {"weekly_distance": draw(st.integers(0, 120)), "week": week}, "race": races}


def starts() -> st.SearchStrategy[dt.date]:
    return st.dates(dt.date(2026, 1, 1), dt.date(2028, 12, 31))


@st.composite
def runners(
    draw: st.DrawFn, pain: bool = True, levels: list[str] | None = None, minutes: list[int] | None = None
) -> tuple[Profile, dt.date]:
    start = draw(starts())
    return parse_profile(draw(runner_docs(start, pain, levels, minutes))), start
