"""Read a runner's file from disk into a Profile (the edge around core.profile)."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import replace
from importlib import resources
from pathlib import Path

from runlift.core.errors import InputError, ProfileError
from runlift.core.profile import Profile, parse_profile
from runlift.profile_problems import ProfileProblems, located_problems


def read_profile(path: Path) -> Profile:
    """Parse a runner's TOML file; errors name the file and the field or line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read the runner's file ({exc.strerror})") from exc
    return profile_from_text(text, str(path))


def profile_from_text(text: str, name: str) -> Profile:
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        where = f":{line.group(1)}" if line else ""
        raise InputError(f"{name}{where}: not valid TOML ({exc})") from exc
    except RecursionError:
        raise InputError(f"{name}: expected a runner's file, got TOML nested too deep to read") from None
    try:
        return parse_profile(doc)
    except ProfileError as exc:
        # every problem with its line, as the onboarding form says them (one fix, one run)
        raise ProfileProblems(name, located_problems(text, doc)) from exc


def demo_profile(today: dt.date) -> Profile:
    """The demo athlete, with races moved on by whole years until the A race is ≥ 16 weeks away."""
    text = resources.files("runlift.data").joinpath("demo.toml").read_text(encoding="utf-8")
    profile = profile_from_text(text, "demo.toml")
    years = 0
    a_race = next(r for r in profile.races if r.priority.value == "A")
    while _shift(a_race.date, years) < today + dt.timedelta(weeks=16):
        years += 1
    races = tuple(replace(r, date=_shift(r.date, years)) for r in profile.races)
    return replace(profile, races=races)


def _shift(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
