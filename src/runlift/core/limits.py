"""What a stored value may be: one set of limits for every way in (CLI, importers, restore, API).

The store checks every row against these before it writes (store/guard.py), restore checks a whole
backup against them before it writes anything, and migration 0004 puts the same limits into CHECK
constraints so SQLite and PostgreSQL refuse the same rows. Out of range is refused with one line
naming the field (`lift_sets.weight: expected 0 to 1102 lb, got 10000000`), never stored raw.

Bounds are human ones, wide enough for any real runner or lifter and narrow enough that a typo or
a crafted file is caught: a 500 kg lift (about the deadlift world record), 10,000 reps (holds count seconds), dates from
1900 to 2200, text within the column lengths of PostgreSQL, no NUL byte and no terminal control
characters in names."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

from runlift.core.errors import InputError
from runlift.core.library import BodyArea
from runlift.core.log import KG_PER_LB, SetStatus, Side, SwapReason
from runlift.core.profile import RunType, Units

FIRST_YEAR, LAST_YEAR = 1900, 2200
EARLIEST = dt.date(FIRST_YEAR, 1, 1)
LATEST = dt.date(LAST_YEAR, 12, 31)
MAX_LIFT_KG = 500.0
MAX_LIFT_LB = round(MAX_LIFT_KG / KG_PER_LB, 1)  # 1102.3
INT32 = 2**31 - 1
DAY_S = 86_400

# C0 and C1 control characters and DEL: ESC starts terminal escape sequences, BEL rings, NUL
# ends strings in C and is refused by PostgreSQL. Tabs and newlines are kept only in free text.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_KEEP_LINES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain_name(text: str) -> str:
    """A name as it may be shown and stored: control characters dropped, spaces trimmed."""
    return _CONTROL.sub("", text).strip()


def without_controls(text: str) -> str:
    """Text for a terminal: control characters (ESC, BEL, NUL …) dropped, nothing else changed."""
    return _CONTROL.sub("", text)


@dataclass(frozen=True, slots=True)
class Number:
    low: float
    high: float
    whole: bool = False
    optional: bool = False
    unit: str = ""


@dataclass(frozen=True, slots=True)
class Text:
    length: int | None  # None: unbounded (a Text column), still no NUL
    optional: bool = False
    choices: tuple[str, ...] = ()
    name: bool = False  # a name: control characters are dropped, and it may not be empty
    lines: bool = False  # free text: newlines and tabs kept, other control characters dropped


@dataclass(frozen=True, slots=True)
class Day:
    optional: bool = False


@dataclass(frozen=True, slots=True)
class Moment:
    optional: bool = False


@dataclass(frozen=True, slots=True)
class Flag:
    pass


Limit = Number | Text | Day | Moment | Flag


def _choices(enum: type[object]) -> tuple[str, ...]:
    return tuple(str(m.value) for m in enum)  # type: ignore[attr-defined]  # a StrEnum's members


SIDES = _choices(Side)
UNITS = _choices(Units)
STATUSES = _choices(SetStatus)
RUN_TYPES = _choices(RunType)
AREAS = _choices(BodyArea)
REASONS = _choices(SwapReason)

# Every stored column a runner or a file can reach, by table. Ids and foreign keys are the store's.
TABLES: Mapping[str, Mapping[str, Limit]] = {
    "athletes": {"name": Text(200, name=True), "created_at": Moment()},
    "profile_versions": {
        "version": Number(1, INT32, whole=True),
        "valid_from": Day(),
        "toml": Text(1_000_000, lines=True),
        "sha256": Text(64),
        "created_at": Moment(),
    },
    "plans": {
        "profile_version": Number(1, INT32, whole=True),
        "start": Day(),
        "document": Text(None, lines=True),
        "created_at": Moment(),
    },
    "lift_sessions": {
        "date": Day(),
        "planned": Flag(),
        "note": Text(2000, lines=True),
        "source": Text(40, name=True),
        "created_at": Moment(),
    },
    "lift_sets": {
        "position": Number(0, INT32, whole=True),
        "exercise": Text(120, name=True),
        "side": Text(4, choices=SIDES),
        "weight": Number(0, MAX_LIFT_LB),  # and at most MAX_LIFT_KG in kg: see check_row
        "unit": Text(2, choices=UNITS),
        "reps": Number(0, 10_000, whole=True),  # timed holds are stored as seconds
        "rir": Number(0, 10, optional=True),
        "rpe": Number(0, 10, optional=True),
        "status": Text(10, choices=STATUSES),
        "source_name": Text(200, optional=True, name=True),  # an imported set's name in its file
    },
    "runs": {
        "date": Day(),
        "type": Text(20, choices=RUN_TYPES),
        "distance_m": Number(0, 1_000_000, unit="m"),
        "duration_s": Number(0, 7 * DAY_S, unit="s"),
        "rpe": Number(0, 10, optional=True),
        "avg_hr": Number(0, 300, optional=True, unit="bpm"),
        "source": Text(40, name=True),
        "created_at": Moment(),
    },
    "pain_notes": {
        "date": Day(),
        "area": Text(20, choices=AREAS),
        "score": Number(0, 10, whole=True),
        "created_at": Moment(),
    },
    "body_weights": {
        "date": Day(),
        "value": Number(1, 1000),
        "unit": Text(2, choices=UNITS),
        "created_at": Moment(),
    },
    "session_moves": {"planned_on": Day(), "moved_to": Day(), "created_at": Moment()},
    "calendar_feeds": {"token_hash": Text(64), "created_at": Moment(), "revoked_at": Moment(optional=True)},
    # a whole-store backup's accounts (store/backup.py): users by email, athletes by name, never ids
    "backup.users": {"email": Text(320), "password_hash": Text(255), "created_at": Moment()},
    "backup.api_tokens": {
        "user": Text(320),
        "name": Text(100, name=True),
        "prefix": Text(16),
        "secret_hash": Text(64),
        "scope": Text(5, choices=("read", "write")),
        "created_at": Moment(),
        "last_used_at": Moment(optional=True),
        "revoked_at": Moment(optional=True),
    },
    "backup.athlete_owners": {"athlete": Text(200, name=True), "user": Text(320)},
    "backup.coach_invitations": {
        "coach": Text(320),
        "email": Text(320),
        "athlete": Text(200, optional=True, name=True),
        "status": Text(10, choices=("invited", "accepted", "revoked")),
        "invited_at": Moment(),
        "accepted_at": Moment(optional=True),
        "revoked_at": Moment(optional=True),
    },
    "swaps": {
        "date": Day(),
        "exercise": Text(120, name=True),
        "reason": Text(20, choices=REASONS),
        "back": Flag(),
        "created_at": Moment(),
    },
    "activities": {
        "start": Moment(),
        "utc_offset_s": Number(-DAY_S + 1, DAY_S - 1, whole=True, optional=True, unit="s"),
        "sport": Text(40, name=True),
        "sub_sport": Text(40, optional=True, name=True),
        "distance_m": Number(0, 10_000_000, optional=True, unit="m"),
        # a watch left running for a month is real data (a Strava export holds one): a year at most
        "moving_s": Number(0, 366 * DAY_S, optional=True, unit="s"),
        "elapsed_s": Number(0, 366 * DAY_S, optional=True, unit="s"),
        "avg_hr": Number(0, 300, optional=True, unit="bpm"),
        "max_hr": Number(0, 300, optional=True, unit="bpm"),
        "ascent_m": Number(0, 100_000, optional=True, unit="m"),
        "name": Text(1000, lines=False),
        "rpe": Number(0, 10, optional=True),
        "source_format": Text(20, name=True),
        "sha256": Text(64),
        "file_index": Number(0, INT32, whole=True),
        "path": Text(4096),
        "held": Text(2000, optional=True, lines=True),  # why a run is kept out of the load until confirmed
        "created_at": Moment(),
    },
    "imported_files": {
        "sha256": Text(64),
        "kind": Text(20, name=True),
        "path": Text(4096),
        "items": Number(0, INT32, whole=True),
        "created_at": Moment(),
    },
    "exercise_names": {
        "source_name": Text(200, name=True),
        "exercise": Text(200, name=True),
        "how": Text(10, name=True),
        "score": Number(0, 100),
    },
}


def check_row(table: str, values: Mapping[str, object], where: str = "") -> dict[str, object]:
    """The row's values as they may be stored (names cleaned), or InputError naming the field.

    `where` says where the row came from (`backup: athletes[0].runs[3]`); the table is the default."""
    limits = TABLES[table]
    out: dict[str, object] = dict(values)
    place = where or table
    for column, limit in limits.items():
        if column not in values:
            continue
        out[column] = _check(f"{place}.{column}", limit, values[column])
    if table == "lift_sets" and out.get("unit") == "kg":
        weight = out.get("weight")
        if isinstance(weight, int | float) and weight > MAX_LIFT_KG:
            raise InputError(f"{place}.weight: expected 0 to {MAX_LIFT_KG:g} kg, got {weight:.10g}")
    return out


def _check(field: str, limit: Limit, value: object) -> object:
    if value is None:
        if isinstance(limit, Number | Text | Day | Moment) and limit.optional:
            return None
        raise InputError(f"{field}: expected a value, got nothing")
    if isinstance(limit, Number):
        return _number(field, limit, value)
    if isinstance(limit, Text):
        return _text(field, limit, value)
    if isinstance(limit, Day):
        return _day(field, value)
    if isinstance(limit, Moment):
        return _moment(field, value)
    if not isinstance(value, bool):
        raise InputError(f"{field}: expected true or false, got {value!r}")
    return value


def _number(field: str, limit: Number, value: object) -> float | int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(f"{field}: expected a number, got {_show(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise InputError(f"{field}: expected a finite number, got {value}")
    if limit.whole and value != int(value):
        raise InputError(f"{field}: expected a whole number, got {value:.10g}")
    if not limit.low <= value <= limit.high:
        unit = f" {limit.unit}" if limit.unit else ""
        raise InputError(f"{field}: expected {limit.low:.10g} to {limit.high:.10g}{unit}, got {value:.10g}")
    return int(value) if limit.whole else value


def _text(field: str, limit: Text, value: object) -> str:
    if not isinstance(value, str):
        raise InputError(f"{field}: expected text, got {_show(value)}")
    if limit.choices:
        if value not in limit.choices:
            raise InputError(f"{field}: expected one of {', '.join(limit.choices)}, got {_show(value)}")
        return value
    if "\x00" in value:
        raise InputError(f"{field}: expected text without a NUL byte, got {_show(value)}")
    if limit.name:
        value = plain_name(value)
        if not value and not limit.optional:
            raise InputError(f"{field}: expected a name, got an empty one")
    elif limit.lines:
        value = _CONTROL_KEEP_LINES.sub("", value)
    else:
        value = _CONTROL.sub("", value)
    if limit.length is not None and len(value) > limit.length:
        raise InputError(f"{field}: expected at most {limit.length} characters, got {len(value)}")
    return value


def _day(field: str, value: object) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise InputError(f"{field}: expected a date, got {_show(value)}")
    check_year(field, value)
    return value


def _moment(field: str, value: object) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        raise InputError(f"{field}: expected a date and time, got {_show(value)}")
    check_year(field, value.date())
    return value


def check_year(field: str, day: dt.date) -> None:
    """Dates from 1900 to 2200: a year-1 or year-9999 date is a typo or a crafted file."""
    if not EARLIEST <= day <= LATEST:
        raise InputError(f"{field}: expected a date from {FIRST_YEAR} to {LAST_YEAR}, got {day.isoformat()}")


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
