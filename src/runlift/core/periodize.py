"""Phases of the season from the race calendar, and deload weeks (PER)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from runlift.core.calendar import ONE_DAY, ONE_WEEK, monday_of
from runlift.core.library import Level
from runlift.core.profile import Distance, Race
from runlift.core.rules import RuleId


class Phase(StrEnum):
    OFF_SEASON = "off-season"
    BASE = "base"
    BUILD = "build"
    PEAK = "peak"
    TAPER = "taper"
    RACE = "race"
    RECOVERY = "recovery"

    @property
    def loading(self) -> bool:
        """Weeks that build fatigue and so count towards the next deload (PER-9)."""
        return self in (Phase.OFF_SEASON, Phase.BASE, Phase.BUILD, Phase.PEAK)


PHASE_RULES: Mapping[Phase, tuple[RuleId, ...]] = {
    Phase.OFF_SEASON: ("PER-1", "PER-7"),
    Phase.BASE: ("PER-2",),
    Phase.BUILD: ("PER-3", "PER-6"),
    Phase.PEAK: ("PER-4", "PER-6"),
    Phase.TAPER: ("PER-5", "PER-6"),
    Phase.RACE: ("PER-5", "PER-8"),
    Phase.RECOVERY: ("PER-8",),
}


@dataclass(frozen=True, slots=True)
class Template:
    """Weeks of each phase around an A race, counted from the race week outwards."""

    base: int
    build: int
    peak: int
    taper: int
    recovery: int


# Our choices where PER leaves room (see docs/rules/per.md):
# - peak is a month for every distance (PER-4: "a peak *month*, not week");
# - taper (before race week) 1 week up to the half, 2 for marathon and ultra: lifting
#   tapers with the running, longer races taper longer (PER-5);
# - recovery after race week ~ one easy day per mile raced: 1 week for 5k/10k, 2 for a
#   half, 3 for a marathon, 4 for an ultra (PER-8: reduce, don't stop);
# - build (race-specific block, PER-3) 4-8 weeks and base (PER-2) 6-8 weeks, longer for
#   longer races because their running build-up is longer.
TEMPLATES: Mapping[Distance, Template] = {
    Distance.K5: Template(base=6, build=4, peak=4, taper=1, recovery=1),
    Distance.K10: Template(base=6, build=6, peak=4, taper=1, recovery=1),
    Distance.HALF: Template(base=8, build=6, peak=4, taper=1, recovery=2),
    Distance.MARATHON: Template(base=8, build=6, peak=4, taper=2, recovery=3),
    Distance.ULTRA: Template(base=8, build=8, peak=4, taper=2, recovery=4),
}

# PER-9 leaves 4-6 weeks: the heavier the relative loads, the sooner fatigue builds, so
# advanced lifters unload every 4th week, intermediates every 5th, newer lifters every 6th.
DELOAD_EVERY: Mapping[Level, int] = {
    Level.NOVICE: 6,
    Level.BEGINNER: 6,
    Level.INTERMEDIATE: 5,
    Level.ADVANCED: 4,
}

# PER-7: without a race the season still has an off-season; we cycle 8 weeks of
# off-season (heaviest lifting, new movements) with 8 weeks of base.
NO_RACE_CYCLE: tuple[tuple[Phase, int], ...] = ((Phase.OFF_SEASON, 8), (Phase.BASE, 8))
DEFAULT_WEEKS_WITHOUT_RACE = 16
MAX_WEEKS = 104


@dataclass(frozen=True, slots=True)
class PhaseWeek:
    start: dt.date
    phase: Phase
    deload: bool
    why: tuple[RuleId, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PhaseSpan:
    phase: Phase
    start: dt.date
    end: dt.date  # last day, inclusive


def default_weeks(start: dt.date, races: tuple[Race, ...]) -> int:
    """Plan through the recovery after the last A race ahead, or the last race, or 16 weeks."""
    first = monday_of(start)
    ahead = [r for r in races if r.date >= first]
    a_races = [r for r in ahead if r.priority.value == "A"]
    if a_races:
        last = a_races[-1]
        end = monday_of(last.date) + ONE_WEEK * (1 + TEMPLATES[last.distance].recovery)
    elif ahead:
        end = monday_of(ahead[-1].date) + ONE_WEEK
    else:
        return DEFAULT_WEEKS_WITHOUT_RACE
    return max(1, min(MAX_WEEKS, (end - first).days // 7))


def plan_phases(start: dt.date, weeks: int, races: tuple[Race, ...], level: Level) -> tuple[PhaseWeek, ...]:
    """Phase and deload flag for each week from `start`'s Monday (PER-1…PER-9)."""
    first = monday_of(start)
    phases = _phases_from_races(first, weeks, races)
    return _with_deloads(first, phases, level)


