"""SQLAlchemy 2 rows. Weights are stored exactly as entered (value + unit).

What each column may hold is core.limits; migration 0004 holds the CHECK constraints that enforce it."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Exact decimal storage for what the runner typed (e.g. 42.5 lb), returned as float.
Weight = Numeric(10, 3, asdecimal=False)


class Base(DeclarativeBase):
    pass


def conflict_insert(dialect: str, table: Table) -> Any:
    """An INSERT that takes ON CONFLICT … (an upsert, or a claim): PostgreSQL's or SQLite's, the store's two."""
    from sqlalchemy.dialects import postgresql, sqlite

    return (postgresql if dialect == "postgresql" else sqlite).insert(table)


def _first_revision() -> int:
    """A new athlete's revisions start at a random number: an athlete removed and another added under
    the same id (SQLite reuses the highest id) never meets the first one's cached plans."""
    return secrets.randbits(52)


class AthleteRow(Base):
    __tablename__ = "athletes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    # bumped by every write to the athlete's file or log, first thing in its transaction (store/changes.py)
    revision: Mapped[int] = mapped_column(BigInteger, default=_first_revision, server_default="0")
    versions: Mapped[list[ProfileVersionRow]] = relationship(
        back_populates="athlete", order_by="ProfileVersionRow.version", cascade="all, delete-orphan"
    )


class AthleteChangeRow(Base):
    """Which days' plans a write changed: (athlete, day) holds the revision of the latest write that
    changed the plan of `day` and of every later day (store/changes.py). A few rows per athlete."""

    __tablename__ = "athlete_changes"
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    revision: Mapped[int] = mapped_column(BigInteger)


