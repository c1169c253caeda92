"""The runner's file, parsed and validated into plain values (pure: a mapping in, a Profile out)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from typing import TypeVar

from runlift.core.equipment import OwnedWeights
from runlift.core.errors import ProfileError, UnknownKeyError
from runlift.core.library import BodyArea, Equipment, Level

E = TypeVar("E", bound=Enum)

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SESSIONS_PER_WEEK = range(1, 5)  # DOSE-1: 2 is the default; 3-4 become splits (SCH-7)
SESSION_MINUTES = range(15, 121)  # DOSE-8: 25 min (J) to 50-60 min (S); DOSE-2 allows a 15-min minimum dose
SHORT_SESSION_MINUTES = 25  # below this a session is the minimum effective dose (DOSE-2)
AGE_YEARS = range(10, 100)
MASTERS_AGE = 50  # our line for a masters lifter: more recovery, a power emphasis (see docs/rules/sch.md)
BODYWEIGHT_KG = (30.0, 250.0)


class Units(StrEnum):
    LB = "lb"
    KG = "kg"

    @property
    def distance(self) -> str:
        return "mi" if self is Units.LB else "km"


class RunType(StrEnum):
    EASY = "easy"
    RECOVERY = "recovery"
    LONG = "long"
    TEMPO = "tempo"
    INTERVALS = "intervals"
    HILLS = "hills"
    RACE = "race"

    @property
    def key(self) -> bool:
        """Key runs: the sessions the week is built around (SCH-3)."""
        return self in KEY_RUNS


KEY_RUNS = frozenset({RunType.LONG, RunType.TEMPO, RunType.INTERVALS, RunType.HILLS, RunType.RACE})


class TimeOfDay(StrEnum):
    AM = "am"
    MIDDAY = "midday"  # a lift between the two runs of a double (SCH-4: 3 h from each)
    PM = "pm"


class Priority(StrEnum):
    A = "A"
    B = "B"
    C = "C"


class Distance(StrEnum):
    K5 = "5k"
    K10 = "10k"
    HALF = "half-marathon"
    MARATHON = "marathon"
    ULTRA = "ultra"

    @classmethod
    def from_km(cls, km: float) -> Distance:
        """Nearest named distance for a race given in km."""
        if km <= 7:
            return cls.K5
        if km <= 15:
            return cls.K10
        if km <= 30:
            return cls.HALF
        if km <= 43:
            return cls.MARATHON
        return cls.ULTRA


@dataclass(frozen=True, slots=True)
class Run:
    type: RunType
    time: TimeOfDay | None = None

    @property
    def key(self) -> bool:
        return self.type.key


@dataclass(frozen=True, slots=True)
class Race:
    date: dt.date
    distance: Distance
    priority: Priority
    km: float | None = None
    name: str = ""


@dataclass(frozen=True, slots=True)
class KnownLift:
    """A recent set the runner knows (weight × reps), used to estimate a 1RM."""

    exercise: str
    weight: float
    reps: int


@dataclass(frozen=True, slots=True)
class Athlete:
    name: str
    units: Units
    bodyweight: float
    level: Level
    equipment: frozenset[Equipment]
    pain: frozenset[BodyArea]
    sessions_per_week: int
    session_minutes: int
    lifts: tuple[KnownLift, ...] = ()
    weights: OwnedWeights = field(default_factory=OwnedWeights)
    age: int | None = None

    @property
    def masters(self) -> bool:
        """A masters lifter (age 50 or more): more recovery between heavy sessions, more power work."""
        return self.age is not None and self.age >= MASTERS_AGE


@dataclass(frozen=True, slots=True)
class Running:
    weekly_distance: float
    week: Mapping[int, tuple[Run, ...]]  # weekday 0=Mon … 6=Sun → runs that day

    def runs_on(self, weekday: int) -> tuple[Run, ...]:
        return self.week.get(weekday, ())


@dataclass(frozen=True, slots=True)
class Profile:
    athlete: Athlete
    running: Running
    races: tuple[Race, ...]


def parse_profile(doc: Mapping[str, object]) -> Profile:
    """Validate a runner's file (already decoded from TOML) into a Profile."""
    _only_keys(doc, "", {"athlete", "running", "race", "lifts", "weights"})
    athlete_doc = _table(doc, "athlete")
    running_doc = _table(doc, "running")
    athlete = _athlete(athlete_doc, doc.get("lifts", {}), doc.get("weights", {}))
    running = _running(running_doc)
    races = _races(doc.get("race", []))
    return Profile(athlete, running, races)


