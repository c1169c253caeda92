"""FIT summaries at import speed: one pass over the file's framing that decodes the few messages an
import needs (session, activity, developer field descriptions) and skips every other message by the
size its definition gives, without decoding a single record.

A decade of runs is ~3,500 FIT files and ~500 MB, nearly all of it per-second `record` messages
that an import never looks at. fitdecode decodes each of them (and checks the CRC byte by byte in
Python); this reader does not, and is ≥ 10× faster on the same files (bench/bench_import.py).

fitdecode stays the reference and the fallback (runlift.importers.fit):
- For every file this reader accepts, its result equals fitdecode's, value for value (tests: every
  real file in ../shared/realdata, a generated archive, and mutated files).
- Anything out of the ordinary goes to fitdecode whole, so that its answer, error or activities,
  is the answer: a header other than 12 or 14 bytes, a truncated or overlong body, trailing bytes,
  a data message of an undefined local type, a field of size 0, a field whose type fitdecode's
  processing could choke on (time-typed or component fields of odd sizes or float/string types),
  developer data it cannot size, an `hr` message fitdecode would fail on, strength `set` messages,
  a session without an absolute start_time, a file without sessions. `Summary.fallback` says why, for the benchmark.
- Like fitdecode in the lax mode the import uses (CrcCheck.WARN), CRCs are not enforced: a file
  with a bad CRC but intact framing imports. Unlike it, no warning is raised about the CRC.
"""

from __future__ import annotations

import datetime as dt
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import fastcrc
from fitdecode import profile as _profile  # type: ignore[import-untyped]  # the FIT profile tables: data
from fitdecode import types as _types

from runlift.core.activity import Activity, ImportedSet
from runlift.core.errors import ImportFileError
from runlift.importers import fit as reference

SESSION, ACTIVITY, HR, SET = 18, 34, 132, 225
FIELD_DESCRIPTION, DEVELOPER_DATA_ID = 206, 207
DEVELOPER_MESSAGES = frozenset({FIELD_DESCRIPTION, DEVELOPER_DATA_ID})
TIMESTAMP_FIELD = 253
FALLBACK_CHAIN = 64  # the most chained FIT files it reads (devices chain a few; thousands of empty ones: minutes)
FALLBACK_LIMIT = 8 * 1024 * 1024  # the largest file fitdecode reads (~20 s here); real files needing it are < 1 MB
FIT_UTC_REFERENCE = 631065600  # 1989-12-31T00:00:00Z as a Unix time
FIT_DATETIME_MIN = 0x10000000  # below this a date_time counts seconds since the device powered on
HEADER = struct.Struct("<2BHI4s")
BYTE = _types.BASE_TYPE_BYTE
BASE_TYPES: dict[int, Any] = _types.BASE_TYPES
UNSIGNED = frozenset({0x00, 0x02, 0x84, 0x86, 0x0A, 0x8B, 0x8C})  # enum, uint8/16/32, uint8z/16z/32z
TIME_TYPES = frozenset({"date_time", "local_date_time", "localtime_into_day"})

# The fields kept per message: what runlift.importers.fit reads from fitdecode's frames.
WANTED: dict[int, frozenset[int]] = {
    SESSION: frozenset({2, 5, 6, 7, 8, 9, 16, 17, 22}),
    ACTIVITY: frozenset({TIMESTAMP_FIELD, 5}),
    FIELD_DESCRIPTION: frozenset({0, 1, 2, 3}),
    DEVELOPER_DATA_ID: frozenset({3}),
    SET: frozenset({0, 3, 4, 5, 6, 7, 8}),  # a strength workout's sets (runlift.importers.fit.strength_sets)
}
WANTED_NAMES: dict[int, frozenset[str]] = {
    num: frozenset(_profile.MESSAGE_TYPES[num].fields[f].name for f in fields) for num, fields in WANTED.items()
}


class Fallback(Exception):
    """Something this reader leaves to fitdecode; the message says what, for the benchmark."""


