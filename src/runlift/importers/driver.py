"""Find files (folders, .zip, .gz, nested), tell their format, read them, and turn them into what
the store writes. The reading is per file: a bad file is reported and skipped, never half-kept."""

from __future__ import annotations

import contextlib
import csv
import functools
import gzip
import hashlib
import io
import os
import re
import tempfile
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, BinaryIO

from runlift.core.activity import Activity, FileImport, ImportedSet, SetKind
from runlift.core.errors import ImportFileError, InputError
from runlift.core.library import Library
from runlift.core.log import LiftSession, LoggedSet, SetStatus
from runlift.core.profile import Units

ACTIVITY_KINDS = {".fit": "fit", ".gpx": "gpx", ".tcx": "tcx"}
MiB = 1024 * 1024
FILE_LIMIT = 512 * MiB  # one file, as read or decompressed: 10x a day-long run's GPX or FIT
BATCH_LIMIT = 8 * 1024 * MiB  # everything one import decompresses, nested archives included
FILE_LIMIT_ENV, BATCH_LIMIT_ENV = "RUNLIFT_IMPORT_FILE_LIMIT", "RUNLIFT_IMPORT_BATCH_LIMIT"
IN_MEMORY = 64 * MiB  # a decompressed member larger than this waits in a temporary file, not in memory
CHUNK = 1 * MiB
TEMP_PREFIX = "runlift-import-"
ZIP_DEFLATE64 = 9


@dataclass(frozen=True, slots=True)
class Source:
    """One file to import. `kind` None means it is not a format we read.

    Its bytes are `data`, or, when `file` is set, the file at that path (a file named on the command
    line or found in a folder, or a large archive member waiting in a temporary file, `temp`)."""

    path: str  # display path, "export.zip!activities/123.fit.gz" for archive members
    data: bytes
    disk_bytes: float  # its share of the input on disk (progress): a zip member's of the zip, and so on
    kind: str | None
    explicit: bool  # named on the command line (unknown formats are then reported, not ignored)
    sha256: str | None = None  # the content hash, when the caller already took it
    file: str | None = None
    temp: bool = False  # `file` is a temporary file of this import: removed once read
    limit: int = FILE_LIMIT  # the most one file may hold (the import's Limits.file)

    @property
    def size(self) -> int:
        return os.path.getsize(self.file) if self.file is not None else len(self.data)

    def open(self) -> BinaryIO:
        """The content as a binary stream."""
        return open(self.file, "rb") if self.file is not None else io.BytesIO(self.data)

    def read(self, limit: int | None = None) -> bytes:
        """The whole content; ImportFileError when it is larger than `limit` (default: the file limit)."""
        cap = self.limit if limit is None else limit
        if self.size > cap:
            raise ImportFileError(self.path, "", f"expected at most {_mb(cap)}, got {_mb(self.size)}{_why(limit)}")
        if self.file is None:
            return self.data
        with self.open() as stream:
            return stream.read()

    def head(self, size: int = 4096) -> bytes:
        if self.file is None:
            return self.data[:size]
        with self.open() as stream:
            return stream.read(size)

    def discard(self) -> None:
        """Remove the temporary file behind this source, if any (once it has been read)."""
        if self.temp and self.file is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.file)


@dataclass
class Problem:
    path: str
    reason: str


@dataclass
class Parsed:
    files: list[FileImport] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Limits:
    """How much one import may decompress: one file, and all of them together."""

    file: int = FILE_LIMIT
    batch: int = BATCH_LIMIT


DEFAULT_LIMITS = Limits()


_SIZE = re.compile(r"^\s*(\d+)\s*([KMG]?)B?\s*$", re.IGNORECASE)


