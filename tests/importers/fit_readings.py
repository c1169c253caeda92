"""Each real FIT file decoded once, for test_fit's per-file tests: runlift.importers.fit (the reader under
test) decodes it with fitdecode, and the reference is made from the data messages fitdecode yields to it,
recorded as they pass. fitdecode is asserted to run as the MANIFEST's lax pass did (errors as warnings, its
own processing of every value), so the messages are the ones a decoding of its own would give.

fitdecode decodes in Python, ~2.3 s of CPU per MB: each file used to be decoded a second time for the
reference, and a third for test_fit_summary's comparison (in whichever process ran it), 16 s a time for
the ~7 MB of real files. fit_summary, the fast reader, is compared in the same test (`summary_outcome`)."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import fitdecode

from runlift.core.activity import Activity, ImportedSet
from runlift.core.errors import ImportFileError
from runlift.importers import fit, fit_summary

# What sends a real file to fitdecode; anything else in a file that imports is read by fit_summary.
REAL_FALLBACKS = {"no session message"}


@dataclass(frozen=True)
class Reading:
    """What runlift.importers.fit.read_file made of a file: its activities and sets, or its error; and
    the warnings it raised (fitdecode's lax mode warns about what it let through)."""

    activities: tuple[Activity, ...]
    sets: tuple[ImportedSet, ...]
    error: ImportFileError | None
    warnings: tuple[str, ...]

    def outcome(self) -> tuple[object, ...]:
        """("ok", activities, sets) or ("error", message), as test_fit_summary compares readers."""
        if self.error is not None:
            return ("error", str(self.error))
        return ("ok", list(self.activities), list(self.sets))


@dataclass(frozen=True)
class Reference:
    """What fitdecode read in the file, made Activities by the rules in runlift.importers.fit's docstring;
    the file's absolute timestamps; how many `set` messages it holds."""

    sessions: tuple[Activity, ...]
    absolute_timestamps: tuple[dt.datetime, ...]
    set_messages: int


@functools.cache
def readings(path: Path) -> tuple[Reading, Reference]:
    """runlift.importers.fit's reading of a real file, and fitdecode's, from one decoding."""
    with recorded_frames() as frames, warnings.catch_warnings(record=True) as tolerated:
        warnings.simplefilter("always")
        try:
            activities, sets = fit.read_file(path.read_bytes(), path.name)
            error = None
        except ImportFileError as exc:
            activities, sets, error = [], [], exc
    reading = Reading(tuple(activities), tuple(sets), error, tuple(str(w.message) for w in tolerated))
    stamps = (frame.get_value("timestamp", fallback=None) for frame in frames)
    reference = Reference(
        sessions=tuple(fitdecode_sessions(frames)),
        absolute_timestamps=tuple(at for at in stamps if isinstance(at, dt.datetime)),
        set_messages=sum(frame.name == "set" for frame in frames),
    )
    return reading, reference


@contextlib.contextmanager
def recorded_frames() -> Iterator[list[fitdecode.FitDataMessage]]:
    """The data messages of every fitdecode.FitReader made inside, in the order they are decoded."""
    frames: list[fitdecode.FitDataMessage] = []
    made: list[dict[str, Any]] = []
    plain = fitdecode.FitReader

    class Recording(plain):  # type: ignore[misc,valid-type]
        def __init__(self, fileish: object, **options: Any) -> None:
            made.append(options)
            super().__init__(fileish, **options)

        def __iter__(self) -> Iterator[object]:
            for frame in super().__iter__():
                if frame.frame_type == fitdecode.FIT_FRAME_DATA:
                    frames.append(frame)
                yield frame

    fitdecode.FitReader = Recording
    try:
        yield frames
    finally:
        fitdecode.FitReader = plain
    assert made, "runlift.importers.fit no longer decodes with fitdecode.FitReader: decode the reference apart"
    for options in made:  # the lax pass: every value processed by fitdecode, what it cannot read a warning
        assert set(options) <= {"check_crc", "error_handling", "keep_raw_chunks"}, options
        assert options.get("error_handling") is fitdecode.ErrorHandling.WARN, options
        assert options.get("check_crc", fitdecode.CrcCheck.WARN) is not fitdecode.CrcCheck.RAISE, options


def fitdecode_sessions(frames: list[fitdecode.FitDataMessage]) -> list[Activity]:
    activity = next((f for f in frames if f.name == "activity"), None)
    offset = None
    if activity is not None:
        utc, local = (
            activity.get_value("timestamp", fallback=None),
            activity.get_value("local_timestamp", fallback=None),
        )
        if isinstance(utc, dt.datetime) and isinstance(local, dt.datetime):
            seconds = int((local - utc).total_seconds())
            offset = seconds if -12 * 3600 <= seconds <= 14 * 3600 else None

    def value(frame: fitdecode.FitDataMessage, name: str) -> float | None:
        raw = frame.get_value(name, fallback=None)
        return None if raw is None else float(raw)

    def heart_rate(frame: fitdecode.FitDataMessage, name: str) -> float | None:
        return value(frame, name) or None

    sessions = [f for f in frames if f.name == "session"]
    return [
        Activity(
            start=s.get_value("start_time"),
            sport=s.get_value("sport").lower(),
            source_format="fit",
            sub_sport=s.get_value("sub_sport", fallback=None),
            utc_offset_s=offset,
            distance_m=value(s, "total_distance"),
            moving_s=value(s, "total_timer_time"),
            elapsed_s=value(s, "total_elapsed_time"),
            avg_hr=heart_rate(s, "avg_heart_rate"),
            max_hr=heart_rate(s, "max_heart_rate"),
            ascent_m=value(s, "total_ascent"),
            index=index,
        )
        for index, s in enumerate(sessions)
    ]


def summary_outcome(path: Path) -> tuple[tuple[object, ...], str | None]:
    """fit_summary's outcome for a file, as Reading.outcome gives runlift.importers.fit's, and why it left
    the file to fitdecode (None: it read it; "error": it raised)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            summary = fit_summary.read(path.read_bytes(), path.name)
        except ImportFileError as exc:
            return ("error", str(exc)), "error"
    return ("ok", summary.activities, summary.sets), summary.fallback


def assert_summary_reads_it_alike(path: Path, reading: Reading) -> None:
    """fit_summary gives runlift.importers.fit's answer (activities and sets, or the error word for word),
    and goes to fitdecode only for what it leaves to it (a file that fails, only through fitdecode)."""
    got, why = summary_outcome(path)
    assert got == reading.outcome()
    if reading.error is None:
        assert why is None or why in REAL_FALLBACKS, why
    else:
        assert why is not None
