"""`runlift log` at a terminal: the session set by set. Each set shows its target and last time;
Enter logs it as shown, or type what you did; a bad answer is asked again; each set is saved as it
is entered, so a session stopped half-way (q, Ctrl-C, a closed terminal) keeps its sets and the
next `runlift log` goes on from there."""

from __future__ import annotations

import datetime as dt
import re
import select
import sys
import textwrap
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from runlift.core.errors import InputError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from runlift.app.database import Store
    from runlift.app.today import LastTime
    from runlift.core.log import LoggedSet
    from runlift.core.profile import Units
    from runlift.core.season import Session

HELP = (
    "Enter logs a set as shown; or type what you did: reps (5), weight (@45), reps in reserve (rir1), "
    "or together: 5@45 rir1. s skips the set, q stops here (what is saved stays)."
)
ANSWER = re.compile(
    r"^(?P<reps>\d+)?\s*(?:@\s*(?P<w>\d+(?:\.\d+)?)\s*(?P<u>lbs?|kg)?)?\s*(?:rir\s*(?P<rir>\d+(?:\.\d+)?))?$"
)


@dataclass(frozen=True)
class Walked:
    saved: int
    skipped: int
    stopped: bool
    session_id: int | None


def parse_answer(text: str, shown: LoggedSet) -> LoggedSet | str:
    """'' → the set as shown; '5', '@45', 'rir1', '5@45kg rir1' → edited; 's' / 'q' → 'skip' / 'quit'."""
    from runlift.core.profile import Units

    answer = text.strip().lower()
    if answer in ("s", "skip"):
        return "skip"
    if answer in ("q", "quit", "stop"):
        return "quit"
    m = ANSWER.match(answer)
    if not m:
        raise InputError(f"expected Enter, reps, @weight, rirN (e.g. 5@45 rir1), s or q, got {text.strip()!r}")
    edited = shown._replace(
        reps=int(m["reps"]) if m["reps"] else shown.reps,
        weight=float(m["w"]) if m["w"] else shown.weight,
        unit=(Units.LB if m["u"].startswith("lb") else Units.KG) if m["u"] else shown.unit,
        rir=float(m["rir"]) if m["rir"] else shown.rir,
    )
    if edited.reps < 1:
        raise InputError(f"reps: expected 1 or more, got {edited.reps}")
    return edited


def set_text(s: LoggedSet, needs_weight: bool, unit: str = "") -> str:
    load = f" @ {s.weight:g} {s.unit.value}" if s.weight else (f" @ ? {s.unit.value}" if needs_weight else "")
    effort = f", RIR {s.rir:g}" if s.rir is not None else ""
    return f"{s.reps}{unit}{load}{effort}"


class Walk:
    def __init__(
        self, store: Store, athlete_id: int, units: Units, day: dt.date, out: TextIO, now: dt.datetime
    ) -> None:
        self.store, self.athlete_id, self.units, self.day, self.out, self.now = store, athlete_id, units, day, out, now
        self.interactive = sys.stdin.isatty() and out.isatty()

    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def ask(self, prompt: str) -> str | None:
        self.out.write(prompt)
        self.out.flush()
        line = sys.stdin.readline()
        if not line:  # end of input: stop, keeping what is saved
            self.say()
            return None
        if not self.interactive:
            self.say(line.rstrip("\n"))  # echo what was fed, so the transcript reads like a terminal's
        return line

    def rest(self, seconds: int) -> None:
        """A countdown on a terminal (Enter ends it); just the time to rest otherwise."""
        if not self.interactive:
            self.say(f"  rest {seconds} s")
            return
        end = time.monotonic() + seconds
        while (left := int(end - time.monotonic() + 0.999)) > 0:
            self.out.write(f"\r  rest {left // 60}:{left % 60:02d}  (Enter to go on) ")
            self.out.flush()
            ready, _, _ = select.select([sys.stdin], [], [], min(1.0, end - time.monotonic()))
            if ready:
                sys.stdin.readline()
                break
        self.out.write("\r" + " " * 40 + "\r")
        self.out.flush()
        if left <= 0:
            self.say("  rest over \a")

    def run(self, session: Session, last_times: Mapping[str, LastTime]) -> Walked:
        from runlift.app.lift_log import logged_on, save_set, sets_left
        from runlift.cli.render_today import sets_text, target
        from runlift.core.log import SetStatus

        units = self.units
        total, to_log = sets_left(session, units, logged_on(self.store, self.athlete_id, self.day))
        left = [(s.prescription, s.shown, s.number) for s in to_log]
        already = total - len(left)
        if not left:
            self.say(f"{self.day:%a %d %b}: every set of the session is logged; add more with `runlift log set`.")
            return Walked(0, 0, False, None)
        self.say(
            f"{self.day:%a %d %b}: {session.focus.value} body, {len(session.exercises)} exercises, {total} sets"
            + (f" ({already} already logged)." if already else ".")
        )
        for line in textwrap.wrap(HELP, 79):
            self.say(line)
        saved = skipped = 0
        session_id: int | None = None
        current = None
        for index, (p, shown, number) in enumerate(left):
            if p is not current:
                current = p
                self.say()
                self.say(f"{p.exercise.name}: {target(p)}")
                last = last_times.get(p.exercise.id)
                if last is not None:
                    measured = {"seconds": " s", "meters": " m"}.get(p.exercise.measure.value, "")
                    self.say(f"  last time, {last.date:%a %d %b}: {sets_text(last, measured)}")
            needs_weight = p.load is None and p.exercise.externally_loaded
            side = {"L": " left", "R": " right"}.get(shown.side.value, "")
            while True:
                measure = {"seconds": " s", "meters": " m"}.get(p.exercise.measure.value, "")
                answer = self.ask(f"  set {number}/{p.sets}{side}  {set_text(shown, needs_weight, measure)} > ")
                if answer is None:
                    return Walked(saved, skipped, True, session_id)
                try:
                    result = parse_answer(answer, shown)
                    if result == "quit":
                        return Walked(saved, skipped, True, session_id)
                    if result == "skip":  # saved as skipped: planned, not done (and not asked again)
                        session_id = save_set(
                            self.store,
                            self.athlete_id,
                            self.day,
                            shown._replace(status=SetStatus.SKIPPED),
                            self.now,
                        )
                        skipped += 1
                        self.say("  skipped")
                        break
                    assert not isinstance(result, str)
                    if needs_weight and result.weight <= 0:
                        raise InputError(f"weight: type what you lifted, e.g. @{_example(units)}, or s to skip")
                    session_id = save_set(self.store, self.athlete_id, self.day, result, self.now)
                except InputError as exc:
                    self.say(f"  {exc}; try again")
                    continue
                saved += 1
                self.say(f"  ✓ saved {set_text(result, False, measure)}")
                if needs_weight:  # the next sets start from what was lifted
                    left[index + 1 :] = [
                        (q, s._replace(weight=result.weight, unit=result.unit) if q is p else s, n)
                        for q, s, n in left[index + 1 :]
                    ]
                break
            is_last = index == len(left) - 1
            next_same_set = not is_last and left[index + 1][0] is p and left[index + 1][1].side.value == "R"
            if not is_last and not next_same_set and not p.paired_with:
                self.rest(p.rest_s)
        return Walked(saved, skipped, False, session_id)


def _example(units: Units) -> str:
    return "40" if units.value == "lb" else "20"
