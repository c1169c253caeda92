"""Checking a session off at the gym (the Today page, #13): the day's card as the runner does it (a swap
made today stands in at once), each prescribed set beside the set logged for it, and, at the end, what
changes next time for each exercise (progress, hold, reset, deload, regress).

The writes themselves are the log's (POST …/log/sets, PATCH/DELETE …/log/sets/{id}, POST …/swaps):
nothing here writes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from runlift.core.log import Side
from runlift.core.profile import Units
from runlift.store.repo import Store

if TYPE_CHECKING:
    from runlift.app.today import GymCard, LastTime
    from runlift.core.prescribe import Prescription
    from runlift.core.rules import RuleId


@dataclass(frozen=True, slots=True)
class SetRow:
    """One set of a prescription: as prescribed (or as the runner last lifted it), or as logged."""

    number: int  # among the prescription's sets, 1-based
    side: Side
    reps: int
    weight: float | None  # None: a lift whose weight is not known yet (the runner enters it)
    unit: Units
    rir: float | None
    logged_id: int | None = None  # the logged set's id once checked off


def set_rows(
    card: GymCard, units: Units, logged: Sequence[tuple[int, dict[str, object]]]
) -> list[dict[str, list[SetRow]]]:
    """Per session of the card, each exercise's sets (by exercise id), the day's logged sets matched to them
    in logged order, side by side (a set logged on the left is the next left set); the sets not logged
    yet show the prescription, or for a lift with no planned load the weight used earlier today, else
    last time's. `logged`: the day's sets as (id, values) in logged order (store.items)."""
    from runlift.app.lift_log import numbered_sets

    pending: dict[tuple[str, str], list[tuple[int, dict[str, object]]]] = {}
    for set_id, values in logged:
        if values.get("status") == "done":
            pending.setdefault((str(values["exercise"]), str(values["side"])), []).append((set_id, values))
    used_today = {str(v["exercise"]): (float(str(v["weight"])), str(v["unit"])) for _, v in logged if v["weight"]}
    rows: list[dict[str, list[SetRow]]] = []
    for block in card.sessions:
        rows.append({})
        for item in block.exercises:
            p = item.prescription
            out = rows[-1].setdefault(p.exercise.id, [])
            for number, planned in numbered_sets(p, units):
                matched = pending.get((p.exercise.id, planned.side.value))
                if matched:
                    set_id, v = matched.pop(0)
                    out.append(
                        SetRow(
                            number,
                            planned.side,
                            int(str(v["reps"])),
                            float(str(v["weight"])),
                            Units(str(v["unit"])),
                            None if v["rir"] is None else float(str(v["rir"])),
                            set_id,
                        )
                    )
                    continue
                weight, unit = _weight(p, planned.weight, planned.unit, used_today, item.last)
                out.append(SetRow(number, planned.side, planned.reps, weight, unit, planned.rir))
    return rows


def _weight(
    p: Prescription,
    weight: float,
    unit: Units,
    used_today: dict[str, tuple[float, str]],
    last: LastTime | None,
) -> tuple[float | None, Units]:
    """The weight a set not logged yet shows: the plan's load; for a lift the plan has no load for, the
    weight used on it earlier today, else last time's top weight, else None (to be entered)."""
    if p.load is not None or not p.exercise.externally_loaded:
        return weight, unit
    if p.exercise.id in used_today:
        value, used_unit = used_today[p.exercise.id]
        return value, Units(used_unit)
    if last is not None and any(s.weight > 0 for s in last.sets):
        top = max(last.sets, key=lambda s: s.weight_kg)
        return top.weight, top.unit
    return None, unit


def checklist(store: Store, athlete_id: int, day: dt.date) -> tuple[GymCard, list[dict[str, list[SetRow]]]]:
    """The day's card (app/today.gym_card: a swap made that day stands in) and each exercise's sets, with
    the ones logged that day checked off."""
    from runlift.app.season import load_state
    from runlift.app.today import gym_card
    from runlift.store import items

    card = gym_card(store, athlete_id, day)
    units = load_state(store, athlete_id).profile.athlete.units
    found = items.listed(store, athlete_id, day, day)
    logged = [(s.id, s.values) for _, sets in sorted(found.sessions, key=lambda x: x[0].id) for s in sets]
    return card, set_rows(card, units, logged)


