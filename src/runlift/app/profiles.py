"""An athlete's runner's file by the athlete's id: its versions, one version as a document, and a
new version (checked whole first, as `runlift athlete add` checks it)."""

from __future__ import annotations

import copy
import datetime as dt
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from runlift.core.errors import InputError, NotFound, ProfileError
from runlift.store.repo import ProfileVersion, Store


def versions(store: Store, athlete_id: int) -> list[ProfileVersion]:
    return store.profile_versions(athlete_id)


def version(store: Store, athlete_id: int, number: int | None = None) -> ProfileVersion:
    """One version of the file (the current one when `number` is None)."""
    kept = store.profile_versions(athlete_id)
    found = kept[-1:] if number is None else [v for v in kept if v.version == number]
    if not found:
        raise NotFound("version of the runner's file", str(number if number is not None else "(none)"))
    return found[0]


def as_document(toml: str) -> dict[str, Any]:
    """A stored file as a JSON-ready document (dates as 2027-04-18): what `text_from_document` takes back."""
    doc: dict[str, Any] = _dated(tomllib.loads(toml), to_text=True)
    return doc


def text_from_document(doc: object, source: str = "body") -> str:
    """A runner's file sent as a JSON document, as the TOML the store keeps (a `date` field's text
    becomes a TOML date)."""
    import tomli_w

    if not isinstance(doc, Mapping):
        raise InputError(f"{source}: expected a runner's file as a JSON object, got {type(doc).__name__}")
    try:
        return tomli_w.dumps(_dated(doc, to_text=False))
    except (TypeError, ValueError) as exc:  # null, or a value TOML cannot hold
        raise InputError(f"{source}: expected values TOML can hold (no null), got {exc}") from None
    except RecursionError:
        raise InputError(f"{source}: expected a runner's file, got JSON nested too deep to read") from None


def save_version(
    store: Store, athlete_id: int, text: str, source: str, day: dt.date, now: dt.datetime
) -> ProfileVersion:
    """Store `text` as this athlete's file from `day` (a new version when it changed), with its plan.

    The file names its runner: it must be this athlete (`athlete.name`), never another one's."""
    from runlift.app.athletes import add_runner
    from runlift.profile_file import profile_from_text

    parsed = profile_from_text(text, source)
    name = athlete_name(store, athlete_id)
    try:
        named = store.athlete_id(parsed.athlete.name)
    except NotFound:
        named = None
    if named != athlete_id:
        cause = ProfileError("athlete.name", f"{name!r}, this athlete's name", parsed.athlete.name)
        raise InputError(f"{source}: {cause}") from cause
    _, saved = add_runner(store, text, source, day, now)
    return saved


def runner_name(text: str, source: str) -> str:
    """The runner a file names (`athlete.name`); the file is checked whole on the way."""
    from runlift.profile_file import profile_from_text

    return profile_from_text(text, source).athlete.name


def athlete_name(store: Store, athlete_id: int) -> str:
    found = [a.name for a in store.athletes() if a.id == athlete_id]
    if not found:
        raise NotFound("athlete", str(athlete_id))
    return found[0]


