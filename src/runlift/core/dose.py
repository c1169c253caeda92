"""How much: sets, reps, intensity and rest per phase and level (DOSE, PER, PRO-2)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

from runlift.core.library import Level
from runlift.core.periodize import Phase
from runlift.core.rules import RuleId


class Role(StrEnum):
    """What an exercise is doing in a session; the role decides its dose."""

    MAIN = "main"  # squat, hinge, single-leg, hip-extension, push, pull: DOSE-3
    CALF = "calf"  # heavy slow calf/Achilles work: SEL-6
    CORE = "core"  # resisting movement: SEL-7
    PLYOMETRIC = "plyometric"  # DOSE-5
    ACCESSORY = "accessory"  # DOSE-6


class Progression(StrEnum):
    SINGLE = "single"  # PRO-1: same reps, more weight
    WAVE = "wave"  # PRO-2: 6-5-4 while load rises
    DOUBLE = "double"  # PRO-3: reps up to the top of the range, then weight


Reps = int | tuple[int, int]


@dataclass(frozen=True, slots=True)
class Dose:
    sets: int
    reps: Reps
    pct_1rm: float | None  # share of the one-rep max; None where a 1RM makes no sense
    rir: int  # reps in reserve: how many more reps the last set could have had
    rest_s: int
    progression: Progression
    why: tuple[RuleId, ...]

    @property
    def top_reps(self) -> int:
        return self.reps if isinstance(self.reps, int) else self.reps[1]


def epley_pct(reps: int, rir: int) -> float:
    """Share of 1RM that allows `reps + rir` reps (Epley: 1RM = w × (1 + r/30))."""
    return round(1.0 / (1.0 + (reps + rir) / 30.0), 3)


def epley_rir(reps: int, pct: float) -> int:
    """Reps in reserve at `pct` of 1RM for `reps` reps (Epley), clamped to 0-5."""
    max_reps = 30.0 * (1.0 / pct - 1.0)
    return max(0, min(5, round(max_reps - reps)))


def e1rm(weight: float, reps: int) -> float:
    """Estimated one-rep max from a set (Epley)."""
    return weight * (1.0 + reps / 30.0) if reps > 1 else weight


# (sets, reps, reps in reserve) for main lifts. DOSE-3: 2-6 sets of 3-10 reps above 70 %
# 1RM, last two reps hard; RIR 2-3 keeps every entry between 77 % and 86 % (Epley).
# PER-1 off-season heaviest and most volume; PER-2 base still heavy; PER-3 build cuts sets
# not load; PER-4 peak heavy with far fewer sets and reps. DOSE-9: every newer lifter's first
# two weeks are 2 sets of 6 (INTRO_WEEKS). Intermediate and advanced lifters wave their reps
# 6-5-4 in the off-season and base (PRO-2): their reps here apply in build and peak only.

MAIN_HEAVY: Mapping[Phase, Mapping[Level, tuple[int, int, int]]] = {
    Phase.OFF_SEASON: {
        Level.NOVICE: (3, 6, 3),
        Level.BEGINNER: (3, 6, 2),
        Level.INTERMEDIATE: (4, 6, 2),
        Level.ADVANCED: (5, 6, 2),
    },
    Phase.BASE: {
        Level.NOVICE: (3, 6, 3),
        Level.BEGINNER: (3, 6, 2),
        Level.INTERMEDIATE: (4, 6, 2),
        Level.ADVANCED: (4, 5, 2),
    },
    Phase.BUILD: {
        Level.NOVICE: (2, 6, 3),
        Level.BEGINNER: (2, 6, 2),
        Level.INTERMEDIATE: (2, 6, 2),
        Level.ADVANCED: (2, 5, 2),
    },
    Phase.PEAK: {
        Level.NOVICE: (2, 4, 3),
        Level.BEGINNER: (2, 4, 2),
        Level.INTERMEDIATE: (2, 3, 2),
        Level.ADVANCED: (2, 3, 2),
    },
}
# PER-5 taper: keep lifting with much less weight; race week lighter still; PER-8 recovery
# after an A race: reduce, don't stop. (sets, reps, % 1RM)
MAIN_LIGHT: Mapping[Phase, tuple[int, int, float]] = {
    Phase.TAPER: (2, 5, 0.60),
    Phase.RACE: (1, 5, 0.55),
    Phase.RECOVERY: (2, 8, 0.60),
}
WAVE_REPS = (6, 5, 4)  # PRO-2
INTRO_WEEKS = 2  # DOSE-9: the first two weeks of a new lifter's plan stay at 2 sets of 6

# DOSE-7 rests (seconds): heavy/technical 2-5 min, 6-15 reps 1-2 min, power 2-5 min.
REST_HEAVY, REST_MODERATE, REST_POWER, REST_LIGHT = 150, 90, 120, 60
REST_FLOOR_HEAVY, REST_FLOOR_MODERATE = 120, 60


def main_dose(
    phase: Phase, level: Level, week_in_block: int, weeks_into_plan: int, light: bool, restart: bool = False
) -> Dose:
    """Main-lift dose for a phase (PER-1…PER-5, DOSE-3, DOSE-9, PRO-1/PRO-2)."""
    if phase in MAIN_LIGHT or light:
        sets, reps, pct = MAIN_LIGHT.get(phase, (2, 6, 0.65))
        light_why: tuple[RuleId, ...] = ("PER-8", "PER-6") if phase is Phase.RECOVERY else ("PER-5", "PER-6")
        if light and phase not in MAIN_LIGHT:
            light_why = ("SCH-3", "PER-5")
        return Dose(sets, reps, pct, epley_rir(reps, pct), REST_MODERATE, Progression.SINGLE, light_why)
    sets, reps, rir = MAIN_HEAVY[phase][level]
    why: tuple[RuleId, ...] = ("DOSE-3",)
    progression = Progression.SINGLE
    if level.experienced and phase in (Phase.OFF_SEASON, Phase.BASE):
        reps = WAVE_REPS[week_in_block % len(WAVE_REPS)]  # PRO-2: load rises as reps fall
        progression = Progression.WAVE
        why += ("PRO-2",)
    else:
        why += ("PRO-1", "PRO-5")
    if restart or (not level.experienced and weeks_into_plan < INTRO_WEEKS):
        sets, reps = min(sets, 2), 6
        why += ("DOSE-9",)
    rest = REST_HEAVY if reps <= 5 else REST_MODERATE  # DOSE-7: 6-15 reps rest 1-2 min
    return Dose(sets, reps, epley_pct(reps, rir), rir, rest, progression, why)


def bodyweight_dose(main: Dose, peak: bool = False) -> Dose:
    """A bodyweight main exercise (DOSE-4, PRO-3, PRO-8): no share of a 1RM to claim, so reps climb to
    the top of 8-12 at RIR 2 and then the chain's harder step takes over; never heavy-looking 2×4.

    PER-4's peak month is "still heavy, but reps and sets far lower": with no weight to add, a coach
    makes each rep harder (a slow lowering and a pause: prescribe.PEAK_BODYWEIGHT_NOTE) and cuts the
    reps to 6-8, so the peak is not the build week again."""
    rir = max(2, main.rir)
    if peak:
        return Dose(main.sets, (6, 8), None, rir, REST_MODERATE, Progression.DOUBLE, ("DOSE-4", "PER-4"))
    return Dose(main.sets, (8, 12), None, rir, REST_MODERATE, Progression.DOUBLE, ("DOSE-4", "PRO-3", "PRO-8"))


def calf_dose(main: Dose) -> Dose:
    """SEL-6: heavy, slow single-leg calf raises, progressed by reps then weight."""
    sets = max(2, main.sets)
    reps: Reps = (8, 12) if main.top_reps >= 5 else (6, 8)
    rir = max(2, min(main.rir, 3)) if main.pct_1rm and main.pct_1rm >= 0.7 else main.rir
    return Dose(sets, reps, None, rir, REST_MODERATE, Progression.DOUBLE, ("SEL-6", "PRO-3"))


def core_dose(main: Dose, level: Level) -> Dose:
    """SEL-7: trunk work that resists movement, 2-3 sets of 8-12 controlled reps (or holds)."""
    sets = 2 if (level is Level.NOVICE or main.sets <= 2) else 3
    return Dose(sets, (8, 12), None, 3, REST_LIGHT, Progression.DOUBLE, ("SEL-7",))


# DOSE-6 gives accessories 3 × 12-15 but no phase. Coach's choice: accessories follow the main
# lifts' volume cuts. The race-specific build cuts sets, not load (PER-3), so 2 sets; the peak month
# is "still heavy, but reps and sets far lower" (PER-4), and a peak week of 2 × 3 squats beside
# 3 × 15 triceps extensions is a plan no coach would sign: the peak keeps the main lifts, calves,
# trunk and a little elastic work, and drops accessories. Phases not listed keep DOSE-6's 3 sets.
ACCESSORY_SETS: Mapping[Phase, tuple[int, tuple[RuleId, ...]]] = {
    Phase.BUILD: (2, ("PER-3",)),
    Phase.PEAK: (0, ("PER-4",)),
}


def accessory_dose(phase: Phase) -> Dose | None:
    """DOSE-6: 3 × 12-15 with double progression; 2 sets in build (PER-3), none in peak (PER-4)."""
    sets, why = ACCESSORY_SETS.get(phase, (3, ()))
    if sets == 0:
        return None
    return Dose(sets, (12, 15), None, 2, REST_LIGHT, Progression.DOUBLE, ("DOSE-6", "PRO-3", *why))


# DOSE-6's 12-15 reps suit a curl or a raise, not an eccentric-heavy accessory (Nordic or slider
# hamstring curls): fifteen Nordics are no longer slow, and the hamstrings' eccentric strength is
# what they are for (SEL-8). Coach's choice: 4-6 reps, each lowered over 3-5 s, with DOSE-7's
# 1-2 min rest for sets under 15 reps; reps still climb before the harder step (PRO-3).
ECCENTRIC_REPS = (4, 6)


def eccentric_accessory_dose(dose: Dose) -> Dose:
    """An eccentric-heavy accessory (SEL-8): DOSE-6's sets, 4-6 slow reps, 90 s rest (DOSE-7)."""
    return replace(dose, reps=ECCENTRIC_REPS, rest_s=REST_MODERATE, why=dose.why + ("SEL-8",))


