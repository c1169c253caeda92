"""FIT activity files (Garmin, Wahoo, COROS, Suunto, Zwift, …), decoded with fitdecode.

`read` gives one Activity per `session` message, in file order (`index` 0, 1, … for multi-sport
files), across chained FIT files. A file without sessions but with timed records gives one
Activity built from the records. `read_strength_sets` gives the active `set` messages of a
strength-training file.

What the caller can rely on:
- Lax about checksums and odd definitions: decoding runs with CrcCheck.WARN and ErrorHandling.WARN
  (the realdata MANIFEST's "lax pass"), so a file with a bad CRC but intact data imports. fitdecode
  reports what it tolerated through `warnings.warn`; the caller may record or silence those.
- Strict about the end: if fitdecode cannot decode the file to its last byte (truncated, CRC
  footer missing, a data message using an undefined local message), the whole file is rejected
  with ImportFileError, `where` = the byte offset fitdecode gives ("@41"), even when complete
  sessions came before the fault. Most watches write the summaries last, so a cut file can lack later
  multi-sport legs without any sign, and importing a partial copy would later make the complete
  re-export a second, conflicting activity. Rejecting it tells the runner to export again.
- Times are UTC-aware. A session start_time below 0x10000000 counts seconds since the device
  powered on, not a date: the first absolute `timestamp` in the file stands in for it, and a file
  with none is rejected (its `local_timestamp` values are local wall-clock times of unknown offset).
- A heart rate of 0 means "no sensor" (Zwift and OneLap write 0), so it becomes None.
"""

from __future__ import annotations

import datetime as dt
import re
import struct
from dataclasses import dataclass, field

import fitdecode  # type: ignore[import-untyped]  # fitdecode ships no type hints

from runlift.core.activity import Activity, ImportedSet
from runlift.core.errors import ImportFileError

SOURCE = "fit"
STRENGTH = "strength_training"
# Real UTC offsets run from UTC-12 to UTC+14; anything else (a local_timestamp of 0, i.e. 1989-12-31
# in Zwift and OneLap files) is not an offset.
_OFFSETS = range(-12 * 3600, 14 * 3600 + 1)
_AT = re.compile(r"(?:@ ?|offset: )(\d+)")
_NOISE = re.compile(r"^FIT parsing error @ \d+: | @ \d+| \((?:header|footer) offset: \d+[^)]*\)")

Values = dict[str, object]
_KEPT = frozenset({"session", "record", "set", "file_id", "sport", "activity"})


@dataclass
class _Records:
    """What `record` messages add up to, for files without a session."""

    count: int = 0
    first: dt.datetime | None = None
    last: dt.datetime | None = None
    distance_m: float | None = None
    hr_sum: float = 0.0
    hr_count: int = 0
    max_hr: float | None = None

    def add(self, values: Values) -> None:
        self.count += 1
        at = values.get("timestamp")
        if isinstance(at, dt.datetime):
            self.first = self.first or at
            self.last = at
        distance = _number(values.get("distance"))
        if distance is not None:
            self.distance_m = max(distance, self.distance_m or 0.0)
        hr = _heart_rate(values.get("heart_rate"))
        if hr is not None:
            self.hr_sum, self.hr_count = self.hr_sum + hr, self.hr_count + 1
            self.max_hr = max(hr, self.max_hr or 0.0)


@dataclass
class _Scan:
    """The messages one pass over a FIT file keeps."""

    file_type: str | None = None
    sessions: list[Values] = field(default_factory=list)
    sets: list[Values] = field(default_factory=list)
    records: _Records = field(default_factory=_Records)
    sport: Values | None = None
    first_absolute: dt.datetime | None = None
    utc_offset_s: int | None = None

    def wants(self, kind: str) -> bool:
        return kind in _KEPT or self.first_absolute is None

    def add(self, kind: str, values: Values) -> None:
        at = values.get("timestamp")
        if self.first_absolute is None and isinstance(at, dt.datetime):
            self.first_absolute = at
        if kind == "session":
            self.sessions.append(values)
        elif kind == "record":
            self.records.add(values)
        elif kind == "set":
            self.sets.append(values)
        elif kind == "file_id" and self.file_type is None and values.get("type") is not None:
            self.file_type = str(values.get("type"))
        elif kind == "sport" and self.sport is None:
            self.sport = values
        elif kind == "activity" and self.utc_offset_s is None:
            self.utc_offset_s = utc_offset(values)