def _phases_from_races(first: dt.date, weeks: int, races: tuple[Race, ...]) -> list[Phase]:
    assigned: list[Phase | None] = [None] * weeks
    a_races = [r for r in races if r.priority.value == "A" and r.date >= first]
    for race in a_races:
        race_week = (monday_of(race.date) - first).days // 7
        _lay_template(assigned, race_week, TEMPLATES[race.distance])
    if not a_races:
        cycle = [phase for phase, n in NO_RACE_CYCLE for _ in range(n)]
        return [cycle[i % len(cycle)] for i in range(weeks)]
    # PER-7: weeks no race claims (far before, or after the last recovery) are off-season.
    return [phase or Phase.OFF_SEASON for phase in assigned]


def _lay_template(assigned: list[Phase | None], race_week: int, t: Template) -> None:
    """Fill backwards from the race week until a week is already taken, then recovery forwards."""
    backwards = [Phase.RACE] + [Phase.TAPER] * t.taper + [Phase.PEAK] * t.peak
    backwards += [Phase.BUILD] * t.build + [Phase.BASE] * t.base
    for offset, phase in enumerate(backwards):
        week = race_week - offset
        if week < 0:
            break
        if week < len(assigned):
            if assigned[week] is not None and offset > 0:
                break
            assigned[week] = phase
    for offset in range(1, t.recovery + 1):
        week = race_week + offset
        if 0 <= week < len(assigned) and assigned[week] is None:
            assigned[week] = Phase.RECOVERY


def _with_deloads(first: dt.date, phases: list[Phase], level: Level) -> tuple[PhaseWeek, ...]:
    every = DELOAD_EVERY[level]
    loading_run = 0
    out: list[PhaseWeek] = []
    for i, phase in enumerate(phases):
        start = first + ONE_WEEK * i
        why = PHASE_RULES[phase]
        if not phase.loading:
            loading_run = 0
            out.append(PhaseWeek(start, phase, False, why))
            continue
        if loading_run == every - 1 and not _taper_within(phases, i, TAPER_IS_DELOAD_WEEKS):
            loading_run = 0
            article = "an" if level.value[0] in "aeiou" else "a"
            note = f"Deload week: every {every}th week for {article} {level.value} lifter."

            out.append(PhaseWeek(start, phase, True, why + ("PER-9",), (note,)))
            continue
        loading_run += 1
        out.append(PhaseWeek(start, phase, False, why))
    return tuple(out)


# PER-9 meets PER-5: a deload that would run straight into the taper is skipped, because the taper
# itself unloads (a deload, two loading weeks at most, then a taper is one long lull before a race).
TAPER_IS_DELOAD_WEEKS = 2


def _taper_within(phases: list[Phase], index: int, weeks: int) -> bool:
    """True when a taper or race week starts within `weeks` weeks after week `index`."""
    return any(p in (Phase.TAPER, Phase.RACE) for p in phases[index + 1 : index + 1 + weeks])


def phase_spans(weeks: tuple[PhaseWeek, ...]) -> tuple[PhaseSpan, ...]:
    spans: list[PhaseSpan] = []
    for week in weeks:
        end = week.start + ONE_WEEK - ONE_DAY
        if spans and spans[-1].phase is week.phase:
            spans[-1] = PhaseSpan(week.phase, spans[-1].start, end)
        else:
            spans.append(PhaseSpan(week.phase, week.start, end))
    return tuple(spans)
