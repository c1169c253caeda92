"""Writing imports: one file (or, with --strict, one batch) per transaction, keyed by content hash."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session as DbSession

from runlift.core.activity import Activity, FileImport, closeness, held_back, merged, richness, same_activity
from runlift.core.limits import check_row
from runlift.core.log import LiftSession
from runlift.store.changes import changed
from runlift.store.repo import Store, set_values
from runlift.store.tables import ActivityRow, ExerciseNameRow, ImportedFileRow, LiftSessionRow, LiftSetRow

MATCH_WINDOW = dt.timedelta(minutes=2)
SESSIONS_PER_INSERT = 500


@dataclass
class Written:
    activity_ids: list[int] = field(default_factory=list)
    merged: int = 0  # activities that matched one already stored (same run from another source)
    sessions: int = 0
    files: list[tuple[list[int], list[int]]] = field(default_factory=list)  # per file: (new ids, matched ids)
    held: list[tuple[str, int, str]] = field(default_factory=list)  # (file, activity id, why): out of the load


def file_activities(store: Store, athlete_id: int, digest: str) -> list[int] | None:
    """The activities stored from the file with this content hash; None when no such file was imported."""
    with store.transaction() as db:
        known = db.scalar(
            select(ImportedFileRow.id).where(ImportedFileRow.athlete_id == athlete_id, ImportedFileRow.sha256 == digest)
        )
        if known is None:
            return None
        query = select(ActivityRow.id).where(ActivityRow.athlete_id == athlete_id, ActivityRow.sha256 == digest)
        return list(db.scalars(query.order_by(ActivityRow.file_index)))


def imported_digests(store: Store, athlete_id: int) -> set[str]:
    """The content hashes of every file this athlete imported: one read, then duplicates cost nothing."""
    with store.transaction() as db:
        return set(db.scalars(select(ImportedFileRow.sha256).where(ImportedFileRow.athlete_id == athlete_id)))


class ActivityStarts:
    """The start of every stored activity of one athlete, sorted: which ones could match a new activity.

    An import of thousands of files asks this for each activity instead of the database (measured:
    the per-activity query was half of the time spent writing a FIT file). Kept up to date by
    `write_files`; an id whose row is gone (a rolled-back write) is skipped when looked up."""

    def __init__(self, store: Store, athlete_id: int) -> None:
        with store.transaction() as db:
            rows = db.execute(select(ActivityRow.start, ActivityRow.id).where(ActivityRow.athlete_id == athlete_id))
            self._starts = sorted((_utc(start), row_id) for start, row_id in rows)

    def near(self, start: dt.datetime) -> list[int]:
        low = bisect.bisect_left(self._starts, (start - MATCH_WINDOW, -1))
        high = bisect.bisect_right(self._starts, (start + MATCH_WINDOW, 2**63))
        return [row_id for _, row_id in self._starts[low:high]]

    def add(self, start: dt.datetime, row_id: int) -> None:
        bisect.insort(self._starts, (_utc(start), row_id))


def write_files(
    store: Store, athlete_id: int, files: Sequence[FileImport], now: dt.datetime, starts: ActivityStarts | None = None
) -> Written:
    """All of `files` in one transaction: everything is written, or nothing."""
    written = Written()
    with store.transaction() as db:
        changed(db, athlete_id, None)  # runs on any day, and the heart rate every imported run's effort is judged by
        for f in files:
            _write(db, athlete_id, f, now, written, starts)
    return written


def _write(
    db: DbSession, athlete_id: int, f: FileImport, now: dt.datetime, written: Written, starts: ActivityStarts | None
) -> None:
    file_row = ImportedFileRow(
        athlete_id=athlete_id, sha256=f.sha256, kind=f.kind, path=f.path, items=len(f.activities), created_at=now
    )
    db.add(file_row)
    new: list[int] = []
    matched: list[int] = []
    written.files.append((new, matched))
    for position, activity in enumerate(f.activities):
        activity = replace(activity, index=position)  # unique within the file, whatever the reader said
        existing = _matching(db, athlete_id, activity, starts)
        if existing is None:
            row = _activity_row(athlete_id, activity, f, now)
            row.held = held_back(activity)
            db.add(row)
            db.flush()
            written.activity_ids.append(row.id)
            new.append(row.id)
            if row.held:
                written.held.append((f.path, row.id, row.held))
            if starts is not None:
                starts.add(activity.start, row.id)
            continue
        written.merged += 1
        matched.append(existing.id)
        stored = _activity(existing)
        if richness(activity) > richness(stored):
            _fill(existing, merged(activity, stored), f)
            if existing.held:  # a confirmed run stays confirmed; a held one is judged on the richer record
                existing.held = held_back(_activity(existing))
        else:
            _fill(existing, merged(stored, activity), None)
        written.activity_ids.append(existing.id)
    # the runner's word on a name (`import --map`) holds for every later import of it
    known: dict[str, str | None] = {}
    batch: list[LiftSession] = []
    for session in f.sessions:
        batch.append(session)
        if len(batch) == SESSIONS_PER_INSERT:
            _insert_sessions(db, athlete_id, batch, f.kind, now, known)
            batch = []
        written.sessions += 1
        file_row.items += 1
    if batch:
        _insert_sessions(db, athlete_id, batch, f.kind, now, known)
    _look_up(db, athlete_id, set(f.names), known)
    for source, (exercise, how, score) in f.names.items():
        if known.get(source) is None:
            db.add(ExerciseNameRow(athlete_id=athlete_id, source_name=source, exercise=exercise, how=how, score=score))
            known[source] = exercise


def _look_up(db: DbSession, athlete_id: int, names: set[str], known: dict[str, str | None]) -> None:
    """The stored mapping of each name not looked up yet (None: no mapping stored), into `known`."""
    wanted = names - set(known)
    if not wanted:
        return
    known.update(dict.fromkeys(wanted))
    rows = db.execute(
        select(ExerciseNameRow.source_name, ExerciseNameRow.exercise).where(
            ExerciseNameRow.athlete_id == athlete_id, ExerciseNameRow.source_name.in_(wanted)
        )
    )
    known.update({source: exercise for source, exercise in rows})


def _insert_sessions(
    db: DbSession, athlete_id: int, batch: list[LiftSession], kind: str, now: dt.datetime, known: dict[str, str | None]
) -> None:
    """Imported sessions (never the plan's) and their sets, a batch in two multi-row INSERTs; each set
    keeps the name its source gave it, and goes where the runner mapped that name (`import --map`).

    A Strong history of a million sets through the ORM took ~100 µs a set and held every row until the
    commit; this takes a fraction of that and holds one batch. The rows are the ones `session_row` builds."""
    _look_up(db, athlete_id, {name for s in batch for name in s.source_names}, known)
    rows = [
        _checked("lift_sessions", {"athlete_id": athlete_id, "date": s.date, "planned": False, "note": s.note,
                                   "source": kind, "created_at": now})
        for s in batch
    ]  # fmt: skip
    returning = insert(LiftSessionRow).returning(LiftSessionRow.id, sort_by_parameter_order=True)
    ids = db.execute(returning, rows).scalars().all()
    db.execute(
        insert(LiftSetRow),
        [
            _checked("lift_sets", set_values(position, logged) | _source(session_id, s, position, known))
            for session_id, s in zip(ids, batch, strict=True)
            for position, logged in enumerate(s.sets)
        ],
    )


def _source(session_id: int, session: LiftSession, position: int, known: dict[str, str | None]) -> dict[str, object]:
    """The set's session, its source name and, when the runner mapped that name, the exercise they chose."""
    if position >= len(session.source_names):
        return {"session_id": session_id}
    name = session.source_names[position]
    mapped = known.get(name)
    return {"session_id": session_id, "source_name": name} | ({"exercise": mapped} if mapped else {})


def _checked(table: str, row: dict[str, object]) -> dict[str, object]:
    """The row as the store's write boundary lets it in: a bulk INSERT passes no ORM flush hook, so
    it calls core.limits' check itself (issue #11: one check for every way in)."""
    return dict(check_row(table, row))


def _matching(db: DbSession, athlete_id: int, activity: Activity, starts: ActivityStarts | None) -> ActivityRow | None:
    if starts is not None:
        found = (db.get(ActivityRow, row_id) for row_id in starts.near(_utc(activity.start)))
        candidates = [row for row in found if row is not None]
    else:
        candidates = list(
            db.scalars(
                select(ActivityRow).where(
                    ActivityRow.athlete_id == athlete_id,
                    ActivityRow.start.between(activity.start - MATCH_WINDOW, activity.start + MATCH_WINDOW),
                )
            )
        )
    matches = [row for row in candidates if same_activity(_activity(row), activity)]
    return min(matches, key=lambda row: closeness(_activity(row), activity), default=None)  # distance breaks ties


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _activity(row: ActivityRow) -> Activity:
    return Activity(
        start=_utc(row.start),
        sport=row.sport,
        source_format=row.source_format,
        sub_sport=row.sub_sport,
        utc_offset_s=row.utc_offset_s,
        distance_m=row.distance_m,
        moving_s=row.moving_s,
        elapsed_s=row.elapsed_s,
        avg_hr=row.avg_hr,
        max_hr=row.max_hr,
        ascent_m=row.ascent_m,
        name=row.name,
        rpe=row.rpe,
        index=row.file_index,
    )


def _activity_row(athlete_id: int, a: Activity, f: FileImport, now: dt.datetime) -> ActivityRow:
    row = ActivityRow(athlete_id=athlete_id, created_at=now)
    _fill(row, a, f)
    return row


def _fill(row: ActivityRow, a: Activity, f: FileImport | None) -> None:
    row.start, row.utc_offset_s, row.sport, row.sub_sport = a.start, a.utc_offset_s, a.sport, a.sub_sport
    row.distance_m, row.moving_s, row.elapsed_s = a.distance_m, a.moving_s, a.elapsed_s
    row.avg_hr, row.max_hr, row.ascent_m, row.name, row.rpe = a.avg_hr, a.max_hr, a.ascent_m, a.name, a.rpe
    row.source_format, row.file_index = a.source_format, a.index
    if f is not None:
        row.sha256, row.path = f.sha256, f.path


def activities(store: Store, athlete_id: int, since: dt.date | None = None) -> list[tuple[int, Activity, str]]:
    """Stored activities, oldest first: (id, activity, source file hash)."""
    with store.transaction() as db:
        query = select(ActivityRow).where(ActivityRow.athlete_id == athlete_id).order_by(ActivityRow.start)
        if since is not None:
            query = query.where(ActivityRow.start >= dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC))
        return [(r.id, _activity(r), r.sha256) for r in db.scalars(query)]


