"""`runlift today`, `week`, `history`, `progress`: the plan and the log, side by side."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer

from runlift.cli.dates import SinceOpt, parse_date
from runlift.cli.output import JsonOpt, console, distance, emit_json, pace, pace_s_per_km
from runlift.cli.state import AthleteState, adapted, athlete_state, options, planned_dates, today

if TYPE_CHECKING:
    from runlift.core.stats import ProgressReport
    from runlift.store.repo import Store

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
    day = parse_date(date, "--date") if date else today()
    store = opts.store()
    card = gym_card(store, store.athlete_id(opts.athlete), day)
    if json_:
        from runlift.core.serialize import session_to_dict

        emit_json(
            {
                "date": day.isoformat(),
                "phase": card.phase,
                "notes": list(card.week_notes + card.log_notes),
                "runs": [{"type": r.type.value, "time": r.time.value if r.time else None} for r in card.runs],
                "sessions": [
                    session_to_dict(block.session)
                    | {
                        "card": [
                            {
                                "id": item.prescription.exercise.id,
                                "pick_up": item.pick_up or None,
                                "last": None
                                if item.last is None
                                else {
                                    "date": item.last.date.isoformat(),
                                    "sets": [
                                        {"reps": s.reps, "weight": s.weight, "unit": s.unit.value, "rir": s.rir}
                                        for s in item.last.sets
                                    ],
                                },
                            }
                            for item in block.exercises
                        ]
                    }
                    for block in card.sessions
                ],
                "next": card.next_lift.isoformat() if card.next_lift else None,
            }
        )
        return
    from runlift.cli.page import Page, show, width
    from runlift.cli.render_today import render_card

    out = console()
    page = Page(width(out))
    render_card(page, card)
    show(out, page, pager=opts.pager)


def week_command(ctx: typer.Context, date: DateOpt = None, json_: JsonOpt = False) -> None:
    """This week: planned sessions against what you logged, and the running done."""
    from runlift.core.calendar import ONE_DAY, monday_of
    from runlift.core.running_load import acwr, session_load
    from runlift.core.serialize import session_to_dict

    opts = options(ctx)
    day = parse_date(date, "--date") if date else today()
    monday = monday_of(day)
    state = athlete_state(opts)
    log = opts.store().training_log(state.athlete_id, until=day)
    plan = adapted(state, log, day, show_from=monday).plan
    week = plan.week_of(day)
    days = []
    for i in range(7):
        d = monday + ONE_DAY * i
        planned = [s for s in (week.sessions if week else ()) if s.date == d]
        done = [s for s in log.lifts if s.date == d]
        runs = [r for r in log.runs if r.date == d]
        days.append(
            {
                "date": d.isoformat(),
                "planned": [session_to_dict(s) for s in planned],
                "logged_sets": sum(len(s.sets) for s in done),
                "runs": [
                    {
                        "type": r.type.value,
                        "distance_m": r.distance_m,
                        "duration_s": r.duration_s,
                        "pace_s_per_km": pace_s_per_km(r.distance_m, r.duration_s),
                        "load": round(session_load(r).load, 1),
                    }
                    for r in runs
                ],
            }
        )
    ratio = acwr(log.runs, day)
    doc = {
        "start": monday.isoformat(),
        "phase": week.phase.value if week else None,
        "notes": list(week.notes if week else ()),
        "days": days,
        "acwr": None if ratio.value is None else round(ratio.value, 2),
    }
    if json_:
        emit_json(doc)
        return
    from rich.table import Table

    units = state.profile.athlete.units
    table = Table(title=f"Week of {monday:%d %b %Y} · {doc['phase']}", header_style="bold")
    for column in ("day", "planned lift", "logged sets", "runs"):
        table.add_column(column)
    for i in range(7):
        d = monday + ONE_DAY * i
        lifts = [s for s in (week.sessions if week else ()) if s.date == d]
        sets = sum(len(s.sets) for s in log.lifts if s.date == d)
        lift_text = ", ".join(f"{s.focus.value} ({len(s.exercises)} ex.)" for s in lifts) or "—"
        run_text = (
            ", ".join(
                f"{r.type.value} {distance(r.distance_m, units)} at {pace(r.distance_m, r.duration_s, units)}"
                for r in log.runs
                if r.date == d
            )
            or "—"
        )
        table.add_row(f"{d:%a %d}", lift_text, str(sets or "—"), run_text)

    out = console()
    out.print(table)
    if doc["acwr"] is not None:
        out.print(f"Running acute:chronic load ratio: {doc['acwr']}")


def history_command(
    ctx: typer.Context,
    since: SinceOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Everything logged: lift sessions with their sets, runs, pain notes."""
    opts = options(ctx)
    state = athlete_state(opts)
    first = parse_date(since, "--since") if since else None
    log = opts.store().training_log(state.athlete_id, since=first)
    doc = {
        "lifts": [
            {
                "date": s.date.isoformat(),
                "planned": s.planned,
                "sets": [
                    {
                        "exercise": x.exercise,
                        "side": x.side.value,
                        "weight": x.weight,
                        "unit": x.unit.value,
                        "reps": x.reps,
                        "rir": x.rir,
                        "rpe": x.rpe,
                        "status": x.status.value,
                    }
                    for x in s.sets
                ],
            }
            for s in log.lifts
        ],
        "runs": [
            {
                "date": r.date.isoformat(),
                "type": r.type.value,
                "distance_m": r.distance_m,
                "duration_s": r.duration_s,
                "rpe": r.rpe,
                "avg_hr": r.avg_hr,
                "source": r.source,
            }
            for r in log.runs
        ],
        "pain": [{"date": p.date.isoformat(), "area": p.area.value, "score": p.score} for p in log.pain],
        "body_weight": [{"date": w.date.isoformat(), "value": w.value, "unit": w.unit.value} for w in log.weights],
    }
    if json_:
        emit_json(doc)
        return
    entries: list[tuple[dt.date, str]] = []
    for s in log.lifts:
        names = sorted({x.exercise for x in s.sets})
        entries.append((s.date, f"lift: {len(s.sets)} sets · " + ", ".join(names)))
    units = state.profile.athlete.units
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


def progress_command(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """What the log shows: PRs, gains, plateaus, asymmetry, adherence, running load, pain (weekly sets and
    foot contacts in --json)."""
    opts = options(ctx)
    report, doc = progress_document(opts.store(), athlete_state(opts), today())
    if json_:
        emit_json(doc)
        return
    from runlift.cli.render_progress import render_progress

    render_progress(console(), report)
    if doc["acwr"] is not None:
        console().print(f"Running acute:chronic load ratio: {doc['acwr']} (above 1.3 the lifting is pulled back).")


def progress_document(store: Store, state: AthleteState, day: dt.date) -> tuple[ProgressReport, dict[str, object]]:
    """The progress report as of `day` and its JSON document (bench/bench_log.py times exactly this)."""
    from runlift.core.running_load import acwr
    from runlift.core.stats import progress_report, report_to_dict
    from runlift.data import library
    from runlift.gcpause import paused_gc

    log = store.training_log(state.athlete_id, until=day)
    with paused_gc():  # a decade of sets makes tens of thousands of small values (runlift.gcpause)
        report = progress_report(log, library(), state.profile.athlete.units, planned_dates(state, day), day)
        doc = report_to_dict(report)
    ratio = acwr(log.runs, day)
    doc["acwr"] = None if ratio.value is None else round(ratio.value, 2)  # SCH-6: > 1.3 pulls lifting back
    return report, doc
