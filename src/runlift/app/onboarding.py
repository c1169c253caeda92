"""Onboarding a runner from the web: a form's answers as a runner's file, every problem of it at once
(the profile's own check, field by field: profile_problems.problems), and the runner stored with their first
plan. An uploaded file goes through the same checks, its problems with their lines."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from runlift.app.profiles import text_from_document
from runlift.core.errors import InputError, NotFound
from runlift.core.profile import WEEKDAYS
from runlift.profile_problems import Problem, problems, text_problems
from runlift.store.repo import ProfileVersion, Store

MAX_FILE_BYTES = 64 * 1024  # a runner's file is a few hundred bytes; the demo is under 1 KiB


@dataclass(frozen=True, slots=True)
class Answers:
    """A form's answers as text, by the runner's-file field they fill ("athlete.bodyweight"); a day of
    the week is "running.week.sat" (the run), "….time", "….second", "….second_time"; race rows are
    "race[i].date", "race[i].distance", "race[i].priority", "race[i].name"; equipment and pain are lists."""

    fields: Mapping[str, str]
    equipment: Sequence[str] = ()
    pain: Sequence[str] = ()

    def get(self, name: str) -> str:
        return self.fields.get(name, "").strip()


@dataclass(frozen=True, slots=True)
class Drafted:
    """A form's answers as a runner's file document; `race_rows[k]` is the form row of the file's race[k]."""

    doc: dict[str, Any]
    race_rows: tuple[int, ...]


class NotStarted(InputError):
    """The runner was not stored: every problem found, each naming its field (nothing was written)."""

    def __init__(self, found: Sequence[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in found))
        self.problems = tuple(found)


def draft(answers: Answers, rows: int) -> Drafted:
    """The answers as a runner's file: numbers read as numbers (a decimal comma too), an empty answer
    left out (the file's default, or the check's "expected …"), a race row with nothing in it skipped."""
    athlete: dict[str, Any] = {}
    for key in ("name", "units", "lifting_experience"):
        if answers.get(f"athlete.{key}"):
            athlete[key] = answers.get(f"athlete.{key}")
    for key in ("bodyweight", "age", "sessions_per_week", "session_minutes"):
        if answers.get(f"athlete.{key}"):
            athlete[key] = _number(answers.get(f"athlete.{key}"))
    athlete["equipment"] = [e for e in answers.equipment if e]
    athlete["pain"] = [p for p in answers.pain if p]
    running: dict[str, Any] = {"week": {}}
    if answers.get("running.weekly_distance"):
        running["weekly_distance"] = _number(answers.get("running.weekly_distance"))
    for day in WEEKDAYS:
        runs = [
            _run(answers.get(f"running.week.{day}{part}"), answers.get(f"running.week.{day}{part}_time"))
            for part in ("", ".second")
        ]
        runs = [r for r in runs if r and r != "rest"] or ["rest"]
        running["week"][day] = runs[0] if len(runs) == 1 else runs
    races, race_rows = [], []
    for row in range(rows):
        entry = {k: answers.get(f"race[{row}].{k}") for k in ("date", "distance", "priority", "name")}
        if not (entry["date"] or entry["distance"] or entry["name"]):
            continue  # an empty row
        race: dict[str, Any] = {"date": _date(entry["date"]) if entry["date"] else None, "priority": entry["priority"]}
        race["distance"] = _number(entry["distance"]) if entry["distance"] else None
        if entry["name"]:
            race["name"] = entry["name"]
        races.append({k: v for k, v in race.items() if v not in (None, "")})
        race_rows.append(row)
    doc: dict[str, Any] = {"athlete": athlete, "running": running}
    if races:
        doc["race"] = races
    return Drafted(doc, tuple(race_rows))


def check(store: Store, doc: Mapping[str, Any]) -> list[Problem]:
    """Every problem of the document, and a name another runner here has already (onboarding adds a
    runner: it never stores a new version of someone's file)."""
    found = problems(doc)
    athlete = doc.get("athlete")
    name = athlete.get("name") if isinstance(athlete, Mapping) else None
    if isinstance(name, str) and name.strip() and not any(p.field == "athlete.name" for p in found):
        from runlift.core.limits import check_row

        try:
            check_row("athletes", {"name": name.strip()})  # what the store keeps (200 characters …)
        except InputError as exc:
            return [Problem("athlete.name", str(exc).partition(": ")[2]), *found]
        with contextlib.suppress(NotFound):
            store.athlete_id(name.strip())
            taken = f"a name no runner here has yet, got {name.strip()!r} (taken: choose another, e.g. add an initial)"
            found.insert(0, Problem("athlete.name", "expected " + taken))
    return found


def start_from_answers(store: Store, drafted: Drafted, day: dt.date, now: dt.datetime) -> tuple[str, ProfileVersion]:
    """Store the runner of a form's answers with their first plan; NotStarted with every problem."""
    found = check(store, drafted.doc)
    if found:
        raise NotStarted(found)
    return _store(store, text_from_document(drafted.doc, "form"), "form", day, now)


def start_from_file(
    store: Store, data: bytes, source: str, day: dt.date, now: dt.datetime
) -> tuple[str, ProfileVersion]:
    """Store the runner of an uploaded file as it is (comments kept) with their first plan; NotStarted
    with every problem, each with its line when found."""
    if len(data) > MAX_FILE_BYTES:
        raise NotStarted([Problem("", f"{source}: expected a runner's file under 64 KiB, got {len(data)} bytes")])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise NotStarted([Problem("", f"{source}: expected a text file (UTF-8), got bytes that are not")]) from None
    doc, found = text_problems(text, source)
    if doc is not None and not found:
        found = [p for p in check(store, doc) if p.field == "athlete.name"]
    if found:
        raise NotStarted(found)
    return _store(store, text, source, day, now)


def _store(store: Store, text: str, source: str, day: dt.date, now: dt.datetime) -> tuple[str, ProfileVersion]:
    from runlift.app.athletes import add_runner

    try:
        return add_runner(store, text, source, day, now)
    except InputError as exc:  # what only planning checks ([lifts] ids …): said whole, at the top
        raise NotStarted([Problem("", str(exc).removeprefix(f"{source}: "))]) from exc


def _number(text: str) -> int | float | str:
    """'62' → 62, '62.5' and '62,5' → 62.5; anything else stays text, for the check to say so."""
    import math

    cleaned = text.replace(",", ".").strip()
    for kind in (int, float):
        try:
            number = kind(cleaned)
        except ValueError:
            continue
        return number if math.isfinite(number) else text  # 'nan', 'inf': said back as text
    return text


def _date(text: str) -> dt.date | str:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return text


def _run(kind: str, time: str) -> str:
    return f"{kind}:{time}" if kind and time and kind != "rest" else kind
