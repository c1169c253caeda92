"""The JSON documents of the use cases: what `--json` prints and what the API returns, built from
the same values (light at import: the CLI imports it at start-up)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from runlift.app.imports import ListedActivity
    from runlift.app.today import GymCard
    from runlift.app.week import WeekView
    from runlift.core.log import TrainingLog


def pace_s_per_km(meters: float | None, seconds: float | None) -> float | None:
    return round(seconds / (meters / 1000.0), 1) if meters and seconds else None


def card_document(card: GymCard) -> dict[str, object]:
    """Today's gym card: the day's sessions as planned, each exercise with what to pick up and last time."""
    from runlift.core.serialize import session_to_dict

    return {
        "date": card.date.isoformat(),
        "phase": card.phase,
        "notes": list(card.week_notes + card.log_notes),
        "runs": [{"type": r.type.value, "time": r.time.value if r.time else None} for r in card.runs],
        "sessions": [
            session_to_dict(block.session)
            | {
                "card": [
                    {
                        "id": item.prescription.exercise.id,
                        "pick_up": item.pick_up or None,
                        "last": None
                        if item.last is None
                        else {
                            "date": item.last.date.isoformat(),
                            "sets": [
                                {"reps": s.reps, "weight": s.weight, "unit": s.unit.value, "rir": s.rir}
                                for s in item.last.sets
                            ],
                        },
                    }
                    for item in block.exercises
                ]
            }
            for block in card.sessions
        ],
        "next": card.next_lift.isoformat() if card.next_lift else None,
    }


def week_document(view: WeekView) -> dict[str, object]:
    from runlift.core.running_load import session_load
    from runlift.core.serialize import run_to_dict, session_to_dict

    return {
        "start": view.start.isoformat(),
        "usual_distance_m": round(view.usual_distance_m, 1),
        "phase": view.phase,
        "notes": list(view.notes),
        "days": [
            {
                "date": d.date.isoformat(),
                "planned": [session_to_dict(s) for s in d.planned],
                "logged_sets": sum(len(s.sets) for s in d.lifts),
                "planned_runs": [run_to_dict(r) for r in d.planned_runs],
                "runs": [
                    {
                        "type": r.type.value,
                        "distance_m": r.distance_m,
                        "duration_s": r.duration_s,
                        "pace_s_per_km": pace_s_per_km(r.distance_m, r.duration_s),
                        "load": round(session_load(r).load, 1),
                    }
                    for r in d.runs
                ],
            }
            for d in view.days
        ],
        "acwr": view.acwr,
    }


def history_document(log: TrainingLog) -> dict[str, object]:
    return {
        "lifts": [
            {
                "date": s.date.isoformat(),
                "planned": s.planned,
                "sets": [
                    {
                        "exercise": x.exercise,
                        "side": x.side.value,
                        "weight": x.weight,
                        "unit": x.unit.value,
                        "reps": x.reps,
                        "rir": x.rir,
                        "rpe": x.rpe,
                        "status": x.status.value,
                    }
                    for x in s.sets
                ],
            }
            for s in log.lifts
        ],
        "runs": [
            {
                "date": r.date.isoformat(),
                "type": r.type.value,
                "distance_m": r.distance_m,
                "duration_s": r.duration_s,
                "rpe": r.rpe,
                "avg_hr": r.avg_hr,
                "source": r.source,
            }
            for r in log.runs
        ],
        "pain": [{"date": p.date.isoformat(), "area": p.area.value, "score": p.score} for p in log.pain],
        "body_weight": [{"date": w.date.isoformat(), "value": w.value, "unit": w.unit.value} for w in log.weights],
    }


def activities_document(listed: Sequence[ListedActivity]) -> list[dict[str, object]]:
    return [
        {
            "id": x.id,
            "start": x.activity.start.isoformat(),
            "sport": x.activity.sport,
            "distance_m": x.activity.distance_m,
            "moving_s": x.activity.moving_s,
            "elapsed_s": x.activity.elapsed_s,
            "pace_s_per_km": pace_s_per_km(x.activity.distance_m, x.activity.moving_s or x.activity.elapsed_s)
            if is_run(x.activity.sport)
            else None,
            "avg_hr": x.activity.avg_hr,
            "max_hr": x.activity.max_hr,
            "ascent_m": x.activity.ascent_m,
            "source": x.activity.source_format,
            "sha256": x.sha256,
            "held": x.held,  # why it stays out of the running load until confirmed; None: counted
        }
        for x in listed
    ]


def is_run(sport: str) -> bool:
    return "run" in sport.lower()  # running, trail_running, treadmill_running, Run, VirtualRun …
