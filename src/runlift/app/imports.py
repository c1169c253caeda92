"""Importing a batch of files: every file ends in exactly one of imported, duplicates or skipped.

A file is
- imported when it brought something new (an activity, a lift session, or simply its first copy),
- a duplicate when its content was imported before (earlier, or earlier in this batch, or by another
  import running at the same time) or when every activity in it matched one already stored: with the
  activities it matched,
- skipped, with its reason, when it cannot be read or written: whatever went wrong stays that file's
  problem and the batch goes on.
So imported + duplicates + skipped = files. A file imported although damaged (a FIT CRC that does not
match) is imported and also listed in `warnings`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from runlift.app.errors import StrictImportRefused
from runlift.core.activity import Activity, FileImport
from runlift.core.errors import InputError, NotFound
from runlift.core.profile import Units
from runlift.importers.driver import DEFAULT_LIMITS, Limits, Problem, Source
from runlift.store.imports import Written
from runlift.store.repo import Store


@dataclass
class ImportResult:
    files: int = 0
    imported: list[str] = field(default_factory=list)
    duplicates: list[dict[str, object]] = field(default_factory=list)  # {"path", "activities": [ids]}
    skipped: list[dict[str, str]] = field(default_factory=list)  # {"path", "reason"}
    warnings: list[dict[str, str]] = field(default_factory=list)  # {"path", "reason"}
    activities: list[int] = field(default_factory=list)

    def doc(self) -> dict[str, object]:
        return {
            "files": self.files,
            "imported": len(self.imported),
            "duplicates": len(self.duplicates),
            "skipped": self.skipped,
            "matched": self.duplicates,
            "warnings": self.warnings,
            "activities": self.activities,
        }


def import_files(
    store: Store,
    athlete_id: int,
    paths: Sequence[Path],
    units: Units,
    now: dt.datetime,
    *,
    jobs: int = 0,
    strict: bool = False,
    advance: Callable[[float], None] = lambda n: None,
    limits: Limits = DEFAULT_LIMITS,
) -> ImportResult:
    """Read and write `paths` (files, folders, archives), one file per transaction (all of them in one
    with `strict`, which stops at the first bad file and then writes nothing: StrictImportRefused), each file
    and all of them together decompressed within `limits`."""
    from runlift.importers.driver import cleanup, discover, disk_bytes
    from runlift.importers.pipeline import read_all
    from runlift.store.imports import ActivityStarts, imported_digests

    batch = _Batch(store, athlete_id, strict, imported_digests(store, athlete_id))
    starts = ActivityStarts(store, athlete_id)
    pending: list[FileImport] = []
    total = disk_bytes(paths)
    try:
        found = batch.to_read(discover(paths, limits), advance)
        for source, read in read_all(found, units, jobs, total_bytes=total):
            advance(source.disk_bytes)
            if isinstance(read, str):
                batch.skip(source.path, read)
                if strict:
                    break
                continue
            batch.warn(read)
            if strict:
                pending.append(read)
                continue
            batch.write(read, now, starts)
    finally:
        cleanup()
    result = batch.result
    if strict:
        if result.skipped:
            first = result.skipped[0]
            raise StrictImportRefused(f"{first['path']}: {first['reason']}")
        batch.write_all(pending, now)
    return result


class _Batch:
    """What an import found so far, and the writing of each file into its place in the counts."""

    def __init__(self, store: Store, athlete_id: int, strict: bool, known: set[str]) -> None:
        self.store, self.athlete_id, self.strict = store, athlete_id, strict
        self.known = known  # content hashes imported before or earlier in this batch
        self.ids: dict[str, list[int]] = {}  # content hash → activities, for the files of this batch
        self.result = ImportResult()

    def skip(self, path: str, reason: str) -> None:
        self.result.files += 1
        self.result.skipped.append({"path": path, "reason": _one_line(reason)})

    def duplicate(self, path: str, activities: list[int]) -> None:
        self.result.files += 1
        self.result.duplicates.append({"path": path, "activities": activities})

    def warn(self, f: FileImport) -> None:
        self.result.warnings += [{"path": f.path, "reason": _one_line(w)} for w in f.warnings]

    def to_read(self, found: Iterable[Source | Problem], advance: Callable[[float], None]) -> Iterator[Source]:
        """The files that need reading: not a problem, a format we read, and not imported before."""
        from runlift.importers.driver import sha256

        for item in found:
            if isinstance(item, Problem):
                self.skip(item.path, item.reason)
                if self.strict:
                    return
                continue
            if item.kind is None and not item.explicit:
                advance(item.disk_bytes)  # not ours (a README in the export): passed over silently
                item.discard()
                continue
            try:
                if item.size == 0:  # before hashing: every empty file hashes alike
                    self.skip(item.path, f"{item.path}: empty file")
                    continue
                digest = sha256(item)
            except OSError as exc:
                self.skip(item.path, f"cannot be read ({exc.strerror or exc})")
                item.discard()
                continue
            if digest in self.known:  # imported before, or twice in this batch
                self.duplicate(item.path, self._activities_of(digest))
                advance(item.disk_bytes)
                item.discard()
                continue
            self.known.add(digest)
            yield replace(item, sha256=digest)

    def _activities_of(self, digest: str) -> list[int]:
        if digest in self.ids:
            return self.ids[digest]
        from runlift.store.imports import file_activities

        return file_activities(self.store, self.athlete_id, digest) or []

    def write(self, f: FileImport, now: dt.datetime, starts: object) -> None:
        """One file, one transaction; a failure is this file's (another import wrote it first: a duplicate)."""
        from runlift.store.imports import ActivityStarts, file_activities, write_files

        assert isinstance(starts, ActivityStarts)
        try:
            written = write_files(self.store, self.athlete_id, [f], now, starts)
        except InputError as exc:  # a bad row of a CSV, read as it is written: nothing of it was kept
            self.skip(f.path, str(exc))
            return
        except Exception as exc:  # a unique key another import took, a value the database refuses…
            try:
                there = file_activities(self.store, self.athlete_id, f.sha256)
            except Exception:  # the database itself is gone: the first error is the one to tell
                there = None
            if there is not None:  # written meanwhile by another import of the same file
                self.duplicate(f.path, there)
            else:
                self.skip(f.path, f"{f.path}: cannot be stored ({_unexpected(exc)})")
            return
        self._place(f, written, 0)

    def write_all(self, files: list[FileImport], now: dt.datetime) -> None:
        from runlift.store.imports import write_files

        try:
            written = write_files(self.store, self.athlete_id, files, now)
        except InputError as exc:  # a bad row of a CSV, found as it was written
            raise StrictImportRefused(str(exc)) from exc
        for i, f in enumerate(files):
            self._place(f, written, i)

    def _place(self, f: FileImport, written: Written, i: int) -> None:
        for path, activity_id, why in written.held:  # runs kept but out of the running load: said, and how
            if path == f.path:
                self.result.warnings.append(
                    {
                        "path": path,
                        "reason": f"run {activity_id}: {why}; kept, but left out of the running load until you "
                        f"confirm it (runlift activities confirm {activity_id})",
                    }
                )
        new, matched = written.files[i]
        self.ids[f.sha256] = new + matched
        self.result.activities += new + matched
        if matched and not new and not f.sessions:
            self.duplicate(f.path, matched)  # every activity in it was already there (another source)
            return
        self.result.files += 1
        self.result.imported.append(f.path)


