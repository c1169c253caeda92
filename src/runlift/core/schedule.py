"""Place the week's lift sessions around the runs (SCH-2…SCH-5, SCH-7, DOSE-1, DOSE-2).

SCH-6 (pull back when the running is hard) needs the logged running: core/adapt.py."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import lru_cache

from runlift.core.calendar import ONE_DAY, Calendar
from runlift.core.periodize import Phase
from runlift.core.profile import Priority, Run, RunType, TimeOfDay
from runlift.core.rules import RuleId, join_why


class Focus(StrEnum):
    LOWER = "lower"
    UPPER = "upper"
    FULL = "full"


class LowerBody(StrEnum):
    HEAVY = "heavy"
    LIGHT = "light"
    NONE = "none"


class Order(StrEnum):
    RUN_FIRST = "run-first"
    LIFT_FIRST = "lift-first"
    SEPARATE_DAY = "separate-day"


# DOSE-1 / SCH-7: 1-2 sessions are full-body; 3-4 become lower/upper splits.
FOCUS_BY_COUNT: dict[int, tuple[Focus, ...]] = {
    1: (Focus.FULL,),
    2: (Focus.FULL, Focus.FULL),
    3: (Focus.LOWER, Focus.UPPER, Focus.FULL),
    4: (Focus.LOWER, Focus.UPPER, Focus.LOWER, Focus.UPPER),
}
# PER-5/PER-8 choices: race week keeps one light session early in the week (PER-6: never
# drop strength entirely); taper and recovery keep at most two (DOSE-1's in-season floor).
SESSION_CAP: dict[Phase, int] = {Phase.RACE: 1, Phase.TAPER: 2, Phase.RECOVERY: 2}
# A B race gets a 3-day mini-taper of the legs, a C race 2 days (our reading of the
# issue's "short mini-taper"; SCH-3 already guards the day before).
MINI_TAPER_DAYS: dict[Priority, int] = {Priority.B: 3, Priority.C: 2}
RACE_WEEK_MIN_DAYS_BEFORE = 3


@dataclass(frozen=True, slots=True)
class PlacedSession:
    date: dt.date
    time: TimeOfDay
    focus: Focus
    lower_body: LowerBody
    order: Order
    minimum_dose: bool
    why: tuple[RuleId, ...]
    note: str = ""
    near_long_run: bool = False  # a long-run day or the day after one: no bounds or depth jumps
    moved_from: dt.date | None = None  # the runner moved it here from the day the plan chose (core/moves.py)


@dataclass(frozen=True, slots=True)
class WeekSchedule:
    sessions: tuple[PlacedSession, ...]
    notes: tuple[str, ...]
    why: tuple[RuleId, ...]


@dataclass(frozen=True, slots=True)
class DayFacts:
    """What the scheduler needs to know about one date. Two days that look alike to the
    scheduler compare equal whatever their date, so a week's layout can be reused."""

    index: int  # 0 = Monday
    runs: tuple[Run, ...]
    key_tomorrow: bool
    race_today: bool
    race_yesterday: bool
    long_yesterday: bool
    mini_taper: bool
    race_week_too_close: bool
    no_legs_after_race: bool = False  # the first days after a half marathon or longer (PER-8)
    light_after_race: bool = False  # no heavy legs for a week or more after a long race (PER-8)
    date: dt.date = field(default=dt.date.min, compare=False)
    tomorrow: tuple[Run, ...] = field(default=(), compare=False)  # to name the key run a move would break

    @property
    def key_today(self) -> bool:
        return any(run.key for run in self.runs)

    @property
    def long_today(self) -> bool:
        return any(run.type in (RunType.LONG, RunType.RACE) for run in self.runs)

    def slot(self, strength_priority: bool) -> tuple[TimeOfDay, Order] | None:
        """When a lift can go on this day, or None (SCH-4, SCH-5)."""
        if self.race_today or self.race_week_too_close:
            return None
        if len(self.runs) > 1:
            # An easy double is not a wall: the lift follows the first run, 3 h from each (SCH-4, SCH-5).
            # A key second run, or three runs, leaves no such gap.
            return (TimeOfDay.MIDDAY, Order.RUN_FIRST) if len(self.runs) == 2 and not self.runs[1].key else None
        if not self.runs:
            return TimeOfDay.AM, Order.SEPARATE_DAY
        run = self.runs[0]
        if run.key:
            # SCH-5: the key run is the priority, so it comes first, the lift ≥ 3 h later.
            return None if run.time is TimeOfDay.PM else (TimeOfDay.PM, Order.RUN_FIRST)
        if run.time is TimeOfDay.AM:
            return TimeOfDay.PM, Order.RUN_FIRST
        if run.time is TimeOfDay.PM:
            return TimeOfDay.AM, Order.LIFT_FIRST
        # SCH-5: on easy days order matters little; when strength is the priority, lift first.
        return (TimeOfDay.AM, Order.LIFT_FIRST) if strength_priority else (TimeOfDay.PM, Order.RUN_FIRST)

    @property
    def eases_legs(self) -> bool:
        """Days where light legs are the plan, not a compromise: a mini-taper or the days after a race."""
        return self.mini_taper or self.race_yesterday or self.light_after_race

    def heavy_legs_allowed(self) -> bool:
        """SCH-3: no heavy lower body the day before a key run or race; none in a mini-taper or in the
        week or more after a race (PER-8)."""
        return not self.key_tomorrow and not self.eases_legs


