"""runlift.importers.fit: every real FIT file against its MANIFEST facts and fitdecode (and fit_summary
against it, from the same decoding: tests/importers/fit_readings.py), then small files built here byte
by byte for the cases no real file shows."""

from __future__ import annotations

import datetime as dt
import re
import struct
from pathlib import Path

import pytest
from fitdecode.utils import compute_crc

from runlift.core.activity import Activity, ImportedSet
from runlift.core.errors import ImportFileError
from runlift.importers import fit
from tests.importers.fit_readings import assert_summary_reads_it_alike, readings
from tests.importers.realdata import ABSENT, RealFile, manifest, real_files

FILES = Path(__file__).parent / "files"
FIT_EPOCH = dt.datetime(1989, 12, 31, tzinfo=dt.UTC)
START = dt.datetime(2026, 3, 1, 7, 30, tzinfo=dt.UTC)


# --- real files ------------------------------------------------------------------------------


def rejection(real: RealFile) -> tuple[str, str] | None:
    """(where, part of the problem) that reading this file must raise, from its MANIFEST row; None
    when the file must import."""
    if not real.facts:
        return None
    stopped = re.search(r"lax mode also stops: \w+: .*?@ ?(\d+)", real.facts)
    if stopped:  # fitdecode cannot read it to the end even in lax mode: strict rejection
        return f"@{stopped.group(1)}", "truncated or corrupt FIT data"
    kind = re.search(r"type=(\w+)", real.features)
    if "no session message" in real.reference and real.number("records") == 0 and kind:
        return "", f"not an activity file (type {kind.group(1)})"
    start = real.fact("start_time") or real.fact("first start_time") or ""
    if start.isdigit():  # a device-relative start_time
        return "session 0", "device-relative"
    return None


def test_every_real_fit_file_has_a_manifest_row() -> None:
    found = [param.values[0] for param in real_files("fit")]
    if found == [None]:
        pytest.skip(ABSENT)
    assert [real.name for real in found if real.name not in manifest("fit")] == []


@pytest.mark.parametrize("real", real_files("fit", lambda real: rejection(real) is None))
def test_real_file_imports_as_the_manifest_and_fitdecode_say(real: RealFile) -> None:
    assert real.facts, f"{real.name} has no row in MANIFEST.md"
    reading, reference = readings(real.path)  # fit.read_file: the activities fit.read gives, and the sets
    assert reading.error is None, str(reading.error)
    activities = list(reading.activities)
    # fitdecode's lax mode warns about what it let through, and only in the files marked BROKEN.
    assert bool(reading.warnings) == real.broken, reading.warnings
    assert [a.index for a in activities] == list(range(len(activities)))
    assert {a.source_format for a in activities} == {"fit"}

    legs = manifest_legs(real)
    assert len(activities) == len(legs)
    for activity, (sport, sub_sport, distance, seconds) in zip(activities, legs, strict=True):
        assert activity.sport == sport
        if sub_sport is not None:
            assert activity.sub_sport == (None if sub_sport == "-" else sub_sport)
        assert activity.distance_m == (None if distance is None else pytest.approx(distance, rel=1e-3, abs=0.01))
        assert activity.moving_s == pytest.approx(seconds, abs=1)
    assert activities[0].start.replace(microsecond=0) == (real.time("start_time") or real.time("first start_time"))
    assert activities[0].start.tzinfo is not None

    assert activities == list(reference.sessions)
    assert_summary_reads_it_alike(real.path, reading)


@pytest.mark.parametrize("real", real_files("fit", lambda real: rejection(real) is not None))
def test_real_file_is_rejected_saying_where_and_why(real: RealFile) -> None:
    expected = rejection(real)
    assert expected is not None
    where, problem = expected
    reading, reference = readings(real.path)
    error = reading.error  # what fit.read_file (as fit.read) raised
    assert isinstance(error, ImportFileError), f"{real.name} imported"
    assert (error.path, error.where) == (real.name, where)
    assert problem in error.problem
    assert str(error).startswith(f"{real.name}:{where}: " if where else f"{real.name}: ")
    if problem == "device-relative":  # fitdecode agrees: nothing in the file is an absolute date
        assert reference.absolute_timestamps == ()
    assert_summary_reads_it_alike(real.path, reading)


