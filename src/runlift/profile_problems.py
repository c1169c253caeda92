"""Every problem of a runner's file at once, not only the first: the onboarding form, an upload, the
API and the CLI all say them, each with its field, its line in a file and the "did you mean" word
(core.errors.closest). An edge around core.profile, beside profile_file (which raises ProfileProblems)."""

from __future__ import annotations

import copy
import datetime as dt
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from runlift.core.errors import InputError, ProfileError


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
    return doc, located_problems(text, doc)


def located_problems(text: str, doc: Mapping[str, Any]) -> list[Problem]:
    """Every problem of a parsed runner's file, each with its line in the file's text when found."""
    return [replace(p, line=line_of(text, p.field)) for p in problems(doc)]


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


class ProfileProblems(InputError):
    """A runner's file the check refuses, with every problem found (`problems`, at least one). Said as
    the first one alone when it is the only one, as before (`me.toml: athlete.units: expected …`)."""

    def __init__(self, source: str, found: list[Problem]) -> None:
        self.source, self.problems = source, found
        if len(found) == 1:
            super().__init__(f"{source}: {_plain_problem(found[0])}")
        else:
            listed = "; ".join(str(p) for p in found)
            super().__init__(f"{source}: {len(found)} problems in the runner's file: {listed}")


def _plain_problem(p: Problem) -> str:
    return f"{p.field}: {p.message}" if p.field else p.message
