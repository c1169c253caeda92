"""Parsing what runners type: '3x8@40lb', 'rir2', '10km', '52:30', '134.5lb'."""

from __future__ import annotations

import re

from runlift.core.errors import InputError
from runlift.core.profile import Units

SET_SPEC = re.compile(
    r"^(?:(?P<sets>\d+)\s*[x×]\s*)?(?P<reps>\d+)(?:\s*@\s*(?P<w>\d+(?:\.\d+)?)\s*(?P<u>lb|lbs|kg)?)?$"
)
WEIGHT = re.compile(r"^(?P<w>\d+(?:\.\d+)?)\s*(?P<u>lb|lbs|kg)?$")
DISTANCE = re.compile(r"^(?P<d>\d+(?:\.\d+)?)\s*(?P<u>km|k|mi|m)?$")
MARKER = re.compile(r"^(?P<kind>rir|rpe)\s*(?P<v>\d+(?:\.\d+)?)$")


def unit_of(text: str | None, default: Units) -> Units:
    if not text:
        return default
    return Units.LB if text.startswith("lb") else Units.KG


def parse_sets(spec: str, default_unit: Units) -> tuple[int, int, float, Units]:
    """'3x8@40lb' → (3 sets, 8 reps, 40.0, lb); '8' → one set of 8 at bodyweight."""
    m = SET_SPEC.match(spec.strip().lower())
    if not m:
        raise InputError(f"set: expected SETSxREPS[@WEIGHT[lb|kg]] like 3x8@40lb, got {spec!r}")
    sets = int(m["sets"] or 1)
    if not 1 <= sets <= 20:
        raise InputError(f"set: expected 1-20 sets, got {sets}")
    weight = float(m["w"]) if m["w"] else 0.0
    return sets, int(m["reps"]), weight, unit_of(m["u"], default_unit)


def parse_markers(tokens: list[str]) -> tuple[float | None, float | None, bool]:
    """'rir2' / 'rpe8' / 'skipped' after a set spec."""
    rir = rpe = None
    skipped = False
    for token in tokens:
        t = token.strip().lower()
        if t in ("skip", "skipped"):
            skipped = True
            continue
        m = MARKER.match(t)
        if not m:
            raise InputError(f"set: expected rirN, rpeN or 'skipped' after the sets, got {token!r}")
        if m["kind"] == "rir":
            rir = float(m["v"])
        else:
            rpe = float(m["v"])
    return rir, rpe, skipped


def parse_weight(text: str, default_unit: Units) -> tuple[float, Units]:
    m = WEIGHT.match(text.strip().lower())
    if not m:
        raise InputError(f"weight: expected a number with lb or kg like 134.5lb, got {text!r}")
    return float(m["w"]), unit_of(m["u"], default_unit)


def parse_distance_m(text: str, default_unit: Units) -> float:
    """'10km', '6.2mi', '800m', or a bare number in the runner's distance unit."""
    m = DISTANCE.match(text.strip().lower())
    if not m:
        raise InputError(f"distance: expected a distance like 10km, 6.2mi or 800m, got {text!r}")
    value = float(m["d"])
    unit = m["u"] or default_unit.distance
    return value * {"km": 1000.0, "k": 1000.0, "mi": 1609.344, "m": 1.0}[unit]


def parse_duration_s(text: str) -> float:
    """'52:30', '1:02:03', '45m', '45min', '90s'."""
    t = text.strip().lower()
    if ":" in t:
        parts = t.split(":")
        if len(parts) > 3 or not all(p.isascii() and p.isdigit() for p in parts):
            raise InputError(f"duration: expected MM:SS or H:MM:SS, got {text!r}")
        if any(int(p) > 59 for p in parts[1:]):  # 1:99 is a typo, not 2:39
            raise InputError(f"duration: expected minutes and seconds from 00 to 59 (MM:SS or H:MM:SS), got {text!r}")
        seconds = 0
        for part in parts:
            seconds = seconds * 60 + int(part)
        return float(seconds)
    m = re.match(r"^(\d+(?:\.\d+)?)\s*(h|min|m|s)?$", t)
    if not m:
        raise InputError(f"duration: expected MM:SS, H:MM:SS or minutes like 45min, got {text!r}")
    return float(m[1]) * {"h": 3600, "min": 60, "m": 60, "s": 1, None: 60}[m[2]]