def _athlete(doc: Mapping[str, object], lifts_doc: object, weights_doc: object) -> Athlete:
    _only_keys(
        doc,
        "athlete",
        {
            "name",
            "units",
            "bodyweight",
            "lifting_experience",
            "equipment",
            "pain",
            "sessions_per_week",
            "session_minutes",
            "age",
        },
    )
    name = _str("athlete.name", doc.get("name"))
    units = _enum(Units, "athlete.units", doc.get("units", "kg"))
    bodyweight = _number("athlete.bodyweight", doc.get("bodyweight"))
    kg = bodyweight * (0.45359237 if units is Units.LB else 1.0)
    if not BODYWEIGHT_KG[0] <= kg <= BODYWEIGHT_KG[1]:
        lo, hi = (round(b / (0.45359237 if units is Units.LB else 1.0)) for b in BODYWEIGHT_KG)
        raise ProfileError("athlete.bodyweight", f"a body weight between {lo} and {hi} {units.value}", bodyweight)
    level = _enum(Level, "athlete.lifting_experience", doc.get("lifting_experience"))
    raw_equipment = [e for e in _list("athlete.equipment", doc.get("equipment", [])) if e != "bodyweight"]
    equipment = frozenset(_enum(Equipment, f"athlete.equipment[{i}]", e) for i, e in enumerate(raw_equipment))
    pain = frozenset(
        _enum(BodyArea, f"athlete.pain[{i}]", p) for i, p in enumerate(_list("athlete.pain", doc.get("pain", [])))
    )
    sessions = _int_in(doc.get("sessions_per_week", 2), "athlete.sessions_per_week", SESSIONS_PER_WEEK)
    minutes = _int_in(doc.get("session_minutes", 40), "athlete.session_minutes", SESSION_MINUTES)  # M: ~40 min
    age = None if doc.get("age") is None else _int_in(doc.get("age"), "athlete.age", AGE_YEARS)

    return Athlete(
        name,
        units,
        bodyweight,
        level,
        equipment,
        pain,
        sessions,
        minutes,
        _lifts(lifts_doc),
        _weights(weights_doc),
        age,
    )


def _weights(doc: object) -> OwnedWeights:
    """[weights]: dumbbells = [5, 10, …], kettlebells = […], bar = 45, plates = [45, 45, 25, …] (pairs)."""
    if not isinstance(doc, Mapping):
        raise ProfileError("weights", "a table like { dumbbells = [5, 10, 15] }", doc)
    _only_keys(doc, "weights", {"dumbbells", "kettlebells", "bar", "plates"})

    def numbers(key: str) -> tuple[float, ...]:
        values = doc.get(key, [])
        if not isinstance(values, list):
            raise ProfileError(f"weights.{key}", "a list of weights", values)
        return tuple(_number(f"weights.{key}[{i}]", v) for i, v in enumerate(values))

    bar = doc.get("bar")
    return OwnedWeights(
        numbers("dumbbells"),
        numbers("kettlebells"),
        None if bar is None else _number("weights.bar", bar),
        numbers("plates"),
    )


def _lifts(doc: object) -> tuple[KnownLift, ...]:
    if not isinstance(doc, Mapping):
        raise ProfileError("lifts", "a table of exercise = { weight = …, reps = … }", doc)
    lifts = []
    for exercise, entry in sorted(doc.items()):
        where = f"lifts.{exercise}"
        if not isinstance(entry, Mapping):
            raise ProfileError(where, "a table like { weight = 100, reps = 5 }", entry)
        _only_keys(entry, where, {"weight", "reps"})
        weight = _number(f"{where}.weight", entry.get("weight"))
        reps = _int_in(entry.get("reps"), f"{where}.reps", range(1, 16))
        lifts.append(KnownLift(str(exercise), weight, reps))
    return tuple(lifts)