# Hours between two heavy lower-body sessions, as days (the 48 h; 72 h for masters lifters,
# whose legs recover more slowly — our choice, see docs/rules/sch.md). Weeks repeat, so the gap is
# measured around the week too (a heavy Sunday and a heavy Monday are one day apart).
HEAVY_GAP_DAYS = 2
MASTERS_HEAVY_GAP_DAYS = 3


def schedule_week(
    week_start: dt.date,
    calendar: Calendar,
    sessions_per_week: int,
    phase: Phase,
    deload: bool,
    heavy_gap: int = HEAVY_GAP_DAYS,
) -> WeekSchedule:
    """Choose the days, times and order of the week's lift sessions."""
    days = week_days(week_start, calendar, phase)
    wanted = min(sessions_per_week, SESSION_CAP.get(phase, sessions_per_week))
    notes: list[str] = []
    why: list[RuleId] = ["DOSE-1"]
    if wanted < sessions_per_week:
        notes.append(
            f"{phase.value.capitalize()} week: {wanted} session(s) instead of {sessions_per_week}, "
            "lighter, so the legs are fresh for the running (PER-5, PER-6)."
        )
        why += ["PER-5", "PER-6"]
    # A deload week keeps the usual days (the runner's rhythm) and lightens the legs (PER-9).
    heavy_phase = phase.loading
    strength_priority = strength_first(phase)
    for count in range(wanted, 0, -1):
        placed = _best_layout(days, FOCUS_BY_COUNT[count], heavy_phase, strength_priority, heavy_gap)
        if placed is not None and deload:
            placed = tuple(_lightened(s) for s in placed)
        if placed is not None:
            if count < wanted:
                notes.append(
                    f"Only {count} of {wanted} sessions fit this week without heavy legs the day "
                    "before a key run (SCH-3); the others would have broken it."
                )
                why += ["SCH-3", "DOSE-2"]
            return WeekSchedule(placed, tuple(notes), join_why(why))
    placed = _minimum_dose_layout(days, wanted, strength_priority)
    if placed:
        notes.append(
            "No day this week allows heavy legs without breaking SCH-3, so lifting drops to the "
            "minimum effective dose: one set of each lift, legs kept light (DOSE-2)."
        )
    else:
        notes.append("No day this week can hold a lift session 3 h away from a run (SCH-4); rest and run.")
    return WeekSchedule(placed, tuple(notes), join_why(why, ("SCH-3", "DOSE-2")))


def strength_first(phase: Phase) -> bool:
    """SCH-1, SCH-5: in general preparation (off-season, base) strength is the priority."""
    return phase in (Phase.OFF_SEASON, Phase.BASE)


def week_days(week_start: dt.date, calendar: Calendar, phase: Phase) -> tuple[DayFacts, ...]:
    """What the scheduler knows about each day of the week, Monday first."""
    return tuple(_day(week_start + ONE_DAY * i, calendar, phase) for i in range(7))