def _dated(value: Any, to_text: bool, key: str = "") -> Any:
    if isinstance(value, Mapping):
        return {str(k): _dated(v, to_text, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_dated(v, to_text, key) for v in value]
    if to_text and isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if not to_text and key == "date" and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value  # the profile's check says what is wrong with it
    return value


# --- every problem of a runner's file at once (the onboarding form and upload say them all) ---------


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a runner's file: the field ("race[1].date"; "" for the file as a whole),
    what is wrong in the profile's words ("expected a date like 2027-04-18, got '18/04/2027'"), the
    "did you mean" word when one is close, and the line of an uploaded file when it can be found."""

    field: str
    message: str
    close: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        return f"{where}{self.field}: {self.message}" if self.field else f"{where}{self.message}"


MAX_PROBLEMS = 40  # a file that wrong is said in part: the first forty


def problems(doc: Mapping[str, Any]) -> list[Problem]:
    """Every field the profile's check refuses, not only the first: the check (core.profile) is run again
    with each refused field set aside (a stand-in that passes, or the key left out), until it passes.
    The words are the check's own, so the form, an upload, the API and the CLI say the same thing."""
    from runlift.core.errors import UnknownKeyError
    from runlift.core.profile import parse_profile

    trial: Any = copy.deepcopy(_plain(doc))
    found: list[Problem] = []
    seen: set[str] = set()
    while len(found) < MAX_PROBLEMS:
        try:
            parse_profile(trial)
            return found
        except ProfileError as exc:
            if exc.field in seen:  # its stand-in did not pass either: the rest cannot be checked apart
                return found
            seen.add(exc.field)
            message = str(exc).removeprefix(f"{exc.field}: ")
            found.append(Problem(exc.field, message, exc.close))
            if not _set_aside(trial, exc.field, isinstance(exc, UnknownKeyError)):
                return found
    return found


def text_problems(text: str, source: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """An uploaded runner's file: its document and every problem, each with its line when found
    (TOML that does not parse is one problem at its line)."""
    import re

    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        line = int(found.group(1)) if found else len(text.splitlines()) if "end of document" in str(exc) else None
        return None, [Problem("", f"{source}: not valid TOML ({exc})", line=line)]
    except RecursionError:
        return None, [Problem("", f"{source}: expected a runner's file, got TOML nested too deep to read")]
    return doc, [replace(p, line=line_of(text, p.field)) for p in problems(doc)]


def line_of(text: str, field: str) -> int | None:
    """The line of `field` ("athlete.bodyweight", "race[1].date", "running.week.sat") in a TOML text: the
    line inside its table (the n-th [[race]]) that sets its deepest key, else one that sets a key on its
    way, else the table's header; None when none is found."""
    import re

    parts = [p for p in (re.sub(r"\[\d+\]$", "", field) if "." in field else field).split(".") if p]
    head = re.fullmatch(r"([\w-]+)(?:\[(\d+)\])?", parts[0]) if parts else None
    if head is None:
        return None
    table, nth, keys = head.group(1), int(head.group(2) or 0), parts[1:]
    scoped: list[tuple[int, str]] = []  # (line number, text) of the lines inside the field's table
    header_line, current, count = None, "", -1
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        header = re.fullmatch(r"\[\[?\s*([\w.-]+)\s*\]\]?", line)
        if header:
            current = header.group(1)
            if current == table or (current.startswith(table + ".") and count < 0):  # [running.week] alone
                count += 1
                if count == nth:
                    header_line = number
            continue
        if not keys and current == "" and re.match(rf"{re.escape(table)}\s*=", line):
            return number  # a top-level key
        if (current == table or current.startswith(table + ".")) and count == nth:
            scoped.append((number, line))
    for key in reversed(keys):
        for number, line in scoped:
            if re.search(rf"(^|[{{,\s.]){re.escape(key)}\s*=", line):
                return number
    return header_line


def _set_aside(trial: Any, field: str, unknown: bool) -> bool:
    """Put a stand-in that passes the check in place of a refused field (or leave an unknown key out):
    False when the field cannot be found in the document."""
    import re

    steps: list[str | int] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", field):
        steps.append(int(index) if index else name)
    parent: Any = trial
    for step in steps[:-1]:
        try:
            parent = parent[step]
        except (KeyError, IndexError, TypeError):
            return False
    if not unknown and steps and steps[0] in ("lifts", "weights") and len(steps) > 2:
        return _set_aside(trial, f"{steps[0]}.{steps[1]}", unknown=True)  # the whole entry goes
    last = steps[-1] if steps else None
    if last is None:
        return False
    if unknown or (isinstance(parent, Mapping) and _stand_in(field) is _LEAVE_OUT):
        if isinstance(parent, dict) and last in parent:
            del parent[last]
            return True
        return False
    stand_in = _stand_in(field)
    if stand_in is _LEAVE_OUT:
        return False
    try:
        parent[last] = copy.deepcopy(stand_in)
    except (IndexError, TypeError):
        return False
    return True


_LEAVE_OUT = object()


def _stand_in(field: str) -> Any:
    """A value of the field that the check passes, to go on checking the rest of the file."""
    import re

    general = re.sub(r"\[\d+\]", "[]", field)
    general = re.sub(r"^running\.week\.\w+", "running.week.day", general)
    general = re.sub(r"^(lifts|weights)\..*", r"\1.*", general)
    return {
        "athlete": {"name": "Runner", "units": "kg", "bodyweight": 65, "lifting_experience": "beginner"},
        "running": {"weekly_distance": 30, "week": {}},
        "athlete.name": "Runner",
        "athlete.units": "kg",
        "athlete.bodyweight": 100,  # in range in kg and in lb
        "athlete.lifting_experience": "beginner",
        "athlete.equipment": [],
        "athlete.equipment[]": "bodyweight",  # left out by the check: stands for nothing
        "athlete.pain": [],
        "athlete.pain[]": "knee",
        "athlete.sessions_per_week": 2,
        "athlete.session_minutes": 40,
        "athlete.age": _LEAVE_OUT,
        "running.weekly_distance": 30,
        "running.week": {},
        "running.week.day": "rest",
        "running.week.day[]": "easy",
        "race": [],
        "race[]": {"date": dt.date(2100, 1, 4), "distance": "10k", "priority": "C"},
        "race[].date": dt.date(2100, 1, 4),
        "race[].distance": "10k",
        "race[].priority": "C",
        "lifts": {},
        "weights": {},
        "lifts.*": _LEAVE_OUT,
        "weights.*": _LEAVE_OUT,
    }.get(general, _LEAVE_OUT)


def _plain(value: Any) -> Any:
    """A document as plain dicts and lists (a TOML document's tables may be other mappings)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
