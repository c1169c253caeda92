"""The weights a runner owns, and rounding a load to one they can actually lift (PRO-4).

Dumbbell and kettlebell loads are per bell (what you pick off the rack); barbell loads are the
bar plus a pair of each plate used."""

from __future__ import annotations

from dataclasses import dataclass

from runlift.core.library import Equipment, Exercise


@dataclass(frozen=True, slots=True)
class OwnedWeights:
    dumbbells: tuple[float, ...] = ()  # each dumbbell weight on the rack
    kettlebells: tuple[float, ...] = ()
    bar: float | None = None
    plate_pairs: tuple[float, ...] = ()  # one entry per pair of plates, repeats allowed

    def loads_for(self, exercise: Exercise) -> tuple[float, ...]:
        """Every load the runner can set up for this exercise, ascending; () when unknown."""
        if Equipment.BARBELL in exercise.equipment:
            return self._barbell_loads()
        if Equipment.DUMBBELLS in exercise.equipment and self.dumbbells:
            return tuple(sorted(set(self.dumbbells)))
        if Equipment.KETTLEBELL in exercise.equipment and self.kettlebells:
            return tuple(sorted(set(self.kettlebells)))
        return ()

    def _barbell_loads(self) -> tuple[float, ...]:
        if self.bar is None:
            return ()
        sums = {0.0}
        for plate in self.plate_pairs:
            sums |= {s + 2 * plate for s in sums}
        return tuple(sorted(round(self.bar + s, 3) for s in sums))


def round_to_owned(value: float, choices: tuple[float, ...]) -> float:
    """The nearest load they own, never above the heaviest (ties go to the lighter)."""
    if not choices:
        return value
    return min(choices, key=lambda c: (abs(c - value), c))


def next_up(value: float, choices: tuple[float, ...]) -> float | None:
    """The next heavier load they own, or None at the top of the rack."""
    return next((c for c in choices if c > value + 1e-9), None)


# A gym's usual plates when the runner's file lists none ([weights] plates = pairs, heaviest first).
STANDARD_BAR = {"lb": 45.0, "kg": 20.0}
STANDARD_PLATE_PAIRS = {
    "lb": (45.0, 45.0, 45.0, 45.0, 35.0, 25.0, 25.0, 10.0, 10.0, 5.0, 5.0, 2.5),
    "kg": (25.0, 25.0, 25.0, 20.0, 15.0, 10.0, 10.0, 5.0, 5.0, 2.5, 1.25),
}


def plates_per_side(load: float, bar: float, plate_pairs: tuple[float, ...]) -> tuple[float, ...] | None:
    """The plates to put on each side of the bar for `load`, heaviest first; None when the pairs
    owned cannot make it exactly. Heavier plates are tried first, so the answer uses few plates."""
    per_side = round((load - bar) / 2, 3)
    if per_side < 0:
        return None
    made: dict[float, tuple[float, ...]] = {0.0: ()}
    for plate in sorted(plate_pairs, reverse=True):
        for total, used in list(made.items()):
            made.setdefault(round(total + plate, 3), (*used, plate))
    return made.get(per_side)


def pick_up(exercise: Exercise, load: float, unit: str, owned: OwnedWeights) -> str:
    """What to take off the rack for `load`: a dumbbell, a kettlebell, or the bar and its plates."""
    if Equipment.BARBELL in exercise.equipment:
        bar = owned.bar if owned.bar is not None else STANDARD_BAR[unit]
        pairs = owned.plate_pairs or STANDARD_PLATE_PAIRS[unit]
        side = plates_per_side(load, bar, pairs)
        if side is None:
            return f"{load:g} {unit} on the bar: your plates cannot make it exactly; take the nearest below"
        if not side:
            return f"the empty {bar:g} {unit} bar"
        return f"{bar:g} {unit} bar + {' + '.join(f'{p:g}' for p in side)} {unit} on each side"
    if Equipment.DUMBBELLS in exercise.equipment:
        return f"{load:g} {unit} dumbbell"
    if Equipment.KETTLEBELL in exercise.equipment:
        return f"{load:g} {unit} kettlebell"
    return f"{load:g} {unit}"
