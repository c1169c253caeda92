"""A generated FIT archive: distinct, device-like activity files for the import benchmark and tests.

Each file is what a GPS watch writes for one activity: file_id, device_info, a timer event, optional
developer data (a power field, as Stryd or a Connect IQ app adds), one `record` a second (or every
few seconds, "smart recording"; some files with compressed-timestamp headers, some big-endian),
a lap per kilometre, the session and the activity message, then the CRC. Runs are most of them;
rides, swims, treadmill runs without GPS and a few strength workouts with `set` messages are mixed in.

Deterministic for a given seed; files differ in every field, so no two hash alike. `minutes_scale`
shortens every activity (the same mix of sports, recording modes and headers, fewer records): tests
that compare readers on many files use short ones, since the reference reader (fitdecode) takes
~0.15 s per hour-long file; archives are cached per process (they are immutable bytes)."""

from __future__ import annotations

import datetime as dt
import functools
import math
import random
import struct
from dataclasses import dataclass

FIT_EPOCH = dt.datetime(1989, 12, 31, tzinfo=dt.UTC)
U8, U16, U32, S32, ENUM, U32Z, STRING = 0x02, 0x84, 0x86, 0x85, 0x00, 0x8C, 0x07
FORMATS = {U8: "B", U16: "H", U32: "I", S32: "i", ENUM: "B", U32Z: "I"}
RUNNING, CYCLING, SWIMMING, TRAINING = 1, 2, 5, 10
TREADMILL, STRENGTH_TRAINING = 1, 20


def _crc_table() -> list[int]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
        table.append(crc)
    return table


CRC_TABLE = _crc_table()


def crc16(data: bytes, crc: int = 0) -> int:
    """The FIT CRC (CRC-16/ARC)."""
    table = CRC_TABLE
    for b in data:
        crc = (crc >> 8) ^ table[(crc ^ b) & 0xFF]
    return crc


@dataclass(frozen=True)
class Shape:
    """What one generated activity is."""

    sport: int
    sub_sport: int
    start: dt.datetime
    seconds: int
    step_s: int  # seconds between records
    gps: bool
    developer: bool
    compressed: bool
    big_endian: bool
    utc_offset_s: int


class _Writer:
    """FIT messages into one body, each data message after its definition on a local type."""

    def __init__(self, big_endian: bool) -> None:
        self.body = bytearray()
        self.endian = ">" if big_endian else "<"
        self.structs: dict[int, struct.Struct] = {}

    def define(
        self, local: int, global_num: int, fields: list[tuple[int, int]], dev: list[tuple[int, int, int]]
    ) -> None:
        """fields: (number, base type); dev: (number, size, developer index)."""
        header = 0x40 | local | (0x20 if dev else 0)
        self.body += struct.pack(
            f"{self.endian}BBBHB", header, 0, 1 if self.endian == ">" else 0, global_num, len(fields)
        )
        for number, base in fields:
            self.body += bytes((number, struct.calcsize(FORMATS.get(base, "B")) if base != STRING else 16, base))
        if dev:
            self.body += bytes((len(dev),))
            for number, size, index in dev:
                self.body += bytes((number, size, index))
        fmt = "".join("16s" if base == STRING else FORMATS[base] for number, base in fields)
        fmt += "".join("H" if size == 2 else "B" * size for _, size, _ in dev)
        self.structs[local] = struct.Struct(self.endian + fmt)

    def data(self, local: int, *values: object, compressed_offset: int | None = None) -> None:
        header = 0x80 | (local << 5) | compressed_offset if compressed_offset is not None else local
        self.body.append(header)
        self.body += self.structs[local].pack(*values)


def fit_time(at: dt.datetime) -> int:
    return int((at - FIT_EPOCH).total_seconds())