@dataclass(frozen=True, slots=True)
class Summary:
    activities: list[Activity]
    sets: list[ImportedSet]
    fallback: str | None = None  # why fitdecode read the file; None when this reader did


@dataclass(frozen=True, slots=True)
class _Field:
    name: str
    offset: int  # from the start of the message body
    unpack: struct.Struct
    base: Any  # fitdecode BaseType
    profile: Any  # fitdecode Field
    raw: bool  # fitdecode's raw value (developer registry) rather than the processed one
    count: int = 1  # more than 1: an array, which fitdecode gives as a tuple


@dataclass(frozen=True, slots=True)
class _Definition:
    global_num: int
    size: int  # bytes of a data message body
    fields: tuple[_Field, ...]  # decoded for WANTED messages only
    stamp: _Stamp | None = None  # its `timestamp` field, which fitdecode's hr decoding builds on
    hr: tuple[_HrField, ...] = ()  # an hr message's fields 253, 9, 10 in definition order


@dataclass(frozen=True, slots=True)
class _Stamp:
    """Where a message's field 253 sits; `unpack` None when fitdecode would not read it as one number."""

    offset: int
    unpack: struct.Struct | None
    base: Any


@dataclass(frozen=True, slots=True)
class _HrField:
    number: int  # 253 timestamp, 9 event_timestamp, 10 event_timestamp_12
    offset: int
    size: int
    unpack: struct.Struct | None  # for 253 and 9; None for 10, a byte array
    base: Any


@dataclass
class _DevTypes:
    """fitdecode's developer data registry, as far as sizes and names go."""

    by_index: dict[int | None, dict[int, tuple[Any, str | None]]] = field(default_factory=dict)

    def type_of(self, index: int, number: int) -> tuple[Any, str | None]:
        # fitdecode warns and registers a byte field when either is unknown; so do we
        fields = self.by_index.setdefault(index, {})
        known: tuple[Any, str | None] = fields.setdefault(number, (BYTE, None))
        return known


def read(data: bytes, name: str) -> Summary:
    """Activities and strength sets of one FIT file: by this reader, or by fitdecode when it must.

    fitdecode reads ~0.4 MB/s here: a file it must read is refused above FALLBACK_LIMIT (real files
    that need it are small; a large odd one, such as a trailing byte after 100 MB, would take minutes)."""
    try:
        scan = _scan(data)
        activities = _activities(scan, name)
        found = reference.strength_session(scan.sessions)
        sets = [] if found is None else reference.strength_sets(scan.sets, activities[found[0]].start)
        return Summary(activities, sets)
    except Fallback as why:
        chained = sum(1 for _ in _frames(data))
        if chained > FALLBACK_CHAIN:  # fitdecode spends ~0.2 ms on each, even an empty one
            raise ImportFileError(
                name,
                "",
                f"unusual FIT data ({why}) needs the full decoder, which reads at most {FALLBACK_CHAIN} FIT "
                f"files chained in one, got {chained}",
            ) from None
        if len(data) > FALLBACK_LIMIT:
            raise ImportFileError(
                name,
                "",
                f"unusual FIT data ({why}) needs the full decoder, which reads files of at most "
                f"{FALLBACK_LIMIT // 1024**2} MB, got {len(data) / 1024**2:.1f} MB",
            ) from None
        activities, sets = reference.read_file(data, name)
        return Summary(activities, sets, str(why))


def _frames(data: bytes) -> Iterator[tuple[int, int, int]]:
    """(start, header size, end of body) of each FIT file of a chain, as far as the framing holds."""
    pos = 0
    while len(data) - pos >= HEADER.size:
        header_size, _protocol, _profile_version, body_size, magic = HEADER.unpack_from(data, pos)
        end = pos + header_size + body_size
        if magic != b".FIT" or header_size not in (12, 14) or end + 2 > len(data):
            return  # the framing itself is broken: the reader has said so, or stopped there
        yield pos, header_size, end
        pos = end + 2


