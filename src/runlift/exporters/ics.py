"""The plan as iCalendar: one event per lift session (and optionally per run), with the prescription
in the description and stable UIDs, so importing the file again updates events, never duplicates."""

from __future__ import annotations

import datetime as dt
import re

from runlift.core.limits import plain_name
from runlift.core.prescribe import Prescription
from runlift.core.season import SeasonPlan, Session

START_HOUR = {"am": 7, "midday": 12, "pm": 18}  # floating local times: lifts early or after work
RUN_HOUR = {"am": 6, "midday": 12, "pm": 17, None: 12}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "runner"


def plan_to_ics(plan: SeasonPlan, now: dt.datetime, runs: bool = False, since: dt.date | None = None) -> bytes:
    from icalendar import Calendar, Event, vText

    cal = Calendar()
    cal.add("prodid", "-//runlift//strength for runners//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", vText(f"runlift: {one_line(plan.athlete)}"))  # vText: RFC 5545 escapes , ; \\
    who = slug(plan.athlete)
    sequence = int(now.timestamp()) // 60  # later exports are newer revisions of the same events
    for week in plan.weeks:
        for day in week.days:
            if since and day.date < since:
                continue
            for session in day.sessions:
                event = Event()
                begin = dt.datetime.combine(day.date, dt.time(START_HOUR[session.time.value]))
                # a moved session keeps its planned day's UID: a re-import moves the event, never duplicates it
                planned = (session.moved_from or day.date).isoformat()
                event.add("uid", f"{who}-{planned}-{session.time.value}-lift@runlift")
                event.add("summary", f"Lift: {session.focus.value} body ({week.phase.value})")
                event.add("dtstart", begin)
                event.add("dtend", begin + dt.timedelta(minutes=session.minutes))
                event.add("dtstamp", now)
                event.add("sequence", sequence)
                event.add("description", free_text(describe_session(session, week.notes)))
                cal.add_component(event)
            for i, run in enumerate(day.runs if runs else ()):
                event = Event()
                hour = RUN_HOUR[run.time.value if run.time else None]
                event.add("uid", f"{who}-{day.date.isoformat()}-run{i}@runlift")
                event.add("summary", f"Run: {run.type.value}" + (" (key)" if run.key else ""))
                event.add("dtstart", dt.datetime.combine(day.date, dt.time(hour)))
                event.add("dtend", dt.datetime.combine(day.date, dt.time(hour)) + dt.timedelta(hours=1))
                event.add("dtstamp", now)
                event.add("sequence", sequence)
                cal.add_component(event)
    return bytes(cal.to_ical())


def one_line(text: str) -> str:
    """A name for a calendar line: newlines folded to spaces, control characters dropped."""
    return plain_name(" ".join(text.split()))


def free_text(text: str) -> str:
    """Text for a DESCRIPTION: lines kept (icalendar escapes them), other control characters dropped."""
    return "\n".join(plain_name(line) for line in text.split("\n"))


def describe_session(session: Session, notes: tuple[str, ...]) -> str:
    lines = [f"{session.focus.value} body, ~{session.minutes} min, {session.order.value}"]
    lines += ["Warm-up: " + "; ".join(session.warmup)]
    lines += [line(p) for p in session.exercises]
    lines += ["Cool-down: " + "; ".join(session.cooldown)]
    lines += [f"Note: {n}" for n in (*notes[1:], *session.notes)]
    lines += ["Why: " + ", ".join(session.why)]
    return "\n".join(lines)


def line(p: Prescription) -> str:
    reps = f"{p.reps}" if isinstance(p.reps, int) else f"{p.reps[0]}-{p.reps[1]}"
    unit = {"seconds": " s", "meters": " m"}.get(p.exercise.measure.value, "")
    side = "/side" if p.exercise.unilateral else ""
    load = f" @ {p.load.value:g} {p.load.unit}" if p.load else ("" if p.foot_contacts else f" @ RIR {p.rir}")
    return f"- {p.exercise.name}: {p.sets}×{reps}{unit}{side}{load}, rest {p.rest_s} s"
