"""Answer "why?" for a day's session or one exercise in it, from the plan alone."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from runlift.core.errors import NotFound
from runlift.core.library import Library
from runlift.core.prescribe import Prescription
from runlift.core.rules import Rule, RuleBook, join_why
from runlift.core.season import SeasonPlan, Session, Week


@dataclass(frozen=True, slots=True)
class Explanation:
    date: dt.date
    week: Week
    session: Session
    prescription: Prescription | None
    rules: tuple[Rule, ...]
    book: RuleBook


def explain_day(plan: SeasonPlan, book: RuleBook, day: dt.date, exercise: str | None = None) -> Explanation:
    week = plan.week_of(day)
    sessions = [s for s in week.sessions if s.date == day] if week else []
    if week is None or not sessions:
        dates = ", ".join(s.date.isoformat() for s in (week.sessions if week else ())[:4])
        hint = f"that week's sessions are on {dates}" if dates else "no lift session that week"
        raise NotFound("lift session on", day.isoformat(), hint)
    session = sessions[0]
    if exercise is None:
        ids = join_why(session.why, *(p.why for p in session.exercises))
        return Explanation(day, week, session, None, book.explain(ids), book)
    prescription = find_prescription(session, exercise)
    ids = join_why(prescription.why, session.why)
    return Explanation(day, week, session, prescription, book.explain(ids), book)


def find_prescription(session: Session, query: str) -> Prescription:
    """Match an exercise of the session by id, name, abbreviation or close spelling (Library.find)."""
    in_session = Library.of(p.exercise for p in session.exercises)
    try:
        wanted = in_session.find(query)
    except NotFound:
        names = ", ".join(p.exercise.id for p in session.exercises)
        raise NotFound("exercise in this session", query, f"the session has: {names}") from None
    return next(p for p in session.exercises if p.exercise.id == wanted.id)
