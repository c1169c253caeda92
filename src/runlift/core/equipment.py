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
