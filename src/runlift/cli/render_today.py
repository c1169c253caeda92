"""`runlift today` as a gym card: what to do, in order, with what to pick up."""

from __future__ import annotations

from runlift.app.today import CardExercise, GymCard, LastTime
from runlift.cli.page import Page
from runlift.cli.render import runs_text, without_ids
from runlift.core.log import LoggedSet, Side
from runlift.core.prescribe import Prescription
from runlift.core.season import Session


def render_card(page: Page, card: GymCard) -> None:
    page.add(f"{card.date:%A %d %B %Y}" + (f" · {card.phase} phase" if card.phase else ""), style="bold")
    for note in card.week_notes[1:] + card.log_notes:
        page.add("⚑ " + without_ids(note), style="yellow", hang=2)
    if not card.sessions:
        page.add(f"Run: {runs_text(card.runs)}.")
        nxt = f" Next lift: {card.next_lift:%a %d %b}." if card.next_lift else ""
        page.add(f"No lift today.{nxt}")
        return
    for block in card.sessions:
        _session(page, block.session, card)
        for number, item in enumerate(block.exercises, start=1):
            _exercise(page, number, item)
        page.blank()
        page.add("Cool-down", style="bold")
        for step in block.session.cooldown:
            page.add("· " + step, indent=2, hang=2)
        for note in block.session.notes:
            page.add("⚑ " + without_ids(note), style="dim", hang=2)


def _session(page: Page, session: Session, card: GymCard) -> None:
    runs = runs_text(card.runs)
    order = {
        "run-first": f"Run first ({runs}), lift after: 3 hours or more apart.",
        "lift-first": f"Lift first, run after ({runs}): 3 hours or more apart.",
        "separate-day": "No run today: just the lift." if not card.runs else f"Run ({runs}) and lift apart.",
    }[session.order.value]
    page.add(order, hang=2)
    page.add(
        f"{session.focus.value.capitalize()} body, about {session.minutes} min, legs {session.lower_body.value}.",
        hang=2,
    )
    page.blank()
    page.add("Warm-up", style="bold")
    for step in session.warmup:
        page.add("· " + step, indent=2, hang=2)
    page.blank()


def target(p: Prescription) -> str:
    """'3×6/side, 2 in reserve, rest 90 s'."""
    unit = {"seconds": " s", "meters": " m"}.get(p.exercise.measure.value, "")
    reps = f"{p.reps}" if isinstance(p.reps, int) else f"{p.reps[0]}-{p.reps[1]}"
    side = " each side" if p.exercise.unilateral else ""
    effort = f"{p.foot_contacts} contacts" if p.foot_contacts else f"{p.rir} in reserve"
    if unit and not p.foot_contacts:
        effort = ""  # a hold or a carry is dosed by its time or distance, not by reps in reserve
    rest = f"rest {p.rest_s}\u00a0s" if not p.paired_with else "in the main lift's rest"
    return ", ".join(part for part in (f"{p.sets}×{reps}{unit}{side}", effort, rest) if part)


def _exercise(page: Page, number: int, item: CardExercise) -> None:
    p = item.prescription
    page.add(f"{p.exercise.name}: {target(p)}", indent=f"{number}. ", style="bold", hang=2)
    pad = " " * len(f"{number}. ")
    if p.load is not None and p.load.value:
        share = f" ({round(p.pct_1rm * 100)}% of your max)" if p.pct_1rm is not None else ""
        page.add(f"Load {p.load.value:g} {p.load.unit}{share}: {item.pick_up}", indent=pad, hang=2)
    elif p.exercise.externally_loaded and not p.note:
        page.add("Load: pick one you can lift with the reps in reserve; log it and the plan follows.", indent=pad)
    if item.last is not None:
        unit = {"seconds": " s", "meters": " m"}.get(p.exercise.measure.value, "")
        page.add(f"Last time, {item.last.date:%a %d %b}: {sets_text(item.last, unit)}", indent=pad, hang=2)
    if p.exercise.cues:
        page.add("Cues: " + "; ".join(p.exercise.cues) + ".", indent=pad, hang=6, style="dim")
    if p.note:
        page.add(without_ids(p.note), indent=pad, style="dim italic", hang=2)


def sets_text(last: LastTime, unit: str = "") -> str:
    """'3×6 @ 40 lb, RIR 2' (runs of equal sets grouped; one side's sets stand for both)."""
    sets = [s for s in last.sets if s.side is not Side.RIGHT] or list(last.sets)
    groups: list[tuple[int, LoggedSet]] = []
    for s in sets:
        if groups and groups[-1][1]._replace(side=s.side) == s:
            groups[-1] = (groups[-1][0] + 1, s)
        else:
            groups.append((1, s))
    parts = []
    for count, s in groups:
        load = f" @ {s.weight:g} {s.unit.value}" if s.weight else ""
        effort = f", RIR {s.rir:g}" if s.rir is not None else ""
        skipped = " (skipped)" if s.status.value == "skipped" else ""
        parts.append(f"{count}×{s.reps}{unit}{load}{effort}{skipped}")
    return "; ".join(parts) + (" each side" if len(sets) < len(last.sets) else "")