def damage(data: bytes) -> list[str]:
    """Why the file is damaged although it decodes: each FIT file of the chain whose header or file CRC
    does not match its bytes (a byte flipped in the middle). The lax reading ignores CRCs; this says so."""
    found: list[str] = []
    for number, (pos, header_size, end) in enumerate(_frames(data), 1):
        which = f"FIT file {number} of the chain" if number > 1 or end + 2 < len(data) else "the file"
        if header_size == 14:
            (stored,) = struct.unpack_from("<H", data, pos + 12)
            computed = fastcrc.crc16.arc(data[pos : pos + 12])
            if stored and stored != computed:
                found.append(f"header CRC of {which}: expected 0x{computed:04x}, got 0x{stored:04x}: damaged")
        (stored,) = struct.unpack_from("<H", data, end)
        computed = fastcrc.crc16.arc(data[pos:end])
        if stored != computed:
            found.append(
                f"CRC of {which}: expected 0x{computed:04x}, got 0x{stored:04x}: damaged, imported as far as it decodes"
            )
    return found


def summarize(data: bytes, name: str) -> list[Activity]:
    """The activities by this reader alone; Fallback (with the reason) where fitdecode must read the file."""
    return _activities(_scan(data), name)


def _activities(scan: _Scan, name: str) -> list[Activity]:
    return [_activity(values, index, scan.utc_offset_s, name) for index, values in enumerate(scan.sessions)]


def _scan(data: bytes) -> _Scan:
    scan = _Scan()
    pos = 0
    while pos < len(data):
        pos = scan.file(data, pos)
    if not scan.sessions:
        raise Fallback("no session message")
    return scan