# The two strength-training files carry no `set` message; the yoga one has a set but is no strength workout.
WITHOUT_STRENGTH_SETS = {
    "fitparser-js__user_metrics.fit",
    "fitparser-js__suunto-weight.fit",
    "fitparser-js__failed.fit",
}


@pytest.mark.parametrize("real", real_files("fit", lambda real: real.name in WITHOUT_STRENGTH_SETS))
def test_real_files_without_strength_sets_give_none(real: RealFile) -> None:
    assert readings(real.path)[1].set_messages == (1 if "yoga" in real.what else 0)
    assert fit.read_strength_sets(real.path.read_bytes(), real.name) == []


def manifest_legs(real: RealFile) -> list[tuple[str, str | None, float | None, float]]:
    """(sport, sub_sport or None if not given, distance or None, timer seconds) per session."""
    legs = re.findall(r"(\w+) ([\d.]+|-) m/([\d.]+) s", real.reference.split("sessions:", 1)[-1])
    if "sessions:" in real.reference:
        return [(s, None, None if d == "-" else float(d), float(t)) for s, d, t in legs]
    sport, sub_sport = (real.fact("sport") or "").split("/")
    return [(sport, sub_sport, real.number("total_distance"), real.number("total_timer_time") or 0.0)]


# --- FIT files built byte by byte -----------------------------------------------------------

# (base type byte, struct format) of the FIT base types used here
ENUM, U8, U16, U32 = (0x00, "B"), (0x02, "B"), (0x84, "H"), (0x86, "I")
Message = tuple[int, list[tuple[int, tuple[int, str], int]]]  # global number, (field number, type, raw value)


def encode(*messages: Message) -> bytes:
    """A FIT file: 14-byte header, then a definition and a data message (local type 0) per message, then the CRC."""
    body = bytearray()
    for global_number, fields in messages:
        body += struct.pack("<BBBHB", 0x40, 0, 0, global_number, len(fields))
        for number, (base, fmt), _ in fields:
            body += struct.pack("<BBB", number, struct.calcsize(fmt), base)
        body += b"\x00" + b"".join(struct.pack("<" + fmt, raw) for _, (_, fmt), raw in fields)
    header = struct.pack("<BBHI4s", 14, 0x20, 2132, len(body), b".FIT")
    header += struct.pack("<H", compute_crc(header))
    return header + bytes(body) + struct.pack("<H", compute_crc(header + body))


def fit_time(at: dt.datetime) -> int:
    return int((at - FIT_EPOCH).total_seconds())


def file_id(kind: int = 4) -> Message:  # 4 activity, 2 settings, 5 workout
    return (0, [(0, ENUM, kind), (1, U16, 1), (4, U32, fit_time(START))])


def record(at: dt.datetime | int, hr: int, distance_m: float) -> Message:
    stamp = at if isinstance(at, int) else fit_time(at)
    return (20, [(253, U32, stamp), (3, U8, hr), (5, U32, round(distance_m * 100))])


def session(
    start: dt.datetime | int = START, *, sport: int = 1, sub_sport: int = 0, seconds: float = 400.0, hr: int = 150
) -> Message:
    stamp = start if isinstance(start, int) else fit_time(start)
    return (
        18,
        [
            (253, U32, stamp + int(seconds)),
            (2, U32, stamp),
            (5, ENUM, sport),
            (6, ENUM, sub_sport),
            (7, U32, round(seconds * 1000) + 5000),
            (8, U32, round(seconds * 1000)),
            (9, U32, 117_000),
            (16, U8, hr),
            (17, U8, hr + 20 if hr else 0),
            (22, U16, 12),
        ],
    )