def _day(date: dt.date, calendar: Calendar, phase: Phase) -> DayFacts:
    yesterday = calendar.runs_on(date - ONE_DAY)
    race = calendar.race_on(date)
    too_close = False
    if phase is Phase.RACE:
        a_race = next((r for r in calendar.a_races() if (r.date - date).days >= 0), None)
        too_close = a_race is not None and (a_race.date - date).days < RACE_WEEK_MIN_DAYS_BEFORE
    mini = any(
        r.priority in MINI_TAPER_DAYS and 0 < (r.date - date).days <= MINI_TAPER_DAYS[r.priority]
        for r in calendar.races
    )
    no_legs, light = calendar.after_race(date)
    return DayFacts(
        index=date.weekday(),
        runs=calendar.runs_on(date),
        key_tomorrow=calendar.has_key_run(date + ONE_DAY),
        race_today=race is not None,
        race_yesterday=any(run.type is RunType.RACE for run in yesterday),
        long_yesterday=any(run.type in (RunType.RACE, RunType.LONG) for run in yesterday),
        mini_taper=mini,
        race_week_too_close=too_close,
        no_legs_after_race=no_legs,
        light_after_race=light,
        date=date,
        tomorrow=calendar.runs_on(date + ONE_DAY),
    )


def _lightened(session: PlacedSession) -> PlacedSession:
    if session.lower_body is not LowerBody.HEAVY:
        return session
    return replace(session, lower_body=LowerBody.LIGHT, why=(*session.why, "PER-9"))


def _lower_for(focus: Focus, heavy_phase: bool, day: DayFacts) -> LowerBody:
    if focus is Focus.UPPER or day.no_legs_after_race:
        return LowerBody.NONE  # PER-8: no lower body in the first days after a half marathon or longer
    return LowerBody.HEAVY if heavy_phase and day.heavy_legs_allowed() else LowerBody.LIGHT


def _best_layout(
    days: Sequence[DayFacts],
    foci: tuple[Focus, ...],
    heavy_phase: bool,
    strength_priority: bool,
    heavy_gap: int = HEAVY_GAP_DAYS,
) -> tuple[PlacedSession, ...] | None:
    """The highest-scoring legal placement of `foci` on distinct days, or None."""
    choice = _best_choice(tuple(days), foci, heavy_phase, strength_priority, heavy_gap)
    if choice is None:
        return None
    placed = []
    for index, focus, lower, spaced in choice:
        day = days[index]
        slot = day.slot(strength_priority)
        assert slot is not None  # _best_choice only picks days with a slot
        placed.append(place_session(day, focus, lower, slot, minimum_dose=False, spaced=spaced, heavy_gap=heavy_gap))
    return tuple(placed)


def _spaced(chosen: Sequence[DayFacts], lowers: list[LowerBody], heavy_gap: int) -> list[bool]:
    """Keep `heavy_gap` days between heavy leg sessions, around the week too: a heavy session too
    close to the previous one becomes light (True where that happened)."""
    spaced = [False] * len(lowers)
    heavy = [i for i, lower in enumerate(lowers) if lower is LowerBody.HEAVY]
    kept: list[int] = []
    for i in heavy:
        if kept and chosen[i].index - chosen[kept[-1]].index < heavy_gap:
            spaced[i] = True
        else:
            kept.append(i)
    if len(kept) > 1 and chosen[kept[0]].index + 7 - chosen[kept[-1]].index < heavy_gap:
        spaced[kept[-1]] = True  # around the week: the last heavy day is too close to next week's first
    for i, was_spaced in enumerate(spaced):
        if was_spaced:
            lowers[i] = LowerBody.LIGHT
    return spaced


@lru_cache(maxsize=4096)
def _best_choice(
    days: tuple[DayFacts, ...],
    foci: tuple[Focus, ...],
    heavy_phase: bool,
    strength_priority: bool,
    heavy_gap: int = HEAVY_GAP_DAYS,
) -> tuple[tuple[int, Focus, LowerBody, bool], ...] | None:
    """Search every placement (at most 35 day sets × 6 focus orders); cached by week shape."""
    best: tuple[float, tuple[tuple[int, Focus, LowerBody, bool], ...]] | None = None
    open_days = [d for d in days if d.slot(strength_priority) is not None]
    orders = sorted(set(itertools.permutations(foci)))
    for chosen in itertools.combinations(open_days, len(foci)):
        for order in orders:
            lowers = [_lower_for(focus, heavy_phase, day) for day, focus in zip(chosen, order, strict=True)]
            if heavy_phase and any(
                focus is not Focus.UPPER and lower is LowerBody.LIGHT and not day.eases_legs
                for day, focus, lower in zip(chosen, order, lowers, strict=True)
            ):
                continue  # SCH-3: a planned heavy leg day may not sit here
            spaced = _spaced(chosen, lowers, heavy_gap) if heavy_phase else [False] * len(lowers)
            score = _score(chosen, order, lowers) - 3.0 * sum(spaced)
            if best is None or score > best[0]:
                picked = zip(chosen, order, lowers, spaced, strict=True)
                best = (score, tuple((d.index, f, lo, sp) for d, f, lo, sp in picked))
    return None if best is None else best[1]


