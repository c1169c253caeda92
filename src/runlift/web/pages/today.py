"""The Today page: the day's gym card on a phone: the runs and the run/lift order, the warm-up, then each
exercise as a card (target, load, what to pick up, last time's numbers, cues, the rules behind it),
and each of its sets to check off, edit, swap, with a rest timer and, at the end, what changes next
time (static/js/today.js, through the JSON API). The JSON twin is GET /api/v1/athletes/{id}/today;
the card here has the day's swaps standing in already (app/checkoff.py)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from runlift.app.checkoff import SetRow
from runlift.core.log import SwapReason
from runlift.web.api.plan import DayQuery
from runlift.web.deps import StoreDep, TodayDep
from runlift.web.pages.deps import Athlete
from runlift.web.pages.render import page, url

router = APIRouter(include_in_schema=False)


def _target(item: dict[str, object]) -> str:
    """'3 × 8–10', '2 × 30 s each side': the sets and reps as a runner reads them."""
    reps = item["reps"]
    shown = f"{reps[0]}–{reps[1]}" if isinstance(reps, list) else str(reps)
    unit = {"seconds": " s", "meters": " m"}.get(str(item["measure"]), "")
    side = " each side" if item["unilateral"] else ""
    return f"{item['sets']} × {shown}{unit}{side}"


@router.get("/a/{athlete_id}/today", name="today")
def today_page(request: Request, athlete: Athlete, store: StoreDep, today: TodayDep, date: DayQuery) -> Response:
    from runlift.app.checkoff import checklist, stand_ins
    from runlift.app.documents import card_document
    from runlift.data import library

    found, rows = checklist(store, athlete.id, date)
    swapped = stand_ins(store, athlete.id, date)
    card = card_document(found)
    loaded = {
        e.prescription.exercise.id: e.prescription.exercise.externally_loaded
        for b in found.sessions
        for e in b.exercises
    }
    for session, session_rows in zip(card["sessions"], rows, strict=True):  # type: ignore[call-overload]
        extra = {c["id"]: c for c in session["card"]}
        for item in session["exercises"]:
            item["target"] = _target(item)
            item["pick_up"] = extra[item["id"]]["pick_up"]
            item["last"] = extra[item["id"]]["last"]
            item["loaded"] = loaded[item["id"]]
            item["can_swap"] = bool(library().regressions(item["id"]))
            original = swapped.get(str(item["id"]))
            known = original is not None and original in library()
            item["swapped_from"] = library().get(original).name if original is not None and known else None
            item["rows"] = [_row(r, str(item["measure"])) for r in session_rows[item["id"]]]
    return page(
        request,
        "today.html",
        title="Today" if date == today else date.strftime("%a %-d %b"),
        current="today",
        athlete_id=athlete.id,
        athlete_name=athlete.name,
        card=card,
        day=date,
        is_today=date == today,
        can_log=date <= today,  # the log takes today or earlier
        season=url(request, "season", athlete_id=athlete.id),
        reasons=[(r.value, REASONS[r]) for r in SwapReason if r in REASONS],
    )


# MOD-1's reasons to step an exercise back, as the swap menu offers them (shame is a reason too, but
# nobody picks it from a menu at the gym; the API and the CLI take it)
REASONS = {
    SwapReason.PAIN: "It hurts",
    SwapReason.UNSAFE: "Feels unsafe",
    SwapReason.TOO_HARD: "Too hard",
    SwapReason.CLUNKY: "Still clunky",
}


def set_values(reps: int, weight: float | None, unit: str, rir: float | None, measure: str) -> str:
    """'6 × 50 lb · RIR 2', '8 reps · RIR 2', '30 s', '8 × ? lb' (a weight to enter): a set's numbers as
    its button shows them, short enough for 320 px (static/js/today.js writes the same after an edit)."""
    amount = {"seconds": f"{reps} s", "meters": f"{reps} m"}.get(measure, f"{reps}")
    if weight is None:
        shown = f"{amount} × ? {unit}"
    elif weight:
        shown = f"{amount} × {weight:g} {unit}"
    else:
        shown = amount if measure in ("seconds", "meters") else f"{reps} reps"
    return shown + ("" if rir is None else f" · RIR {rir:g}")


def _row(row: SetRow, measure: str) -> dict[str, object]:
    """One set for the template: its label ('Set 2 · left') and its numbers as the inputs show them."""
    side = {"L": " · left", "R": " · right"}.get(row.side.value, "")
    return {
        "label": f"Set {row.number}{side}",
        "shown": set_values(row.reps, row.weight, row.unit.value, row.rir, measure),
        "side": row.side.value,
        "reps": row.reps,
        "weight": "" if row.weight is None else f"{row.weight:g}",
        "unit": row.unit.value,
        "rir": "" if row.rir is None else f"{row.rir:g}",
        "id": row.logged_id or "",
    }