def activity(at: dt.datetime, local_offset_s: int) -> Message:
    return (34, [(253, U32, fit_time(at)), (1, U16, 1), (5, U32, fit_time(at) + local_offset_s)])


def sport(sport_: int, sub_sport: int) -> Message:
    return (12, [(0, ENUM, sport_), (1, ENUM, sub_sport)])


def strength_set(
    at: dt.datetime, reps: int, kg: float | None, category: int, subtype: int, *, active: bool = True
) -> Message:
    return (
        225,
        [
            (254, U32, fit_time(at) + 40),
            (0, U32, 40_000),
            (3, U16, reps),
            (4, U16, 0xFFFF if kg is None else round(kg * 16)),  # 0xFFFF: invalid, no weight
            (5, U8, 1 if active else 0),
            (6, U32, fit_time(at)),
            (7, U16, category),
            (8, U16, subtype),
        ],
    )


def records(count: int = 40) -> list[Message]:
    return [record(START + dt.timedelta(seconds=10 * i), 140 + i % 10, 30.0 * i) for i in range(count)]


def sample_run() -> bytes:
    """A 400 s run: file_id, 40 records, session, activity (UTC+1). tests/importers/files/truncated.fit
    is its first 500 bytes."""
    return encode(file_id(), *records(), session(), activity(START + dt.timedelta(seconds=405), 3600))


def test_sample_run_reads_as_written() -> None:
    assert fit.read(sample_run(), "run.fit") == [
        Activity(
            start=START,
            sport="running",
            source_format="fit",
            sub_sport="generic",
            utc_offset_s=3600,
            distance_m=1170.0,
            moving_s=400.0,
            elapsed_s=405.0,
            avg_hr=150.0,
            max_hr=170.0,
            ascent_m=12.0,
        )
    ]


def test_empty_file_is_named() -> None:
    with pytest.raises(ImportFileError, match=r"^empty\.fit: empty file$"):
        fit.read((FILES / "empty.fit").read_bytes(), "empty.fit")


def test_truncated_file_names_the_byte_offset() -> None:
    data = (FILES / "truncated.fit").read_bytes()
    assert data == sample_run()[:500]
    with pytest.raises(ImportFileError) as caught:
        fit.read(data, "truncated.fit")
    assert caught.value.where.startswith("@")
    assert 14 < int(caught.value.where[1:]) <= 500
    assert str(caught.value).startswith(f"truncated.fit:{caught.value.where}: truncated or corrupt FIT data (expected ")


def test_a_file_cut_after_its_session_is_still_rejected() -> None:
    """Summary first, records after (as some Garmin firmware writes): the cut loses records, not the session."""
    data = encode(file_id(), session(), activity(START, 0), *records())
    with pytest.raises(ImportFileError, match=r"^cut\.fit:@\d+: truncated"):
        fit.read(data[: len(data) - 100], "cut.fit")


def test_not_a_fit_file_is_rejected_at_offset_0() -> None:
    with pytest.raises(ImportFileError, match=r"^notes\.fit:@0: truncated or corrupt FIT data \(not a FIT file\)$"):
        fit.read(b"these are my running notes, not a FIT file", "notes.fit")


def test_chained_files_give_one_activity_per_session() -> None:
    first = encode(file_id(), *records(5), session(sport=1))
    second = encode(file_id(), session(START + dt.timedelta(hours=1), sport=2, sub_sport=7))  # cycling, road
    activities = fit.read(first + second, "chain.fit")
    assert [(a.index, a.sport, a.sub_sport, a.start) for a in activities] == [
        (0, "running", "generic", START),
        (1, "cycling", "road", START + dt.timedelta(hours=1)),
    ]


def test_bad_file_crc_still_imports_with_a_warning() -> None:
    data = bytearray(sample_run())
    data[-1] ^= 0xFF
    with pytest.warns(UserWarning, match="mismatching CRC in FIT footer"):
        assert fit.read(bytes(data), "crc.fit") == fit.read(sample_run(), "crc.fit")