def parse_size(text: str, name: str) -> int:
    """A size like 512M or 2G (K, M, G: powers of 1024) in bytes; InputError naming `name` otherwise. The
    edges read RUNLIFT_IMPORT_FILE_LIMIT and RUNLIFT_IMPORT_BATCH_LIMIT with it (runlift.settings for the
    server, the CLI's root callback for commands) and pass Limits down."""
    found = _SIZE.match(text)
    if not found:
        raise InputError(f"{name}: expected a size in bytes like 512M or 2G, got {text!r}")
    return int(found[1]) * {"": 1, "K": 1024, "M": MiB, "G": 1024 * MiB}[found[2].upper()]


def limits_from(file: str | None, batch: str | None) -> Limits:
    """The limits the two variables' texts set (unset or blank: the default)."""
    return Limits(
        parse_size(file, FILE_LIMIT_ENV) if file and file.strip() else FILE_LIMIT,
        parse_size(batch, BATCH_LIMIT_ENV) if batch and batch.strip() else BATCH_LIMIT,
    )


def _mb(size: int) -> str:
    return f"{size / MiB:.1f} MB" if size < 1024 * MiB else f"{size / 1024 / MiB:.1f} GB"


def _why(limit: int | None) -> str:
    return f" (the limit for one file; {FILE_LIMIT_ENV} sets it)" if limit is None else ""


class _Budget:
    """Bytes one import may still decompress: each file up to the file limit, all of them together up
    to the batch limit (a member of a nested archive draws on it like the archive that holds it)."""

    def __init__(self, given: Limits) -> None:
        self.file, self.batch, self.left = given.file, given.batch, given.batch

    def cap(self) -> int:
        return max(0, min(self.file, self.left))

    def reason(self) -> str:
        """Why a file that needs more than `cap()` is refused."""
        if self.left < self.file:
            return (
                f"expands past what is left ({_mb(self.cap())}) of the {_mb(self.batch)} one import may "
                f"decompress ({BATCH_LIMIT_ENV} sets it); not imported"
            )
        return f"expands past {_mb(self.file)}, the limit for one file ({FILE_LIMIT_ENV} sets it); not imported"


class _TooLarge(Exception):
    pass


def discover(paths: Sequence[Path], limits: Limits = DEFAULT_LIMITS) -> Iterator[Source | Problem]:
    """Every importable file under `paths`, archives and compressed files opened (nested too).

    Lazy: files on disk are read when their turn comes, one archive member in memory at a time, however
    large the export; decompression is a stream that stops at the budget (zip and gzip bombs)."""
    budget = _Budget(limits)
    for path in paths:
        if path.is_dir():
            for child in _files(path):
                yield from _from_disk(child, explicit=False, budget=budget)
        elif path.is_file():
            yield from _from_disk(path, explicit=True, budget=budget)
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


def _from_disk(path: Path, explicit: bool, budget: _Budget) -> Iterator[Source | Problem]:
    name, lower = str(path), str(path).lower()
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield Problem(name, f"cannot be read ({exc.strerror})")
        return
    if lower.endswith(".zip"):
        try:
            with open(path, "rb") as stream:
                yield from _zip(name, stream, explicit, size, budget)
        except OSError as exc:
            yield Problem(name, f"cannot be read ({exc.strerror})")
        return
    if lower.endswith(".gz"):
        try:
            with open(path, "rb") as stream:
                yield from _gz(name, stream, explicit, size, budget)
        except OSError as exc:
            yield Problem(name, f"cannot be read ({exc.strerror})")
        return
    source = Source(name, b"", size, None, explicit, file=name, limit=budget.file)
    try:
        yield replace(source, kind=_kind(lower, source))
    except OSError as exc:
        yield Problem(name, f"cannot be read ({exc.strerror})")


def _from_member(
    name: str, content: Source, explicit: bool, share: float, budget: _Budget
) -> Iterator[Source | Problem]:
    """A decompressed member (bytes or a temporary file): another archive to open, or a file to read."""
    lower = name.lower()
    if lower.endswith(".zip") or lower.endswith(".gz"):
        try:
            with content.open() as stream:
                opened = _zip if lower.endswith(".zip") else _gz
                yield from opened(name, stream, explicit, share, budget)
        finally:
            content.discard()
        return
    yield replace(content, path=name, disk_bytes=share, kind=_kind(lower, content), explicit=explicit)


