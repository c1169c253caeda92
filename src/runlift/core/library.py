"""The exercise library as the coach sees it: patterns, traits, chains (SEL, MOD)."""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from runlift.core.errors import NotFound


class Pattern(StrEnum):
    SQUAT = "squat"
    HINGE = "hinge"
    HIP_EXTENSION = "hip-extension"
    PUSH = "push"
    PULL = "pull"
    CALF = "calf"
    CORE = "core"
    PLYOMETRIC = "plyometric"
    CARRY = "carry"
    ACCESSORY = "accessory"


class CoreType(StrEnum):
    ANTI_ROTATION = "anti-rotation"
    ANTI_EXTENSION = "anti-extension"
    ANTI_FLEXION = "anti-flexion"
    ANTI_LATERAL_FLEXION = "anti-lateral-flexion"


class Region(StrEnum):
    LOWER = "lower"
    UPPER = "upper"
    CORE = "core"
    FULL = "full"


class Position(StrEnum):
    SUPINE = "supine"
    PRONE = "prone"
    SIDE_LYING = "side-lying"
    QUADRUPED = "quadruped"
    KNEELING = "kneeling"
    HALF_KNEELING = "half-kneeling"
    SEATED = "seated"
    STANDING = "standing"
    HANGING = "hanging"
    JUMPING = "jumping"


class Equipment(StrEnum):
    BARBELL = "barbell"
    DUMBBELLS = "dumbbells"
    KETTLEBELL = "kettlebell"
    BAND = "band"
    BENCH = "bench"
    BOX = "box"
    PULL_UP_BAR = "pull-up-bar"
    CABLE = "cable"
    MACHINES = "machines"
    MEDICINE_BALL = "medicine-ball"
    FRACTIONAL_PLATES = "fractional-plates"


class LoadType(StrEnum):
    FREE_WEIGHT = "free-weight"
    MACHINE = "machine"
    BODYWEIGHT = "bodyweight"
    BAND = "band"


class Level(StrEnum):
    """Lifting experience; ordered, so levels compare (PRO-5, SEL-3)."""

    NOVICE = "novice"
    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"

    @property
    def rank(self) -> int:
        return LEVEL_RANK[self]

    @property
    def experienced(self) -> bool:
        """SEL-3: past roughly 1-2 years of lifting, single-leg primaries take over."""
        return self.rank >= Level.INTERMEDIATE.rank


LEVEL_RANK: Mapping[Level, int] = {level: i for i, level in enumerate(Level)}


class Trait(StrEnum):
    SINGLE_LEG = "single-leg"
    CONTRALATERAL_LOAD = "contralateral-load"
    ROTATION = "rotation"
    RECIPROCAL_ARMS = "reciprocal-arms"
    OVERHEAD = "overhead"


class Measure(StrEnum):
    """What a rep count means: reps, seconds of a hold, or metres of a carry."""

    REPS = "reps"
    SECONDS = "seconds"
    METERS = "meters"


class Intensity(StrEnum):
    """How hard a plyometric lands (DOSE-5, SEL-4): low-level contacts first, bounds and depth jumps last."""

    LOW = "low"  # pogos, skips, line hops, snap-downs
    MODERATE = "moderate"  # squat, box and broad jumps, single-leg hops
    HIGH = "high"  # bounding, depth jumps: the experienced, never near a long run

    @property
    def rank(self) -> int:
        return list(Intensity).index(self)


class BodyArea(StrEnum):
    KNEE = "knee"
    ACHILLES = "achilles"
    HAMSTRING = "hamstring"
    HIP = "hip"
    LOWER_BACK = "lower-back"
    SHOULDER = "shoulder"
    FOOT = "foot"


# SEL-3 / SEL-4: how much each trait makes an exercise "look like running". Single-leg
# work matters most (running is a single-leg activity, W1); the rest count once each.
TRAIT_WEIGHTS: Mapping[Trait, int] = {
    Trait.SINGLE_LEG: 3,
    Trait.CONTRALATERAL_LOAD: 2,
    Trait.ROTATION: 1,
    Trait.RECIPROCAL_ARMS: 1,
    Trait.OVERHEAD: 1,
}
# SEL-5: multi-joint free weights beat machines for running economy.
LOAD_TYPE_WEIGHTS: Mapping[LoadType, int] = {
    LoadType.FREE_WEIGHT: 1,
    LoadType.BODYWEIGHT: 0,
    LoadType.BAND: 0,
    LoadType.MACHINE: -1,
}