def read_file(data: bytes, name: str) -> tuple[list[Activity], list[ImportedSet]]:
    """The activities and the strength sets of one file, from one decoding pass."""
    scan = _scan(data, name)
    return _activities(scan, name), _strength_sets(scan, name)


def read(data: bytes, name: str) -> list[Activity]:
    """One Activity per session; or one from the records when the file has no session."""
    return _activities(_scan(data, name), name)


def _activities(scan: _Scan, name: str) -> list[Activity]:
    if scan.sessions:
        return [_session(values, index, scan, name) for index, values in enumerate(scan.sessions)]
    if scan.records.first is not None:
        return [_from_records(scan)]
    if scan.records.count:
        raise ImportFileError(name, "", "records carry only device-relative times: cannot place the activity in time")
    if scan.file_type == "activity":
        raise ImportFileError(name, "", "activity file with no session and no records")
    raise ImportFileError(name, "", f"not an activity file (type {scan.file_type or 'unknown: no file_id'})")


def read_strength_sets(data: bytes, name: str) -> list[ImportedSet]:
    """The active sets of a strength-training file, in order; [] for any other activity."""
    return _strength_sets(_scan(data, name), name)


def _strength_sets(scan: _Scan, name: str) -> list[ImportedSet]:
    found = strength_session(scan.sessions)
    if found is None:
        return []
    index, values = found
    return strength_sets(scan.sets, _start(values.get("start_time"), scan, name, index))


def strength_session(sessions: list[Values]) -> tuple[int, Values] | None:
    """The first session that is a strength workout (sport or sub-sport), with its position."""
    return next(((i, s) for i, s in enumerate(sessions) if STRENGTH in (s.get("sport"), s.get("sub_sport"))), None)


def strength_sets(set_messages: list[Values], start: dt.datetime) -> list[ImportedSet]:
    """The active `set` messages (as fitdecode names and processes them) of a workout that began at `start`."""
    workout = start.isoformat()  # stable across re-exports, unlike the file name
    sets: list[ImportedSet] = []
    for set_values in set_messages:
        if set_values.get("set_type") != "active":
            continue
        at = set_values.get("start_time")
        sets.append(
            ImportedSet(
                performed_at=at if isinstance(at, dt.datetime) else start,
                workout=workout,
                exercise=_exercise(set_values),
                reps=_count(set_values.get("repetitions")),
                weight=_number(set_values.get("weight")),  # FIT stores kg whatever the display unit
                unit="kg",
                seconds=_number(set_values.get("duration")),
                order=len(sets) + 1,
            )
        )
    return sets


def _scan(data: bytes, name: str) -> _Scan:
    if not data:
        raise ImportFileError(name, "", "empty file")
    scan = _Scan()
    decoded = 0  # end of the last whole frame: where a failure without an offset happened
    try:
        with fitdecode.FitReader(
            data,
            check_crc=fitdecode.CrcCheck.WARN,
            error_handling=fitdecode.ErrorHandling.WARN,
            keep_raw_chunks=True,
        ) as reader:
            for frame in reader:
                decoded = frame.chunk.offset + len(frame.chunk.bytes)
                if frame.frame_type == fitdecode.FIT_FRAME_DATA and scan.wants(frame.name):
                    scan.add(frame.name, _values(frame))
    except fitdecode.FitError as exc:
        detail = _NOISE.sub("", str(exc))  # the offset goes to `where`
        raise ImportFileError(name, _where(exc, decoded), f"truncated or corrupt FIT data ({detail})") from exc
    # fitdecode trusts the sizes and indexes written in the file; on garbage it can fail with plain
    # Python errors, which must still reach the user as a skipped file, not a crash.
    except (AssertionError, ArithmeticError, LookupError, TypeError, ValueError, struct.error) as exc:
        detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        raise ImportFileError(name, f"@{decoded}", f"corrupt FIT data (the decoder failed: {detail})") from exc
    return scan