def _unexpected(exc: BaseException) -> str:
    from runlift.importers.pipeline import unexpected

    return unexpected(getattr(exc, "orig", None) or exc)


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- after an import: the names it mapped, the activities it brought, the runs it held back ----------


@dataclass(frozen=True, slots=True)
class NameMapping:
    source: str  # the name in the export
    exercise: str  # the runlift exercise its sets went to
    how: str  # how it was matched: exact, alias, fuzzy, custom, runner
    score: float


@dataclass(frozen=True, slots=True)
class Remapped:
    source: str
    exercise: str
    sets: int  # sets moved


@dataclass(frozen=True, slots=True)
class ListedActivity:
    id: int
    activity: Activity
    sha256: str  # the content hash of the file it came from
    held: str | None  # why it stays out of the running load until confirmed; None: it counts


def name_mappings(store: Store, athlete_id: int) -> list[NameMapping]:
    """How each exercise name of the athlete's imports was mapped, by name."""
    from runlift.store.imports import name_mappings as stored

    return [NameMapping(*row) for row in stored(store, athlete_id)]


def remap_names(store: Store, athlete_id: int, pairs: Sequence[tuple[str, str]]) -> list[Remapped]:
    """The runner corrects mappings (name, exercise): every exercise is checked (exactly: a typo is an
    error, never a near miss) and every name must be one of the imports' before anything moves; then
    each name's imported sets move to it."""
    from runlift.data import library
    from runlift.store.imports import remap

    wanted = [(name, library().find(target, exact=True).id) for name, target in pairs]
    known = {m.source for m in name_mappings(store, athlete_id)}
    for name, _ in wanted:  # every name too, before anything moves: a bad pair changes nothing
        if name not in known:
            raise NotFound("imported exercise name", name)
    return [Remapped(name, exercise_id, remap(store, athlete_id, name, exercise_id)) for name, exercise_id in wanted]


def activity_list(store: Store, athlete_id: int, since: dt.date | None = None) -> list[ListedActivity]:
    """The athlete's imported activities, oldest first, each with why it is held back (if it is)."""
    from runlift.store.imports import activities, held

    rows = activities(store, athlete_id, since)
    kept_out = held(store, athlete_id)
    return [ListedActivity(i, a, sha, kept_out.get(i)) for i, a, sha in rows]


@dataclass(frozen=True, slots=True)
class ActivityPage:
    items: list[ListedActivity]  # newest first
    next_before: int | None  # the cursor of the next page (its `before`); None on the last page


def activity_page(
    store: Store, athlete_id: int, limit: int, before: int | None = None, since: dt.date | None = None
) -> ActivityPage:
    """A page of the athlete's imported activities, newest first: up to `limit`, older than the activity
    `before` when given (NotFound for an id that is not one of theirs), from `since` when given."""
    from runlift.store.activities import activity_page as stored_page

    rows, last = stored_page(store, athlete_id, limit, before, since)
    return ActivityPage([ListedActivity(r.id, r.activity, r.sha256, r.held) for r in rows], last)


def confirm_run(store: Store, athlete_id: int, activity_id: int) -> Activity:
    """The runner says a held-back run is right: it counts in the running load from now on."""
    from runlift.store.imports import confirm

    return confirm(store, athlete_id, activity_id)
