"""The Today page: the day's gym card on a phone: the runs and the run/lift order, the warm-up, then each
exercise as a card (target, load, what to pick up, last time's numbers, cues, the rules behind it).
The JSON twin is GET /api/v1/athletes/{id}/today. Checking sets off from the page comes next (#13)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

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
    from runlift.app.documents import card_document
    from runlift.app.today import gym_card

    card = card_document(gym_card(store, athlete.id, date))
    for session in card["sessions"]:  # type: ignore[attr-defined]
        extra = {c["id"]: c for c in session["card"]}
        for item in session["exercises"]:
            item["target"] = _target(item)
            item["pick_up"] = extra[item["id"]]["pick_up"]
            item["last"] = extra[item["id"]]["last"]
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
        season=url(request, "season", athlete_id=athlete.id),
    )
