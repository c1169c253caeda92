"""Find files (folders, .zip, .gz, nested), tell their format, read them, and turn them into what
the store writes. The reading is per file: a bad file is reported and skipped, never half-kept."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from runlift.core.activity import Activity, ImportedSet, SetKind
from runlift.core.errors import ImportFileError
from runlift.core.library import Library
from runlift.core.log import LiftSession, LoggedSet, SetStatus
from runlift.core.profile import Units
from runlift.store.imports import FileImport

ACTIVITY_KINDS = {".fit": "fit", ".gpx": "gpx", ".tcx": "tcx"}
MAX_MEMBER = 512 * 1024 * 1024  # a single archive member larger than this is refused (zip bombs)


@dataclass(frozen=True, slots=True)
class Source:
    """One file to import, already decompressed. `kind` None means it is not a format we read."""

    path: str  # display path, "export.zip!activities/123.fit.gz" for archive members
    data: bytes
    disk_bytes: float  # its share of the input on disk (progress): a zip member's of the zip, and so on
    kind: str | None
    explicit: bool  # named on the command line (unknown formats are then reported, not ignored)
    sha256: str | None = None  # the content hash, when the caller already took it


@dataclass
class Problem:
    path: str
    reason: str


@dataclass
class Parsed:
    files: list[FileImport] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def discover(paths: Sequence[Path]) -> Iterator[Source | Problem]:
    """Every importable file under `paths`, archives and compressed files opened (nested too).

    Lazy: one file (or archive member) in memory at a time, however large the export."""
    for path in paths:
        if path.is_dir():
            for child in _files(path):
                data = child.read_bytes()
                yield from _from_bytes(str(child), data, explicit=False, share=len(data))
        elif path.is_file():
            data = path.read_bytes()
            yield from _from_bytes(str(path), data, explicit=True, share=len(data))
        else:
            yield Problem(str(path), "no such file or folder")


def disk_bytes(paths: Sequence[Path]) -> int:
    """The size on disk of everything `discover` will read (the progress bar's total)."""
    total = 0
    for path in paths:
        if path.is_dir():
            total += sum(child.stat().st_size for child in _files(path))
        elif path.is_file():
            total += path.stat().st_size
    return total


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def _from_bytes(name: str, data: bytes, explicit: bool, share: float) -> Iterator[Source | Problem]:
    lower = name.lower()
    if lower.endswith(".zip"):
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            members = [i for i in archive.infolist() if not i.is_dir()]
        except zipfile.BadZipFile as exc:
            yield Problem(name, f"not a readable zip archive ({exc})")
            return
        packed = sum(i.compress_size for i in members) or 1
        for info in sorted(members, key=lambda i: i.filename):
            if info.file_size > MAX_MEMBER:
                yield Problem(f"{name}!{info.filename}", "archive member too large")
                continue
            try:
                content = archive.read(info)
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                yield Problem(f"{name}!{info.filename}", f"cannot be extracted ({exc})")
                continue
            yield from _from_bytes(f"{name}!{info.filename}", content, False, share * info.compress_size / packed)
        return
    if lower.endswith(".gz"):
        try:
            content = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            yield Problem(name, f"not a readable .gz file ({exc})")
            return
        inner = name[: -len(".gz")]
        for item in _from_bytes(inner, content, explicit, share):
            yield replace(item, path=name) if isinstance(item, Source) else item
        return
    yield Source(name, data, share, _kind(lower, data), explicit)


def _kind(lower: str, data: bytes) -> str | None:
    for ext, kind in ACTIVITY_KINDS.items():
        if lower.endswith(ext):
            return kind
    if lower.endswith(".csv"):
        return _csv_kind(data)
    return None


def _csv_kind(data: bytes) -> str | None:
    head = data[:4096].decode("utf-8-sig", errors="replace")
    first = head.splitlines()[0] if head else ""
    try:
        dialect = csv.Sniffer().sniff(first, delimiters=",;")
        header = next(csv.reader([first], dialect))
    except (csv.Error, StopIteration):
        header = first.split(",")
    names = {h.strip().strip('"') for h in header}
    if {"Activity ID", "Activity Type", "Activity Date"} <= names:
        return "strava"
    if "exercise_title" in names and "set_index" in names:
        return "hevy"
    if "Exercise Name" in names and "Set Order" in names:
        return "strong"
    return None


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_source(source: Source, library: Library, units: Units) -> FileImport:
    """Read one file into what the store writes; ImportFileError for a bad file.

    What a reader tolerated (fitdecode's warnings on a bad CRC) is not printed over the progress bar."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _read_source(source, library, units)


def _read_source(source: Source, library: Library, units: Units) -> FileImport:
    if not source.data:
        raise ImportFileError(source.path, "", "empty file")
    digest = source.sha256 or sha256(source.data)
    f = FileImport(source.path, digest, source.kind or "unknown")
    if source.kind == "fit":
        from runlift.importers import fit_summary

        summary = fit_summary.read(source.data, source.path)
        f.activities = summary.activities
        f.sessions, f.names = _lift_sessions(summary.sets, library, units, "fit")
    elif source.kind in ("gpx", "tcx"):
        f.activities = _read_activities(source)
    elif source.kind in ("strong", "hevy"):
        sets = _read_sets(source, units)
        f.sessions, f.names = _lift_sessions(sets, library, units, source.kind)
    elif source.kind == "strava":
        from runlift.importers import strava

        f.activities = [row.activity for row in strava.read(source.data, source.path)]
    else:
        raise ImportFileError(source.path, "", "not a FIT, GPX, TCX file or a Strong, Hevy or Strava CSV")
    return f


def _read_activities(source: Source) -> list[Activity]:
    if source.kind == "gpx":
        from runlift.importers import gpx_summary

        return gpx_summary.read(source.data, source.path)
    from runlift.importers import tcx

    return tcx.read(source.data, source.path)


def _read_sets(source: Source, units: Units) -> list[ImportedSet]:
    if source.kind == "strong":
        from runlift.importers import strong_csv

        return strong_csv.read(source.data, source.path, unit=units.value)
    from runlift.importers import hevy_csv

    return hevy_csv.read(source.data, source.path)


STATUS = {SetKind.WARMUP: SetStatus.WARMUP}


def _lift_sessions(
    sets: Sequence[ImportedSet], library: Library, units: Units, kind: str
) -> tuple[list[LiftSession], dict[str, tuple[str, str, float]]]:
    """Group imported sets into sessions and map their names to the library (or custom exercises)."""
    if not sets:
        return [], {}
    from runlift.importers.exercise_names import custom_id, map_names

    matches = map_names({s.exercise for s in sets}, library)
    names: dict[str, tuple[str, str, float]] = {}
    for source_name, match in matches.items():
        exercise = match.exercise_id or custom_id(source_name)
        names[source_name] = (exercise, match.how, float(match.score))
    grouped: dict[tuple[str, object], list[ImportedSet]] = {}
    for s in sets:
        grouped.setdefault((s.workout, s.performed_at), []).append(s)
    sessions = []
    for (workout, _when), items in sorted(grouped.items(), key=lambda kv: (str(kv[0][1]), kv[0][0])):
        logged = tuple(_logged(s, names[s.exercise][0], units) for s in sorted(items, key=lambda x: x.order))
        day = items[0].performed_at.date()
        sessions.append(LiftSession(day, logged, planned=False, note=f"{kind}: {workout}"))
    return sessions, names


def _logged(s: ImportedSet, exercise: str, units: Units) -> LoggedSet:
    unit = Units.LB if s.unit.lower().startswith("lb") else Units.KG
    reps = s.reps if s.reps and s.reps > 0 else max(1, int(s.seconds or 1))  # holds: seconds as reps
    status = STATUS.get(s.kind, SetStatus.DONE)
    return LoggedSet(exercise, reps, float(s.weight or 0.0), unit, rpe=s.rpe, status=status)
