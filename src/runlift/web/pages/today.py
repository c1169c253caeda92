"""The Today page: the day's gym card on a phone: the runs and the run/lift order, the warm-up, then each
exercise as a card (target, load, what to pick up, last time's numbers, cues, the rules behind it),
and each of its sets to check off, edit, swap, with a rest timer and, at the end, what changes next
time (static/js/today.js, through the JSON API). The JSON twin is GET /api/v1/athletes/{id}/today;
the card here has the day's swaps standing in already (app/checkoff.py)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from runlift.app.checkoff import SetRow
from runlift.core.errors import InputError
from runlift.core.log import SwapReason
from runlift.store.repo import Store
from runlift.web.api.plan import DayQuery
from runlift.web.deps import StoreDep, TodayDep
from runlift.web.pages.deps import Athlete, AthleteToChange, FormWriter, PageAthlete
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
    return _today(request, athlete, store, today, date)


def _today(
    request: Request,
    athlete: PageAthlete,
    store: Store,
    today: dt.date,
    date: dt.date,
    problem: str = "",
    status: int = 200,
) -> Response:
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
    for number, (session, session_rows) in enumerate(zip(card["sessions"], rows, strict=True), 1):  # type: ignore[call-overload]
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
            item["rows"] = [
                _row(r, str(item["measure"]), f"set-{number}-{item['id']}-{k}")
                for k, r in enumerate(session_rows[item["id"]], 1)
            ]
    return page(
        request,
        "today.html",
        title="Today" if date == today else date.strftime("%a %-d %b"),
        current="today",
        athlete_id=athlete.id,
        athlete_name=athlete.name,
        status=status,
        card=card,
        day=date,
        is_today=date == today,
        can_log=date <= today,  # the log takes today or earlier
        season=url(request, "season", athlete_id=athlete.id),
        sets_url=url(request, "today_set", athlete_id=athlete.id),
        swaps_url=url(request, "today_swap", athlete_id=athlete.id),
        swap_key=f"page-{uuid.uuid4()}",
        problem=problem,
        reasons=[(r.value, REASONS[r]) for r in SwapReason if r in REASONS],
    )


Text = Annotated[str, Form(max_length=40)]


@router.post("/a/{athlete_id}/today/sets", name="today_set")
def today_set(
    request: Request,
    caller: FormWriter,  # first: it reads the form's `csrf` the athlete's check below needs (multi-user)
    athlete: AthleteToChange,
    store: StoreDep,
    today: TodayDep,
    action: Annotated[Literal["check", "uncheck", "save"], Form()],
    date: Annotated[dt.date, Form()],
    exercise: Annotated[str, Form(min_length=1, max_length=200)],
    side: Annotated[Literal["L", "R", "both"], Form()] = "both",
    unit: Annotated[Literal["lb", "kg"] | None, Form()] = None,
    reps: Text = "",
    weight: Text = "",
    rir: Text = "",
    shown_reps: Annotated[str, Form(alias="shown.reps", max_length=40)] = "",
    shown_weight: Annotated[str, Form(alias="shown.weight", max_length=40)] = "",
    shown_rir: Annotated[str, Form(alias="shown.rir", max_length=40)] = "",
    set_id: Text = "",
    key: Annotated[str, Form(max_length=255, pattern=r"^[\x21-\x7e]*$")] = "",
) -> Response:
    """A set ticked, taken back or edited without script (a plain form post; static/js/today.js does the
    same through the API when it runs): check logs the set as its button shows it (`shown.*`), uncheck
    deletes it, save logs it with the numbers entered (or corrects it once logged). The set is logged
    through POST …/log/sets (its Idempotency-Key the row's, made with the page: the form sent twice logs
    one set); then back to Today (303) at the exercise, the set ticked. A refusal shows Today again with
    the reason (422)."""
    from pydantic import ValidationError

    from runlift.core.errors import RunliftError

    if action == "check":  # the set as its button shows it (the edit form's numbers are its own)
        reps, weight, rir = shown_reps, shown_weight, shown_rir
    form = SetForm(action, date, exercise, side, unit, reps, weight, rir, set_id, key)
    try:
        form.write(request, athlete.id, store, today)
    except (RunliftError, ValidationError) as refused:
        return _today(request, athlete, store, today, date, _worded(refused), status=422)
    return _back(request, athlete, today, date, exercise)


@router.post("/a/{athlete_id}/today/swaps", name="today_swap")
def today_swap(
    request: Request,
    caller: FormWriter,  # first: it reads the form's `csrf` (multi-user)
    athlete: AthleteToChange,
    store: StoreDep,
    today: TodayDep,
    action: Annotated[Literal["swap", "back"], Form()],
    date: Annotated[dt.date, Form()],
    exercise: Annotated[str, Form(min_length=1, max_length=200)],
    reason: Annotated[SwapReason, Form()] = SwapReason.TOO_HARD,
    key: Annotated[str, Form(max_length=255, pattern=r"^[\x21-\x7e]*$")] = "",
) -> Response:
    """An exercise swapped for its step back (MOD-1), or a stand-in's "Back to …" (MOD-2), without script:
    as POST …/swaps or …/swaps/undo make it (the form's Idempotency-Key made with the page), then back to
    Today (303) at what now stands in the exercise's place; a refusal shows Today with the reason (422)."""
    import json

    from pydantic import ValidationError

    from runlift.core.errors import RunliftError
    from runlift.web.api.log import SwapBackIn, SwapIn, swapped, swapped_back
    from runlift.web.idempotency import written

    try:
        if action == "swap":
            body = SwapIn(date=date, exercise=exercise, reason=reason)
            done = written(
                store, request, key or None, body, lambda: swapped(store, athlete.id, today, body), 201, athlete.id
            )
        else:
            back = SwapBackIn(date=date, exercise=exercise)
            done = written(
                store, request, key or None, back, lambda: swapped_back(store, athlete.id, today, back), 201, athlete.id
            )
    except (RunliftError, ValidationError) as refused:
        return _today(request, athlete, store, today, date, _worded(refused), status=422)
    answer = json.loads(bytes(done.body))
    return _back(request, athlete, today, date, answer["replacement"] or answer["exercise"])


def _back(request: Request, athlete: PageAthlete, today: dt.date, date: dt.date, exercise: str) -> Response:
    """Today again (303, so a reload sends nothing), at the exercise's card."""
    back = url(request, "today", athlete_id=athlete.id) or "/"
    return RedirectResponse(f"{back}{'' if date == today else f'?date={date}'}#ex-{exercise}", status_code=303)


@dataclass(frozen=True, slots=True)
class SetForm:
    """One set's form on the Today page, as posted (text as typed: checked here, in the API's words)."""

    action: str
    date: dt.date
    exercise: str
    side: str
    unit: str | None
    reps: str
    weight: str
    rir: str
    set_id: str
    key: str

    def write(self, request: Request, athlete_id: int, store: Store, today: dt.date) -> None:
        from runlift.app import log_items

        logged = _number(self.set_id, "set", whole=True)
        if self.action == "uncheck" or (self.action == "save" and logged is not None):
            if logged is None:
                raise InputError("set: expected the id of a logged set, got none")
            if self.action == "uncheck":
                log_items.delete(store, athlete_id, "set", int(logged))
            else:
                log_items.correct(store, athlete_id, "set", int(logged), self.changes(), today)
            return
        self.log(request, athlete_id, store, today)

    def changes(self) -> dict[str, object]:
        """A logged set's correction: reps and reps in reserve, and the weight when the form has one."""
        changes: dict[str, object] = {"reps": _number(self.reps, "reps", whole=True), "rir": _number(self.rir, "rir")}
        if self.weight.strip():
            changes["weight"] = _number(self.weight, "weight")
        return changes

    def log(self, request: Request, athlete_id: int, store: Store, today: dt.date) -> None:
        """As the API's POST …/log/sets logs them (web/api/log.py): the same checks and words, once per the
        form's Idempotency-Key."""
        from runlift.data import library
        from runlift.web.api.log import SetsIn, sets_logged
        from runlift.web.idempotency import written

        weight = _number(self.weight, "weight")
        if weight is None and self.exercise in library() and library().get(self.exercise).externally_loaded:
            raise InputError("weight: enter the weight you lifted first (Edit, then Save)")
        body = SetsIn.model_validate(
            {
                "date": self.date,
                "exercise": self.exercise,
                "reps": _number(self.reps, "reps", whole=True),
                "weight": weight or 0,
                "unit": self.unit,
                "side": self.side,
                "rir": _number(self.rir, "rir"),
            }
        )
        written(
            store, request, self.key or None, body, lambda: sets_logged(store, athlete_id, today, body), 201, athlete_id
        )


def _number(text: str, field: str, whole: bool = False) -> float | None:
    """A number typed in a form ("" is none): 8, 42.5; anything else refused in the API's words."""
    text = text.strip()
    if not text:
        return None
    try:
        return int(text) if whole else float(text)
    except ValueError:
        kind = "a whole number" if whole else "a number"
        raise InputError(f"{field}: expected {kind}, got {text!r}") from None


def _worded(refused: Exception) -> str:
    """A refusal in the API's one line ("reps: input should be greater than or equal to 1, got 0")."""
    from pydantic import ValidationError

    from runlift.web.problems import field_error, one_line

    if isinstance(refused, ValidationError):
        first = field_error(refused.errors()[0])
        return one_line(f"{first.field}: {first.message}")
    return one_line(refused)


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


def _row(row: SetRow, measure: str, form: str) -> dict[str, object]:
    """One set for the template: its label ('Set 2 · left'), its numbers as the inputs show them, its form's
    id and the Idempotency-Key its form logs it with (made once with the page: a form sent twice logs once)."""
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
        "form": form,
        "key": f"page-{uuid.uuid4()}",
    }