# DOSE-5: 30-228 foot contacts per session; we stay well inside it and scale by level
# and phase (peak keeps a little elastic work, at least the 30 contacts; taper and later none).
PLYO_CONTACTS: Mapping[Level, int] = {
    Level.NOVICE: 30,  # low-level contacts only (pogos, skips), at DOSE-5's floor
    Level.BEGINNER: 40,
    Level.INTERMEDIATE: 60,
    Level.ADVANCED: 80,
}
PLYO_PHASE_SCALE: Mapping[Phase, float] = {
    Phase.OFF_SEASON: 1.0,
    Phase.BASE: 1.0,
    Phase.BUILD: 0.75,
    Phase.PEAK: 0.5,
}
PLYO_MIN_CONTACTS, PLYO_MAX_CONTACTS = 30, 228


def plyo_dose(level: Level, phase: Phase, contacts_per_rep: int, scale: float = 1.0) -> Dose | None:
    """Sets and reps that land on the phase's foot-contact target (DOSE-5), or None.

    `scale` < 1 thins a deload week's jumps, but never below DOSE-5's 30 contacts."""
    if phase not in PLYO_PHASE_SCALE or contacts_per_rep <= 0:
        return None
    # Coach's choice: the race block thins the jumps but never below DOSE-5's 30 low-level contacts.
    # A newer lifter's 40 × 0.5 in the peak once came to 20 and so to no jumps at all, the weeks before
    # a race without the week's only elastic work (SEL-4); PER-4's peak keeps "a little".
    planned = max(PLYO_MIN_CONTACTS, round(PLYO_CONTACTS[level] * PLYO_PHASE_SCALE[phase]))
    target = max(PLYO_MIN_CONTACTS, round(planned * scale))
    best: tuple[int, int, int] | None = None
    for sets in range(2, 7):  # DOSE-5: 1-6 sets of 4-10 reps
        for reps in range(4, 11):
            contacts = sets * reps * contacts_per_rep
            if not PLYO_MIN_CONTACTS <= contacts <= PLYO_MAX_CONTACTS:
                continue
            key = (abs(contacts - target), sets, reps)
            if best is None or key < best:
                best = key
    if best is None:
        return None
    _, sets, reps = best
    why: tuple[RuleId, ...] = ("DOSE-5", "SEL-4") + (("PER-9",) if scale < 1.0 else ())
    return Dose(sets, reps, None, 3, REST_POWER, Progression.SINGLE, why)


