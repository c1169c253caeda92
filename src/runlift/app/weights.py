"""Units, the weights a runner owns and their equipment (the Settings page and PATCH
/athletes/{id}/units-and-weights).

Both live in the runner's file (`[athlete] units`, `[weights]`), so a change is a new version of the
file, checked whole as any other (PRO-4 rounds loads to what is owned from that version on). Changing
units converts every number the file holds in them — body weight, weekly distance, the known lifts and
the weights owned — so the runner is the same runner in other units; the log keeps each entry's own unit."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from typing import Any

from runlift.core.equipment import OwnedWeights
from runlift.core.errors import InputError
from runlift.core.library import Equipment
from runlift.core.profile import Units
from runlift.store.repo import Store

LB_PER_KG = 1 / 0.45359237
MI_PER_KM = 1 / 1.609344
KEYS = ("dumbbells", "kettlebells", "bar", "plates")  # [weights], as the runner's file names them


@dataclass(frozen=True, slots=True)
class UnitsAndWeights:
    athlete_id: int
    version: int  # of the runner's file these come from
    units: Units
    weights: OwnedWeights
    equipment: frozenset[Equipment] = frozenset()  # `[athlete] equipment`: what exercises may use

    @property
    def distance_unit(self) -> str:
        return self.units.distance

    def unused(self) -> list[str]:
        """Weights listed for equipment the file does not name: the plan picks no exercise for them
        (selection reads `equipment`; `[weights]` only rounds loads, PRO-4)."""
        w = self.weights
        listed = (
            (Equipment.DUMBBELLS, bool(w.dumbbells), "dumbbells"),
            (Equipment.KETTLEBELL, bool(w.kettlebells), "kettlebell"),
            (Equipment.BARBELL, w.bar is not None or bool(w.plate_pairs), "barbell"),
        )
        return [name for kind, owned, name in listed if owned and kind not in self.equipment]


@dataclass(frozen=True, slots=True)
class Change:
    """What to change; None leaves it as it is. `weights` replaces [weights] whole (in the new units),
    `equipment` the file's equipment list whole."""

    units: Units | None = None
    weights: OwnedWeights | None = None
    equipment: frozenset[Equipment] | None = None  # `[athlete] equipment`: what exercises may use (SEL)


def units_and_weights(store: Store, athlete_id: int) -> UnitsAndWeights:
    from runlift.app.profiles import version
    from runlift.profile_file import profile_from_text

    current = version(store, athlete_id)
    athlete = profile_from_text(current.toml, "runner's file").athlete
    return UnitsAndWeights(athlete_id, current.version, athlete.units, athlete.weights, athlete.equipment)


def change_units_and_weights(
    store: Store, athlete_id: int, change: Change, day: dt.date, now: dt.datetime, source: str = "body"
) -> tuple[UnitsAndWeights, bool]:
    """Store the runner's file with `change` made, from `day`; (what is now, whether a new version was
    stored). Nothing to change is an InputError; the file is checked whole before anything is written."""
    from runlift.app.profiles import save_version, version

    if change.units is None and change.weights is None and change.equipment is None:
        raise InputError(f"{source}: expected units, weights or equipment, got none of them")
    current = version(store, athlete_id)
    doc: dict[str, Any] = tomllib.loads(current.toml)
    if change.units is not None:
        _convert(doc, change.units)
    if change.weights is not None:
        _replace_weights(doc, change.weights)
    if change.equipment is not None:  # in the library's order, as a runner would list it
        doc.setdefault("athlete", {})["equipment"] = [e.value for e in Equipment if e in change.equipment]
    saved = save_version(store, athlete_id, _text(doc), source, day, now)
    return units_and_weights(store, athlete_id), saved.created


def _convert(doc: dict[str, Any], to: Units) -> None:
    athlete = doc.setdefault("athlete", {})
    was = Units(athlete.get("units", "kg")) if athlete.get("units", "kg") in ("kg", "lb") else None
    athlete["units"] = to.value
    if was is None or was is to:  # an unknown unit is left for the file's check to name
        return
    mass = LB_PER_KG if to is Units.LB else 1 / LB_PER_KG
    distance = MI_PER_KM if to is Units.LB else 1 / MI_PER_KM
    if _is_number(athlete.get("bodyweight")):  # to 0.1, and back to what was written (135 lb ↔ 61.23 kg)
        athlete["bodyweight"] = _same_weight(athlete["bodyweight"], mass, 1)
    running = doc.get("running")
    if isinstance(running, dict) and _is_number(running.get("weekly_distance")):
        running["weekly_distance"] = _same_weight(running["weekly_distance"], distance, 1)
    lifts = doc.get("lifts")
    if isinstance(lifts, dict):
        for entry in lifts.values():
            if isinstance(entry, dict) and _is_number(entry.get("weight")):
                entry["weight"] = _same_weight(entry["weight"], mass, 1)
    weights = doc.get("weights")
    if isinstance(weights, dict):  # what they own weighs the same, and converts back to what was written
        for key, value in weights.items():
            if _is_number(value):
                weights[key] = _same_weight(value, mass)
            elif isinstance(value, list):
                weights[key] = [_same_weight(v, mass) if _is_number(v) else v for v in value]


def _replace_weights(doc: dict[str, Any], owned: OwnedWeights) -> None:
    table: dict[str, Any] = {}
    for key, values in (("dumbbells", owned.dumbbells), ("kettlebells", owned.kettlebells)):
        if values:
            table[key] = [_round(v, 2) for v in sorted(set(values))]
    if owned.bar is not None:
        table["bar"] = _round(owned.bar, 2)
    if owned.plate_pairs:
        table["plates"] = [_round(v, 2) for v in sorted(owned.plate_pairs, reverse=True)]  # repeats are pairs
    if table:
        doc["weights"] = table
    else:
        doc.pop("weights", None)


def _same_weight(value: float, factor: float, kept: int = 2) -> float | int:
    """`value` × `factor` with the fewest decimals that is still the product to `kept` decimals and
    converts back to `value` to `kept` decimals; so converting it back the same way gives `value` again,
    exactly, for any number written to 0.01 (45 lb → 20.41 kg → 45 lb; 10 lb → 4.536 kg → 10 lb)."""
    product = value * factor
    for places in range(9):
        converted = _decimal(product, places)
        same = _decimal(converted, kept) == _decimal(product, kept)
        if same and _decimal(converted / factor, kept) == _decimal(value, kept):
            return int(converted) if converted.is_integer() else converted
    return product


def _decimal(value: float, places: int) -> float:
    """`value` rounded half up at `places` decimals as written (2.835 → 2.84; binary floats round 2.835 down)."""
    from decimal import ROUND_HALF_UP, Decimal

    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP))


def _text(doc: dict[str, Any]) -> str:
    import tomli_w

    return tomli_w.dumps(doc)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _round(value: float, places: int) -> float | int:
    """A number as a runner writes it: 44.09, and 45 rather than 45.0."""
    rounded = round(float(value), places)
    return int(rounded) if rounded.is_integer() else rounded
