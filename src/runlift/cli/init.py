"""`runlift init`: write a runner's file by asking the questions (or from flags, for scripts)."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from runlift.core.errors import InputError, ProfileError

DEFAULT_WEEK = "mon=easy,tue=rest,wed=tempo:am,thu=easy,fri=rest,sat=long,sun=rest"


def register(app: typer.Typer) -> None:
    app.command("init")(init)


def init(
    path: Annotated[Path, typer.Argument(help="Where to write the runner's file, e.g. me.toml.")],
    name: Annotated[str | None, typer.Option(help="Your name.")] = None,
    units: Annotated[str | None, typer.Option(help="lb or kg (distances then mi or km).")] = None,
    bodyweight: Annotated[float | None, typer.Option(help="Body weight in your units.")] = None,
    experience: Annotated[str | None, typer.Option(help="novice, beginner, intermediate or advanced.")] = None,
    equipment: Annotated[
        str | None,
        typer.Option(
            help="Comma-separated: barbell, dumbbells, kettlebell, band, "
            "bench, box, pull-up-bar, cable, machines, medicine-ball, "
            "fractional-plates. Empty: bodyweight only."
        ),
    ] = None,
    pain: Annotated[
        str | None,
        typer.Option(help="Comma-separated painful areas: knee, achilles, hamstring, hip, lower-back, shoulder, foot."),
    ] = None,
    sessions: Annotated[int | None, typer.Option(help="Lift sessions per week (1-4).")] = None,
    minutes: Annotated[int | None, typer.Option(help="Minutes per session (25-120).")] = None,
    weekly_distance: Annotated[float | None, typer.Option(help="Weekly running distance.")] = None,
    week: Annotated[str | None, typer.Option(help=f"Your usual week, e.g. {DEFAULT_WEEK!r}.")] = None,
    race: Annotated[
        list[str] | None,
        typer.Option(help="A race: DATE,DISTANCE[,PRIORITY], e.g. 2027-04-18,half-marathon,A. Repeat for more."),
    ] = None,
    no_input: Annotated[bool, typer.Option("--no-input", help="Never ask: use defaults for what is missing.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Create a runner's file: who you are, what you own, and your running week and races."""
    import tomli_w

    from runlift.core.profile import parse_profile

    if path.exists() and not force:
        raise InputError(f"{path}: already exists; use --force to overwrite it")
    ask = _Asker(no_input)
    athlete = {
        "name": ask.text("Your name", name, "Runner"),
        "units": ask.choice("Units (lb or kg)", units, "kg", ("lb", "kg")),
        "bodyweight": ask.number("Body weight", bodyweight, 65.0),
        "lifting_experience": ask.choice(
            "Lifting experience", experience, "beginner", ("novice", "beginner", "intermediate", "advanced")
        ),
        "equipment": _split(ask.text("Equipment you own (comma-separated, empty for none)", equipment, "")),
        "pain": _split(ask.text("Anything painful now? (comma-separated areas, empty for none)", pain, "")),
        "sessions_per_week": int(ask.number("Lift sessions per week", sessions, 2)),
        "session_minutes": int(ask.number("Minutes per session", minutes, 40)),
    }
    running = {
        "weekly_distance": ask.number("Weekly running distance", weekly_distance, 30.0),
        "week": _week(ask.text("Your usual week (day=run, …)", week, DEFAULT_WEEK)),
    }
    doc: dict[str, object] = {"athlete": athlete, "running": running}
    races = race if race is not None else ([] if no_input else _ask_races())
    if races:
        doc["race"] = [_race(r) for r in races]
    try:
        parse_profile(doc)  # never write a file that `runlift plan` would refuse
    except ProfileError as exc:
        raise InputError(f"{path}: not written: {exc}") from exc
    path.write_text(tomli_w.dumps(doc), encoding="utf-8")
    typer.echo(f"Wrote {path}. Next: runlift plan {path}", err=True)


class _Asker:
    def __init__(self, no_input: bool) -> None:
        self.no_input = no_input

    def text(self, question: str, given: str | None, default: str) -> str:
        if given is not None:
            return given
        if self.no_input:
            return default
        return str(typer.prompt(question, default=default, show_default=bool(default)))

    def number(self, question: str, given: float | None, default: float) -> float:
        if given is not None:
            return given
        if self.no_input:
            return default
        return float(typer.prompt(question, default=default, type=float))

    def choice(self, question: str, given: str | None, default: str, options: tuple[str, ...]) -> str:
        if given is not None:
            return given
        if self.no_input:
            return default
        while True:
            answer = str(typer.prompt(f"{question} [{'/'.join(options)}]", default=default)).strip()
            if answer in options:
                return answer
            typer.echo(f"Please answer one of: {', '.join(options)}", err=True)


def _ask_races() -> list[str]:
    races: list[str] = []
    while True:
        answer = typer.prompt("A race (DATE,DISTANCE[,PRIORITY]) or empty to finish", default="", show_default=False)
        if not answer.strip():
            return races
        races.append(answer)


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _week(text: str) -> dict[str, object]:
    week: dict[str, object] = {}
    for part in _split(text):
        day, sep, runs = part.partition("=")
        if not sep:
            raise InputError(f"--week: expected day=run pairs like 'mon=easy', got {part!r}")
        values = [r.strip() for r in runs.split("+")]
        week[day.strip().lower()] = values[0] if len(values) == 1 else values
    return week


def _race(text: str) -> dict[str, object]:
    parts = [p.strip() for p in text.split(",")]
    if len(parts) not in (2, 3):
        raise InputError(f"--race: expected DATE,DISTANCE[,PRIORITY], got {text!r}")
    try:
        date = dt.date.fromisoformat(parts[0])
    except ValueError:
        raise InputError(f"--race: expected a date like 2027-04-18, got {parts[0]!r}") from None
    distance: object = parts[1]
    with contextlib.suppress(ValueError):
        distance = float(parts[1])
    race: dict[str, object] = {"date": date, "distance": distance}
    if len(parts) == 3:
        race["priority"] = parts[2].upper()
    return race