def name_mappings(store: Store, athlete_id: int) -> list[tuple[str, str, str, float]]:
    with store.transaction() as db:
        rows = db.scalars(
            select(ExerciseNameRow)
            .where(ExerciseNameRow.athlete_id == athlete_id)
            .order_by(ExerciseNameRow.source_name)
        )
        return [(r.source_name, r.exercise, r.how, r.score) for r in rows]


def remap(store: Store, athlete_id: int, source_name: str, exercise: str) -> int:
    """The runner confirms or corrects a mapping: the name's sets move to `exercise`. Returns sets moved."""
    from sqlalchemy import update

    from runlift.store.tables import LiftSetRow

    with store.transaction() as db:
        changed(db, athlete_id, None)  # sets on any day move
        row = db.scalar(
            select(ExerciseNameRow).where(
                ExerciseNameRow.athlete_id == athlete_id, ExerciseNameRow.source_name == source_name
            )
        )
        if row is None:
            from runlift.core.errors import NotFound

            raise NotFound("imported exercise name", source_name)
        row.exercise, row.how, row.score = exercise, "runner", 100.0
        # only the sets this name brought in: hand-logged sets of the old exercise stay where they are
        sessions = select(LiftSessionRow.id).where(LiftSessionRow.athlete_id == athlete_id)
        which = (LiftSetRow.source_name == source_name, LiftSetRow.session_id.in_(sessions))
        moved = db.scalar(select(func.count(LiftSetRow.id)).where(*which)) or 0
        db.execute(update(LiftSetRow).where(*which).values(exercise=exercise))
        return int(moved)


def held(store: Store, athlete_id: int) -> dict[int, str]:
    """Imported runs kept out of the running load, by activity id, with why."""
    with store.transaction() as db:
        rows = db.execute(
            select(ActivityRow.id, ActivityRow.held).where(
                ActivityRow.athlete_id == athlete_id, ActivityRow.held.is_not(None)
            )
        )
        return {row_id: str(why) for row_id, why in rows}


def confirm(store: Store, athlete_id: int, activity_id: int) -> Activity:
    """The runner says an imported run is right after all: it counts in the running load from now on."""
    from runlift.core.errors import NotFound

    with store.transaction() as db:
        changed(db, athlete_id, None)
        row = db.get(ActivityRow, activity_id)
        if row is None or row.athlete_id != athlete_id:
            raise NotFound("activity", str(activity_id))
        row.held = None
        return _activity(row)