# PER-9 says how much lighter a deload is (a newer lifter: the same weight, half the sets × reps; others:
# −10 % weight, −30 % volume), not how to write it. Coach's choice: cut sets first and keep the rep range
# the runner knows; where whole sets can't land near the rule's share, the reps move to a range a coach
# writes (never 6-9 or 9-11) with no more reps on top than the week before. Every deload drops at least
# one set (a one-set dose keeps its one set), so the week reads lighter at a glance.
REP_RANGES: tuple[tuple[int, int], ...] = ((3, 5), (4, 6), (6, 8), (8, 10), (8, 12), (10, 12), (12, 15))
HOLD_RANGES: tuple[tuple[int, int], ...] = ((10, 20), (15, 30), (20, 40))  # seconds, or metres carried
DELOAD_VOLUME: Mapping[bool, tuple[float, float]] = {False: (0.5, 1.0), True: (0.7, 0.9)}  # (volume, weight)
MIN_DELOAD_REPS = 3  # a heavy set of fewer than three is not a lighter week (DOSE-3's strength end is 2-6)
RANGE_CHANGE_COST = 0.05  # how far from PER-9's share a kept rep range may be before the reps move


def deload(dose: Dose, level: Level, ranges: tuple[tuple[int, int], ...] = REP_RANGES) -> Dose:
    """PER-9: a newer lifter keeps the weight and halves the work; others drop 10 % and 30 %.

    `ranges` are the rep ranges a coach writes for this exercise (HOLD_RANGES for holds and carries)."""
    volume, weight = DELOAD_VOLUME[level.experienced]
    return _scale_volume(dose, volume, pct_factor=weight, ranges=ranges)


