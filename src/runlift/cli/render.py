"""Plans and explanations as text for the terminal: 80 columns, wrapped with their indent (cli.page)."""

from __future__ import annotations

import datetime as dt
import re

from runlift.cli.page import Page
from runlift.core.explain import Explanation, summarize
from runlift.core.prescribe import Prescription
from runlift.core.profile import Run
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
RULE_IDS = re.compile(r"\s*\([A-Z]+-\d+[a-z]?(?:,\s*[A-Z]+-\d+[a-z]?)*\)")
DAY = 12  # "Mon 30 Nov  "
HERE, DELOAD, RACE, WEEK = "●", "▽", "◆", "·"


def without_ids(text: str) -> str:
    """'Base: … heavy (PER-2).' → 'Base: … heavy.': rule ids are for `--why`."""
    return RULE_IDS.sub("", text)


SHORT_PHASE = {"off-season": "off", "recovery": "rec", "taper": "tpr", "build": "bld"}


def season_strip(plan: SeasonPlan, today: dt.date, width: int = 80) -> str:
    """One glyph a week after each phase: ● you are here, ▽ deload, ◆ race, · any other week.
    Shorter phase names and gaps when the full line would not fit `width`."""
    spans = []
    for span in plan.phases:
        glyphs = "".join(_glyph(w, today) for w in plan.weeks if span.start <= w.start <= span.end)
        if glyphs:
            spans.append((span.phase.value, glyphs))
    for short, gap in ((False, "  "), (True, "  "), (True, " ")):
        line = gap.join(f"{SHORT_PHASE.get(name, name) if short else name} {glyphs}" for name, glyphs in spans)
        if len(line) <= width:
            break
    return line


def _glyph(week: Week, today: dt.date) -> str:
    if week.start <= today < week.start + dt.timedelta(days=7):
        return HERE
    if any(r.type.value == "race" for d in week.days for r in d.runs):
        return RACE
    return DELOAD if week.deload else WEEK


def shown_weeks(plan: SeasonPlan, today: dt.date, everything: bool) -> list[tuple[int, Week]]:
    """Numbered weeks to print: all of them, or this week and next (before the season: its first two;
    after it: its last two)."""
    numbered = list(enumerate(plan.weeks, start=1))
    if everything or not numbered:
        return numbered
    here = next((i for i, (_, w) in enumerate(numbered) if w.start <= today < w.start + dt.timedelta(days=7)), None)
    if here is None:
        here = 0 if today < numbered[0][1].start else max(0, len(numbered) - 2)
    return numbered[here : here + 2]


def render_plan(page: Page, plan: SeasonPlan, today: dt.date, everything: bool = False, why: bool = False) -> None:
    last = plan.weeks[-1].start + dt.timedelta(days=6) if plan.weeks else plan.start
    page.add(f"{plan.athlete} · {len(plan.weeks)} weeks, {plan.start:%d %b %Y} to {last:%d %b %Y}", style="bold")
    page.add(season_strip(plan, today, page.width), hang=2)
    page.add(f"{HERE} you are here  {DELOAD} deload  {RACE} race", style="dim")
    seen: set[str] = set()
    weeks = shown_weeks(plan, today, everything)
    for number, week in weeks:
        page.blank()
        render_week(page, week, number, seen, why)
    if not everything and len(weeks) < len(plan.weeks):
        page.blank()
        page.add("The whole season: add --all. Rule ids: --why.", style="dim")


def render_week(page: Page, week: Week, number: int, seen: set[str], why: bool = False) -> None:
    """A week: its notes (each said once per page), then day by day the runs and the lift sessions."""
    end = week.start + dt.timedelta(days=6)
    title = f"Week {number} · {week.start:%a %d %b} to {end:%a %d %b %Y} · {week.phase.value}"
    page.add(title + (" · deload" if week.deload else ""), style="bold " + PHASE_STYLE.get(week.phase.value, ""))
    for note in week.notes:
        _note(page, note, seen, why, indent=2, style="italic")
    for day in week.days:
        label = f"{day.date:%a %d %b}".ljust(DAY)
        page.add(runs_text(day.runs), indent="  " + label)
        for session in day.sessions:
            render_session(page, session, 2 + DAY, seen, why)


def runs_text(runs: tuple[Run, ...]) -> str:
    """'easy run', 'tempo run (am) ★', 'rest'; ★ marks a key run."""
    if not runs:
        return "rest"
    return ", ".join(
        ("race" if r.type.value == "race" else f"{r.type.value} run")
        + (f" ({r.time.value})" if r.time else "")
        + (" ★" if r.key else "")
        for r in runs
    )