@dataclass(frozen=True, slots=True)
class Exercise:
    id: str
    name: str
    pattern: Pattern
    core_types: frozenset[CoreType]
    region: Region
    unilateral: bool
    position: Position
    equipment: frozenset[Equipment]
    load_type: LoadType
    skill: Level
    traits: frozenset[Trait]
    stresses: frozenset[BodyArea]
    regression: str | None
    progression: str | None
    cues: tuple[str, ...]
    foot_contacts: int = 0
    measure: Measure = Measure.REPS
    intensity: Intensity | None = None  # plyometrics only
    eccentric: bool = False  # eccentric-heavy (Nordic curls, depth jumps): learned in base, never new later (PER-3)

    @property
    def specificity(self) -> int:
        """Running-specificity score, derived from traits and load type (SEL-3, SEL-4, SEL-5)."""
        return sum(TRAIT_WEIGHTS[t] for t in self.traits) + LOAD_TYPE_WEIGHTS[self.load_type]

    @property
    def externally_loaded(self) -> bool:
        """True when the exercise is loaded with a weight that can be progressed (DOSE-4)."""
        return self.load_type in (LoadType.FREE_WEIGHT, LoadType.MACHINE)

    @property
    def barbell(self) -> bool:
        return Equipment.BARBELL in self.equipment

    @property
    def lower_body(self) -> bool:
        return self.region in (Region.LOWER, Region.FULL) or self.pattern is Pattern.PLYOMETRIC

    def usable_with(self, owned: frozenset[Equipment]) -> bool:
        return self.equipment <= owned


# How lifters write exercise names in a hurry.
ABBREVIATIONS: Mapping[str, str] = {
    "rdl": "romanian-deadlift",
    "bss": "bulgarian-split-squat",
    "sl": "single-leg",
    "ohp": "overhead-press",
    "dumbbell": "db",
    "kettlebell": "kb",
}


@dataclass(frozen=True, slots=True)
class LiftRatio:
    """A lift's place in its family, for estimating it from a lift the runner knows."""

    family: str
    ratio: float  # e1RM relative to the family's hub lift (per bell for dumbbells and kettlebells)