def _zip(name: str, stream: BinaryIO, explicit: bool, share: float, budget: _Budget) -> Iterator[Source | Problem]:
    try:
        archive = zipfile.ZipFile(stream)
        members = sorted((i for i in archive.infolist() if not i.is_dir()), key=lambda i: i.filename)
    except Exception as exc:  # a crafted directory fails in many ways: each is this file's error
        yield Problem(name, f"not a readable zip archive ({_detail(exc)})")
        return
    packed = sum(i.compress_size for i in members) or 1
    with archive:
        for info in members:
            member = f"{name}!{info.filename}"
            part = share * info.compress_size / packed
            refused = _refused(info, budget)
            if refused:
                yield Problem(member, refused)
                continue
            # corrupt deflate, bad CRC, cut archive: the member's own error
            content = _drained(functools.partial(archive.open, info), budget, member, "cannot be extracted")
            if isinstance(content, Problem):
                yield content
                continue
            yield from _from_member(f"{name}!{info.filename}", content, False, part, budget)


def unsafe_member(name: str) -> bool:
    """A member name that would land outside the folder it is unpacked into ("zip slip": `../x`, `/x`,
    `C:\\x`). runlift never unpacks by name, but an archive made of such names is crafted, not exported."""
    text = name.replace("\\", "/")
    if text.startswith("/") or re.match(r"^[A-Za-z]:", text):
        return True
    return ".." in text.split("/")


def _refused(info: zipfile.ZipInfo, budget: _Budget) -> str | None:
    """Why a member is refused before a byte of it is read, if it is."""
    if unsafe_member(info.filename):
        return "its name points outside the archive (zip slip); not imported"
    if info.flag_bits & 0x1:
        return "password-protected: runlift cannot open it; export it again without a password"
    if info.compress_type == ZIP_DEFLATE64:
        return "compressed with Deflate64, which runlift cannot read; unpack it and import the files"
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA):
        return f"compressed with method {info.compress_type}, which runlift cannot read"
    if info.file_size > budget.cap():  # the header's word; a header that lies is cut at the budget anyway
        return budget.reason()
    return None


def _gz(name: str, stream: BinaryIO, explicit: bool, share: float, budget: _Budget) -> Iterator[Source | Problem]:
    # not gzip, corrupt deflate, cut short: this file's own error
    content = _drained(lambda: gzip.GzipFile(fileobj=stream, mode="rb"), budget, name, "not a readable .gz file")
    if isinstance(content, Problem):
        yield content
        return
    inner = name[: -len(".gz")]
    for item in _from_member(inner, content, explicit, share, budget):
        yield replace(item, path=name) if isinstance(item, Source) and item.path == inner else item


def _drained(
    opener: Callable[[], IO[bytes] | gzip.GzipFile], budget: _Budget, name: str, unreadable: str
) -> Source | Problem:
    """A compressed stream decompressed within the budget, or why it could not be: over the budget,
    or any failure of the decompressor, as `unreadable (detail)`."""
    try:
        with opener() as opened:
            return _drain(opened, budget)
    except _TooLarge as why:
        return Problem(name, str(why))
    except Exception as exc:
        return Problem(name, f"{unreadable} ({_detail(exc)})")


