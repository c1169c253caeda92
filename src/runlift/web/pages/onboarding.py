"""Onboarding (#13): a new runner's file as a form grouped the way a runner thinks (you; your running
week; races; lifting; what hurts), or an uploaded TOML file. Both are checked by the profile's own check,
every field at once (app/onboarding, profile_problems.problems): each problem beside its field and listed
at the top with a link to it, with the "did you mean" word. Stored → the first plan (phases and the first
week), with the way to Today. A plain form post: it works without script (js/onboarding.js adds race rows
and switches the units shown)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from runlift.app.onboarding import MAX_FILE_BYTES, Answers, NotStarted
from runlift.profile_problems import Problem
from runlift.web.deps import StoreDep, TodayDep, adopt
from runlift.web.pages.deps import Athlete, FormWriter, Reader
from runlift.web.pages.render import page, url

router = APIRouter(include_in_schema=False)
RACE_ROWS = 3  # rows shown without script; js/onboarding.js adds more
MAX_ANSWER = 1000  # characters of one answer kept (a name is a few dozen)
MAX_RACE_ROWS = 20
DEFAULT_WEEK = {
    "mon": "easy",
    "tue": "rest",
    "wed": "tempo",
    "thu": "easy",
    "fri": "rest",
    "sat": "long",
    "sun": "rest",
}
DAYS = (
    ("mon", "Monday"),
    ("tue", "Tuesday"),
    ("wed", "Wednesday"),
    ("thu", "Thursday"),
    ("fri", "Friday"),
    ("sat", "Saturday"),
    ("sun", "Sunday"),
)
# what a field is called on the form, for the list of problems at the top
LABELS = {
    "athlete.name": "Name",
    "athlete.units": "Units",
    "athlete.bodyweight": "Body weight",
    "athlete.age": "Age",
    "athlete.lifting_experience": "Lifting experience",
    "athlete.equipment": "Equipment",
    "athlete.pain": "Pain or niggles",
    "athlete.sessions_per_week": "Lift sessions a week",
    "athlete.session_minutes": "Minutes a session",
    "running.weekly_distance": "Weekly distance",
}


def _choices() -> dict[str, Any]:
    from runlift.core.library import BodyArea, Equipment, Level
    from runlift.core.profile import Priority, RunType, TimeOfDay, Units

    return {
        "units": [u.value for u in Units],
        "levels": [level.value for level in Level],
        "equipment": [e.value for e in Equipment],
        "pain": [a.value for a in BodyArea],
        "runs": ["rest", *(r.value for r in RunType if r is not RunType.RACE)],
        "times": [t.value for t in TimeOfDay],
        "priorities": [p.value for p in Priority],
        "distances": ["5k", "10k", "half-marathon", "marathon", "ultra"],
        "days": DAYS,
    }


def _blank() -> dict[str, str]:
    values = {
        "athlete.units": "kg",
        "athlete.lifting_experience": "beginner",
        "athlete.sessions_per_week": "2",
        "athlete.session_minutes": "40",
    }
    values.update({f"running.week.{day}": run for day, run in DEFAULT_WEEK.items()})
    values["running.week.wed_time"] = "am"
    return values


def _form_page(
    request: Request,
    values: dict[str, str],
    equipment: Sequence[str] = (),
    pain: Sequence[str] = (),
    rows: int = RACE_ROWS,
    found: Sequence[Problem] = (),
    upload: Sequence[Problem] = (),
    pasted: str = "",
    race_rows: Sequence[int] = (),
) -> Response:
    errors: dict[str, list[Problem]] = {}
    summary = []
    for problem in found:
        target = _input_for(problem.field, race_rows)
        if target:
            errors.setdefault(target, []).append(problem)
        label = _label(target or problem.field)
        summary.append({"href": f"#{_id(target)}" if target else "", "label": label, "problem": problem})
    units = values.get("athlete.units") if values.get("athlete.units") in ("kg", "lb") else "kg"
    return page(
        request,
        "onboarding.html",
        title="Add a runner",
        current="onboarding",
        values=values,
        equipment=set(equipment),
        pain=set(pain),
        rows=max(RACE_ROWS, min(rows, MAX_RACE_ROWS)),
        errors=errors,
        summary=summary,
        upload=upload,
        pasted=pasted,
        choices=_choices(),
        weight_unit=units,
        distance_unit="mi" if units == "lb" else "km",
        input_id=_id,
        max_kib=MAX_FILE_BYTES // 1024,
        status=422 if found or upload else 200,
    )


@router.get("/onboarding", name="onboarding")
def onboarding_form(request: Request, _caller: Reader) -> Response:
    return _form_page(request, _blank())


@router.post("/onboarding")
async def onboard(request: Request, caller: FormWriter, store: StoreDep, day: TodayDep) -> Response:
    """The form's answers → every problem beside its field (nothing stored), or the runner stored and
    the first plan shown (303, so a reload does not send the form again)."""
    from starlette.concurrency import run_in_threadpool

    from runlift.app.onboarding import draft, start_from_answers

    form = await request.form()
    fields = {k: v[:MAX_ANSWER] for k, v in form.items() if isinstance(v, str)}
    rows = min(_rows(form), MAX_RACE_ROWS)
    answers = Answers(
        fields,
        [str(e) for e in form.getlist("athlete.equipment")][:20],
        [str(p) for p in form.getlist("athlete.pain")][:20],
    )
    drafted = draft(answers, rows)
    try:
        _, saved = await run_in_threadpool(start_from_answers, store, drafted, day, _now())
    except NotStarted as refused:
        return _form_page(
            request, fields, answers.equipment, answers.pain, rows, refused.problems, race_rows=drafted.race_rows
        )
    await run_in_threadpool(adopt, store, caller, saved.athlete_id)
    return RedirectResponse(f"/a/{saved.athlete_id}/first-plan", status_code=303)


@router.post("/onboarding/upload")
async def onboard_file(
    request: Request,
    caller: FormWriter,
    store: StoreDep,
    day: TodayDep,
    file: Annotated[UploadFile | None, Form()] = None,
    text: Annotated[str, Form()] = "",
) -> Response:
    """An uploaded (or pasted) runner's file: the same checks, each problem with its line and field."""
    from starlette.concurrency import run_in_threadpool

    from runlift.app.onboarding import start_from_file

    if file is not None and file.filename:
        data, source = await file.read(MAX_FILE_BYTES + 1), file.filename
    else:
        data, source = text.encode("utf-8"), "the pasted file"
    if not data.strip():
        refused = [Problem("", "expected a runner's file (choose a .toml file or paste one), got nothing")]
        return _form_page(request, _blank(), upload=refused, pasted=text)
    try:
        _, saved = await run_in_threadpool(start_from_file, store, data, source[:100], day, _now())
    except NotStarted as exc:
        return _form_page(request, _blank(), upload=exc.problems, pasted=text if len(text) <= MAX_FILE_BYTES else "")
    await run_in_threadpool(adopt, store, caller, saved.athlete_id)
    return RedirectResponse(f"/a/{saved.athlete_id}/first-plan", status_code=303)


