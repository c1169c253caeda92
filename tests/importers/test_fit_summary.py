"""runlift.importers.fit_summary against its reference, fitdecode (runlift.importers.fit): the same
answer, activities and sets or the same error, for a generated archive, files built byte by byte, and
mutated files; and the fast path really taken where nothing is unusual. Every real file is compared in
test_fit's per-file tests, which decode it once for runlift.importers.fit and fitdecode alike."""

from __future__ import annotations

import datetime as dt
import struct
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runlift.core.errors import ImportFileError
from runlift.importers import fit, fit_summary
from tests.budget import examples
from tests.fitgen import Shape, activity_file, archive
from tests.importers.test_fit import (
    START,
    U8,
    U32,
    Message,
    activity,
    encode,
    file_id,
    fit_time,
    records,
    sample_run,
    session,
    strength_workout,
)
from tests.importers.test_fuzz import mutations


def outcome(read: object, data: bytes, name: str) -> tuple[object, ...]:
    """("ok", activities, sets) or ("error", message): what a reader makes of a file."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            if read is fit_summary.read:
                summary = fit_summary.read(data, name)
                return ("ok", summary.activities, summary.sets)
            activities, sets = fit.read_file(data, name)
            return ("ok", activities, sets)
        except ImportFileError as exc:
            return ("error", str(exc))


def fallback(data: bytes, name: str) -> str | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return fit_summary.read(data, name).fallback
        except ImportFileError:
            return "error"


def test_a_generated_archive_reads_as_fitdecode_reads_it() -> None:
    files = archive(60, seed=11, minutes_scale=0.1)  # every shape of the archive, 2-10 minutes each
    for name, data in files:
        assert outcome(fit_summary.read, data, name) == outcome(fit.read_file, data, name), name
    assert {fallback(data, name) for name, data in files} == {None}


SHAPES = st.builds(
    Shape,
    sport=st.sampled_from([1, 2, 5, 10]),
    sub_sport=st.sampled_from([0, 1, 17, 20]),
    start=st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2035, 1, 1), timezones=st.just(dt.UTC)),
    seconds=st.integers(1, 900),
    step_s=st.integers(1, 4),
    gps=st.booleans(),
    developer=st.booleans(),
    compressed=st.booleans(),
    big_endian=st.booleans(),
    utc_offset_s=st.integers(-12 * 3600, 14 * 3600),
)


@settings(max_examples=examples(60))
@given(SHAPES, st.randoms(use_true_random=False))
def test_any_generated_activity_reads_as_fitdecode_reads_it(shape, rng) -> None:
    data = activity_file(shape, rng)
    assert outcome(fit_summary.read, data, "g.fit") == outcome(fit.read_file, data, "g.fit")
    assert fallback(data, "g.fit") is None


def hr_messages(*, packed_first: bool = False, invalid_packed: bool = False) -> list[Message]:
    """Heart rate a strap stored and sent later (swims): an event_timestamp, then 12-bit packed ones."""
    stamp = fit_time(START)
    event = (132, [(253, U32, stamp + 60), (9, U32, 30 * 1024), (6, U8, 140)])  # 30 s, in 1/1024 s
    packed_bytes = b"\xff" * 12 if invalid_packed else bytes(range(1, 13))
    packed = (132, [(6, (0x02, "8s"), b"\x8c" * 8), (10, (0x0D, "12s"), packed_bytes)])
    return [packed, event] if packed_first else [event, packed]


SEEDS = {
    "hr": encode(file_id(), *records(5), *hr_messages(), session(), activity(START, 0)),
    "sample": sample_run(),
    "generated": archive(1, seed=3)[0][1],
}


@pytest.mark.parametrize("seed", SEEDS)
def test_mutated_files_read_as_fitdecode_reads_them(seed: str) -> None:
    """Bit flips, cuts, inserts: the summary gives fitdecode's answer, activities or error, every time.

    (A local campaign of 4,600 mutated real and generated files found no difference either.)"""
    original = SEEDS[seed]

    @settings(max_examples=examples(150), suppress_health_check=list(HealthCheck))
    @given(mutations(original))
    def run(data: bytes) -> None:
        assert outcome(fit_summary.read, data, "m.fit") == outcome(fit.read_file, data, "m.fit")

    run()


# --- built byte by byte ----------------------------------------------------------------------


def test_a_plain_run_is_read_without_fitdecode() -> None:
    summary = fit_summary.read(sample_run(), "run.fit")
    assert summary.fallback is None
    assert summary.activities == fit.read(sample_run(), "run.fit")


def test_chained_files_and_a_bad_crc_read_as_fitdecode_reads_them() -> None:
    first = encode(file_id(), *records(5), session(sport=1))
    second = encode(file_id(), session(START + dt.timedelta(hours=1), sport=2, sub_sport=7))
    bad_crc = bytearray(sample_run())
    bad_crc[-1] ^= 0xFF
    for data in (first + second, bytes(bad_crc)):
        assert outcome(fit_summary.read, data, "x.fit") == outcome(fit.read_file, data, "x.fit")
        assert fallback(data, "x.fit") is None


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (encode(file_id(), *records(3), session(5000)), "session start_time is not an absolute date"),
        (encode(file_id(), *records(3)), "no session message"),
        (sample_run()[:500], "body or CRC runs past the end of the data"),
        (sample_run() + b"\x00\x01", "truncated header"),
        (b"not a FIT file at all, just some words", "unusual header"),
    ],
    ids=["relative-start", "no-session", "truncated", "trailing-bytes", "not-fit"],
)
def test_what_the_summary_leaves_to_fitdecode(data: bytes, why: str) -> None:
    with pytest.raises(fit_summary.Fallback, match=why):
        fit_summary.summarize(data, "x.fit")
    assert outcome(fit_summary.read, data, "x.fit") == outcome(fit.read_file, data, "x.fit")


def test_strength_sets_are_read_without_fitdecode_as_fitdecode_reads_them() -> None:
    data = strength_workout(START + dt.timedelta(minutes=5))
    summary = fit_summary.read(data, "lift.fit")
    assert summary.fallback is None
    assert len(summary.sets) == 3 and summary.sets[0].exercise == "barbell_back_squat"
    assert outcome(fit_summary.read, data, "lift.fit") == outcome(fit.read_file, data, "lift.fit")


def test_an_array_of_categories_reads_as_fitdecode_reads_it() -> None:
    """A watch may write category as an array: fitdecode then gives numbers, which are named all the same."""
    categories = struct.pack("<HH", 28, 0xFFFF)  # squat, then an invalid entry
    message = (225, [(5, U8, 1), (6, U32, fit_time(START)), (7, (0x84, "4s"), categories), (8, (0x84, "H"), 6)])
    data = encode(file_id(), session(sport=10, sub_sport=20), message)
    assert outcome(fit_summary.read, data, "a.fit") == outcome(fit.read_file, data, "a.fit")
    summary = fit_summary.read(data, "a.fit")
    assert summary.fallback is None
    assert [s.exercise for s in summary.sets] == ["barbell_back_squat"]


def test_an_activity_message_with_a_compressed_timestamp_goes_to_fitdecode() -> None:
    data = bytearray(encode(file_id(), session(), activity(START, 3600)))
    # the activity is the last definition + data pair: turn its data header into a compressed one
    body_end = len(data) - 2
    data_header = body_end - (4 + 2 + 4) - 1
    assert data[data_header] == 0x00
    data[data_header] = 0x80  # local 0, time offset 0
    assert fallback(bytes(data), "c.fit") == "activity message with a compressed timestamp"
    assert outcome(fit_summary.read, bytes(data), "c.fit") == outcome(fit.read_file, bytes(data), "c.fit")


@pytest.mark.parametrize(
    ("messages", "why"),
    [
        (hr_messages(), None),
        (hr_messages(packed_first=True), "hr event_timestamp_12 before any event_timestamp"),
        (hr_messages(invalid_packed=True), "hr event_timestamp_12 invalid"),
    ],
    ids=["event-then-packed", "packed-first", "packed-invalid"],
)
def test_hr_messages_are_followed_as_fitdecode_decodes_them(messages: list[Message], why: str | None) -> None:
    data = encode(file_id(), *records(5), *messages, session(), activity(START, 0))
    assert fallback(data, "hr.fit") == (why if why is None else "error")
    if why is not None:  # fitdecode fails on these files, and says so
        with pytest.raises(fit_summary.Fallback, match=why):
            fit_summary.summarize(data, "hr.fit")
    assert outcome(fit_summary.read, data, "hr.fit") == outcome(fit.read_file, data, "hr.fit")


def test_a_big_endian_session_reads_as_fitdecode_reads_it() -> None:
    big = bytearray()
    fields = [(253, U32, fit_time(START) + 400), (2, U32, fit_time(START)), (9, U32, 250_000)]
    big += struct.pack(">BBBHB", 0x40, 0, 1, 18, len(fields))
    for number, (base, fmt), _ in fields:
        big += struct.pack(">BBB", number, struct.calcsize(fmt), base)
    big += b"\x00" + b"".join(struct.pack(">" + fmt, raw) for _, (_, fmt), raw in fields)
    header = struct.pack("<BBHI4s", 12, 0x20, 2132, len(big), b".FIT")
    data = header + bytes(big) + b"\x00\x00"
    (only,) = fit_summary.read(data, "be.fit").activities
    assert (only.start, only.distance_m) == (START, 2500.0)
    assert outcome(fit_summary.read, data, "be.fit") == outcome(fit.read_file, data, "be.fit")