def mid_reps(reps: Reps) -> float:
    return float(reps) if isinstance(reps, int) else (reps[0] + reps[1]) / 2


def _scale_volume(dose: Dose, volume: float, pct_factor: float, ranges: tuple[tuple[int, int], ...]) -> Dose:
    """Sets × reps near `volume` of the dose's: fewer sets first, then a conventional rep range."""
    planned = dose.sets * mid_reps(dose.reps)
    options: list[Reps]
    if isinstance(dose.reps, int):
        options = [dose.reps, *range(dose.reps - 1, min(dose.reps, MIN_DELOAD_REPS) - 1, -1)]
    else:
        options = [dose.reps, *(r for r in ranges if r != dose.reps and r[1] <= dose.reps[1])]

    def miss(sets: int, reps: Reps) -> float:
        changed = RANGE_CHANGE_COST if reps != dose.reps else 0.0
        return abs(sets * mid_reps(reps) / planned - volume) + changed

    most_sets = max(1, dose.sets - 1)
    # ties go to the lighter week, then to more sets of fewer reps
    sets, reps = min(
        ((s, r) for s in range(1, most_sets + 1) for r in options),
        key=lambda sr: (round(miss(*sr), 6), sr[0] * mid_reps(sr[1]), -sr[0]),
    )
    top = reps if isinstance(reps, int) else reps[1]
    pct = round(dose.pct_1rm * pct_factor, 3) if dose.pct_1rm else None
    # PER-9 is about the weight: "the same weight" (or 10 % off) for fewer reps leaves more in reserve. A
    # dose given by reps in reserve alone (no known 1RM) says so in RIR, from the weight its usual top reps
    # at its usual RIR stand for (Epley), or "RIR 2" on four reps would ask for more than the usual six.
    usual = dose.reps if isinstance(dose.reps, int) else dose.reps[1]
    rir = epley_rir(top, pct if pct else epley_pct(usual, dose.rir) * pct_factor)
    return replace(dose, sets=sets, reps=reps, pct_1rm=pct, rir=rir, why=dose.why + ("PER-9",))


def minimum_dose(dose: Dose) -> Dose:
    """DOSE-2: one hard set still builds strength when the week is full."""
    return replace(dose, sets=1, why=dose.why + ("DOSE-2",))