def session_headline(session: Session) -> str:
    order = {"run-first": "run first", "lift-first": "lift first", "separate-day": "no run"}[session.order.value]
    return (
        f"Lift ({session.time.value}, {order}): {session.focus.value} body, ~{session.minutes} min, "
        f"legs {session.lower_body.value}"
    )


def render_session(page: Page, session: Session, indent: int, seen: set[str] | None = None, why: bool = False) -> None:
    seen = set() if seen is None else seen
    head = session_headline(session) + (f"  [{', '.join(session.why)}]" if why else "")
    page.add(head, indent=indent, style="bold", hang=2)
    for p in session.exercises:
        ids = f"  [{', '.join(p.why)}]" if why else ""
        page.add(describe(p) + ids, indent=indent + 2, hang=4)
        if p.note:
            _note(page, p.note, seen, why, indent=indent + 4, style="dim italic", key=p.exercise.id, hang=2)
    for note in session.notes:
        _note(page, "⚑ " + note, seen, why, indent=indent + 2, style="yellow", hang=2)


def _note(
    page: Page, note: str, seen: set[str], why: bool, indent: int, style: str, key: str = "", hang: int = 0
) -> None:
    """A note repeated every week is said the first time only."""
    if key + note in seen:
        return
    seen.add(key + note)
    page.add(note if why else without_ids(note), indent=indent, style=style, hang=hang)


def describe(p: Prescription) -> str:
    """'Goblet squat 3×6 @ 79% (55 lb) · rest 90 s'."""
    unit = {"seconds": " s", "meters": " m"}.get(p.exercise.measure.value, "")
    reps = f"{p.reps}" if isinstance(p.reps, int) else f"{p.reps[0]}-{p.reps[1]}"
    side = "/side" if p.exercise.unilateral else ""
    if p.pct_1rm is not None and p.load is not None:
        intensity = f" @ {round(p.pct_1rm * 100)}% ({p.load.value:g}\u00a0{p.load.unit})"
    elif p.load is not None:
        intensity = f" @ {p.load.value:g}\u00a0{p.load.unit}"
    elif p.foot_contacts or unit:
        intensity = ""  # jumps are dosed by contacts (DOSE-5), holds and carries by time or distance
    else:
        intensity = f" @ RIR\u00a0{p.rir}"

    extra = f" · {p.foot_contacts}\u00a0contacts" if p.foot_contacts else ""
    paired = f" · paired with {p.paired_with}" if p.paired_with else ""
    # a number keeps its unit on its line when the page wraps (no "rest 90" and "s" apart)
    return f"{p.exercise.name} {p.sets}×{reps}{unit}{side}{intensity} · rest\u00a0{p.rest_s}\u00a0s{extra}{paired}"


def render_explanation(page: Page, explanation: Explanation, full: bool = False) -> None:
    """The short answer first (most specific reason first); `full`: every rule with its source."""
    subject, session = explanation.prescription, explanation.session
    when = f"{explanation.date:%a %d %b %Y}, {explanation.week.phase.value} phase"
    page.add(f"Why {subject.exercise.name} on {when}" if subject else f"Why this session on {when}", style="bold")
    if subject:
        page.add(describe(subject), indent=2, hang=2)
    else:
        names = ", ".join(p.exercise.name for p in session.exercises)
        page.add(f"{session_headline(session)}: {names}.", indent=2, hang=2)
    for line in summarize(explanation):
        page.add(line, indent=2, hang=2)
    if not full:
        page.blank()
        ids = ", ".join(rule.id for rule in explanation.rules)
        page.add(f"Rules: {ids}.", style="dim", hang=7)
        page.add("Every rule in plain words, with its source: add --full.", style="dim")
        return
    book = explanation.book
    for rule in explanation.rules:
        sources = "; ".join(
            f"{book.sources[k].author}, “{book.sources[k].title}”" for k in rule.sources if k in book.sources
        )
        cites = f" (citing {', '.join(rule.cites)})" if rule.cites else ""
        page.blank()
        page.add(f"{rule.id} · {rule.title}", style="bold")
        page.add(rule.plain, indent=2)
        page.add(f"Rule: {rule.text}", indent=2, style="dim", hang=6)
        page.add(f"Source: {sources}{cites}", indent=2, style="dim italic", hang=8)