def _drain(stream: IO[bytes] | gzip.GzipFile, budget: _Budget) -> Source:
    """Decompress `stream` to its end, within the budget (_TooLarge past it): bytes, or a temporary file
    when it is large. The budget is charged for what was produced, whether it fit or not."""
    cap, why = budget.cap(), budget.reason()
    parts: list[bytes] = []
    produced = 0
    spill: IO[bytes] | None = None
    try:
        while True:
            chunk = stream.read(min(CHUNK, cap - produced + 1))
            if not chunk:
                break
            produced += len(chunk)
            if produced > cap:
                raise _TooLarge(why)
            if spill is None and produced > IN_MEMORY:
                spill = tempfile.NamedTemporaryFile(prefix=TEMP_PREFIX, delete=False)  # noqa: SIM115
                _TEMPS.add(spill.name)
                spill.writelines(parts)
                parts = []
            if spill is not None:
                spill.write(chunk)
            else:
                parts.append(chunk)
    except BaseException:
        if spill is not None:
            spill.close()
            _remove(spill.name)
        raise
    finally:
        budget.left -= produced
    if spill is not None:
        spill.close()
        return Source("", b"", 0, None, False, file=spill.name, temp=True, limit=budget.file)
    return Source("", b"".join(parts), 0, None, False, limit=budget.file)


_TEMPS: set[str] = set()  # temporary files this process made: removed at the end of the import whatever happened


def _remove(path: str) -> None:
    _TEMPS.discard(path)
    with contextlib.suppress(OSError):
        os.unlink(path)


def cleanup() -> None:
    """Remove what is left of this import's temporary files (an import stopped early leaves some)."""
    for path in list(_TEMPS):
        _remove(path)