class _Scan:
    """Every FIT file of a chain in turn; sessions and the UTC offset kept across them."""

    def __init__(self) -> None:
        self.sessions: list[dict[str, object]] = []
        self.sets: list[dict[str, object]] = []
        self.utc_offset_s: int | None = None
        self.hr_start: int | None = None  # fitdecode's _hr_start_timestamp, per FIT file of a chain
        self.stamped: tuple[_Definition, int] | None = None  # the last message with a timestamp field

    def file(self, data: bytes, pos: int) -> int:
        """Read one FIT file (header, records, CRC) from `pos`; returns where the next one starts."""
        if len(data) - pos < HEADER.size:
            raise Fallback("truncated header")
        header_size: int
        body_size: int
        header_size, _protocol, _profile_version, body_size, magic = HEADER.unpack_from(data, pos)
        if magic != b".FIT" or header_size not in (12, 14) or pos + header_size > len(data):
            raise Fallback("unusual header")
        start = pos + header_size
        end = start + body_size
        if end + 2 > len(data):
            raise Fallback("body or CRC runs past the end of the data")
        self._records(data, start, end)
        return end + 2  # the CRC is not enforced, as in the import's lax fitdecode mode

    def _records(self, data: bytes, pos: int, end: int) -> None:
        sizes = [-1] * 16  # body size per local message type; -1: not defined (yet)
        definitions: list[_Definition | None] = [None] * 16
        kept = [False] * 16
        stamped = [False] * 16
        dev = _DevTypes()
        self.hr_start, self.stamped = 0, None
        while pos < end:
            header = data[pos]
            if header & 0x40 and not header & 0x80:  # a definition message
                local = header & 0x0F
                definition, pos = _definition(data, pos, end, bool(header & 0x20), dev)
                definitions[local] = definition
                sizes[local] = definition.size
                kept[local] = definition.global_num in WANTED or bool(definition.hr)
                stamped[local] = definition.stamp is not None
                continue
            # a data message: normal header (local type in bits 0-3) or compressed timestamp (bits 5-6)
            local = (header >> 5) & 0x3 if header & 0x80 else header & 0x0F
            size = sizes[local]
            following = pos + 1 + size
            if size < 0 or following > end:
                raise Fallback(f"local message {local} not defined" if size < 0 else "a message runs past the body")
            if kept[local]:
                self._message(definitions[local], data, pos + 1, dev, compressed=bool(header & 0x80))
            if stamped[local]:  # kept by position, decoded only if an hr message needs it
                self.stamped = (definitions[local], pos + 1)  # type: ignore[assignment]
            pos = following

    def _message(
        self, definition: _Definition | None, data: bytes, body: int, dev: _DevTypes, compressed: bool
    ) -> None:
        assert definition is not None
        values: dict[str, object] = {}
        for f in definition.fields:
            values.setdefault(f.name, _value(f, data, body))
        kind = definition.global_num
        if definition.hr:
            self._hr(definition.hr, data, body)
        elif kind == SESSION:
            self.sessions.append(values)
        elif kind == SET:
            self.sets.append(values)
        elif kind == ACTIVITY:
            if compressed:
                raise Fallback("activity message with a compressed timestamp")
            if self.utc_offset_s is None:
                self.utc_offset_s = reference.utc_offset(values)
        elif kind == DEVELOPER_DATA_ID:
            index = values.get("developer_data_index")
            if not isinstance(index, int):
                raise Fallback("developer_data_id without a developer_data_index")
            dev.by_index[index] = {}
        else:
            _describe(values, dev)

    def _hr(self, fields: tuple[_HrField, ...], data: bytes, body: int) -> None:
        """Follow fitdecode through an hr message far enough to know it decodes it without failing.

        fitdecode rebuilds event_timestamp_12 values from the event_timestamp of an earlier hr message,
        itself the last `timestamp` seen in the file; it asserts that one is positive and fails on an
        invalid value. Where it would, or where we cannot tell, the file goes to fitdecode."""
        own_stamp: int | None = None
        event_timestamp: tuple[object] | None = None
        packed = False
        for f in fields:
            if f.number == TIMESTAMP_FIELD:
                assert f.unpack is not None
                stamp = f.base.parse(f.unpack.unpack_from(data, body + f.offset)[0])
                own_stamp = stamp if stamp is not None else own_stamp
            elif f.number == 9:
                assert f.unpack is not None
                event_timestamp = (f.base.parse(f.unpack.unpack_from(data, body + f.offset)[0]),)
                self.hr_start = own_stamp if own_stamp is not None else self._last_timestamp(data)
            else:
                packed = True
                if all(b == 0xFF for b in data[body + f.offset : body + f.offset + f.size]):
                    raise Fallback("hr event_timestamp_12 invalid")
                if not self.hr_start or self.hr_start <= 0:
                    raise Fallback("hr event_timestamp_12 before any event_timestamp")
        if packed and event_timestamp is not None and event_timestamp[0] is None:
            raise Fallback("hr event_timestamp invalid beside event_timestamp_12")

    def _last_timestamp(self, data: bytes) -> int:
        """fitdecode's _last_timestamp: the newest `timestamp` field value before this message."""
        if self.stamped is None:
            return 0  # none yet: fitdecode starts each FIT file at 0
        definition, body = self.stamped
        stamp = definition.stamp
        assert stamp is not None
        if stamp.unpack is None:
            raise Fallback("hr event_timestamp after an odd timestamp field")
        value = stamp.base.parse(stamp.unpack.unpack_from(data, body + stamp.offset)[0])
        if not isinstance(value, int):  # invalid: fitdecode kept an older one we no longer know
            raise Fallback("hr event_timestamp after an invalid timestamp")
        return value


def _describe(values: dict[str, object], dev: _DevTypes) -> None:
    """A field_description message registers a developer field's type and name (as fitdecode does)."""
    index, number = values.get("developer_data_index"), values.get("field_definition_number")
    base = values.get("fit_base_type_id")
    if not isinstance(index, int) or index not in dev.by_index or not isinstance(number, int):
        raise Fallback("field_description for an undeclared developer")
    if base is not None and base not in BASE_TYPES:
        raise Fallback("field_description with an unknown base type")
    name = values.get("field_name")
    dev.by_index[index][number] = (BYTE if base is None else BASE_TYPES[base], name if isinstance(name, str) else None)