def place_session(
    day: DayFacts,
    focus: Focus,
    lower: LowerBody,
    slot: tuple[TimeOfDay, Order],
    minimum_dose: bool,
    spaced: bool = False,
    heavy_gap: int = HEAVY_GAP_DAYS,
) -> PlacedSession:
    time, order = slot
    why: list[RuleId] = []
    if lower is not LowerBody.NONE:
        why.append("SCH-3")
    if day.runs:
        why += ["SCH-4", "SCH-5"]
        if not day.key_today:
            why.append("SCH-2")
    if focus is not Focus.FULL:
        why.append("SCH-7")
    note = ""
    if day.no_legs_after_race and focus is not Focus.UPPER:
        why.append("PER-8")
        note = "The first days after a long race: upper body and trunk only, the legs recover."
    elif day.mini_taper:
        why.append("PER-5")
        note = "Mini-taper before a B/C race: legs kept light."
    elif (day.race_yesterday or day.light_after_race) and lower is LowerBody.LIGHT:
        why.append("PER-8")
        note = "After a race: legs kept light while they recover."
    elif spaced:
        why.append("SCH-3")
        note = f"Legs light: less than {24 * heavy_gap} h after the week's other heavy leg session."
    elif len(day.runs) > 1:
        note = "Between your two runs: at least 3 h after the first and before the second (SCH-4)."
    if minimum_dose:
        why.append("DOSE-2")
    near_long = day.long_today or day.long_yesterday
    return PlacedSession(day.date, time, focus, lower, order, minimum_dose, tuple(why), note, near_long)


def _score(chosen: Sequence[DayFacts], foci: Sequence[Focus], lowers: Sequence[LowerBody]) -> float:
    """Soft preferences: easy-run days (SCH-2), spread-out sessions, no lift the day before a key run."""
    score = 0.0
    for day, focus, lower in zip(chosen, foci, lowers, strict=True):
        if day.long_today:
            # after a long run the legs have done their day's work: upper body fits, heavy legs hardly
            score += 0.5 if lower is LowerBody.HEAVY else (1.5 if lower is LowerBody.NONE else 1.0)
        elif day.key_today:
            # SCH-7 resolution: heavy legs on the afternoon of a quality day keep hard days hard.
            score += 2.0 if lower is LowerBody.HEAVY else 1.0
        elif len(day.runs) > 1:
            score += 1.5  # a double already holds two runs: lifting fits, but a single-run day is better
        elif day.runs:
            score += 3.0  # SCH-2: same day as an easy or moderate run
        else:
            score += 2.0  # SCH-4: a full day away from running is also good
        if day.key_tomorrow and focus is not Focus.UPPER:
            score -= 2.0  # SCH-2: not the day before a long run or a workout
        if day.long_yesterday:
            score -= 0.5 if focus is Focus.UPPER else 1.0  # tired legs after a long run or race
    for (a, fa, la), (b, fb, lb) in itertools.combinations(zip(chosen, foci, lowers, strict=True), 2):
        gap = abs(b.index - a.index)
        if gap == 1:
            both_legs = la is LowerBody.HEAVY and lb is LowerBody.HEAVY
            score -= 4.0 if both_legs else 1.5
        elif gap == 2 and fa is fb:
            score -= 0.5
    # earlier in the week wins ties, so layouts are deterministic
    return score - sum(d.index for d in chosen) * 0.001


def _minimum_dose_layout(
    days: Sequence[DayFacts],
    wanted: int,
    strength_priority: bool,
) -> tuple[PlacedSession, ...]:
    """DOSE-2 fallback: up to `wanted` light full-body sessions on the days that have a slot."""
    open_days = [d for d in days if d.slot(strength_priority) is not None]
    # prefer days not before a key run, then earliest
    open_days.sort(key=lambda d: (d.key_tomorrow, d.date))
    picked = sorted(open_days[:wanted], key=lambda d: d.date)
    return tuple(
        place_session(
            d,
            Focus.FULL,
            LowerBody.NONE if d.no_legs_after_race else LowerBody.LIGHT,
            d.slot(strength_priority) or (TimeOfDay.AM, Order.SEPARATE_DAY),
            minimum_dose=True,
        )
        for d in picked
    )