def _detail(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _kind(lower: str, source: Source) -> str | None:
    for ext, kind in ACTIVITY_KINDS.items():
        if lower.endswith(ext):
            return kind
    if lower.endswith(".csv"):
        return _csv_kind(source.head())
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


def sha256(data: bytes | Source) -> str:
    """The content hash of bytes or of a source (read in chunks when it is a file)."""
    if isinstance(data, bytes):
        return hashlib.sha256(data).hexdigest()
    if data.file is None:
        return hashlib.sha256(data.data).hexdigest()
    digest = hashlib.sha256()
    with data.open() as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def read_source(source: Source, library: Library, units: Units) -> FileImport:
    """Read one file into what the store writes; ImportFileError for a bad file.

    What a reader tolerated (fitdecode's warnings on a bad CRC) is not printed over the progress bar;
    what the import must tell (a damaged file imported as far as it decodes) is in `FileImport.warnings`."""
    lazy = source.kind in ("strong", "hevy")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _read_source(source, library, units)
    finally:
        if not lazy:  # a CSV is read as it is written, later (its temporary file goes with the import's)
            source.discard()


def _read_source(source: Source, library: Library, units: Units) -> FileImport:
    if source.size == 0:
        raise ImportFileError(source.path, "", "empty file")
    digest = source.sha256 or sha256(source)
    f = FileImport(source.path, digest, source.kind or "unknown")
    if source.kind == "fit":
        from runlift.importers import fit_summary

        data = source.read()
        summary = fit_summary.read(data, source.path)
        f.activities = summary.activities
        f.sessions, f.names = _lift_sessions(summary.sets, library, units, "fit")
        f.warnings = fit_summary.damage(data)
    elif source.kind in ("gpx", "tcx"):
        f.activities = _read_activities(source)
    elif source.kind in ("strong", "hevy"):
        if source.size > source.limit:
            source.read()  # raises: larger than the limit for one file
        lazy = LazySessions(source, units, source.kind)
        f.sessions, f.names = lazy, lazy.names  # read while they are written: memory does not grow with rows
    elif source.kind == "strava":
        from runlift.importers import strava

        f.activities = [row.activity for row in strava.read(source.read(), source.path)]
    else:
        raise ImportFileError(source.path, "", "not a FIT, GPX, TCX file or a Strong, Hevy or Strava CSV")
    return f


XML_HEAD = 64 * 1024  # a DTD comes before the root element: the head of the file holds it


def declares_dtd(head: bytes) -> bool:
    """An XML file that declares a DTD or entities: no device writes one, and entity expansion is how
    XML bombs and external-entity reads work (expat also caps expansion; this refuses them outright)."""
    return b"<!DOCTYPE" in head or b"<!ENTITY" in head


def _read_activities(source: Source) -> list[Activity]:
    if source.size > source.limit:
        source.read()  # raises: larger than the limit for one file
    if declares_dtd(source.head(XML_HEAD)):
        raise ImportFileError(
            source.path, "", "an XML file with a DTD or entities (<!DOCTYPE, <!ENTITY>); not imported"
        )
    if source.kind == "gpx":
        from runlift.importers import gpx_summary

        with source.open() as stream:
            return gpx_summary.read(stream, source.path)
    from runlift.importers import tcx

    with source.open() as stream:
        return tcx.read(stream, source.path)


class LazySessions:
    """The lift sessions of a Strong or Hevy CSV, read from the file each time they are iterated, one
    workout at a time: a history of a million sets is never in memory at once. Sets of one workout are
    consecutive rows in these exports; the exercise names met so far are in `names`.

    Picklable (it holds the source, not its rows), so a worker can hand it back to the writer; a bad
    row raises ImportFileError while the sessions are written, which rolls the file's transaction back."""

    def __init__(self, source: Source, units: Units, kind: str) -> None:
        self.source, self.units, self.kind = source, units, kind
        self.names: dict[str, tuple[str, str, float]] = {}
        self.count = 0

    def __iter__(self) -> Iterator[LiftSession]:
        from runlift.data import library
        from runlift.importers.exercise_names import NameMapper

        self.count = 0
        mapper = NameMapper(library())
        with self.source.open() as stream:
            for session in _grouped(_sets(stream, self.source.path, self.kind, self.units), self.names, mapper, self):
                self.count += 1
                yield session

    def __bool__(self) -> bool:
        return self.count > 0

    def __len__(self) -> int:
        return self.count


def _sets(stream: BinaryIO, name: str, kind: str, units: Units) -> Iterator[ImportedSet]:
    if kind == "strong":
        from runlift.importers import strong_csv

        return strong_csv.iter_sets(stream, name, unit=units.value)
    from runlift.importers import hevy_csv

    return hevy_csv.iter_sets(stream, name)


def _grouped(
    sets: Iterable[ImportedSet],
    names: dict[str, tuple[str, str, float]],
    mapper: Callable[[str], tuple[str, str, float]],
    lazy: LazySessions,
) -> Iterator[LiftSession]:
    """Consecutive sets of one workout (name and start) as one session, names mapped as they come."""
    group: list[ImportedSet] = []
    for s in sets:
        if group and (s.workout, s.performed_at) != (group[0].workout, group[0].performed_at):
            yield _session(group, names, lazy)
            group = []
        if s.exercise not in names:
            names[s.exercise] = mapper(s.exercise)
        group.append(s)
    if group:
        yield _session(group, names, lazy)


def _session(group: list[ImportedSet], names: dict[str, tuple[str, str, float]], lazy: LazySessions) -> LiftSession:
    first = group[0]
    ordered = sorted(group, key=lambda x: x.order)
    logged = tuple(_logged(s, names[s.exercise][0], lazy.units) for s in ordered)
    return LiftSession(
        first.performed_at.date(),
        logged,
        planned=False,
        note=f"{lazy.kind}: {first.workout}",
        source_names=tuple(s.exercise for s in ordered),
    )


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
        ordered = sorted(items, key=lambda x: x.order)
        logged = tuple(_logged(s, names[s.exercise][0], units) for s in ordered)
        day = items[0].performed_at.date()
        sources = tuple(s.exercise for s in ordered)
        sessions.append(LiftSession(day, logged, planned=False, note=f"{kind}: {workout}", source_names=sources))
    return sessions, names


def _logged(s: ImportedSet, exercise: str, units: Units) -> LoggedSet:
    unit = Units.LB if s.unit.lower().startswith("lb") else Units.KG
    reps = s.reps if s.reps and s.reps > 0 else max(1, int(s.seconds or 1))  # holds: seconds as reps
    status = STATUS.get(s.kind, SetStatus.DONE)
    return LoggedSet(exercise, reps, float(s.weight or 0.0), unit, rpe=s.rpe, status=status)
