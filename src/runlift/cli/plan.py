"""`runlift plan`, `runlift demo` and `runlift why`: the season and its reasons."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from runlift.cli.dates import parse_date
from runlift.cli.output import JsonOpt, console, emit_json

if TYPE_CHECKING:
    from runlift.core.profile import Profile
    from runlift.core.season import SeasonPlan

ProfileArg = Annotated[
    Path | None,
    typer.Argument(
        help="The runner's file (TOML), e.g. from `runlift init`. Default: `runner` in config.toml.",
        show_default=False,
    ),
]
StartOpt = Annotated[
    str | None,
    typer.Option("--start", "--from", help="First day of the plan (its week's Monday starts it). Default: today."),
]
WeeksOpt = Annotated[
    int | None,
    typer.Option(
        "--weeks",
        min=1,
        max=104,
        help="Number of weeks, all printed. Default: through the recovery after your last A race.",
    ),
]
AllOpt = Annotated[bool, typer.Option("--all", help="Print every week of the season, not this week and next.")]
WhyOpt = Annotated[bool, typer.Option("--why", help="Show the rule ids behind each session and exercise.")]


def register(app: typer.Typer) -> None:
    app.command("plan")(plan)
    app.command("demo")(demo)
    app.command("why")(why)


def build(profile: Profile, start: dt.date, weeks: int | None) -> SeasonPlan:
    from runlift.core.season import plan_season
    from runlift.data import library

    return plan_season(profile, library(), start, weeks)


def runner_file(ctx: typer.Context, given: Path | None) -> Path:
    """The runner's file given, else `runner` from config.toml / RUNLIFT_RUNNER."""
    from runlift.cli.state import options
    from runlift.core.errors import InputError

    if given is not None:
        return given
    runner = options(ctx).runner
    if runner is None:
        raise InputError('PROFILE: expected a runner\'s file (or `runner = "me.toml"` in config.toml), got nothing')
    return runner


def plan(
    ctx: typer.Context,
    profile: ProfileArg = None,
    start: StartOpt = None,
    weeks: WeeksOpt = None,
    all_: AllOpt = False,
    why_: WhyOpt = False,
    json_: JsonOpt = False,
) -> None:
    """Print this week and next with the season at a glance (--all: every week); --json: the whole season."""
    from runlift.profile_file import read_profile

    season = build(read_profile(runner_file(ctx, profile)), parse_date(start, "--start"), weeks)
    _show(ctx, season, json_, everything=all_ or weeks is not None, why=why_)


def demo(
    ctx: typer.Context,
    start: StartOpt = None,
    weeks: WeeksOpt = None,
    all_: AllOpt = False,
    why_: WhyOpt = False,
    json_: JsonOpt = False,
) -> None:
    """Print the season plan of the built-in demo athlete (seed M's half-marathon runner), as `plan` does."""
    from runlift.profile_file import demo_profile

    first = parse_date(start, "--start")
    season = build(demo_profile(first), first, weeks)
    _show(ctx, season, json_, everything=all_ or weeks is not None, why=why_)


def _show(ctx: typer.Context, season: SeasonPlan, json_: bool, everything: bool, why: bool) -> None:
    if json_:
        from runlift.core.serialize import plan_to_dict

        emit_json(plan_to_dict(season))
        return
    from runlift.cli.page import Page, show, width
    from runlift.cli.render import render_plan
    from runlift.cli.state import options

    out = console()
    page = Page(width(out))
    render_plan(page, season, parse_date(None, "today"), everything=everything, why=why)
    show(out, page, pager=options(ctx).pager)


def why(
    ctx: typer.Context,
    first: Annotated[
        str | None,
        typer.Argument(
            metavar="[PROFILE] [DATE]",
            show_default=False,
            help="A runner's file then a date; or a date (default: today), for the athlete in the log (adapted plan).",
        ),
    ] = None,
    second: Annotated[
        str | None,
        typer.Argument(metavar="[DATE|EXERCISE]", show_default=False, help="The date (after a file) or an exercise."),
    ] = None,
    third: Annotated[
        str | None,
        typer.Argument(
            metavar="[EXERCISE]", show_default=False, help="An exercise of that session (id, name or abbreviation)."
        ),
    ] = None,
    start: StartOpt = None,
    full: Annotated[bool, typer.Option("--full", help="Every rule in plain words, with its source.")] = False,
    json_: JsonOpt = False,
) -> None:
    """Explain a session (or one exercise in it): the main reasons first; --full: every rule, with sources."""
    from runlift.core.errors import InputError, NotFound
    from runlift.core.explain import explain_day
    from runlift.data import rulebook

    if first is not None and Path(first).is_file():
        if second is None:
            raise InputError("DATE: expected a date after the runner's file, got nothing")
        day = parse_date(second, "DATE")
        season, exercise = _season_from_file(Path(first), day, start), third
    elif first is None:
        day = parse_date(None, "DATE")  # today's session
        season, exercise = _season_from_log(ctx, day), None
    else:
        try:
            day, exercise = parse_date(first, "DATE"), second
        except InputError:
            # `runlift why goblet`: an exercise of today's session; a file name that is not there says so
            if first.endswith(".toml") or "/" in first:
                raise InputError(f"PROFILE: no runner's file at {first!r}") from None
            if second is not None:
                raise InputError(f"PROFILE: expected a runner's file or a date, got {first!r}") from None
            day, exercise = parse_date(None, "DATE"), first
        season = _season_from_log(ctx, day)
    try:
        explanation = explain_day(season, rulebook(), day, exercise)
    except NotFound:
        if exercise is None or exercise != first:
            raise
        raise InputError(_neither_date_nor_exercise(first, season, day)) from None
    if json_:
        from runlift.core.serialize import explanation_to_dict

        emit_json(explanation_to_dict(explanation))
        return
    from runlift.cli.page import Page, show, width
    from runlift.cli.render import render_explanation
    from runlift.cli.state import options

    out = console()
    page = Page(width(out))
    render_explanation(page, explanation, full=full)
    show(out, page, pager=options(ctx).pager)


def _neither_date_nor_exercise(word: str, season: SeasonPlan, day: dt.date) -> str:
    """`runlift why WORD`, WORD neither a date nor an exercise of today's session (the one `why` explains)."""
    week = season.week_of(day)
    session = next((s for s in (week.sessions if week else ()) if s.date == day), None)
    expected = f"DATE: expected a date {DATE_WORDS} or an exercise of today's session"
    if session is None:
        return f"{expected}, got {word!r}; today has no lift session"
    return f"{expected} ({', '.join(p.exercise.id for p in session.exercises)}), got {word!r}"


DATE_WORDS = "(2027-01-11, today, yesterday, tomorrow)"


def _season_from_file(path: Path, day: dt.date, start: str | None) -> SeasonPlan:
    from runlift.core.periodize import default_weeks
    from runlift.profile_file import read_profile

    first = parse_date(start, "--start") if start else min(day, parse_date(None, "today"))
    runner = read_profile(path)
    weeks = max(default_weeks(first, runner.races), (day - first).days // 7 + 1)
    return build(runner, first, min(weeks, 104))


def _season_from_log(ctx: typer.Context, day: dt.date) -> SeasonPlan:
    """The athlete's plan as the log shaped it, for the week of `day` (a swap made on `day` stands in, MOD-1)."""
    from runlift.app.plan import day_plan
    from runlift.cli.state import athlete, options

    return day_plan(*athlete(options(ctx)), day)
