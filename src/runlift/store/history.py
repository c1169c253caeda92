"""A generated multi-year training history for tests and benchmarks (deterministic for a seed)."""

from __future__ import annotations

import datetime as dt
import random

from runlift.core.library import BodyArea
from runlift.core.log import LiftSession, LoggedSet, PainNote, RunEntry, Side
from runlift.core.profile import RunType, Units

LIFTS = (
    "goblet-squat",
    "db-romanian-deadlift",
    "db-bulgarian-split-squat",
    "supported-db-single-arm-row",
    "db-bench-press",
    "single-leg-calf-raise",
    "banded-pallof-press",
    "pogo-hops",
    "db-hip-thrust",
)
UNILATERAL = {"db-bulgarian-split-squat", "supported-db-single-arm-row", "single-leg-calf-raise"}


def generate(
    start: dt.date, runs: int, sessions: int, sets_per_session: int, seed: int = 7
) -> tuple[list[LiftSession], list[RunEntry], list[PainNote]]:
    """`runs` runs and `sessions` lift sessions spread evenly from `start`, loads slowly rising."""
    rng = random.Random(seed)
    days = max(runs, sessions * 3)
    out_runs = [
        RunEntry(
            start + dt.timedelta(days=i * days // runs),
            rng.choice(list(RunType)[:-1]),
            rng.uniform(4000, 25000),
            rng.uniform(1200, 7200),
            float(rng.randint(2, 9)),
            float(rng.randint(120, 175)),
        )
        for i in range(runs)
    ]
    out_sessions = []
    for i in range(sessions):
        day = start + dt.timedelta(days=i * days // sessions)
        progress = 1 + i / sessions
        sets = []
        for j in range(sets_per_session):
            exercise = LIFTS[(i + j // 2) % len(LIFTS)]
            side = (Side.LEFT if j % 2 == 0 else Side.RIGHT) if exercise in UNILATERAL else Side.BOTH
            unit = Units.LB if rng.random() < 0.7 else Units.KG
            weight = round(rng.uniform(15, 60) * progress * (1 if unit is Units.LB else 0.45), 1)
            sets.append(LoggedSet(exercise, rng.randint(4, 12), weight, unit, side, rir=float(rng.randint(0, 4))))
        out_sessions.append(LiftSession(day, tuple(sets), planned=rng.random() < 0.8))
    areas = list(BodyArea)
    pain = [
        PainNote(start + dt.timedelta(days=rng.randrange(days)), rng.choice(areas), rng.randint(0, 7))
        for _ in range(max(1, sessions // 10))
    ]
    return out_sessions, out_runs, sorted(pain, key=lambda p: p.date)