@dataclass(frozen=True, slots=True)
class Library:
    exercises: Mapping[str, Exercise]
    _order: tuple[str, ...] = field(default=())
    _depth: Mapping[str, int] = field(default_factory=dict)
    ratios: Mapping[str, LiftRatio] = field(default_factory=dict)
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # typed name -> ids, preferred first

    @classmethod
    def of(
        cls,
        exercises: Iterable[Exercise],
        ratios: Mapping[str, LiftRatio] | None = None,
        aliases: Mapping[str, tuple[str, ...]] | None = None,
    ) -> Library:
        items = {e.id: e for e in exercises}
        library = cls(items, tuple(sorted(items)))
        depth = {i: len(library.regressions(i)) for i in items}
        return cls(items, library._order, depth, dict(ratios or {}), dict(aliases or {}))

    def estimate(self, known: str, known_e1rm: float, wanted: str) -> float | None:
        """The e1RM of `wanted` estimated from a known lift of the same family, or None."""
        a, b = self.ratios.get(known), self.ratios.get(wanted)
        if a is None or b is None or a.family != b.family:
            return None
        return known_e1rm * b.ratio / a.ratio

    def __iter__(self) -> Iterator[Exercise]:
        return (self.exercises[i] for i in self._order)

    def __len__(self) -> int:
        return len(self.exercises)

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self.exercises

    def get(self, exercise_id: str) -> Exercise:
        try:
            return self.exercises[exercise_id]
        except KeyError:
            raise NotFound("exercise", exercise_id) from None

    def regressions(self, exercise_id: str) -> tuple[Exercise, ...]:
        """The chain of easier steps below an exercise, nearest first (MOD-2)."""
        chain: list[Exercise] = []
        seen = {exercise_id}
        step = self.get(exercise_id).regression
        while step and step not in seen and step in self.exercises:
            seen.add(step)
            chain.append(self.get(step))
            step = self.exercises[step].regression
        return tuple(chain)

    def depth(self, exercise_id: str) -> int:
        """Steps below an exercise on its chain: higher means more progressed."""
        return self._depth[exercise_id] if exercise_id in self._depth else len(self.regressions(exercise_id))

    def find(self, query: str, equipment: frozenset[Equipment] | None = None, exact: bool = False) -> Exercise:
        """An exercise by id, name, unique part of a name, or close spelling (for typed input).

        With `equipment`, a name the runner cannot do as found means the version they can: `rdl`
        without a barbell is the dumbbell RDL. With `exact`, only an id or a whole name (abbreviations
        allowed) is taken; anything else is an error with suggestions, never a near miss. The names lifters
        type ("back squat", "deadlift", "ohp": aliases in data/lift_ratios.toml) come first, the first of
        each alias's list that the runner can do winning."""
        wanted = " ".join(query.strip().lower().replace("_", " ").replace("-", " ").split())
        aliased = self.aliases.get(wanted) or self.aliases.get(query.strip().lower())
        try:
            found = self._find(query, exact=True)  # an id or a whole name is what it says
        except NotFound:
            if aliased:
                usable = [i for i in aliased if equipment is None or self.exercises[i].usable_with(equipment)]
                return self.exercises[(usable or list(aliased))[0]]
            found = self._find(query, exact)
        if equipment is None or found.usable_with(equipment):
            return found
        variants = sorted(
            (e for e in self if e.id.endswith("-" + found.id) and e.usable_with(equipment)),
            key=lambda e: (len(e.id), e.id),
        )
        return variants[0] if variants else found

    def _find(self, query: str, exact: bool) -> Exercise:
        wanted = query.strip().lower()
        words = wanted.replace("_", " ").replace("-", " ").split()
        slug = "-".join(ABBREVIATIONS.get(w, w) for w in words)
        options = [(w, ABBREVIATIONS[w]) if w in ABBREVIATIONS else (w,) for w in words]
        for variant in itertools.islice(itertools.product(*options), 64):
            if "-".join(variant) in self.exercises:
                return self.exercises["-".join(variant)]

        by_name = {e.name.lower(): e for e in self}
        if wanted in by_name:
            return by_name[wanted]
        if exact:
            close = difflib.get_close_matches(slug, list(self.exercises), n=3, cutoff=0.6)
            partial_ids = [e.id for e in self if slug in e.id or wanted in e.name.lower()]
            suggestions = list(dict.fromkeys(close + partial_ids))[:5]
            hint = "did you mean: " + ", ".join(suggestions) if suggestions else "see the exercise library"
            raise NotFound("exercise", query, hint + " (give the exact id)")
        partial = [e for e in self if slug in e.id or wanted in e.name.lower()]
        if len(partial) == 1:
            return partial[0]
        keys = list(self.exercises) + list(by_name)
        close = difflib.get_close_matches(slug, keys, n=3, cutoff=0.75)
        if close and (len(close) == 1 or close[0] in self.exercises or close[0] in by_name):
            best = close[0]
            if len(partial) <= 1:
                return self.exercises.get(best) or by_name[best]
        suggestions = [e.id for e in partial[:5]] or [c for c in close if c in self.exercises][:3]
        hint = "did you mean: " + ", ".join(suggestions) if suggestions else "see the exercise library"
        raise NotFound("exercise", query, hint)

    def harder(self, exercise_id: str, owned: frozenset[Equipment]) -> tuple[Exercise, ...]:
        """The nearest harder steps the runner can do (PRO-8): exercises whose regression chain leads
        down to this one, nearest first, passing over steps that need equipment they do not own."""
        current = self.get(exercise_id)
        found: list[tuple[int, int, str]] = []
        frontier, distance, seen = [exercise_id], 0, {exercise_id}
        while frontier and not found:
            distance += 1
            children = [e for e in self if e.regression in frontier and e.id not in seen]
            seen.update(e.id for e in children)
            found = [
                (distance, int(e.unilateral is not current.unilateral), e.id) for e in children if e.usable_with(owned)
            ]
            frontier = [e.id for e in children]
        return tuple(self.exercises[i] for _, _, i in sorted(found))

    def progressions(self, exercise_id: str) -> tuple[Exercise, ...]:
        """The chain of harder steps above an exercise, nearest first."""
        chain: list[Exercise] = []
        seen = {exercise_id}
        step = self.get(exercise_id).progression
        while step and step not in seen and step in self.exercises:
            seen.add(step)
            chain.append(self.get(step))
            step = self.exercises[step].progression
        return tuple(chain)