def _running(doc: Mapping[str, object]) -> Running:
    _only_keys(doc, "running", {"weekly_distance", "week"})
    distance = doc.get("weekly_distance", 0)
    if isinstance(distance, bool) or not isinstance(distance, int | float) or distance < 0:
        raise ProfileError("running.weekly_distance", "a distance of 0 or more", distance)
    week_doc = _table(doc, "week", where="running.week")
    _only_keys(week_doc, "running.week", set(WEEKDAYS))
    week: dict[int, tuple[Run, ...]] = {}
    for weekday, day in enumerate(WEEKDAYS):
        value = week_doc.get(day, "rest")
        entries = value if isinstance(value, list) else [value]
        runs = tuple(
            run
            for i, entry in enumerate(entries)
            if (run := _run(entry, f"running.week.{day}" + (f"[{i}]" if isinstance(value, list) else ""))) is not None
        )
        week[weekday] = runs
    return Running(float(distance), week)


def _run(entry: object, where: str) -> Run | None:
    if not isinstance(entry, str):
        raise ProfileError(where, 'a run like "easy", "tempo:am" or "rest"', entry)
    kind, _, time = entry.strip().lower().partition(":")
    if kind == "rest":
        if time:
            raise ProfileError(where, '"rest" without a time', entry)
        return None
    run_type = _enum(
        RunType,
        where,
        kind,
        expected='"rest" or a run type (easy, recovery, long, tempo, '
        'intervals, hills, race), optionally with ":am" or ":pm"',
    )
    return Run(run_type, _enum(TimeOfDay, where, time) if time else None)


def _races(doc: object) -> tuple[Race, ...]:
    if not isinstance(doc, list):
        raise ProfileError("race", "an array of [[race]] tables", doc)
    races = []
    for i, entry in enumerate(doc):
        where = f"race[{i}]"
        if not isinstance(entry, Mapping):
            raise ProfileError(where, "a table with date, distance and priority", entry)
        _only_keys(entry, where, {"date", "distance", "priority", "name"})
        date = entry.get("date")
        if isinstance(date, dt.datetime) or not isinstance(date, dt.date):
            raise ProfileError(f"{where}.date", "a date like 2027-04-18", date)
        raw = entry.get("distance")
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            if not 0 < raw <= 500:
                raise ProfileError(f"{where}.distance", "a distance in km between 0 and 500", raw)
            distance, km = Distance.from_km(float(raw)), float(raw)
        else:
            distance, km = (
                _enum(
                    Distance,
                    f"{where}.distance",
                    raw,
                    expected=('"5k", "10k", "half-marathon", "marathon", "ultra" or a number of km'),
                ),
                None,
            )
        priority = _enum(Priority, f"{where}.priority", entry.get("priority", "A"))
        name = entry.get("name", "")
        races.append(Race(date, distance, priority, km, str(name)))
    return tuple(sorted(races, key=lambda r: r.date))


# --- small validators: each raises ProfileError(field, expected, got) -----------------


def _table(doc: Mapping[str, object], key: str, where: str | None = None) -> Mapping[str, object]:
    value = doc.get(key)
    if not isinstance(value, Mapping):
        raise ProfileError(where or key, f"a [{where or key}] table", value)
    return value


def _only_keys(doc: Mapping[str, object], where: str, allowed: set[str]) -> None:
    for key in doc:
        if key not in allowed:
            field = f"{where}.{key}" if where else key
            raise UnknownKeyError(field, sorted(allowed))


def _str(where: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ProfileError(where, "a non-empty text", value)
    return value.strip()


def _number(where: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ProfileError(where, "a positive number", value)
    return float(value)


def _int_in(value: object, where: str, allowed: range) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in allowed:
        raise ProfileError(where, f"a whole number from {allowed.start} to {allowed.stop - 1}", value)
    return value


def _list(where: str, value: object) -> Sequence[object]:
    if not isinstance(value, list):
        raise ProfileError(where, "a list", value)
    return value


def _enum(kind: type[E], where: str, value: object, expected: str | None = None) -> E:
    for member in kind:
        if member.value == value:
            return member
    options = [f'"{m.value}"' for m in kind]
    wanted = expected or (" or ".join(options) if len(options) <= 2 else "one of " + ", ".join(options))
    raise ProfileError(where, wanted, value, [str(m.value) for m in kind])
