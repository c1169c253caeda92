"""Rich rendering of plans and explanations for the terminal."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from runlift.core.explain import Explanation
from runlift.core.prescribe import Prescription
from runlift.core.season import SeasonPlan, Session, Week

PHASE_STYLE = {
    "off-season": "blue",
    "base": "green",
    "build": "yellow",
    "peak": "red",
    "taper": "magenta",
    "race": "bold red",
    "recovery": "cyan",
}


def render_plan(console: Console, plan: SeasonPlan) -> None:
    console.print(Text(f"Season plan for {plan.athlete}", style="bold"))
    timeline = Table(title="Phases", show_edge=False, header_style="bold")
    for column in ("phase", "from", "to", "weeks"):
        timeline.add_column(column)
    for span in plan.phases:
        weeks = ((span.end - span.start).days + 1) // 7
        style = PHASE_STYLE.get(span.phase.value, "")
        timeline.add_row(Text(span.phase.value, style=style), span.start.isoformat(), span.end.isoformat(), str(weeks))
    console.print(timeline)
    for number, week in enumerate(plan.weeks, start=1):
        console.print(render_week(week, number))


def render_week(week: Week, number: int) -> Panel:
    table = Table(show_header=True, header_style="bold", show_edge=False, expand=True)
    table.add_column("day", width=10, no_wrap=True)
    table.add_column("run", width=14)
    table.add_column("lift", ratio=1)
    for day in week.days:
        runs = (
            ", ".join(f"{r.type.value}{':' + r.time.value if r.time else ''}{' ★' if r.key else ''}" for r in day.runs)
            or "rest"
        )
        lift = Group(*(render_session(s) for s in day.sessions)) if day.sessions else Text("—", style="dim")
        table.add_row(day.date.strftime("%a %d %b"), runs, lift)
    notes = Text("\n".join(week.notes), style="italic dim")
    title = f"Week {number} · {week.start:%d %b %Y} · {week.phase.value}" + (" · deload" if week.deload else "")
    return Panel(
        Group(notes, table), title=title, title_align="left", border_style=PHASE_STYLE.get(week.phase.value, "")
    )


def session_headline(session: Session) -> str:
    return (
        f"{session.focus.value} body · {session.time.value} · {session.order.value} · "
        f"~{session.minutes} min · legs {session.lower_body.value}"
    )


def render_session(session: Session) -> Group:
    head = Text(session_headline(session), style="bold")
    head.append(f"  [{', '.join(session.why)}]", style="dim")
    lines = [head]
    for p in session.exercises:
        lines.append(Text("  " + describe(p)))
        if p.note:
            lines.append(Text("      " + p.note, style="dim italic"))

    lines += [Text("  ⚑ " + n, style="yellow") for n in session.notes]
    return Group(*lines)


def describe(p: Prescription) -> str:
    """'Goblet squat 3×6 @ 79% (55 lb) · rest 90 s'."""
    unit = {"seconds": " s", "meters": " m"}.get(p.exercise.measure.value, "")
    reps = f"{p.reps}" if isinstance(p.reps, int) else f"{p.reps[0]}-{p.reps[1]}"
    side = "/side" if p.exercise.unilateral else ""
    if p.pct_1rm is not None and p.load is not None:
        intensity = f" @ {round(p.pct_1rm * 100)}% ({p.load.value:g} {p.load.unit})"
    elif p.load is not None:
        intensity = f" @ {p.load.value:g} {p.load.unit}"
    elif p.foot_contacts:
        intensity = ""  # jumps are dosed by contacts (DOSE-5), not reps in reserve
    else:
        intensity = f" @ RIR {p.rir}"

    extra = f" · {p.foot_contacts} contacts" if p.foot_contacts else ""
    paired = f" · paired with {p.paired_with}" if p.paired_with else ""
    return f"{p.exercise.name} {p.sets}×{reps}{unit}{side}{intensity} · rest {p.rest_s} s{extra}{paired}"


def render_explanation(console: Console, explanation: Explanation) -> None:
    session = explanation.session
    subject = explanation.prescription
    title = (
        f"Why {subject.exercise.name} on {explanation.date:%a %d %b %Y}"
        if subject
        else f"Why this session on {explanation.date:%a %d %b %Y}"
    )
    console.print(Text(title, style="bold"))
    console.print(Text(f"{explanation.week.phase.value} phase · " + session_headline(session), style="dim"))
    if subject:
        console.print("  " + describe(subject))
        if subject.note:
            console.print(Text("  " + subject.note, style="yellow"))
    book = explanation.book
    for rule in explanation.rules:
        sources = "; ".join(
            f"{book.sources[k].author}, “{book.sources[k].title}”" for k in rule.sources if k in book.sources
        )
        cites = f" (citing {', '.join(rule.cites)})" if rule.cites else ""
        body = Text()
        body.append(rule.plain + "\n")
        body.append(f"Rule: {rule.text}\n", style="dim")
        body.append(f"Source: {sources}{cites}", style="dim italic")
        console.print(Panel(body, title=f"{rule.id} · {rule.title}", title_align="left"))