def _values(frame: fitdecode.FitDataMessage) -> Values:
    values: Values = {}
    for field_data in frame.fields:
        values.setdefault(field_data.name, field_data.value)  # the first of same-named fields wins
    return values


def _where(exc: Exception, decoded: int) -> str:
    offset = getattr(exc, "offset", None)
    if offset is None:
        found = _AT.search(str(exc))
        offset = found.group(1) if found else decoded
    return f"@{offset}"


def _session(values: Values, index: int, scan: _Scan, name: str) -> Activity:
    return session_activity(values, index, _start(values.get("start_time"), scan, name, index), scan.utc_offset_s)


def session_activity(values: Values, index: int, start: dt.datetime, utc_offset_s: int | None) -> Activity:
    """A session message's values (as fitdecode names and processes them) as an Activity."""
    return Activity(
        start=start,
        sport=_sport(values.get("sport")),
        source_format=SOURCE,
        sub_sport=_sub_sport(values.get("sub_sport")),
        utc_offset_s=utc_offset_s,
        distance_m=_number(values.get("total_distance")),
        moving_s=_number(values.get("total_timer_time")),
        elapsed_s=_number(values.get("total_elapsed_time")),
        avg_hr=_heart_rate(values.get("avg_heart_rate")),
        max_hr=_heart_rate(values.get("max_heart_rate")),
        ascent_m=_number(values.get("total_ascent")),
        index=index,
    )


def _from_records(scan: _Scan) -> Activity:
    records = scan.records
    assert records.first is not None and records.last is not None
    sport = scan.sport or {}
    return Activity(
        start=records.first,
        sport=_sport(sport.get("sport")),
        source_format=SOURCE,
        sub_sport=_sub_sport(sport.get("sub_sport")),
        utc_offset_s=scan.utc_offset_s,
        distance_m=records.distance_m,
        elapsed_s=(records.last - records.first).total_seconds(),
        avg_hr=records.hr_sum / records.hr_count if records.hr_count else None,
        max_hr=records.max_hr,
    )


def _start(value: object, scan: _Scan, name: str, index: int) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if scan.first_absolute is not None:
        return scan.first_absolute
    raise ImportFileError(
        name,
        f"session {index}",
        f"start_time {value!r} is device-relative (seconds since power-on) and the file has no absolute "
        "timestamp: cannot place the activity in time",
    )


def utc_offset(values: Values) -> int | None:
    """local_timestamp − timestamp of an `activity` message, when both are dates and it is a real offset."""
    utc, local = values.get("timestamp"), values.get("local_timestamp")
    if not (isinstance(utc, dt.datetime) and isinstance(local, dt.datetime)):
        return None
    offset = round((local - utc).total_seconds())
    return offset if offset in _OFFSETS else None


def _sport(value: object) -> str:
    if value is None:
        return "unknown"
    return value.lower() if isinstance(value, str) else "other"  # a number: newer than fitdecode's profile


def _sub_sport(value: object) -> str | None:
    return value.lower() if isinstance(value, str) else None


def _exercise(values: Values) -> str:
    """The FIT exercise name (`barbell_bench_press`), else its category (`bench_press`), else "unknown"."""
    category, subtype = _first(values.get("category")), _first(values.get("category_subtype"))
    if isinstance(category, int) and not isinstance(category, bool):
        # fitdecode names a single category but leaves an array's entries as numbers
        category = fitdecode.profile.FIELD_TYPES["exercise_category"].enum.get(category)
    if not isinstance(category, str) or category == "unknown":
        return "unknown"
    names = fitdecode.profile.FIELD_TYPES.get(f"{category}_exercise_name")
    if names is not None and names.enum and subtype in names.enum:
        return str(names.enum[subtype])
    return category


def _first(value: object) -> object:
    """FIT writes category fields as arrays; the first valid entry names the exercise."""
    if isinstance(value, tuple):
        return next((v for v in value if v is not None), None)
    return value


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _count(value: object) -> int | None:
    number = _number(value)
    return None if number is None else int(number)


def _heart_rate(value: object) -> float | None:
    number = _number(value)
    return number if number else None
