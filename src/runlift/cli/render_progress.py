"""Rich rendering of the progress report."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from runlift.cli.output import distance
from runlift.core.stats import ProgressReport


def render_progress(out: Console, report: ProgressReport) -> None:
    unit = report.unit.value
    out.print(Text(f"Progress to {report.until:%d %b %Y}", style="bold"))
    for gain in report.gains:
        out.print(Text("↑ " + gain.text, style="green"))
    for plateau in report.plateaus:
        out.print(Text("→ " + plateau.note, style="yellow"))
    records = Table(title="Lifts", header_style="bold")
    for column in ("exercise", f"best e1RM ({unit})", "set", "PRs", "sets logged", "last"):
        records.add_column(column)
    for r in report.records:
        best = f"{r.best.e1rm:.1f}" if r.best else "—"
        top = f"{r.best.weight:g}×{r.best.reps}" if r.best else "—"
        records.add_row(r.name, best, top, str(len(r.prs)), str(r.sets), r.last.isoformat())
    out.print(records)
    for a in report.asymmetries:
        if a.flag:
            side = a.weaker.value if a.weaker else "?"
            out.print(Text(f"⚑ {a.name}: {side} side {100 * (1 - a.ratio):.0f}% weaker than the other", style="yellow"))
    adherence = report.adherence
    if adherence.ratio is not None:
        out.print(f"Adherence: {adherence.done} of {adherence.planned} planned sessions ({adherence.ratio:.0%}).")
    if report.running:
        last = report.running[-1]
        out.print(f"Running this week: {distance(last.distance_m, report.unit)}, load {last.load:.0f} (RPE × min).")
    for p in report.pain:
        state = "settled" if p.settled else f"now {p.latest}/10"
        out.print(f"Pain · {p.area.value}: first {p.first}, peak {p.peak}/10, {state}.")