def test_records_without_a_session_make_one_activity() -> None:
    data = encode(file_id(), sport(1, 0), *records(), activity(START, -18000))
    assert fit.read(data, "watch.fit") == [
        Activity(
            start=START,
            sport="running",
            source_format="fit",
            sub_sport="generic",
            utc_offset_s=-18000,
            distance_m=1170.0,
            elapsed_s=390.0,
            avg_hr=144.5,
            max_hr=149.0,
        )
    ]


def test_records_without_a_session_or_sport_are_of_unknown_sport() -> None:
    (only,) = fit.read(encode(file_id(), *records(3)), "bare.fit")
    assert (only.sport, only.sub_sport, only.utc_offset_s) == ("unknown", None, None)


def test_records_with_only_device_relative_times_are_rejected() -> None:
    data = encode(file_id(), *[record(1000 + i, 140, i) for i in range(3)])
    with pytest.raises(ImportFileError, match=r"^rel\.fit: records carry only device-relative times"):
        fit.read(data, "rel.fit")


def test_device_relative_start_falls_back_to_the_first_absolute_timestamp() -> None:
    data = encode(file_id(), *records(3), session(5000))
    (only,) = fit.read(data, "rel.fit")
    assert only.start == START


def test_not_an_activity_file_names_its_type() -> None:
    with pytest.raises(ImportFileError, match=r"^bike\.fit: not an activity file \(type settings\)$"):
        fit.read(encode(file_id(kind=2)), "bike.fit")
    with pytest.raises(ImportFileError, match=r"^x\.fit: activity file with no session and no records$"):
        fit.read(encode(file_id()), "x.fit")


def test_zero_heart_rate_means_no_sensor_and_a_zero_local_time_no_offset() -> None:
    data = encode(file_id(), session(hr=0), (34, [(253, U32, fit_time(START)), (5, U32, 0)]))
    (only,) = fit.read(data, "zwift.fit")
    assert (only.avg_hr, only.max_hr, only.utc_offset_s) == (None, None, None)


def test_a_sport_newer_than_fitdecode_is_other() -> None:
    (only,) = fit.read(encode(file_id(), session(sport=200, sub_sport=250)), "new.fit")
    assert (only.sport, only.sub_sport) == ("other", None)


def strength_workout(at: dt.datetime) -> bytes:
    """A strength workout whose first set starts at `at`: three active sets and a rest."""
    return encode(
        file_id(),
        session(sport=10, sub_sport=20, seconds=1800),  # training / strength_training
        strength_set(at, 5, 100.0, 28, 6),  # squat / barbell_back_squat
        strength_set(at + dt.timedelta(minutes=1), 0, None, 28, 6, active=False),  # rest
        strength_set(at + dt.timedelta(minutes=2), 8, 22.5, 0, 60000),  # bench_press, subtype unknown to fitdecode
        strength_set(at + dt.timedelta(minutes=4), 12, None, 65534, 0),  # category "unknown"
    )


def test_strength_sets_are_the_active_ones_named_from_category_and_subtype() -> None:
    at = START + dt.timedelta(minutes=5)
    data = strength_workout(at)
    workout = START.isoformat()
    assert fit.read_strength_sets(data, "lift.fit") == [
        ImportedSet(at, workout, "barbell_back_squat", 5, 100.0, "kg", seconds=40.0, order=1),
        ImportedSet(at + dt.timedelta(minutes=2), workout, "bench_press", 8, 22.5, "kg", seconds=40.0, order=2),
        ImportedSet(at + dt.timedelta(minutes=4), workout, "unknown", 12, None, "kg", seconds=40.0, order=3),
    ]


def test_sets_of_a_run_are_not_strength_sets() -> None:
    data = encode(file_id(), session(), strength_set(START, 5, 100.0, 28, 6))
    assert fit.read_strength_sets(data, "run.fit") == []
