"""`runlift today`, `week`, `history`, `progress`: the plan and the log, side by side."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer

from runlift.cli.dates import SinceOpt, parse_date, plan_day
from runlift.cli.output import JsonOpt, console, distance, emit_json, pace
from runlift.cli.state import athlete, options, today

if TYPE_CHECKING:
    from rich.text import Text

    from runlift.app.week import WeekDay, WeekView
    from runlift.core.log import LoggedSet

DateOpt = Annotated[str | None, typer.Option("--date", help="Which day. Default: today.")]


def register(app: typer.Typer) -> None:
    app.command("today")(today_command)
    app.command("week")(week_command)
    app.command("history")(history_command)
    app.command("progress")(progress_command)


def today_command(ctx: typer.Context, date: DateOpt = None, json_: JsonOpt = False) -> None:
    """Today's gym card: the run and the order, warm-up, each exercise with target, load, last time, cues
    and what to pick up."""
    from runlift.app.today import gym_card

    opts = options(ctx)
    day = plan_day(date, "--date")
    store, athlete_id = athlete(opts)
    card = gym_card(store, athlete_id, day)
    if json_:
        from runlift.app.documents import card_document

        emit_json(card_document(card))
        return
    from runlift.cli.page import Page, show, width
    from runlift.cli.render_today import render_card

    out = console()
    page = Page(width(out))
    render_card(page, card)
    show(out, page, pager=opts.pager)


def week_command(ctx: typer.Context, date: DateOpt = None, json_: JsonOpt = False) -> None:
    """This week: planned sessions against what you logged, and the running done."""
    from runlift.app.week import week

    day = plan_day(date, "--date")
    view = week(*athlete(options(ctx)), day)
    if json_:
        from runlift.app.documents import week_document

        emit_json(week_document(view))
        return
    _render_week(view)


def _render_week(view: WeekView) -> None:
    from rich.table import Table

    units = view.units
    table = Table(title=f"Week of {view.start:%d %b %Y} · {view.phase}", header_style="bold")
    for column in ("day", "planned lift", "logged sets", "runs"):
        table.add_column(column)
    now = today()
    for d in view.days:
        sets = sum(len(s.sets) for s in d.lifts)
        lift_text = ", ".join(f"{s.focus.value} body, {len(s.exercises)} exercises" for s in d.planned) or "—"
        table.add_row(f"{d.date:%a %d}", lift_text, str(sets or "—"), _runs_cell(d, units, now))

    out = console()
    out.print(table)
    for line in _week_totals(view):
        out.print(line)


def _runs_cell(d: WeekDay, units: object, now: dt.date) -> Text:
    """The runs logged that day, else the planned ones, dim: 'long · planned' (or '· not logged' once past)."""
    from rich.text import Text

    if d.runs:
        return Text(
            ", ".join(
                f"{r.type.value} {distance(r.distance_m, units)} at {pace(r.distance_m, r.duration_s, units)}"
                for r in d.runs
            )
        )
    if not d.planned_runs:
        return Text("—")
    when = "not logged" if d.date < now else "planned"
    runs = ", ".join(r.type.value + (f" ({r.time.value})" if r.time else "") for r in d.planned_runs)
    return Text(f"{runs} · {when}", style="dim")


def _week_totals(view: WeekView) -> list[str]:
    """'Lifting: 1 of 2 sessions logged.', the week's running against the runner's usual week, the ACWR."""
    planned = [d for d in view.days if d.planned]
    done = sum(1 for d in planned if d.lifts)
    runs = [r for d in view.days for r in d.runs]
    ran = sum(r.distance_m or 0.0 for r in runs)
    usual = f"; your usual week is {distance(view.usual_distance_m, view.units)}" if view.usual_distance_m else ""
    lines = [
        f"Lifting: {done} of {len(planned)} sessions logged.",
        f"Running: {distance(ran, view.units)} in {len(runs)} run{'s' * (len(runs) != 1)}{usual}.",
    ]
    if view.acwr is not None:
        lines.append(f"Running acute:chronic load ratio: {view.acwr}")
    return lines


def history_command(
    ctx: typer.Context,
    since: SinceOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Everything logged: lift sessions with their sets, runs, pain notes."""
    from runlift.app.history import history

    first = parse_date(since, "--since") if since else None
    logged = history(*athlete(options(ctx)), first)
    log = logged.log
    if json_:
        from runlift.app.documents import history_document

        emit_json(history_document(log))
        return
    entries: list[tuple[dt.date, str]] = []
    from runlift.core.log import SetStatus

    for s in log.lifts:
        done = [x for x in s.sets if x.status is SetStatus.DONE]
        lines = [f"lift: {len(done)} set{'s' * (len(done) != 1)}" + (f" · {s.note}" if s.note else "")]
        lines += [f"  {line}" for line in sets_by_exercise(done, logged.names)]
        entries.append((s.date, "\n                 ".join(lines)))
    units = logged.units
    entries += [
        (
            r.date,
            f"run: {r.type.value} {distance(r.distance_m, units)} in {r.duration_s / 60:.0f} min"
            f" ({pace(r.distance_m, r.duration_s, units)})",
        )
        for r in log.runs
    ]
    entries += [(p.date, f"pain: {p.area.value} {p.score}/10") for p in log.pain]
    out = console()
    for day, text in sorted(entries, key=lambda e: e[0]):
        out.print(f"{day:%a %d %b %Y}  {text}")
    if not entries:
        out.print("Nothing logged yet.")


def sets_by_exercise(sets: list[LoggedSet], names: dict[str, str]) -> list[str]:
    """'Goblet squat: 40 lb × 6, 6 · 45 lb × 5': an exercise a line, in the order done; the reps of sets at
    one weight (and side) together; a bodyweight exercise's reps alone."""
    from runlift.core.log import Side

    grouped: dict[str, list[LoggedSet]] = {}
    for x in sets:
        grouped.setdefault(x.exercise, []).append(x)
    lines = []
    for exercise, done in grouped.items():
        runs: list[tuple[str, list[int]]] = []
        for x in done:
            side = "" if x.side is Side.BOTH else f"{x.side.value} "
            load = f"{side}{x.weight:g}\u00a0{x.unit.value} × " if x.weight else f"{side}× " if side else ""
            if runs and runs[-1][0] == load:
                runs[-1][1].append(x.reps)
            else:
                runs.append((load, [x.reps]))
        text = " · ".join(load + ", ".join(str(r) for r in reps) for load, reps in runs)
        lines.append(f"{names.get(exercise, exercise)}: {text}")
    return lines


def progress_command(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """What the log shows: PRs, gains, plateaus, asymmetry, adherence, running load, pain (weekly sets and
    foot contacts in --json)."""
    from runlift.app.progress import progress

    shown = progress(*athlete(options(ctx)), today())
    if json_:
        emit_json(shown.document)
        return
    from runlift.cli.render_progress import render_progress

    render_progress(console(), shown.report)
    if shown.acwr is not None:
        console().print(f"Running acute:chronic load ratio: {shown.acwr} (above 1.3 the lifting is pulled back).")