def _definition(data: bytes, pos: int, end: int, developer: bool, dev: _DevTypes) -> tuple[_Definition, int]:
    """Parse a definition message at `pos` (its header byte); returns it and where the next record starts."""
    if pos + 6 > end:
        raise Fallback("a definition runs past the end of the body")
    fixed_end = pos + 6 + 3 * data[pos + 5]
    if fixed_end > end:
        raise Fallback("a definition runs past the end of the body")
    key = data[pos + 2 : fixed_end]  # architecture, global number, field count, fields
    known = _DEFINITIONS.get(key)
    if known is None:
        if len(_DEFINITIONS) > DEFINITION_CACHE:
            _DEFINITIONS.clear()
        try:
            known = _DEFINITIONS[key] = _regular_fields(key)
        except Fallback as why:
            known = _DEFINITIONS[key] = str(why)
    if isinstance(known, str):
        raise Fallback(known)
    if not developer:
        return known, fixed_end
    names = WANTED_NAMES.get(known.global_num, frozenset())
    size, pos = _developer_fields(data, fixed_end, end, known.size, dev, names)
    return _Definition(known.global_num, size, known.fields), pos


# Devices repeat the same few definitions (some before every message: 5,868 in one real file), so a
# parsed definition is kept by its bytes. Developer fields are not part of the key: they are sized
# from the file's own field descriptions, each time.
_DEFINITIONS: dict[bytes, _Definition | str] = {}
DEFINITION_CACHE = 4096


def _regular_fields(key: bytes) -> _Definition:
    endian = ">" if key[0] else "<"
    (global_num,) = struct.unpack_from(endian + "H", key, 1)
    message = _profile.MESSAGE_TYPES.get(global_num)
    wanted = WANTED.get(global_num, frozenset())
    fields: list[_Field] = []
    stamps: list[_Stamp] = []
    hr: list[_HrField] = []
    offset = 0
    for at in range(4, len(key), 3):
        number, size, base_num = key[at], key[at + 1], key[at + 2]
        profile_field = message.fields.get(number) if message else None
        base = _checked(profile_field, size, base_num)
        if number in wanted and profile_field is not None:
            fields.append(_wanted(profile_field, offset, size, base, endian, global_num in DEVELOPER_MESSAGES))
        if number == TIMESTAMP_FIELD:
            stamps.append(_Stamp(offset, _single(base, size, endian), base))
        if global_num == HR and number in (TIMESTAMP_FIELD, 9, 10):
            hr.append(_hr_field(number, offset, size, base, endian))
        offset += size
    if len(stamps) > 1:
        stamps = [_Stamp(stamps[-1].offset, None, stamps[-1].base)]  # which one fitdecode keeps: unclear
    if not any(f.number in (9, 10) for f in hr):
        hr = []  # an hr message without event timestamps changes nothing fitdecode tracks
    return _Definition(global_num, offset, tuple(fields), stamps[0] if stamps else None, tuple(hr))


def _single(base: Any, size: int, endian: str) -> struct.Struct | None:
    """How to read one unsigned number of this base type, or None where fitdecode reads something else."""
    if base.identifier not in UNSIGNED or size != base.size:
        return None
    return struct.Struct(endian + base.fmt)


def _hr_field(number: int, offset: int, size: int, base: Any, endian: str) -> _HrField:
    if number == 10:
        if base is not BYTE:
            raise Fallback(f"hr event_timestamp_12 as {base.name}[{size}]")
        return _HrField(number, offset, size, None, base)
    unpack = _single(base, size, endian)
    if unpack is None:
        raise Fallback(f"hr field {number} as {base.name}[{size}]")
    return _HrField(number, offset, size, unpack, base)


