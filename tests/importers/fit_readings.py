"""The real FIT files as fitdecode (the reference) and runlift.importers.fit (the reader under test) read
them, each reading made once per process and shared by test_fit and test_fit_summary.

Both decode every message in Python: ~2.3 s of CPU per MB, 16 s for the ~7 MB of real files. Each file
was decoded three times (runlift's reader in each module, fitdecode in test_fit); now twice, and a test
that finds a reading already made in its process (a worker runs most of both modules) uses it."""

from __future__ import annotations

import datetime as dt
import functools
import warnings
from dataclasses import dataclass
from pathlib import Path

import fitdecode

from runlift.core.activity import Activity, ImportedSet
from runlift.core.errors import ImportFileError
from runlift.importers import fit


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


@functools.cache
def runlift_reading(path: Path) -> Reading:
    with warnings.catch_warnings(record=True) as tolerated:
        warnings.simplefilter("always")
        try:
            activities, sets = fit.read_file(path.read_bytes(), path.name)
        except ImportFileError as exc:
            return Reading((), (), exc, tuple(str(w.message) for w in tolerated))
    return Reading(tuple(activities), tuple(sets), None, tuple(str(w.message) for w in tolerated))


@dataclass(frozen=True)
class Reference:
    """What fitdecode reads in a file (lax, as the MANIFEST's second pass), made Activities by the rules in
    runlift.importers.fit's docstring; the file's absolute timestamps; how many `set` messages it holds."""

    sessions: tuple[Activity, ...]
    absolute_timestamps: tuple[dt.datetime, ...]
    set_messages: int


@functools.cache
def fitdecode_reading(path: Path) -> Reference:
    frames = lax_frames(path)
    stamps = (frame.get_value("timestamp", fallback=None) for frame in frames)
    return Reference(
        sessions=tuple(fitdecode_sessions(frames)),
        absolute_timestamps=tuple(at for at in stamps if isinstance(at, dt.datetime)),
        set_messages=sum(frame.name == "set" for frame in frames),
    )


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


def lax_frames(path: Path) -> list[fitdecode.FitDataMessage]:
    """The data messages fitdecode decodes, going on past what it can tolerate. CRCs are not computed
    (fitdecode checks them in Python, a fifth of its time): they decide warnings, never a decoded value."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reader = fitdecode.FitReader(
            str(path), check_crc=fitdecode.CrcCheck.DISABLED, error_handling=fitdecode.ErrorHandling.WARN
        )
        with reader:
            return [frame for frame in reader if frame.frame_type == fitdecode.FIT_FRAME_DATA]
