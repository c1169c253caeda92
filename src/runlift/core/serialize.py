"""Plain JSON-ready dictionaries of a season plan (the `--json` and API shape)."""

from __future__ import annotations

from runlift.core.explain import Explanation
from runlift.core.library import Exercise
from runlift.core.moves import MoveOutcome
from runlift.core.periodize import PhaseSpan
from runlift.core.prescribe import Prescription
from runlift.core.profile import Run
from runlift.core.season import Day, SeasonPlan, Session, Week

JsonDict = dict[str, object]


def plan_to_dict(plan: SeasonPlan) -> JsonDict:
    return {
        "athlete": plan.athlete,
        "start": plan.start.isoformat(),
        "phases": [phase_to_dict(p) for p in plan.phases],
        "weeks": [week_to_dict(w) for w in plan.weeks],
    }


def phase_to_dict(span: PhaseSpan) -> JsonDict:
    return {"name": span.phase.value, "start": span.start.isoformat(), "end": span.end.isoformat()}


def week_to_dict(week: Week) -> JsonDict:
    return {
        "start": week.start.isoformat(),
        "phase": week.phase.value,
        "deload": week.deload,
        "notes": list(week.notes),
        "why": list(week.why),
        "days": [day_to_dict(d) for d in week.days],
        "moves": [move_to_dict(m) for m in week.moves],
    }


def move_to_dict(outcome: MoveOutcome) -> JsonDict:
    return {
        "planned": outcome.move.planned.isoformat(),
        "to": outcome.move.to.isoformat(),
        "applied": outcome.applied,
        "why": list(outcome.why),
        "note": outcome.note,
    }


def day_to_dict(day: Day) -> JsonDict:
    return {
        "date": day.date.isoformat(),
        "runs": [run_to_dict(r) for r in day.runs],
        "sessions": [session_to_dict(s) for s in day.sessions],
    }


def run_to_dict(run: Run) -> JsonDict:
    return {"type": run.type.value, "time": run.time.value if run.time else None, "key": run.key}


def session_to_dict(session: Session) -> JsonDict:
    return {
        "date": session.date.isoformat(),
        "time": session.time.value,
        "focus": session.focus.value,
        "minutes": session.minutes,
        "lower_body": session.lower_body.value,
        "order": session.order.value,
        "why": list(session.why),
        "notes": list(session.notes),
        "warmup": list(session.warmup),
        "cooldown": list(session.cooldown),
        "exercises": [prescription_to_dict(p) for p in session.exercises],
        "moved_from": session.moved_from.isoformat() if session.moved_from else None,
    }


def prescription_to_dict(p: Prescription) -> JsonDict:
    e = p.exercise
    intensity: JsonDict = {"pct_1rm": p.pct_1rm} if p.pct_1rm is not None else {"rir": p.rir}
    return {
        "id": e.id,
        "name": e.name,
        "pattern": e.pattern.value,
        "role": p.role.value,
        "unilateral": e.unilateral,
        "equipment": sorted(x.value for x in e.equipment),
        "sets": p.sets,
        "reps": p.reps if isinstance(p.reps, int) else list(p.reps),
        "measure": e.measure.value,
        "intensity": intensity,
        "load": {"value": p.load.value, "unit": p.load.unit} if p.load else None,
        "rest_s": p.rest_s,
        "foot_contacts": p.foot_contacts,
        "progression": p.progression.value,
        "paired_with": p.paired_with,
        "why": list(p.why),
        "note": p.note,
        "cues": list(e.cues),
    }


def explanation_to_dict(explanation: Explanation) -> JsonDict:
    book = explanation.book
    return {
        "date": explanation.date.isoformat(),
        "phase": explanation.week.phase.value,
        "session": session_to_dict(explanation.session),
        "exercise": prescription_to_dict(explanation.prescription) if explanation.prescription else None,
        "rules": [
            {
                "id": rule.id,
                "title": rule.title,
                "text": rule.text,
                "plain": rule.plain,
                "sources": [
                    {"key": k, "title": book.sources[k].title, "author": book.sources[k].author}
                    for k in rule.sources
                    if k in book.sources
                ],
                "cites": list(rule.cites),
            }
            for rule in explanation.rules
        ],
    }


def exercise_to_dict(e: Exercise) -> JsonDict:
    """An exercise of the library (`runlift library --json`, GET /api/v1/library/exercises)."""
    return {
        "id": e.id,
        "name": e.name,
        "pattern": e.pattern.value,
        "core_types": sorted(c.value for c in e.core_types),
        "region": e.region.value,
        "unilateral": e.unilateral,
        "position": e.position.value,
        "equipment": sorted(x.value for x in e.equipment),
        "load_type": e.load_type.value,
        "skill": e.skill.value,
        "traits": sorted(t.value for t in e.traits),
        "stresses": sorted(s.value for s in e.stresses),
        "regression": e.regression,
        "progression": e.progression,
        "specificity": e.specificity,
        "cues": list(e.cues),
    }
