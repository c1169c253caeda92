"""A printable plan: one page per week (print CSS), to pin on the fridge. Self-contained HTML."""

from __future__ import annotations

from html import escape

from runlift.core.season import SeasonPlan, Week
from runlift.exporters.ics import line

CSS = """
body { font: 11pt/1.35 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 1.5cm; color: #111; }
h1 { font-size: 18pt; margin: 0 0 .3cm; } h2 { font-size: 14pt; margin: 0 0 .2cm; }
.week { page-break-after: always; break-after: page; }
.week:last-child { page-break-after: auto; break-after: auto; }
.note { color: #555; font-style: italic; margin: .1cm 0; }
table { width: 100%; border-collapse: collapse; margin-top: .3cm; }
td, th { border: 1px solid #bbb; padding: .15cm .25cm; vertical-align: top; text-align: left; }
th { background: #f2f2f2; } td.day { width: 3.2cm; white-space: nowrap; } td.run { width: 3.2cm; }
ul { margin: .1cm 0 .1cm .4cm; padding: 0; } .why { color: #777; font-size: 8.5pt; }
@page { size: A4; margin: 1.2cm; }
@media print { body { margin: 0; } }
"""


def plan_to_html(plan: SeasonPlan) -> str:
    weeks = "\n".join(_week(w, i) for i, w in enumerate(plan.weeks, start=1))
    phases = ", ".join(f"{p.phase.value} {p.start:%d %b}–{p.end:%d %b}" for p in plan.phases)
    return (
        f"<!doctype html><html lang=en><meta charset=utf-8><title>runlift: {escape(plan.athlete)}</title>"
        f"<style>{CSS}</style><body><h1>Strength plan for {escape(plan.athlete)}</h1>"
        f"<p class=note>{escape(phases)}</p>{weeks}</body></html>"
    )


def _week(week: Week, number: int) -> str:
    rows = []
    for day in week.days:
        runs = ", ".join(r.type.value + (" ★" if r.key else "") for r in day.runs) or "rest"
        lifts = (
            "".join(
                f"<b>{escape(s.focus.value)} body · {s.time.value} · ~{s.minutes} min</b><ul>"
                + "".join(f"<li>{escape(line(p)[2:])}</li>" for p in s.exercises)
                + f"</ul><div class=why>{escape(', '.join(s.why))}</div>"
                for s in day.sessions
            )
            or "—"
        )
        rows.append(f"<tr><td class=day>{day.date:%a %d %b}</td><td class=run>{escape(runs)}</td><td>{lifts}</td></tr>")
    notes = "".join(f"<p class=note>{escape(n)}</p>" for n in week.notes)
    title = f"Week {number} · {week.start:%d %b %Y} · {week.phase.value}" + (" · deload" if week.deload else "")
    return (
        f"<section class=week><h2>{escape(title)}</h2>{notes}<table><tr><th>day</th><th>run</th>"
        f"<th>lift</th></tr>{''.join(rows)}</table></section>"
    )
