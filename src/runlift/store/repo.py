"""The Store: every read takes the athlete id, every write is one transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import selectinload, sessionmaker

from runlift.core.errors import InputError, NotFound
from runlift.core.library import BodyArea
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
)


@dataclass(frozen=True, slots=True)
class AthleteInfo:
    id: int
    name: str
    versions: int


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

    @classmethod
    def open(cls, url: str | None = None) -> Store:
        from runlift.store.db import database_url, open_engine

        return cls(open_engine(database_url(url)))

    @contextmanager
    def transaction(self) -> Iterator[DbSession]:
        """One unit of work: committed whole or rolled back whole."""
        with self._sessions.begin() as session:
            yield session

    # --- athletes and their versioned files -------------------------------------------

    def save_profile(self, name: str, toml: str, valid_from: dt.date, now: dt.datetime) -> ProfileVersion:
        """Store the runner's file; a changed file becomes a new version, the history stays."""
        digest = hashlib.sha256(toml.encode()).hexdigest()
        with self.transaction() as db:
            athlete = db.scalar(select(AthleteRow).where(AthleteRow.name == name))
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

    def athlete_id(self, name: str | None) -> int:
        """The named athlete, or the only one when no name is given."""
        known = self.athletes()
        if name is not None:
            match = [a for a in known if a.name == name]
            if not match:
                raise NotFound("athlete", name, "known: " + (", ".join(a.name for a in known) or "none yet"))
            return match[0].id
        if len(known) == 1:
            return known[0].id
        if not known:
            raise NotFound("athlete", "(none)", "add one first: runlift athlete add me.toml")
        raise InputError("--athlete: expected one of " + ", ".join(a.name for a in known) + ", got nothing")

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
        """Record a whole lift session with its sets, in one transaction."""
        with self.transaction() as db:
            row = LiftSessionRow(
                athlete_id=athlete_id,
                date=session.date,
                planned=session.planned,
                note=session.note,
                source=source,
                created_at=now,
            )
            row.sets = [_set_row(i, s) for i, s in enumerate(session.sets)]
            db.add(row)
            db.flush()
            return row.id

    def add_sets(self, athlete_id: int, day: dt.date, sets: Iterable[LoggedSet], now: dt.datetime) -> int:
        """Append sets to the day's session (created if there is none)."""
        with self.transaction() as db:
            row = db.scalar(
                select(LiftSessionRow)
                .where(LiftSessionRow.athlete_id == athlete_id, LiftSessionRow.date == day)
                .order_by(LiftSessionRow.id.desc())
                .limit(1)
            )
            if row is None:
                row = LiftSessionRow(
                    athlete_id=athlete_id, date=day, planned=False, note="", source="manual", created_at=now
                )
                db.add(row)
                db.flush()
            start = db.scalar(select(func.count(LiftSetRow.id)).where(LiftSetRow.session_id == row.id)) or 0
            db.add_all(_set_row(start + i, s, session_id=row.id) for i, s in enumerate(sets))
            return row.id

    def log_run(self, athlete_id: int, run: RunEntry, now: dt.datetime) -> int:
        with self.transaction() as db:
            row = RunRow(
                athlete_id=athlete_id,
                date=run.date,
                type=run.type.value,
                distance_m=run.distance_m,
                duration_s=run.duration_s,
                rpe=run.rpe,
                avg_hr=run.avg_hr,
                source=run.source,
                created_at=now,
            )
            db.add(row)
            db.flush()
            return row.id

    def log_pain(self, athlete_id: int, note: PainNote, now: dt.datetime) -> None:
        with self.transaction() as db:
            db.add(
                PainRow(athlete_id=athlete_id, date=note.date, area=note.area.value, score=note.score, created_at=now)
            )

    def log_weight(self, athlete_id: int, weight: BodyWeight, now: dt.datetime) -> None:
        with self.transaction() as db:
            db.add(
                BodyWeightRow(
                    athlete_id=athlete_id, date=weight.date, value=weight.value, unit=weight.unit.value, created_at=now
                )
            )

    def log_swap(self, athlete_id: int, swap: Swap, now: dt.datetime) -> None:
        with self.transaction() as db:
            db.add(
                SwapRow(
                    athlete_id=athlete_id,
                    date=swap.date,
                    exercise=swap.exercise,
                    reason=swap.reason.value,
                    back=swap.back,
                    created_at=now,
                )
            )

    def delete_session(self, athlete_id: int, session_id: int) -> None:
        with self.transaction() as db:
            db.execute(
                delete(LiftSessionRow).where(LiftSessionRow.athlete_id == athlete_id, LiftSessionRow.id == session_id)
            )

    # --- the log: reads ------------------------------------------------------------------

    def training_log(self, athlete_id: int, since: dt.date | None = None, until: dt.date | None = None) -> TrainingLog:
        """Everything the athlete logged, as core values, oldest first."""
        lo = since or dt.date.min
        hi = until or dt.date.max
        with self.transaction() as db:
            sessions = db.scalars(
                select(LiftSessionRow)
                .where(LiftSessionRow.athlete_id == athlete_id, LiftSessionRow.date.between(lo, hi))
                .options(selectinload(LiftSessionRow.sets))
                .order_by(LiftSessionRow.date, LiftSessionRow.id)
            ).all()
            runs = db.scalars(
                select(RunRow)
                .where(RunRow.athlete_id == athlete_id, RunRow.date.between(lo, hi))
                .order_by(RunRow.date, RunRow.id)
            ).all()
            pain = db.scalars(
                select(PainRow)
                .where(PainRow.athlete_id == athlete_id, PainRow.date.between(lo, hi))
                .order_by(PainRow.date, PainRow.id)
            ).all()
            weights = db.scalars(
                select(BodyWeightRow)
                .where(BodyWeightRow.athlete_id == athlete_id, BodyWeightRow.date.between(lo, hi))
                .order_by(BodyWeightRow.date, BodyWeightRow.id)
            ).all()
            swaps = db.scalars(
                select(SwapRow)
                .where(SwapRow.athlete_id == athlete_id, SwapRow.date.between(lo, hi))
                .order_by(SwapRow.date, SwapRow.id)
            ).all()
            return TrainingLog(
                lifts=tuple(
                    LiftSession(s.date, tuple(_logged_set(r) for r in s.sets), s.planned, s.note) for s in sessions
                ),
                runs=tuple(
                    RunEntry(r.date, RunType(r.type), r.distance_m, r.duration_s, r.rpe, r.avg_hr, r.source)
                    for r in runs
                ),
                pain=tuple(PainNote(p.date, BodyArea(p.area), p.score) for p in pain),
                weights=tuple(BodyWeight(w.date, w.value, Units(w.unit)) for w in weights),
                swaps=tuple(Swap(s.date, s.exercise, SwapReason(s.reason), s.back) for s in swaps),
            )

    def session_ids(self, athlete_id: int, day: dt.date) -> list[int]:
        with self.transaction() as db:
            return list(
                db.scalars(
                    select(LiftSessionRow.id).where(LiftSessionRow.athlete_id == athlete_id, LiftSessionRow.date == day)
                )
            )


def _set_row(position: int, s: LoggedSet, session_id: int | None = None) -> LiftSetRow:
    row = LiftSetRow(
        position=position,
        exercise=s.exercise,
        side=s.side.value,
        weight=s.weight,
        unit=s.unit.value,
        reps=s.reps,
        rir=s.rir,
        rpe=s.rpe,
        status=s.status.value,
    )
    if session_id is not None:
        row.session_id = session_id
    return row


def _logged_set(r: LiftSetRow) -> LoggedSet:
    return LoggedSet(r.exercise, r.reps, r.weight, Units(r.unit), Side(r.side), r.rir, r.rpe, SetStatus(r.status))
