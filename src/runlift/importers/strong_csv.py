"""Strong app CSV exports, every layout seen since 2016, read into ImportedSet values.

Layouts (the header decides; the delimiter is sniffed from it):
- comma-separated, `Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,…`,
  with or without Duration, Notes, Workout Notes and RPE, with `Weight Unit`/`Distance Unit` columns
  when the app wrote them, also semicolon-separated (2018-2020) and with French headers;
- 2016, where the weight and distance headers are the units themselves (`kg`, `km`);
- 2024+, semicolon-separated and fully quoted, units in the headers (`Weight (kg)`, `Distance (meters)`).

Units come from the header or the unit columns when they say, otherwise from `unit` (and `distance_unit`,
which defaults to km for kg and miles for lb, as the app pairs them). Set Order is a number for a normal
set, or W, D, F for a warm-up, drop or failure set; "Rest Timer" rows carry no set and are skipped.
Each set's `order` is its 1-based position within its workout, in file order.

The CSV plumbing (`decode_text`, `read_table`, `Row`) is shared with `hevy_csv`.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from runlift.core.activity import ImportedSet, SetKind
from runlift.core.errors import ImportFileError

WEIGHT_UNITS: Mapping[str, str] = {"kg": "kg", "kgs": "kg", "lb": "lb", "lbs": "lb"}
METERS_PER: Mapping[str, float] = {
    "m": 1.0,
    "meters": 1.0,
    "metres": 1.0,
    "km": 1000.0,
    "kilometers": 1000.0,
    "mi": 1609.344,
    "mile": 1609.344,
    "miles": 1609.344,
    "ft": 0.3048,
    "feet": 0.3048,
    "yd": 0.9144,
    "yards": 0.9144,
}
DEFAULT_DISTANCE = {"kg": "km", "lb": "mi"}

# Header text (case-folded) → field. French headers are from a real export (MANIFEST.md).
ALIASES: Mapping[str, str] = {
    "date": "date",
    "workout name": "workout",
    "nom de l'entraînement": "workout",
    "exercise name": "exercise",
    "nom de l'exercice": "exercise",
    "set order": "set_order",
    "ordre de la série": "set_order",
    "weight": "weight",
    "poids": "weight",
    "reps": "reps",
    "réps": "reps",
    "distance": "distance",
    "seconds": "seconds",
    "secondes": "seconds",
    "notes": "notes",
    "rpe": "rpe",
    "weight unit": "weight_unit",
    "distance unit": "distance_unit",
}
REQUIRED = ("date", "workout", "exercise", "set_order", "weight", "reps")
EXPECTED = "Date, Workout Name, Exercise Name, Set Order, Weight, Reps"
UNIT_IN_HEADER = re.compile(r"^(weight|poids|distance)\s*\(\s*([^)]+?)\s*\)$")
MARKERS: Mapping[str, SetKind] = {"w": SetKind.WARMUP, "d": SetKind.DROP, "f": SetKind.FAILURE}
REST_TIMER = "rest timer"
CHUNK = 1024 * 1024

NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")  # "72,5" in the semicolon layouts of comma-decimal locales


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 text without a byte-order mark."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problem = f"expected UTF-8 text, got byte 0x{data[exc.start]:02x} at offset {exc.start}"
        raise ImportFileError(name, str(line), problem) from exc


def text_lines(data: bytes | BinaryIO, name: str) -> Iterator[str]:
    """The lines of UTF-8 text (byte-order mark dropped, line ends kept), decoded as they are read:
    memory does not grow with the file. A byte that is not UTF-8 is the error `decode_text` gives."""
    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    wrapper = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    try:
        yield from wrapper
    except UnicodeDecodeError:
        stream.seek(0)
        raise _decode_error(stream, name) from None
    finally:
        with contextlib.suppress(ValueError):  # already closed (a generator finalized late): nothing to keep
            wrapper.detach()  # the stream stays the caller's


def _decode_error(stream: BinaryIO, name: str) -> ImportFileError:
    """Where the first byte that is not UTF-8 is, found again chunk by chunk (cut after a newline,
    which never splits a UTF-8 sequence)."""
    offset, lines, pending, first = 0, 0, b"", True
    while True:
        chunk = stream.read(CHUNK)
        data = pending + chunk
        cut = data.rfind(b"\n") + 1 if chunk else len(data)
        part, pending = data[:cut], data[cut:]
        try:
            part.decode("utf-8-sig" if first else "utf-8")
        except UnicodeDecodeError as exc:
            line = lines + part[: exc.start].count(b"\n") + 1
            problem = f"expected UTF-8 text, got byte 0x{part[exc.start]:02x} at offset {offset + exc.start}"
            return ImportFileError(name, str(line), problem)
        first = first and not part
        offset, lines = offset + len(part), lines + part.count(b"\n")
        if not chunk:
            return ImportFileError(name, str(lines + 1), "expected UTF-8 text")


@dataclass(frozen=True, slots=True)
class Row:
    """One data row, with what an error message needs: the file name, its line and the header as written."""

    name: str
    line: int
    cells: Sequence[str]
    header: Sequence[str]
    columns: Mapping[str, int]  # field -> index of its column

    def text(self, field: str) -> str:
        i = self.columns.get(field)
        return self.cells[i].strip() if i is not None and i < len(self.cells) else ""

    def fail(self, field: str, expected: str, got: object) -> ImportFileError:
        column = self.header[self.columns[field]]
        return ImportFileError(self.name, str(self.line), f"{column}: expected {expected}, got {got!r}")

    def number(self, field: str) -> float | None:
        cell = self.text(field)
        if not cell:
            return None
        if DECIMAL_COMMA.fullmatch(cell):
            cell = cell.replace(",", ".")
        if not NUMBER.fullmatch(cell) or not math.isfinite(value := float(cell)):
            raise self.fail(field, "a number", self.text(field))
        return value

    def whole(self, field: str) -> int | None:
        value = self.number(field)
        if value is None:
            return None
        if not value.is_integer():
            raise self.fail(field, "a whole number", self.text(field))
        return int(value)


def read_table(
    text: str | Iterable[str], name: str, fields: Callable[[Sequence[str]], Mapping[str, int]]
) -> tuple[Sequence[str], Mapping[str, int], Iterator[Row]]:
    """The header, its fields and the data rows of CSV text (a string, or its lines as they are read).

    The delimiter (comma, semicolon or tab) is the one under which `fields` recognizes the most columns
    of the first line. Blank lines are skipped; a row's line is the line it starts on.
    """
    lines = iter(io.StringIO(text, newline="")) if isinstance(text, str) else iter(text)
    first = next(lines, "")
    try:
        headers = {d: [cell.strip() for cell in next(csv.reader([first], delimiter=d), [])] for d in (",", ";", "\t")}
    except csv.Error as exc:
        raise ImportFileError(name, "1", f"expected CSV, got {exc}") from exc
    delimiter = max(headers, key=lambda d: len(fields(headers[d])))  # a tie keeps the comma
    header = headers[delimiter]
    columns = fields(header)
    return header, columns, _rows(itertools.chain([first], lines), name, delimiter, header, columns)


def blank(first: str, lines: Iterator[str]) -> bool:
    """Whether the text is only white space: the first line, then the lines after it as far as needed."""
    return not first.strip() and not any(line.strip() for line in lines)


def _rows(
    lines: Iterable[str], name: str, delimiter: str, header: Sequence[str], columns: Mapping[str, int]
) -> Iterator[Row]:
    reader = csv.reader(lines, delimiter=delimiter)
    line = 1
    try:
        next(reader, None)  # the header
        line = reader.line_num + 1
        for cells in reader:
            if any(cell.strip() for cell in cells):
                yield Row(name, line, cells, header, columns)
            line = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFileError(name, str(line), f"expected CSV, got {exc}") from exc


def _fields(header: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, cell in enumerate(header):
        key = cell.strip().casefold()
        field = ALIASES.get(key)
        if field is None and (m := UNIT_IN_HEADER.match(key)):
            field = "distance" if m[1] == "distance" else "weight"
        if field is None and key in WEIGHT_UNITS:
            field = "weight"
        if field is None and key in METERS_PER:
            field = "distance"
        if field is not None and field not in found:
            found[field] = i
    return found


def _header_unit(name: str, column: str | None, units: Mapping[str, object], expected: str) -> str | None:
    """The unit a header names (`Weight (lbs)`, `kg`), or None when it names none."""
    if column is None:
        return None
    cell = column.strip().casefold()
    m = UNIT_IN_HEADER.match(cell)
    unit = m[2] if m else cell if cell in units else None
    if unit is not None and unit not in units:
        raise ImportFileError(name, "1", f"{column}: expected {expected}, got {unit!r}")
    return unit


def read(data: bytes, name: str, unit: str = "kg", *, distance_unit: str | None = None) -> list[ImportedSet]:
    """The sets of a Strong CSV export; `unit` and `distance_unit` apply only where the file names no unit."""
    return list(iter_sets(data, name, unit, distance_unit=distance_unit))


def iter_sets(
    data: bytes | BinaryIO, name: str, unit: str = "kg", *, distance_unit: str | None = None
) -> Iterator[ImportedSet]:
    """The sets of a Strong CSV export one by one, read as a stream (memory does not grow with the rows)."""
    weight_default = WEIGHT_UNITS.get(unit.strip().casefold())
    if weight_default is None:
        raise ImportFileError(name, "", f"unit: expected 'kg' or 'lb', got {unit!r}")
    distance_default = (distance_unit or DEFAULT_DISTANCE[weight_default]).strip().casefold()
    if distance_default not in METERS_PER:
        raise ImportFileError(name, "", f"distance_unit: expected km, mi, m, ft or yd, got {distance_unit!r}")

    lines = text_lines(data, name)
    first = next(lines, "")
    if blank(first, lines):
        raise ImportFileError(name, "1", f"not a Strong export: expected columns {EXPECTED}, got an empty file")
    header, columns, rows = read_table(itertools.chain([first], lines), name, _fields)
    if any(f not in columns for f in REQUIRED):
        got = ", ".join(repr(cell) for cell in header[:8]) + (", …" if len(header) > 8 else "")
        raise ImportFileError(name, "1", f"not a Strong export: expected columns {EXPECTED}, got {got}")
    weight_unit = _header_unit(name, header[columns["weight"]], WEIGHT_UNITS, "kg or lbs")
    distance_column = header[columns["distance"]] if "distance" in columns else None
    distance_named = _header_unit(name, distance_column, METERS_PER, "meters, km or miles")

    position: Counter[tuple[dt.datetime, str]] = Counter()  # per workout: grows with workouts, not rows
    for row in rows:
        set_order = row.text("set_order")
        if set_order.casefold() == REST_TIMER:
            continue
        kind = _kind(row, set_order)
        performed_at = _date(row)
        workout = row.text("workout")
        exercise = row.text("exercise")
        if not exercise:
            raise row.fail("exercise", "an exercise name", exercise)
        seconds = row.number("seconds") or None  # Strong writes 0 on every lifting set
        distance = row.number("distance") or None
        reps = row.whole("reps")
        if reps == 0 and (seconds or distance):
            reps = None  # a timed or distance set: 0 reps means "not counted"
        position[performed_at, workout] += 1
        yield ImportedSet(
            performed_at=performed_at,
            workout=workout,
            exercise=exercise,
            reps=reps,
            weight=row.number("weight"),
            unit=WEIGHT_UNITS[weight_unit] if weight_unit else _row_unit(row, weight_default),
            kind=kind,
            rpe=row.number("rpe"),
            seconds=seconds,
            distance_m=None if distance is None else distance * _meters_per(row, distance_named, distance_default),
            note=row.text("notes"),
            order=position[performed_at, workout],
        )


def _kind(row: Row, set_order: str) -> SetKind:
    if set_order.isdigit():
        return SetKind.NORMAL
    kind = MARKERS.get(set_order.casefold())
    if kind is None:
        raise row.fail("set_order", "a set number, W, D, F or Rest Timer", set_order)
    return kind


def _date(row: Row) -> dt.datetime:
    cell = row.text("date")
    try:
        return dt.datetime.fromisoformat(cell)
    except ValueError:
        raise row.fail("date", "a date and time like 2021-02-10 16:46:13", cell) from None


def _row_unit(row: Row, default: str) -> str:
    cell = row.text("weight_unit").casefold()
    if not cell:
        return default
    if cell not in WEIGHT_UNITS:
        raise row.fail("weight_unit", "kg or lbs", row.text("weight_unit"))
    return WEIGHT_UNITS[cell]


def _meters_per(row: Row, header_unit: str | None, default: str) -> float:
    if header_unit is not None:
        return METERS_PER[header_unit]
    cell = row.text("distance_unit").casefold()
    if not cell:
        return METERS_PER[default]
    if cell not in METERS_PER:
        raise row.fail("distance_unit", "km, mi, m, ft or yd", row.text("distance_unit"))
    return METERS_PER[cell]
