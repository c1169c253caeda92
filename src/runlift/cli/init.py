"""`runlift init`: write a runner's file by asking the questions (or from flags, for scripts).

Each answer is checked at its question against what `runlift plan` accepts, with a "did you mean"
for a misspelt word, and asked again until it fits: answers are never thrown away."""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from runlift.cli.output import write_whole
from runlift.core.errors import InputError, ProfileError

DEFAULT_WEEK = "mon=easy,tue=rest,wed=tempo:am,thu=easy,fri=rest,sat=long,sun=rest"


class AnswerError(InputError):
    """A bad answer, with the corrected one (if a word was misspelt) as the next default."""

    def __init__(self, message: str, suggested: str | None = None, replace: tuple[str, str] | None = None) -> None:
        super().__init__(message)
        self.suggested = suggested
        self.replace = replace  # (wrong word, right word) inside the answer


def register(app: typer.Typer) -> None:
    app.command("init")(init)


def init(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="Where to write the runner's file, e.g. me.toml (folders are created).")],
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
    weekly_distance: Annotated[
        float | None, typer.Option(help="Weekly running distance (mi for lb, km for kg).")
    ] = None,
    week: Annotated[str | None, typer.Option(help=f"Your usual week, e.g. {DEFAULT_WEEK!r}.")] = None,
    race: Annotated[
        list[str] | None,
        typer.Option(help="A race: DATE,DISTANCE[,PRIORITY], e.g. 2027-04-18,half-marathon,A. Repeat for more."),
    ] = None,
    add: Annotated[
        bool | None,
        typer.Option("--add/--no-add", help="Add the runner to your log when done. Default: ask (--no-input: no)."),
    ] = None,
    no_input: Annotated[bool, typer.Option("--no-input", help="Never ask: use defaults for what is missing.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Create a runner's file: who you are, what you own, and your running week and races."""
    import tomli_w

    from runlift.core.library import BodyArea, Equipment, Level
    from runlift.core.profile import Units, parse_profile

    if path.exists() and not force:
        raise InputError(f"{path}: already exists; use --force to overwrite it")
    ask = _Asker(no_input)
    athlete: dict[str, object] = {"name": "Runner", "units": "kg", "bodyweight": 65.0, "lifting_experience": "beginner"}
    running: dict[str, object] = {"weekly_distance": 30.0, "week": _week(DEFAULT_WEEK)}
    races: list[object] = []
    doc: dict[str, object] = {"athlete": athlete, "running": running}

    def answer(field: str, question: str, given: str | None, default: str, parse: Callable[[str], object]) -> object:
        return ask(doc, field, question, given, default, parse)

    athlete["name"] = answer("athlete.name", "Your name", name, "Runner", _name)
    athlete["units"] = answer("athlete.units", "Units: lb or kg (distances then mi or km)", units, "kg", _choice(Units))
    unit = str(athlete["units"])
    far = "mi" if unit == "lb" else "km"
    athlete["bodyweight"] = answer(
        "athlete.bodyweight", f"Body weight ({unit})", _text(bodyweight), "140" if unit == "lb" else "65", _number
    )
    athlete["lifting_experience"] = answer(
        "athlete.lifting_experience",
        "Lifting experience: " + ", ".join(level.value for level in Level),
        experience,
        "beginner",
        _choice(Level),
    )
    athlete["equipment"] = answer(
        "athlete.equipment",
        "Equipment you own, comma-separated (" + ", ".join(e.value for e in Equipment) + "); empty for none",
        equipment,
        "",
        _choices(Equipment, also=("bodyweight",)),
    )
    athlete["pain"] = answer(
        "athlete.pain",
        "Anything painful now? Comma-separated (" + ", ".join(a.value for a in BodyArea) + "); empty for none",
        pain,
        "",
        _choices(BodyArea),
    )
    athlete["sessions_per_week"] = answer(
        "athlete.sessions_per_week", "Lift sessions per week (1-4)", _text(sessions), "2", _whole
    )
    athlete["session_minutes"] = answer(
        "athlete.session_minutes", "Minutes per session (25-120)", _text(minutes), "40", _whole
    )
    running["weekly_distance"] = answer(
        "running.weekly_distance",
        f"Weekly running distance ({far})",
        _text(weekly_distance),
        "20" if unit == "lb" else "30",
        _number,
    )
    running["week"] = answer(
        "running.week", "Your usual week (day=run; runs: easy, long, tempo:am, rest, …)", week, DEFAULT_WEEK, _week
    )
    doc["race"] = races
    for given in race or []:
        races.append(answer("race", "A race: DATE,DISTANCE[,PRIORITY]", given, "", _race))
    if race is None and not no_input:
        question = "A race: DATE,DISTANCE[,PRIORITY] (5k, 10k, half-marathon, marathon, ultra or km); empty to finish"
        while (next_race := answer("race", question, None, "", _maybe_race)) is not None:
            races.append(next_race)
    if not races:
        del doc["race"]
    try:
        parse_profile(doc)  # never write a file that `runlift plan` would refuse
    except ProfileError as exc:
        raise InputError(f"{path}: not written: {exc}") from exc
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{path}: cannot make its folder ({exc.strerror})") from exc
    write_whole(path, tomli_w.dumps(doc).encode("utf-8"))  # whole or not at all, never through a link
    typer.echo(f"Wrote {path}. Next: runlift plan {path}", err=True)
    if add is None and not no_input:
        try:
            add = typer.confirm("Add this runner to your log now?", default=True, err=True)
        except typer.Abort:  # end of input: the file is written, nothing is added
            add = False
    if add:
        _add_to_log(ctx, path)


def _add_to_log(ctx: typer.Context, path: Path) -> None:
    from runlift.app.athletes import add_runner
    from runlift.cli.state import now, options, today

    name, saved = add_runner(options(ctx).store(), path.read_text(encoding="utf-8"), str(path), today(), now())
    verb = "added to your log" if saved.version == 1 else f"stored in your log as version {saved.version}"
    typer.echo(f"{name}: {verb}. Next: runlift today", err=True)


class _Asker:
    """Ask until the answer fits the runner's file. A bad flag is asked again too, at a terminal;
    with --no-input it is the error."""

    def __init__(self, no_input: bool) -> None:
        self.no_input = no_input

    def __call__(
        self,
        doc: dict[str, object],
        field: str,
        question: str,
        given: str | None,
        default: str,
        parse: Callable[[str], object],
    ) -> object:
        text = given if given is not None else (default if self.no_input else None)
        while True:
            if text is None:
                text = str(typer.prompt(question, default=default, show_default=bool(default)))
            try:
                value = parse(text)
                _check(doc, field, value)
                return value
            except InputError as exc:
                if self.no_input:
                    raise InputError(f"{field}: {exc}" if not str(exc).startswith(field) else str(exc)) from exc
                typer.echo(f"  {exc}", err=True)
                if isinstance(exc, AnswerError) and exc.suggested:
                    default = exc.suggested  # Enter takes the correction
                elif isinstance(exc, AnswerError) and exc.replace and exc.replace[0] in text:
                    default = text.replace(*exc.replace)
                text = None


def _check(doc: dict[str, object], field: str, value: object) -> None:
    """The answer in the file so far (defaults for the rest): an error about this field is the answer's."""
    from runlift.core.profile import parse_profile

    if value is None:
        return
    section, _, key = field.partition(".")
    trial = {k: (dict(v) if isinstance(v, dict) else list(v) if isinstance(v, list) else v) for k, v in doc.items()}
    if field == "race":
        trial["race"] = [*doc.get("race", []), value]  # type: ignore[misc]  # the races so far: a list
    else:
        table = trial[section]
        assert isinstance(table, dict)
        table[key] = value
    try:
        parse_profile(trial)
    except ProfileError as exc:
        if exc.field.startswith(field):
            close = exc.close or _did_you_mean(exc)
            hint = f"; did you mean {close}?" if close and not exc.close else ""  # the error's own hint: said once
            raise AnswerError(str(exc) + hint, replace=(str(exc.got), close) if close else None) from exc


def _did_you_mean(exc: ProfileError) -> str | None:
    """The word of the expected ones closest to what was given ('lng' → 'long', '10km' → '10k')."""
    import re

    options = re.findall(r"[a-z0-9][a-z0-9-]*[a-z]", exc.expected.replace("one of", ""))
    if not isinstance(exc.got, str) or not options:
        return None
    close = difflib.get_close_matches(exc.got.lower(), options, n=1, cutoff=0.6)
    return close[0] if close else None


def _choice(enum: type[StrEnum]) -> Callable[[str], str]:
    def parse(text: str) -> str:
        answer = text.strip().lower()
        values = [e.value for e in enum]
        if answer in values:
            return answer
        close = difflib.get_close_matches(answer, values, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]}?" if close else ""
        raise AnswerError(
            f"expected one of {', '.join(values)}, got {text.strip()!r}{hint}", close[0] if close else None
        )

    return parse


def _choices(enum: type[StrEnum], also: tuple[str, ...] = ()) -> Callable[[str], list[str]]:
    def parse(text: str) -> list[str]:
        values = [e.value for e in enum] + list(also)
        answers = [part.lower() for part in _split(text)]
        wrong = [a for a in answers if a not in values]
        if not wrong:
            return answers
        fixed = [a if a in values else next(iter(difflib.get_close_matches(a, values, 1, 0.6)), a) for a in answers]
        changed = [(w, f) for w, f in zip(answers, fixed, strict=True) if w != f]
        hints = [changed[0][1]] if len(changed) == 1 and len(wrong) == 1 else [f"{w} → {f}" for w, f in changed]
        raise AnswerError(
            f"expected some of {', '.join(values)}, got {', '.join(repr(w) for w in wrong)}"
            + (f"; did you mean {', '.join(hints)}?" if hints else ""),
            ", ".join(fixed) if hints and len(hints) == len(wrong) else None,
        )

    return parse


def _name(text: str) -> str:
    if not text.strip():
        raise AnswerError("expected a name, got nothing")
    return text.strip()


def _text(value: float | None) -> str | None:
    return None if value is None else f"{value:g}"


def _number(text: str) -> float:
    try:
        return float(text.strip())
    except ValueError:
        raise AnswerError(f"expected a number, got {text.strip()!r}") from None


def _whole(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise AnswerError(f"expected a whole number, got {text.strip()!r}") from None


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _week(text: str) -> dict[str, object]:
    week: dict[str, object] = {}
    for part in _split(text):
        day, sep, runs = part.partition("=")
        if not sep:
            raise AnswerError(f"--week: expected day=run pairs like 'mon=easy', got {part!r}")
        values = [r.strip() for r in runs.split("+")]
        week[day.strip().lower()] = values[0] if len(values) == 1 else values
    return week


def _maybe_race(text: str) -> dict[str, object] | None:
    return _race(text) if text.strip() else None


def _race(text: str) -> dict[str, object]:
    parts = [p.strip() for p in text.split(",")]
    if len(parts) not in (2, 3):
        raise AnswerError(f"--race: expected DATE,DISTANCE[,PRIORITY], got {text!r}")
    try:
        date = dt.date.fromisoformat(parts[0])
    except ValueError:
        raise AnswerError(f"--race: expected a date like 2027-04-18, got {parts[0]!r}") from None
    distance: object = parts[1]
    with contextlib.suppress(ValueError):
        distance = float(parts[1])
    race: dict[str, object] = {"date": date, "distance": distance}
    if len(parts) == 3:
        race["priority"] = parts[2].upper()
    return race