def stand_ins(store: Store, athlete_id: int, day: dt.date) -> dict[str, str]:
    """The day's stand-ins for exercises the runner swapped out (on the day or before): stand-in id →
    the id of the exercise it replaces, which a swap back returns to (MOD-2)."""
    from runlift.app.season import day_planned

    replaced = day_planned(store, athlete_id, day).adapted.adjust.replacements
    return {r.exercise: original for original, r in replaced.items()}


# --- what changes next time ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NextTime:
    """What the plan does with one of the day's exercises next time, after what was logged."""

    exercise: str  # the exercise done on the day (its id)
    name: str
    step: str  # progress | hold | reset | deload | regress | none (not in the plan again this season)
    date: dt.date | None  # the next session that has it (or its step back)
    next: Prescription | None  # its prescription there
    why: tuple[RuleId, ...]
    note: str  # one line a runner can read


def next_time(store: Store, athlete_id: int, day: dt.date) -> tuple[NextTime, ...]:
    """For each exercise of the day's session as planned (before the day's swaps), what the next session that has it
    prescribes, from the plan adapted to the log through `day`: more weight or reps (progress, PRO-1/3),
    the same (hold, PRO-6), 10 % off after repeated misses (reset, PRO-6), an easier week (deload, PER-9),
    or its step back on its chain (regress, MOD-1/MOD-2: swapped on the day). A session can be finished
    half-way: the next loads follow what was logged."""
    from runlift.app.season import planned_on
    from runlift.app.today import planned_card

    card = planned_card(store, athlete_id, day)  # the session as planned: a swap made on the day is a regress
    planned = planned_on(store, athlete_id, day + dt.timedelta(days=1)).adapted
    sessions = [s for s in planned.plan.sessions() if s.date > day]
    out = []
    for block in card.sessions:
        for item in block.exercises:
            today = item.prescription
            x = today.exercise
            stand_in = planned.adjust.replacements.get(x.id)
            wanted = stand_in.exercise if stand_in else x.id
            found = next(((s, p) for s in sessions for p in s.exercises if p.exercise.id == wanted), None)
            if found is None:
                out.append(NextTime(x.id, x.name, "none", None, None, (), f"{x.name} is not in the plan again."))
                continue
            session, p = found
            week = planned.plan.week_of(session.date)
            working = planned.working.get(x.id)
            if stand_in is not None:
                step, why, note = "regress", stand_in.why, stand_in.note
            elif week is not None and week.deload:
                step, why, note = "deload", week.why or ("PER-9",), next(iter(week.notes), "An easier week.")
            elif working is not None:  # a lift with a weight: PRO-1…PRO-6 decided it
                step, why, note = working.step.value, working.why, working.note
            else:  # bodyweight: more sets or reps is the progress (PRO-3, PRO-8)
                step = "progress" if (p.sets, p.top_reps) > (today.sets, today.top_reps) else "hold"
                why, note = p.why, p.note or f"{p.exercise.name}: {target_text(p)}."
            out.append(NextTime(x.id, x.name, step, session.date, p, tuple(why), note))
    return tuple(out)


def target_text(p: Prescription) -> str:
    """'3 × 8–10 · 50 lb', '2 × 30 s each side': a prescription's sets, reps and load in one line."""
    reps = p.reps if isinstance(p.reps, int) else f"{p.reps[0]}–{p.reps[1]}"
    unit = {"seconds": " s", "meters": " m"}.get(p.exercise.measure.value, "")
    side = " each side" if p.exercise.unilateral else ""
    load = f" · {p.load.value:g} {p.load.unit}" if p.load is not None and p.load.value else ""
    return f"{p.sets} × {reps}{unit}{side}{load}"


def next_time_document(day: dt.date, steps: Sequence[NextTime]) -> dict[str, object]:
    """GET …/today/next: the day and, per exercise, what changes next time."""
    from runlift.core.serialize import prescription_to_dict

    return {
        "date": day.isoformat(),
        "exercises": [
            {
                "exercise": x.exercise,
                "name": x.name,
                "step": x.step,
                "date": x.date.isoformat() if x.date else None,
                "target": target_text(x.next) if x.next else None,
                "next": prescription_to_dict(x.next) if x.next else None,
                "why": list(x.why),
                "note": x.note,
            }
            for x in steps
        ],
    }
