"""Who on a coach's roster needs looking at first: pain (MOD-1), a running spike (SCH-6), running that
dropped off (below the ACWR sweet spot), missed lift sessions (PER-9), a file that no longer reads.

Pure: one athlete's week in, the reasons (most urgent first) and a score to sort the roster by out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from runlift.core.rules import RuleId
from runlift.core.running_load import ACWR_LOW, ACWR_SPIKE

# how much each signal weighs when the roster is sorted: a file that no longer reads, then pain, then
# the running, then missed sessions; an athlete on track scores 0
UNREADABLE, HURTING, SPIKE, DROP_OFF, MISSED = 1000, 100, 40, 20, 10


@dataclass(frozen=True, slots=True)
class Attention:
    score: int  # higher first; 0: on track
    reasons: tuple[str, ...]  # in the coach's words, most urgent first
    why: tuple[RuleId, ...]


ON_TRACK = Attention(0, (), ())


def acwr_flag(ratio: float | None) -> Literal["high", "low", ""]:
    """'high' above the sweet spot (SCH-6: > 1.3), 'low' below it (< 0.8), '' inside it or without a ratio."""
    if ratio is None:
        return ""
    return "high" if ratio > ACWR_SPIKE else "low" if ratio < ACWR_LOW else ""


def attention(
    *,
    pain: tuple[tuple[str, int], ...],
    spike: bool,
    acwr: float | None,
    missed: int,
    error: str | None = None,
) -> Attention:
    """The reasons to look at an athlete this week and how much they weigh.

    `pain`: areas hurting today (MOD-1, 3/10 or more) and their score; `spike`: the engine's SCH-6
    verdict (ACWR above 1.3 or a hard running week); `missed`: planned lift sessions before today
    with nothing done."""
    if error is not None:
        return Attention(UNREADABLE, ("their file no longer reads: " + error,), ())
    score, reasons, why = 0, [], []
    for area, level in sorted(pain, key=lambda p: (-p[1], p[0])):
        score += HURTING + level
        reasons.append(f"{area} pain {level}/10")
        why.append("MOD-1")
    flag = acwr_flag(acwr)
    if spike:
        score += SPIKE
        reasons.append(f"running spiked (ACWR {acwr:.2f})" if flag == "high" else "a hard running week")
        why.append("SCH-6")
    elif flag == "low":
        score += DROP_OFF
        reasons.append(f"running dropped off (ACWR {acwr:.2f})")
        why.append("SCH-6")
    if missed > 0:
        score += MISSED * missed
        reasons.append(f"{missed} lift session{'s' if missed != 1 else ''} missed")
        why.append("PER-9")
    return Attention(score, tuple(reasons), tuple(dict.fromkeys(why)))