def activity_file(shape: Shape, rng: random.Random) -> bytes:
    """One activity as a FIT file."""
    w = _Writer(shape.big_endian)
    t0 = fit_time(shape.start)
    w.define(0, 0, [(0, ENUM), (1, U16), (2, U16), (3, U32Z), (4, U32)], [])
    w.data(0, 4, rng.choice([1, 294, 265, 32]), rng.randrange(1, 4000), rng.randrange(1, 2**31), t0)
    w.define(1, 23, [(253, U32), (0, U8), (2, U16), (4, U16), (5, U16)], [])
    for index in range(rng.randrange(1, 4)):
        w.data(1, t0, index, rng.choice([1, 123]), rng.randrange(1, 4000), rng.randrange(100, 2000))
    w.define(2, 21, [(253, U32), (0, ENUM), (1, ENUM), (3, U32)], [])
    w.data(2, t0, 0, 0, 0)
    dev = []
    if shape.developer:
        w.define(3, 207, [(1, U8), (3, U8)], [])
        w.data(3, 7, 0)
        w.define(3, 206, [(0, U8), (1, U8), (2, U8), (3, STRING)], [])
        w.data(3, 0, 0, U16, b"Power\x00".ljust(16, b"\x00"))
        dev = [(0, 2, 0)]
    record_fields = [(253, U32), (5, U32), (73, U32), (78, U32), (3, U8), (4, U8)]
    if shape.gps:
        record_fields[1:1] = [(0, S32), (1, S32)]
    if shape.compressed:
        record_fields = record_fields[1:]  # the header carries the time
    record_local = 0 if shape.compressed else 4  # a compressed header has room for local types 0-3 only
    w.define(record_local, 20, record_fields, dev)
    w.define(5, 19, [(253, U32), (2, U32), (7, U32), (8, U32), (9, U32), (15, U8), (16, U8)], [])
    pace = rng.uniform(2.3, 4.2) if shape.sport == RUNNING else rng.uniform(5.0, 9.0)
    if shape.sport == SWIMMING:
        pace = rng.uniform(0.7, 1.2)
    lat, lon = rng.uniform(-0.9, 0.9), rng.uniform(-3.0, 3.0)  # radians
    altitude = rng.uniform(0.0, 1500.0)
    distance = 0.0
    ascent = 0.0
    hr_sum = hr_count = hr_max = 0
    lap_start, lap_distance = 0, 1000.0
    for second in range(0, shape.seconds + 1, shape.step_s):
        speed = max(0.3, pace + 0.4 * math.sin(second / 97.0) + rng.uniform(-0.2, 0.2))
        distance += speed * shape.step_s
        climb = 0.5 * math.sin(second / 311.0) + rng.uniform(-0.1, 0.1)
        altitude = max(0.0, altitude + climb)
        ascent += max(0.0, climb)
        hr = int(min(200, 120 + 45 * min(1.0, second / 600) + 8 * math.sin(second / 60.0) + rng.uniform(-3, 3)))
        hr_sum, hr_count, hr_max = hr_sum + hr, hr_count + 1, max(hr_max, hr)
        lat += speed * math.cos(second / 500.0) / 6_371_000 * shape.step_s
        lon += speed * math.sin(second / 500.0) / 6_371_000 * shape.step_s
        values: list[object] = []
        if not shape.compressed:
            values.append(t0 + second)
        if shape.gps:
            values += [int(lat / math.pi * 2**31), int(lon / math.pi * 2**31)]
        values += [round(distance * 100), round(speed * 1000), round((altitude + 500) * 5), hr, rng.randrange(80, 95)]
        if dev:
            values.append(rng.randrange(150, 400))
        if shape.compressed:
            if second % 30 == 0:  # a full timestamp now and then keeps the 5-bit offsets anchored
                w.define(6, 21, [(253, U32), (0, ENUM), (1, ENUM)], [])
                w.data(6, t0 + second, 26, 3)  # a "timer marker" event that carries the time
            w.data(record_local, *values, compressed_offset=(t0 + second) & 0x1F)
        else:
            w.data(record_local, *values)
        if distance >= lap_distance or second + shape.step_s > shape.seconds:
            length = second - lap_start
            w.data(5, t0 + second, t0 + lap_start, length * 1000, length * 1000, 1000 * 100, hr, hr_max)
            lap_start, lap_distance = second, lap_distance + 1000.0
    end = t0 + shape.seconds
    paused = rng.choice([0, 0, 0, 30, 120])
    w.define(7, 18, [(253, U32), (2, U32), (5, ENUM), (6, ENUM), (7, U32), (8, U32), (9, U32), (14, U16),
                     (16, U8), (17, U8), (22, U16), (11, U16)], [])  # fmt: skip
    w.data(7, end, t0, shape.sport, shape.sub_sport, (shape.seconds + paused) * 1000, shape.seconds * 1000,
           round(distance * 100), min(65534, round(distance / max(1, shape.seconds) * 1000)),
           hr_sum // max(1, hr_count), hr_max, round(ascent), rng.randrange(100, 2000))  # fmt: skip
    if shape.sport == TRAINING and shape.sub_sport == STRENGTH_TRAINING:
        _strength_sets(w, t0, rng)
    w.define(8, 34, [(253, U32), (0, U32), (1, U16), (2, ENUM), (3, ENUM), (4, ENUM), (5, U32)], [])
    w.data(8, end, shape.seconds * 1000, 1, 0, 26, 1, end + shape.utc_offset_s)
    header = struct.pack("<BBHI4s", 14, 0x20, 2132, len(w.body), b".FIT")
    header += struct.pack("<H", crc16(header))
    content = header + bytes(w.body)
    return content + struct.pack("<H", crc16(content))


def _strength_sets(w: _Writer, t0: int, rng: random.Random) -> None:
    w.define(9, 225, [(254, U32), (0, U32), (3, U16), (4, U16), (5, U8), (6, U32), (7, U16), (8, U16)], [])
    at = t0
    for _ in range(rng.randrange(6, 16)):
        category, subtype = rng.choice([(28, 6), (8, 3), (0, 1)])  # squat, deadlift, bench press
        w.data(9, at + 40, 40_000, rng.randrange(5, 12), rng.randrange(20, 100) * 16, 1, at, category, subtype)
        w.data(9, at + 130, 90_000, 0xFFFF, 0xFFFF, 0, at + 40, 0xFFFF, 0xFFFF)
        at += 130


def shapes(count: int, seed: int = 7, minutes_scale: float = 1.0) -> list[Shape]:
    """`count` activities over the ten years before 2026-11-26, one every ~day: a runner's archive.
    `minutes_scale` < 1 shortens each activity (to at least two minutes), drawing the same shapes."""
    rng = random.Random(seed)
    first = dt.datetime(2016, 11, 28, 6, 0, tzinfo=dt.UTC)
    out = []
    for i in range(count):
        start = first + dt.timedelta(days=i * 3650 / max(count, 1), seconds=rng.randrange(0, 12 * 3600))
        roll = rng.random()
        sport, sub_sport, seconds = RUNNING, 0, rng.randrange(20 * 60, 100 * 60)
        if roll < 0.08:
            sport, sub_sport, seconds = CYCLING, 0, rng.randrange(45 * 60, 180 * 60)
        elif roll < 0.12:
            sport, sub_sport, seconds = SWIMMING, 17, rng.randrange(20 * 60, 50 * 60)
        elif roll < 0.13:
            sport, sub_sport, seconds = TRAINING, STRENGTH_TRAINING, rng.randrange(30 * 60, 60 * 60)
        elif roll < 0.20:
            sub_sport = TREADMILL
        gps = sub_sport not in (TREADMILL, STRENGTH_TRAINING) and sport != SWIMMING
        out.append(
            Shape(
                sport=sport,
                sub_sport=sub_sport,
                start=start,
                seconds=seconds if minutes_scale == 1.0 else max(120, round(seconds * minutes_scale)),
                step_s=1 if rng.random() < 0.7 else rng.randrange(2, 5),
                gps=gps,
                developer=sport == RUNNING and rng.random() < 0.3,
                compressed=rng.random() < 0.1,
                big_endian=rng.random() < 0.05,
                utc_offset_s=rng.choice([0, 3600, 7200, -18000, -25200, 36000]),
            )
        )
    return out


@functools.cache
def archive(count: int, seed: int = 7, minutes_scale: float = 1.0) -> tuple[tuple[str, bytes], ...]:
    """(file name, FIT bytes) for `count` generated activities."""
    rng = random.Random(seed)
    return tuple(
        (f"{s.start:%Y-%m-%d-%H%M%S}-{i:04d}.fit", activity_file(s, rng))
        for i, s in enumerate(shapes(count, seed, minutes_scale))
    )