@router.get("/a/{athlete_id}/first-plan", name="first_plan")
def first_plan(request: Request, athlete: Athlete, store: StoreDep, today: TodayDep) -> Response:
    """The plan a new runner starts with: the season's phases and this week's runs and lift sessions."""
    from runlift.app.season_view import season_view
    from runlift.web.pages.season import phase_strip

    view = season_view(store, athlete.id, today)
    return page(
        request,
        "first_plan.html",
        title="Your first plan",
        athlete_id=athlete.id,
        athlete_name=athlete.name,
        view=view,
        strip=phase_strip(view),
        week=view.weeks[0] if view.weeks else None,
        today_href=url(request, "today", athlete_id=athlete.id),
        season_href=url(request, "season", athlete_id=athlete.id),
    )


def _rows(form: Any) -> int:
    """How many race rows the form sent (script may have added some): the highest race[i] + 1."""
    found = [int(m.group(1)) for k in form if (m := re.match(r"race\[(\d{1,2})\]\.", k))]
    return max(found, default=RACE_ROWS - 1) + 1


def _input_for(field: str, rows: Sequence[int]) -> str:
    """The form input a problem's field is about: "race[1].date" is the date of the second race the form
    filled (its row), "running.week.sat[1]" Saturday's second run, "athlete.equipment[2]" the equipment."""
    race = re.match(r"race\[(\d+)\](?:\.(\w+))?", field)
    if race:
        k = int(race.group(1))
        row = rows[k] if k < len(rows) else k
        return f"race[{row}].{race.group(2) if race.group(2) in ('date', 'distance', 'priority', 'name') else 'date'}"
    day = re.match(r"running\.week\.(\w+)(?:\[(\d+)\])?$", field)
    if day:
        return f"running.week.{day.group(1)}" + (".second" if day.group(2) == "1" else "")
    base = re.sub(r"\[\d+\]$", "", field)
    return base if base in LABELS else ""


def _label(field: str) -> str:
    race = re.match(r"race\[(\d+)\]", field)
    if race:
        return f"Race {int(race.group(1)) + 1}"  # the form's row (the file's race, for an upload)
    day = re.match(r"running\.week\.(\w+)", field)
    if day:
        return dict(DAYS).get(day.group(1), field)
    return LABELS.get(re.sub(r"\[\d+\]$", "", field), field)


def _id(name: str) -> str:
    """An input's id from its name: "race[1].date" → "f-race-1-date"."""
    return "f-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
