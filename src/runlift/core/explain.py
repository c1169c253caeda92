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


# How specific a family's reason is to this runner and this day: a pain swap (MOD) says more than a
# load from the log (PRO), the day's placement (SCH), the phase (PER), the dose, and the generic choice (SEL).
SPECIFICITY = ("MOD", "PRO", "SCH", "PER", "DOSE", "SEL", "WU", "TRK")


def _rank(rule_id: str) -> int:
    family = rule_id.split("-", 1)[0]
    return SPECIFICITY.index(family) if family in SPECIFICITY else len(SPECIFICITY)


def summarize(explanation: Explanation, lines: int = 2) -> tuple[str, ...]:
    """The main reasons in a sentence each, the most specific first (pain → MOD-1 before SEL rules)."""
    subject = explanation.prescription
    prescriptions = (subject,) if subject else explanation.session.exercises
    out: list[str] = []
    cited: set[str] = set()
    moved_from = explanation.session.moved_from
    if subject is None and moved_from is not None:
        # the runner's own choice comes first: it is why the session is on this day at all
        out.append(
            f"You moved this session here from {moved_from:%a} {moved_from.day} {moved_from:%b}; it passed SCH-3."
        )
    # notes that explain a change for this runner (a swap for pain, a load from the log) come first
    # (a session's: only swaps (MOD); a pairing or a calibration note is about one exercise, not the day)
    noted = sorted(
        (p for p in prescriptions if p.note and (subject or min(map(_rank, p.why), default=99) == 0)),
        key=lambda p: min(map(_rank, p.why), default=99),
    )
    for p in noted:
        top = min(map(_rank, p.why), default=99)
        ids = [i for i in p.why if _rank(i) == top and top <= 1 and i not in p.note]
        out.append(p.note.rstrip(".") + (f" ({', '.join(ids)})." if ids else "."))
        cited.update(ids)
    # a session is explained by its own placement first; an exercise by everything behind it
    own = set(explanation.session.why) if subject is None else {r.id for r in explanation.rules}
    ranked = sorted((r for r in explanation.rules if r.id not in cited and r.id in own), key=lambda r: _rank(r.id))
    out += [f"{r.title} ({r.id})." for r in ranked]
    return tuple(out[:lines])
