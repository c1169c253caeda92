"""SQLAlchemy 2 rows. Weights are stored exactly as entered (value + unit)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Exact decimal storage for what the runner typed (e.g. 42.5 lb), returned as float.
Weight = Numeric(10, 3, asdecimal=False)


class Base(DeclarativeBase):
    pass


class AthleteRow(Base):
    __tablename__ = "athletes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    versions: Mapped[list[ProfileVersionRow]] = relationship(
        back_populates="athlete", order_by="ProfileVersionRow.version", cascade="all, delete-orphan"
    )


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
    __table_args__ = (Index("ix_lift_sessions_athlete_date", "athlete_id", "date"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    date: Mapped[dt.date] = mapped_column(Date)
    planned: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(40), default="manual")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    sets: Mapped[list[LiftSetRow]] = relationship(
        back_populates="session", order_by="LiftSetRow.position", cascade="all, delete-orphan"
    )


class LiftSetRow(Base):
    __tablename__ = "lift_sets"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("lift_sessions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    exercise: Mapped[str] = mapped_column(String(120), index=True)
    side: Mapped[str] = mapped_column(String(4))
    weight: Mapped[float] = mapped_column(Weight)
    unit: Mapped[str] = mapped_column(String(2))
    reps: Mapped[int] = mapped_column(Integer)
    rir: Mapped[float | None] = mapped_column(Float, nullable=True)
    rpe: Mapped[float | None] = mapped_column(Float, nullable=True)
    status: Mapped[str] = mapped_column(String(10))
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
