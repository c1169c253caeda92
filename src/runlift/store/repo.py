"""The Store: every read takes the athlete id, every write is one transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Table,
    and_,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from runlift.core.activity import one_run_each
from runlift.core.errors import NotFound
from runlift.core.library import BodyArea
from runlift.core.limits import check_row, plain_name
from runlift.core.log import (
    BodyWeight,
    LiftSession,
    LoggedSet,
    PainNote,
    RunEntry,
    SetStatus,
    Side,
    Swap,
    SwapReason,
    TrainingLog,
)
from runlift.core.profile import RunType, Units
from runlift.store.changes import changed, watch
from runlift.store.errors import AthleteNotChosen, AthleteNotFound, NoAthletes
from runlift.store.guard import guard
from runlift.store.tables import (
    AthleteRow,
    BodyWeightRow,
    LiftSessionRow,
    LiftSetRow,
    PainRow,
    PlanRow,
    ProfileVersionRow,
    RunRow,
    SwapRow,
    conflict_insert,
)


@dataclass(frozen=True, slots=True)
class AthleteInfo:
    id: int
    name: str
    versions: int


@dataclass(frozen=True, slots=True)
class AddedSets:
    session_id: int
    set_ids: tuple[int, ...]  # the new sets' ids, in logged order


@dataclass(frozen=True, slots=True)
class ProfileVersion:
    athlete_id: int
    version: int
    valid_from: dt.date
    toml: str
    created: bool = False  # True when this call stored a new version


class Store:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        guard(self._sessions)  # every row is checked against core.limits before it is written
        watch(self._sessions)  # every write says which days' plans it changes (store/changes.py)
        self._open: ContextVar[DbSession | None] = ContextVar(f"runlift-store-{id(self)}", default=None)
        self._autocommit = engine.execution_options(isolation_level="AUTOCOMMIT")  # the same pool

    @classmethod
    def open(cls, url: str | None = None, migrate: bool = True) -> Store:
        """migrate=True (the CLI): a schema below head is upgraded on this open. migrate=False (a
        server's processes): it is refused, store.db.SchemaOutOfDate; `runlift db upgrade` upgrades it."""
        from runlift.store.db import database_url, open_engine

        return cls(open_engine(database_url(url), upgrade=migrate))

    @contextmanager
    def transaction(self) -> Iterator[DbSession]:
        """One unit of work: committed whole or rolled back whole.

        Inside another transaction of this store (in the same thread or task) it joins that one:
        a use case wrapped in `transaction()` commits all its writes at once (the API's
        Idempotency-Key row with them), and its reads see its own writes."""
        joined = self._open.get()
        if joined is not None:
            yield joined
            joined.flush()  # what this part wrote is seen by the next part's reads
            return
        with self._sessions.begin() as session:
            token = self._open.set(session)
            try:
                yield session
            finally:
                self._open.reset(token)

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection for Core reads: the open transaction's, or a new consistent read."""
        joined = self._open.get()
        if joined is not None:
            yield joined.connection()
            return
        with self.engine.connect() as db, db.begin():
            yield db

    @contextmanager
    def one_read(self) -> Iterator[Connection]:
        """A connection for one read statement: the open transaction's, or one with no transaction
        around it (a statement is consistent by itself): no BEGIN and COMMIT, two round trips of the
        three on PostgreSQL (0.45 → 0.27 ms a read; every route of an athlete makes one, issue #12)."""
        joined = self._open.get()
        if joined is not None:
            yield joined.connection()
            return
        with self._autocommit.connect() as db:
            yield db

    # --- athletes and their versioned files -------------------------------------------

    def save_profile(self, name: str, toml: str, valid_from: dt.date, now: dt.datetime) -> ProfileVersion:
        """Store the runner's file; a changed file becomes a new version, the history stays."""
        digest = hashlib.sha256(toml.encode()).hexdigest()
        name = plain_name(name)  # as stored (core.limits): found again by the same name
        with self.transaction() as db:
            # names match in any case: "maya" and "Maya" are one runner
            athlete = db.scalar(select(AthleteRow).where(func.lower(AthleteRow.name) == name.lower()).limit(1))
            if athlete is None:
                athlete = AthleteRow(name=name, created_at=now)
                db.add(athlete)
                db.flush()
            latest = db.scalar(
                select(ProfileVersionRow)
                .where(ProfileVersionRow.athlete_id == athlete.id)
                .order_by(ProfileVersionRow.version.desc())
                .limit(1)
            )
            if latest is not None and latest.sha256 == digest:
                return ProfileVersion(athlete.id, latest.version, latest.valid_from, latest.toml)
            changed(db, athlete.id, None)  # a new file: every day's plan
            version = 1 if latest is None else latest.version + 1
            db.add(
                ProfileVersionRow(
                    athlete_id=athlete.id,
                    version=version,
                    valid_from=valid_from,
                    toml=toml,
                    sha256=digest,
                    created_at=now,
                )
            )
            return ProfileVersion(athlete.id, version, valid_from, toml, created=True)

    def athletes(self) -> list[AthleteInfo]:
        with self.transaction() as db:
            rows = db.execute(
                select(AthleteRow.id, AthleteRow.name, func.count(ProfileVersionRow.id))
                .join(ProfileVersionRow, ProfileVersionRow.athlete_id == AthleteRow.id, isouter=True)
                .group_by(AthleteRow.id, AthleteRow.name)
                .order_by(AthleteRow.name)
            ).all()
            return [AthleteInfo(i, n, c) for i, n, c in rows]

    def has_athlete(self, athlete_id: int) -> bool:
        with self.one_read() as db:
            return db.scalar(_ATHLETE, {"athlete": athlete_id}) is not None

    def athlete_name(self, athlete_id: int) -> str:
        """The athlete's name (one indexed row); NotFound for an id no athlete has."""
        with self.reading() as db:
            name = db.scalar(select(AthleteRow.name).where(AthleteRow.id == athlete_id))
        if name is None:
            raise NotFound("athlete", str(athlete_id))
        return name

    def athlete_id(self, name: str | None) -> int:
        """The named athlete, or the only one when no name is given."""
        known = self.athletes()
        if name is not None:
            wanted = plain_name(name)  # as stored (core.limits); then in any case
            match = [a for a in known if a.name == wanted] or [
                a for a in known if a.name.casefold() == wanted.casefold()
            ]
            if not match:
                raise AthleteNotFound(name, tuple(a.name for a in known))
            return match[0].id
        if len(known) == 1:
            return known[0].id
        if not known:
            raise NoAthletes()
        raise AthleteNotChosen(tuple(a.name for a in known))

    def remove_athlete(self, athlete_id: int) -> None:
        """Delete an athlete and everything theirs (files, plans, log, imports): ON DELETE CASCADE."""
        with self.transaction() as db:
            db.execute(delete(AthleteRow).where(AthleteRow.id == athlete_id))

    def profile_versions(self, athlete_id: int) -> list[ProfileVersion]:
        with self.transaction() as db:
            rows = db.scalars(
                select(ProfileVersionRow)
                .where(ProfileVersionRow.athlete_id == athlete_id)
                .order_by(ProfileVersionRow.version)
            ).all()
            return [ProfileVersion(r.athlete_id, r.version, r.valid_from, r.toml) for r in rows]

    def current_profile(self, athlete_id: int) -> ProfileVersion:
        versions = self.profile_versions(athlete_id)
        if not versions:
            raise NotFound("runner's file for athlete", str(athlete_id))
        return versions[-1]

    def save_plan(self, athlete_id: int, version: int, start: dt.date, document: str, now: dt.datetime) -> None:
        with self.transaction() as db:
            db.add(
                PlanRow(athlete_id=athlete_id, profile_version=version, start=start, document=document, created_at=now)
            )

    # --- the log: writes ----------------------------------------------------------------

    def log_session(self, athlete_id: int, session: LiftSession, now: dt.datetime, source: str = "manual") -> int:
        """Record a whole lift session with its sets, in one transaction.

        A hand-logged session becomes the day's session (sets already logged that day stay in it)."""
        with self.transaction() as db:
            changed(db, athlete_id, _next_day(session.date))  # the plans of the days after it
            if source != "manual":
                row = session_row(athlete_id, session, source, now)
                db.add(row)
                db.flush()
                return row.id
            session_id, first = _day_session(db, athlete_id, session.date, now)
            changes: dict[str, object] = {"planned": True} if session.planned else {}
            if session.note:
                changes["note"] = check_row("lift_sessions", {"note": session.note})["note"]
            if changes:
                db.execute(update(LiftSessionRow).where(LiftSessionRow.id == session_id).values(**changes))
            _append_sets(db, session_id, first, session.sets)
            return session_id

    def add_sets(
        self,
        athlete_id: int,
        day: dt.date,
        sets: Iterable[LoggedSet],
        now: dt.datetime,
        swap: Swap | None = None,
        planned: bool = False,
    ) -> int:
        """Append sets to the day's session (created if there is none), with the swap they asked
        for (MOD-1) in the same transaction. `planned`: the sets follow the plan's session (`log`).
        Two processes logging the same day end with one session (an upsert, see _day_session)."""
        return self.log_sets(athlete_id, day, sets, now, swap, planned).session_id

    def log_sets(
        self,
        athlete_id: int,
        day: dt.date,
        sets: Iterable[LoggedSet],
        now: dt.datetime,
        swap: Swap | None = None,
        planned: bool = False,
    ) -> AddedSets:
        """`add_sets`, telling the new sets' ids too."""
        with self.transaction() as db:
            changed(db, athlete_id, _next_day(min(day, swap.date) if swap else day))
            if swap is not None:
                db.add(_swap_row(athlete_id, swap, now))
            sets = list(sets)
            if len(sets) == 1 and not planned and (added := _one_more_set(db, athlete_id, day, sets[0])):
                return added
            session_id, first = _day_session(db, athlete_id, day, now)
            if planned:
                db.execute(update(LiftSessionRow).where(LiftSessionRow.id == session_id).values(planned=True))
            return AddedSets(session_id, _append_sets(db, session_id, first, sets))

    def log_run(self, athlete_id: int, run: RunEntry, now: dt.datetime) -> int:
        with self.transaction() as db:
            changed(db, athlete_id, _next_day(run.date))
            row = run_row(athlete_id, run, run.source, now)
            db.add(row)
            db.flush()
            return row.id

    def manual_runs(self, athlete_id: int, day: dt.date) -> list[RunEntry]:
        """The runs logged by hand on `day` (not imported ones)."""
        with self.transaction() as db:
            rows = db.execute(
                select(RunRow.date, RunRow.type, RunRow.distance_m, RunRow.duration_s, RunRow.rpe, RunRow.avg_hr)
                .where(RunRow.athlete_id == athlete_id, RunRow.date == day)
                .order_by(RunRow.id)
            ).all()
            return [RunEntry(r[0], RUN_TYPES[r[1]], r[2], r[3], r[4], r[5]) for r in rows]

    def log_pain(self, athlete_id: int, note: PainNote, now: dt.datetime) -> int:
        with self.transaction() as db:
            changed(db, athlete_id, note.date)  # MOD-1: pain noted today changes today's session
            row = PainRow(athlete_id=athlete_id, date=note.date, area=note.area.value, score=note.score, created_at=now)
            db.add(row)
            db.flush()
            return row.id

    def log_weight(self, athlete_id: int, weight: BodyWeight, now: dt.datetime) -> int:
        with self.transaction() as db:
            changed(db, athlete_id, weight.date)
            row = BodyWeightRow(
                athlete_id=athlete_id, date=weight.date, value=weight.value, unit=weight.unit.value, created_at=now
            )
            db.add(row)
            db.flush()
            return row.id

    def log_swap(self, athlete_id: int, swap: Swap, now: dt.datetime) -> None:
        with self.transaction() as db:
            changed(db, athlete_id, _next_day(swap.date))
            db.add(_swap_row(athlete_id, swap, now))

    def swaps_on(self, athlete_id: int, day: dt.date) -> tuple[Swap, ...]:
        """The swaps (and swaps back) logged on `day`, in the order logged: what training_log(day, day)
        gives as its swaps, in one statement instead of its nine (every card asks, issue #12)."""
        with self.one_read() as db:
            rows = db.execute(_SWAPS_ON, {"athlete": athlete_id, "day": day}).all()
        return tuple(_swap(r) for r in rows)

    def training_log(self, athlete_id: int, since: dt.date | None = None, until: dt.date | None = None) -> TrainingLog:
        """Everything the athlete logged, as core values, oldest first.

        Read with Core selects (plain rows, no ORM objects): 20,000 sets load ~10× faster than ORM
        objects. The store leaves the garbage collector alone (a server's threads share it): the CLI
        pauses it around a whole command, a server freezes its start-up heap (runlift.gcpause)."""
        return self._read_log(athlete_id, since, until)

    def recent_log(self, athlete_id: int, since: dt.date, until: dt.date, courses_from: dt.date) -> TrainingLog:
        """The log from `since` to `until`, what the plan's rules read of it (core.adapt.log_since):
        lift sessions and runs from `since`, and those of the last day before it that has any (the
        break before `since`, whether the running history reaches back); swaps whole (a swap undoes
        another: a few a year); each area's pain notes from the last one that starts its course
        afresh on or before `courses_from` (core.pain.area_course: 3/10 or more after a settled or
        no course), so its course on any day from `courses_from` on is the whole log's."""
        with self.reading() as db:
            lifts_from = db.scalar(
                select(func.max(LiftSessionRow.date)).where(
                    LiftSessionRow.athlete_id == athlete_id, LiftSessionRow.date < since
                )
            )
            runs_from = _last_run_before(db, athlete_id, since)
            return self._read_log(
                athlete_id,
                since,
                until,
                lifts_from=lifts_from or since,
                runs_from=runs_from or since,
                pain_from=_course_starts(db, athlete_id, courses_from),
            )

    def last_sets(self, athlete_id: int, exercise: str, until: dt.date) -> tuple[dt.date, tuple[LoggedSet, ...]] | None:
        """The sets of `exercise` in the latest session up to `until` that has it: the session logged
        last on the latest such day (TrainingLog order). Its cost grows with the sets of that exercise:
        ask for the exercises the recent log does not have (app/today.py)."""
        s, x = LiftSessionRow, LiftSetRow
        with self.reading() as db:
            # from the exercise's sets (its index), never a walk back through every session for an exercise
            # not lifted for years: `athlete_id + 0` keeps the planner off the sessions' (athlete, date) index
            head = db.execute(
                select(s.id, s.date)
                .join(x, x.session_id == s.id)
                .where(x.exercise == exercise, s.athlete_id + 0 == athlete_id, s.date <= until)
                .order_by(s.date.desc(), s.id.desc())
                .limit(1)
            ).first()
            if head is None:
                return None
            rows = db.execute(
                select(x.session_id, x.exercise, x.reps, x.weight, x.unit, x.side, x.rir, x.rpe, x.status)
                .where(x.session_id == head[0], x.exercise == exercise)
                .order_by(x.position)
            ).all()
        return head[1], _sessions([(head[0], head[1], True, "")], rows)[0].sets

    def _read_log(
        self,
        athlete_id: int,
        since: dt.date | None,
        until: dt.date | None,
        *,
        lifts_from: dt.date | None = None,
        runs_from: dt.date | None = None,
        pain_from: dict[str, dt.date] | None = None,
    ) -> TrainingLog:
        """The log between `since` and `until`; lifts and runs from `lifts_from`/`runs_from` when given;
        with `pain_from`, swaps whole and each area's pain notes from its day there (else from the first)."""
        lo = since or dt.date.min
        hi = until or dt.date.max
        lifts_lo = lifts_from or lo
        runs_lo = runs_from or lo
        notes_lo = dt.date.min if pain_from is not None else lo
        pain_where: list[ColumnElement[bool]] = [PainRow.date.between(notes_lo, hi)]
        if pain_from:
            pain_where.append(
                or_(
                    PainRow.area.not_in(list(pain_from)),
                    *(and_(PainRow.area == area, PainRow.date >= day) for area, day in pain_from.items()),
                )
            )
        s, x = LiftSessionRow, LiftSetRow
        with self.reading() as db:  # Core rows, one consistent read (the open transaction's, in one)
            in_range = (s.athlete_id == athlete_id, s.date.between(lifts_lo, hi))
            heads = db.execute(select(s.id, s.date, s.planned, s.note).where(*in_range).order_by(s.date, s.id)).all()
            # sets without their session's date: parsing a date per set row is the slow part on SQLite
            set_rows = db.execute(
                select(x.session_id, x.exercise, x.reps, x.weight, x.unit, x.side, x.rir, x.rpe, x.status)
                .join(s, x.session_id == s.id)
                .where(*in_range)
                .order_by(x.session_id, x.position)
            ).all()
            runs = db.execute(
                select(
                    RunRow.date,
                    RunRow.type,
                    RunRow.distance_m,
                    RunRow.duration_s,
                    RunRow.rpe,
                    RunRow.avg_hr,
                    RunRow.source,
                )
                .where(RunRow.athlete_id == athlete_id, RunRow.date.between(runs_lo, hi))
                .order_by(RunRow.date, RunRow.id)
            ).all()
            pain = db.execute(
                select(PainRow.date, PainRow.area, PainRow.score)
                .where(PainRow.athlete_id == athlete_id, *pain_where)
                .order_by(PainRow.date, PainRow.id)
            ).all()
            weights = db.execute(
                select(BodyWeightRow.date, BodyWeightRow.value, BodyWeightRow.unit)
                .where(BodyWeightRow.athlete_id == athlete_id, BodyWeightRow.date.between(lo, hi))
                .order_by(BodyWeightRow.date, BodyWeightRow.id)
            ).all()
            swaps = db.execute(
                select(*_SWAP_COLUMNS)
                .where(SwapRow.athlete_id == athlete_id, SwapRow.date.between(notes_lo, hi))
                .order_by(SwapRow.date, SwapRow.id)
            ).all()
            imported = _imported_runs(db, athlete_id, runs_lo, hi)
        manual = [RunEntry(r[0], RUN_TYPES[r[1]], r[2], r[3], r[4], r[5], r[6]) for r in runs]
        return TrainingLog(
            lifts=_sessions(heads, set_rows),
            runs=tuple(one_run_each(manual, imported)),  # a run logged by hand and imported counts once
            pain=tuple(PainNote(p[0], BodyArea(p[1]), p[2]) for p in pain),
            weights=tuple(BodyWeight(w[0], w[1], UNITS[w[2]]) for w in weights),
            swaps=tuple(_swap(w) for w in swaps),
        )


MANUAL = "manual"


def _next_day(day: dt.date) -> dt.date:
    """The first day whose plan a lift, run or swap logged on `day` changes: a session is planned from
    the log before its day (TrainingLog.before_session)."""
    return day + dt.timedelta(days=1) if day < dt.date.max else day


def _day_session(db: DbSession, athlete_id: int, day: dt.date, now: dt.datetime) -> tuple[int, int]:
    """The id of the day's hand-logged session, created if there is none, and its next set's position:
    an upsert on the unique (athlete_id, date, day_session), so a concurrent writer's session is found,
    never doubled.

    Called after `changed`, which holds the athlete's row (PostgreSQL) or the write lock (SQLite): the
    read sees the latest committed session, so it comes first (one statement when the day has one); the
    insert stays an upsert should a writer of the day's session ever come without that lock."""
    key = {"athlete": athlete_id, "day": day, "kind": MANUAL}
    found = db.execute(_DAY_SESSION, key).first()
    if found is None:
        values = check_row(
            "lift_sessions",
            {
                "athlete_id": athlete_id,
                "date": day,
                "planned": False,
                "note": "",
                "source": MANUAL,
                "day_session": MANUAL,
                "created_at": now,
            },
        )
        db.execute(_new_day_session(db.get_bind().dialect.name), values)
        found = db.execute(_DAY_SESSION, key).first()
    assert found is not None  # inserted above, or there already
    return int(found[0]), int(found[1])


def _append_sets(db: DbSession, session_id: int, first: int, sets: Iterable[LoggedSet]) -> tuple[int, ...]:
    """The sets at positions from `first` on (after the session's last), each row checked (core.limits) as a flush
    would: a Core insert built once, no ORM objects (a set is the API's hot write, issue #12)."""
    rows = [check_row("lift_sets", {"session_id": session_id, **set_values(first + i, s)}) for i, s in enumerate(sets)]
    if not rows:
        return ()
    if len(rows) == 1:
        return (int(db.execute(_NEW_SET, rows[0]).scalar_one()),)
    return tuple(int(i) for i in db.scalars(_NEW_SET, rows))


def _swap(row: Any) -> Swap:
    """A swap from its row of _SWAP_COLUMNS."""
    return Swap(row[0], row[1], SwapReason(row[2]), row[3])


def _one_more_set(db: DbSession, athlete_id: int, day: dt.date, logged: LoggedSet) -> AddedSets | None:
    """A set added after the sets of the day's hand-logged session, in one statement (INSERT … SELECT
    FROM the day's session … RETURNING): the API's hot write, where `_day_session` and `_append_sets`
    took two round trips while the athlete's row was held (issue #12). None: the day has no session."""
    values = check_row("lift_sets", set_values(0, logged))
    del values["position"]  # the statement's: after the session's last set
    row = db.execute(_ONE_MORE_SET, {**values, "athlete": athlete_id, "day": day, "kind": MANUAL}).first()
    return AddedSets(int(row[1]), (int(row[0]),)) if row is not None else None


_sessions_t, _sets_t = cast(Table, LiftSessionRow.__table__), cast(Table, LiftSetRow.__table__)
_ATHLETE = select(AthleteRow.__table__.c.id).where(AthleteRow.__table__.c.id == bindparam("athlete"))
# the position after a session's last set (0 for none): one lookup in ix_lift_sets_session_position;
# not a count, which scanned the day's sets and, after a set was deleted, gave a position already used
_NEXT_POSITION = (
    select(func.coalesce(func.max(_sets_t.c.position) + 1, 0))
    .where(_sets_t.c.session_id == _sessions_t.c.id)
    .scalar_subquery()
)
_THE_DAY_SESSION = (  # the day's hand-logged session (the unique athlete_id, date, day_session)
    _sessions_t.c.athlete_id == bindparam("athlete"),
    _sessions_t.c.date == bindparam("day"),
    _sessions_t.c.day_session == bindparam("kind"),
)
_DAY_SESSION = select(_sessions_t.c.id, _NEXT_POSITION).where(*_THE_DAY_SESSION)  # in one statement
_SWAP_COLUMNS = (SwapRow.date, SwapRow.exercise, SwapRow.reason, SwapRow.back)  # read by _swap
_SWAPS_ON = (
    select(*_SWAP_COLUMNS)
    .where(SwapRow.athlete_id == bindparam("athlete"), SwapRow.date == bindparam("day"))
    .order_by(SwapRow.id)
)
_NEW_SET = insert(_sets_t).returning(_sets_t.c.id, sort_by_parameter_order=True)
_SET_COLUMNS = ("exercise", "side", "weight", "unit", "reps", "rir", "rpe", "status")
_ONE_MORE_SET = (
    insert(_sets_t)
    .from_select(
        ["session_id", "position", *_SET_COLUMNS],
        select(
            _sessions_t.c.id,
            _NEXT_POSITION,
            *(bindparam(name, type_=_sets_t.c[name].type) for name in _SET_COLUMNS),
        ).where(*_THE_DAY_SESSION),
    )
    .returning(_sets_t.c.id, _sets_t.c.session_id)
)


@cache
def _new_day_session(dialect: str) -> Any:
    upsert = conflict_insert(dialect, _sessions_t)
    return upsert.on_conflict_do_nothing(index_elements=["athlete_id", "date", "day_session"])


def session_row(athlete_id: int, session: LiftSession, source: str, now: dt.datetime) -> LiftSessionRow:
    """A lift session with its sets, as rows to add (logged, imported or generated alike)."""
    row = LiftSessionRow(
        athlete_id=athlete_id,
        date=session.date,
        planned=session.planned,
        note=session.note,
        source=source,
        created_at=now,
    )
    row.sets = [_set_row(i, s) for i, s in enumerate(session.sets)]
    return row


def run_row(athlete_id: int, run: RunEntry, source: str, now: dt.datetime) -> RunRow:
    """A run as a row to add (logged or generated alike)."""
    return RunRow(
        athlete_id=athlete_id,
        date=run.date,
        type=run.type.value,
        distance_m=run.distance_m,
        duration_s=run.duration_s,
        rpe=run.rpe,
        avg_hr=run.avg_hr,
        source=source,
        created_at=now,
    )


def _swap_row(athlete_id: int, swap: Swap, now: dt.datetime) -> SwapRow:
    return SwapRow(
        athlete_id=athlete_id,
        date=swap.date,
        exercise=swap.exercise,
        reason=swap.reason.value,
        back=swap.back,
        created_at=now,
    )


def set_values(position: int, s: LoggedSet) -> dict[str, object]:
    """A logged set as the column values of its row (the session's id aside)."""
    return {
        "position": position,
        "exercise": s.exercise,
        "side": s.side.value,
        "weight": s.weight,
        "unit": s.unit.value,
        "reps": s.reps,
        "rir": s.rir,
        "rpe": s.rpe,
        "status": s.status.value,
    }


def _set_row(position: int, s: LoggedSet, session_id: int | None = None) -> LiftSetRow:
    row = LiftSetRow(**set_values(position, s))
    if session_id is not None:
        row.session_id = session_id
    return row


UNITS = {u.value: u for u in Units}
SIDES = {s.value: s for s in Side}
STATUSES = {s.value: s for s in SetStatus}
RUN_TYPES = {t.value: t for t in RunType}


def _sessions(heads: Sequence[Any], set_rows: Sequence[Any]) -> tuple[LiftSession, ...]:
    """Sessions in date order with their sets in logged order."""
    sets: dict[int, list[LoggedSet]] = {}
    for r in set_rows:
        sets.setdefault(r[0], []).append(
            LoggedSet(r[1], r[2], r[3], UNITS[r[4]], SIDES[r[5]], r[6], r[7], STATUSES[r[8]])
        )
    return tuple(LiftSession(h[1], tuple(sets.get(h[0], ())), h[2], h[3]) for h in heads)


def _course_starts(db: Any, athlete_id: int, day: dt.date) -> dict[str, dt.date]:
    """Per area, the day of the latest pain note on or before `day` that starts the area's course
    afresh: 3/10 or more, first of its area or after a note under 3 (core.pain.area_course). Earlier
    notes of the area change no course from `day` on."""
    from runlift.core.pain import PAIN_ACTIVE_SCORE

    before = (
        func.lag(PainRow.score).over(partition_by=PainRow.area, order_by=(PainRow.date, PainRow.id)).label("before")
    )
    notes = (
        select(PainRow.area, PainRow.date, PainRow.score, before)
        .where(PainRow.athlete_id == athlete_id, PainRow.date <= day)
        .subquery()
    )
    fresh = (notes.c.score >= PAIN_ACTIVE_SCORE) & (notes.c.before.is_(None) | (notes.c.before < PAIN_ACTIVE_SCORE))
    rows = db.execute(select(notes.c.area, func.max(notes.c.date)).where(fresh).group_by(notes.c.area)).all()
    return {area: start for area, start in rows}


def _last_run_before(db: Any, athlete_id: int, day: dt.date) -> dt.date | None:
    """The date of the latest run before `day`, hand-logged or imported (as `_imported_runs` counts
    them: a running activity not held, with a time), or None."""
    from runlift.store.tables import ActivityRow as A

    manual = db.scalar(select(func.max(RunRow.date)).where(RunRow.athlete_id == athlete_id, RunRow.date < day))
    timed = (A.moving_s > 0) | ((func.coalesce(A.moving_s, 0) == 0) & (A.elapsed_s > 0))
    query = (
        select(A.start, A.utc_offset_s)
        .where(A.athlete_id == athlete_id, A.sport == "running", A.held.is_(None), timed)
        .where(A.start < dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC))
        .order_by(A.start.desc())
    )
    imported = None
    for r in db.execute(query.limit(50)).all():  # local dates: a start at most a day off
        local = (r[0] + dt.timedelta(seconds=r[1] or 0)).date()  # as core.activity.run_entry dates it
        if local < day:
            imported = local
            break
    else:
        if db.execute(query.limit(1)).first() is not None:  # 50 runs in two days: count them all
            imported = dt.date.min
    dates = [d for d in (manual, imported) if d is not None]
    return min(dates) if dates else None