def _checked(profile_field: Any, size: int, base_num: int) -> Any:
    """The base type fitdecode will read a field with, or Fallback where its processing could fail."""
    if size == 0:
        raise Fallback("a field of size 0")
    base = BASE_TYPES.get(base_num, BYTE)
    if size % base.size:
        base = BYTE  # fitdecode warns and reads the bytes
    if profile_field is None:
        return base
    timed = _is_timed(profile_field)
    odd = base.identifier not in UNSIGNED or size != base.size
    # components unpack byte arrays fine (compressed_speed_distance); time types need one unsigned number
    if (timed and odd) or (_has_components(profile_field) and odd and base is not BYTE):
        raise Fallback(f"field {profile_field.name} as {base.name}[{size}]")
    return base


def _has_components(profile_field: Any) -> bool:
    return any(f.components for f in (profile_field, *(profile_field.subfields or ())))


def _is_timed(profile_field: Any) -> bool:
    fields = [profile_field, *(profile_field.subfields or ())]
    return any(getattr(f.type, "name", "") in TIME_TYPES for f in fields)


def _wanted(profile_field: Any, offset: int, size: int, base: Any, endian: str, raw: bool) -> _Field:
    """How to read a field this reader keeps: one unsigned number, an array of them, or a string."""
    if base.identifier == 0x07:
        return _Field(profile_field.name, offset, struct.Struct(f"{endian}{size}s"), base, profile_field, raw)
    count = size // base.size
    if base is BYTE or base.identifier not in UNSIGNED or (count > 1 and (raw or _is_timed(profile_field))):
        raise Fallback(f"field {profile_field.name} as {base.name}[{size}]")
    return _Field(
        profile_field.name, offset, struct.Struct(f"{endian}{count}{base.fmt}"), base, profile_field, raw, count
    )


def _developer_fields(
    data: bytes, pos: int, end: int, offset: int, dev: _DevTypes, wanted_names: frozenset[str]
) -> tuple[int, int]:
    if pos + 1 > end:
        raise Fallback("a definition runs past the end of the body")
    count = data[pos]
    pos += 1
    for _ in range(count):
        if pos + 3 > end:
            raise Fallback("a definition runs past the end of the body")
        number, size, index = data[pos], data[pos + 1], data[pos + 2]
        pos += 3
        base, name = dev.type_of(index, number)
        read = (size // base.size) * base.size  # what fitdecode reads of it
        if read != size or read == 0:
            raise Fallback("a developer field fitdecode would misread")
        if name in wanted_names:
            raise Fallback(f"a developer field named {name}")
        offset += size
    return offset, pos


def _value(f: _Field, data: bytes, body: int) -> object:
    """One field's value exactly as fitdecode's default processing gives it."""
    if f.count > 1:  # an array: each parsed, the whole left unnamed, each scaled (as fitdecode does)
        values = tuple(f.base.parse(v) for v in f.unpack.unpack_from(data, body + f.offset))
        rendered = f.profile.render(values)
        return tuple(_scaled(v, f.profile) for v in rendered) if isinstance(rendered, tuple) else rendered
    (raw,) = f.unpack.unpack_from(data, body + f.offset)
    value = f.base.parse(raw)
    if f.raw:
        return value
    value = f.profile.render(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if f.profile.scale:
            value = float(value) / f.profile.scale
        if f.profile.offset:
            value = value - f.profile.offset
    kind = getattr(f.profile.type, "name", "")
    if isinstance(value, int) and (kind == "local_date_time" or (kind == "date_time" and value >= FIT_DATETIME_MIN)):
        return dt.datetime.fromtimestamp(FIT_UTC_REFERENCE + value, dt.UTC)
    return value


def _scaled(value: object, profile_field: Any) -> object:
    if isinstance(value, int | float) and not isinstance(value, bool):
        if profile_field.scale:
            value = float(value) / profile_field.scale
        if profile_field.offset:
            value = value - profile_field.offset
    return value


def _activity(values: dict[str, object], index: int, utc_offset_s: int | None, name: str) -> Activity:
    start = values.get("start_time")
    if not isinstance(start, dt.datetime):
        raise Fallback("session start_time is not an absolute date")
    return reference.session_activity(values, index, start, utc_offset_s)