class ProfileVersionRow(Base):
    """The runner's file as it was from `valid_from`: a changed race or equipment is a new version."""

    __tablename__ = "profile_versions"
    __table_args__ = (UniqueConstraint("athlete_id", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    valid_from: Mapped[dt.date] = mapped_column(Date)
    toml: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    athlete: Mapped[AthleteRow] = relationship(back_populates="versions")


class PlanRow(Base):
    """A generated season, stored as its JSON document."""

    __tablename__ = "plans"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"), index=True)
    profile_version: Mapped[int] = mapped_column(Integer)
    start: Mapped[dt.date] = mapped_column(Date)
    document: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class LiftSessionRow(Base):
    __tablename__ = "lift_sessions"
    __table_args__ = (
        Index("ix_lift_sessions_athlete_date", "athlete_id", "date"),
        # one hand-logged session a day, even when two processes log at once (store upserts it)
        UniqueConstraint("athlete_id", "date", "day_session", name="uq_lift_sessions_athlete_date_day_session"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    date: Mapped[dt.date] = mapped_column(Date)
    planned: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(40), default="manual")
    day_session: Mapped[str | None] = mapped_column(String(10), nullable=True)  # "manual", or NULL (imported)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    sets: Mapped[list[LiftSetRow]] = relationship(
        back_populates="session", order_by="LiftSetRow.position", cascade="all, delete-orphan"
    )


class LiftSetRow(Base):
    __tablename__ = "lift_sets"
    # a session's sets in order; its next position is one lookup (max + 1, store/repo.py)
    __table_args__ = (Index("ix_lift_sets_session_position", "session_id", "position"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("lift_sessions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    exercise: Mapped[str] = mapped_column(String(120), index=True)
    side: Mapped[str] = mapped_column(String(4))
    weight: Mapped[float] = mapped_column(Weight)
    unit: Mapped[str] = mapped_column(String(2))
    reps: Mapped[int] = mapped_column(Integer)
    rir: Mapped[float | None] = mapped_column(Float, nullable=True)
    rpe: Mapped[float | None] = mapped_column(Float, nullable=True)
    status: Mapped[str] = mapped_column(String(10))
    # the name an import gave the exercise (Strong's "Squat (Barbell)"): `import --map` moves only these
    source_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    session: Mapped[LiftSessionRow] = relationship(back_populates="sets")


class RunRow(Base):
    __tablename__ = "runs"
    __table_args__ = (Index("ix_runs_athlete_date", "athlete_id", "date"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    date: Mapped[dt.date] = mapped_column(Date)
    type: Mapped[str] = mapped_column(String(20))
    distance_m: Mapped[float] = mapped_column(Float)
    duration_s: Mapped[float] = mapped_column(Float)
    rpe: Mapped[float | None] = mapped_column(Float, nullable=True)
    avg_hr: Mapped[float | None] = mapped_column(Float, nullable=True)
    source: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class PainRow(Base):
    __tablename__ = "pain_notes"
    __table_args__ = (Index("ix_pain_athlete_date", "athlete_id", "date"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    date: Mapped[dt.date] = mapped_column(Date)
    area: Mapped[str] = mapped_column(String(20))
    score: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class BodyWeightRow(Base):
    __tablename__ = "body_weights"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Weight)
    unit: Mapped[str] = mapped_column(String(2))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class SwapRow(Base):
    __tablename__ = "swaps"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    exercise: Mapped[str] = mapped_column(String(120))
    reason: Mapped[str] = mapped_column(String(20))
    back: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ActivityRow(Base):
    """An imported activity's summary (issue #5); runs among them feed the running-load model."""

    __tablename__ = "activities"
    __table_args__ = (
        UniqueConstraint("athlete_id", "sha256", "file_index"),
        Index("ix_activities_athlete_start", "athlete_id", "start"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    start: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    utc_offset_s: Mapped[int | None] = mapped_column(Integer, nullable=True)
    sport: Mapped[str] = mapped_column(String(40))
    sub_sport: Mapped[str | None] = mapped_column(String(40), nullable=True)
    distance_m: Mapped[float | None] = mapped_column(Float, nullable=True)
    moving_s: Mapped[float | None] = mapped_column(Float, nullable=True)
    elapsed_s: Mapped[float | None] = mapped_column(Float, nullable=True)
    avg_hr: Mapped[float | None] = mapped_column(Float, nullable=True)
    max_hr: Mapped[float | None] = mapped_column(Float, nullable=True)
    ascent_m: Mapped[float | None] = mapped_column(Float, nullable=True)
    name: Mapped[str] = mapped_column(Text)
    rpe: Mapped[float | None] = mapped_column(Float, nullable=True)
    source_format: Mapped[str] = mapped_column(String(20))
    sha256: Mapped[str] = mapped_column(String(64))
    file_index: Mapped[int] = mapped_column(Integer)
    path: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    # why a run stays out of the running load until the runner confirms it (an impossible pace); None: counted
    held: Mapped[str | None] = mapped_column(Text, nullable=True)


class ImportedFileRow(Base):
    """Every file imported, by content hash: importing it again adds nothing."""

    __tablename__ = "imported_files"
    __table_args__ = (UniqueConstraint("athlete_id", "sha256"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(20))
    path: Mapped[str] = mapped_column(Text)
    items: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ExerciseNameRow(Base):
    """How a source's exercise name maps to the library (or to a custom exercise), for --review."""

    __tablename__ = "exercise_names"
    __table_args__ = (UniqueConstraint("athlete_id", "source_name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"), index=True)
    source_name: Mapped[str] = mapped_column(String(200))
    exercise: Mapped[str] = mapped_column(String(200))
    how: Mapped[str] = mapped_column(String(10))
    score: Mapped[float] = mapped_column(Float)


class RowSetAsideRow(Base):
    """A row an older runlift stored outside core.limits, moved here whole (as JSON) by migration 0004."""

    __tablename__ = "rows_set_aside"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    data: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class JobRow(Base):
    """Long work run by a worker outside the request (migration 0005): an import, for now.

    A worker claims a queued job (or a running one whose lease expired: its worker died) by setting
    lease_owner and lease_expires, renews the lease while it works, and ends the job only while it
    still holds the lease, so a job is finished once even when two workers ran it."""

    __tablename__ = "jobs"
    __table_args__ = (
        UniqueConstraint("athlete_id", "kind", "idempotency_key", name="uq_jobs_athlete_kind_key"),
        Index("ix_jobs_status_id", "status", "id"),
        Index("ix_jobs_athlete_id", "athlete_id", "id"),
        CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name="ck_jobs_status"),
        CheckConstraint("attempts >= 0", name="ck_jobs_attempts"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(10))
    idempotency_key: Mapped[str | None] = mapped_column(String(200), nullable=True)
    progress_done: Mapped[int] = mapped_column(BigInteger, default=0)
    progress_total: Mapped[int] = mapped_column(BigInteger, default=0)
    result: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON summary
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_owner: Mapped[str | None] = mapped_column(String(100), nullable=True)
    lease_expires: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class JobFileRow(Base):
    """One uploaded file of a job, its bytes in job_chunks (deleted when the job ends)."""

    __tablename__ = "job_files"
    __table_args__ = (UniqueConstraint("job_id", "position", name="uq_job_files_job_position"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(BigInteger)


class JobChunkRow(Base):
    __tablename__ = "job_chunks"
    __table_args__ = (UniqueConstraint("file_id", "seq", name="uq_job_chunks_file_seq"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("job_files.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)


# --- accounts (multi-user mode, issue #12): users, who owns an athlete, sessions, tokens, coaches ---
# Secrets (session ids, API tokens, reset tokens) are random and stored only as their SHA-256: a copy
# of the database lets no one in. Passwords are argon2id hashes (app/accounts.py).


class UserRow(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)  # stored lower-cased: one account per address
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class AthleteOwnerRow(Base):
    """The user an athlete belongs to (multi-user mode); an athlete has at most one."""

    __tablename__ = "athlete_owners"
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)


class UserSessionRow(Base):
    """A signed-in browser: the cookie holds a random id, the row its hash, until it expires."""

    __tablename__ = "user_sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ApiTokenRow(Base):
    """A personal API token for scripts and watches: shown once, scoped read or write, revocable."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16))  # the secret's first characters, to tell tokens apart
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scope: Mapped[str] = mapped_column(String(5))  # "read" or "write"
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class PasswordResetRow(Base):
    """A single-use password reset token, given to the operator (no mail server), until it expires."""

    __tablename__ = "password_resets"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class CoachInvitationRow(Base):
    """A coach's invitation to an email address; accepted for one of that user's athletes, revocable."""

    __tablename__ = "coach_invitations"
    __table_args__ = (
        Index("ix_coach_invitations_coach_status", "coach_id", "status"),
        Index("ix_coach_invitations_athlete_status", "athlete_id", "status"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    coach_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(320), index=True)  # the invited address, lower-cased
    athlete_id: Mapped[int | None] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"), nullable=True)
    status: Mapped[str] = mapped_column(String(10))  # "invited", "accepted" or "revoked"
    invited_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    accepted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class LoginFailureRow(Base):
    """A failed sign-in, by address and client IP: the rate limit holds across worker processes."""

    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_email_ip_at", "email", "ip", "at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320))
    ip: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class IdempotencyKeyRow(Base):
    """A write done under an Idempotency-Key, with its response: the same key again is answered from here.

    `scope` is whose keys they are ("athlete:7", or the caller's for writes before an athlete exists);
    the row is written in the write's own transaction, so a write and its key commit together."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("scope", "key", name="uq_idempotency_keys_scope_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope: Mapped[str] = mapped_column(String(60))
    key: Mapped[str] = mapped_column(String(255))
    athlete_id: Mapped[int | None] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), nullable=True, index=True
    )
    fingerprint: Mapped[str] = mapped_column(String(64))  # sha256 of the method, path and body
    status: Mapped[int] = mapped_column(Integer)  # 0 while the write runs (never committed so)
    response: Mapped[str] = mapped_column(Text)  # the JSON body answered
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class CalendarFeedRow(Base):
    """A subscribable calendar: only the token's SHA-256 is kept; revoked feeds stay as a record."""

    __tablename__ = "calendar_feeds"
    __table_args__ = (UniqueConstraint("token_hash", name="uq_calendar_feeds_token_hash"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class SessionMoveRow(Base):
    """The runner moved the lift session planned on `planned_on` to `moved_to` (core/moves.py); one row
    a session: a later move of the same session replaces it, an undo deletes it."""

    __tablename__ = "session_moves"
    __table_args__ = (UniqueConstraint("athlete_id", "planned_on", name="uq_session_moves_athlete_planned"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"), index=True)
    planned_on: Mapped[dt.date] = mapped_column(Date)
    moved_to: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