def _imported_runs(db: Any, athlete_id: int, lo: dt.date, hi: dt.date) -> list[RunEntry]:
    """Imported runs as the load model sees them (core.activity.run_entry), RPE estimated where needed."""
    from runlift.core.activity import Activity, run_entry
    from runlift.store.tables import ActivityRow as A

    hr_max = db.execute(select(func.max(A.max_hr)).where(A.athlete_id == athlete_id)).scalar()
    first = dt.datetime.combine(lo, dt.time(), tzinfo=dt.UTC) - dt.timedelta(days=1) if lo > dt.date.min else None
    query = select(
        A.start, A.utc_offset_s, A.distance_m, A.moving_s, A.elapsed_s, A.avg_hr, A.name, A.rpe, A.source_format
    ).where(A.athlete_id == athlete_id, A.sport == "running", A.held.is_(None))  # held: until confirmed
    if first is not None:
        query = query.where(A.start >= first)
    out = []
    for r in db.execute(query.order_by(A.start)).all():
        start = r[0] if r[0].tzinfo else r[0].replace(tzinfo=dt.UTC)
        activity = Activity(
            start,
            "running",
            r[8],
            utc_offset_s=r[1],
            distance_m=r[2],
            moving_s=r[3],
            elapsed_s=r[4],
            avg_hr=r[5],
            name=r[6] or "",
            rpe=r[7],
        )
        entry = run_entry(activity, hr_max)
        if lo <= entry.date <= hi and entry.duration_s > 0:
            out.append(entry)
    return out
