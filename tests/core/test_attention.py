"""Who needs a look first on a coach's roster (core.attention): the engine's ACWR bounds, the order."""

from __future__ import annotations

from runlift.core.attention import acwr_flag, attention
from runlift.core.running_load import ACWR_LOW, ACWR_SPIKE


def test_acwr_flags_at_the_engines_bounds():
    assert acwr_flag(None) == ""
    assert acwr_flag(ACWR_SPIKE) == "" and acwr_flag(ACWR_SPIKE + 0.01) == "high"
    assert acwr_flag(ACWR_LOW) == "" and acwr_flag(ACWR_LOW - 0.01) == "low"
    assert acwr_flag(1.0) == ""


def test_reasons_in_the_coachs_words_and_their_rules():
    got = attention(pain=(("ankle", 3), ("knee", 6)), spike=True, acwr=1.62, missed=1)
    assert got.reasons == ("knee pain 6/10", "ankle pain 3/10", "running spiked (ACWR 1.62)", "1 lift session missed")
    assert got.why == ("MOD-1", "SCH-6", "PER-9")
    assert attention(pain=(), spike=True, acwr=1.1, missed=0).reasons == ("a hard running week",)  # SCH-6's 1.5× week
    assert attention(pain=(), spike=False, acwr=0.5, missed=2).reasons == (
        "running dropped off (ACWR 0.50)",
        "2 lift sessions missed",
    )
    on_track = attention(pain=(), spike=False, acwr=1.0, missed=0)
    assert on_track.score == 0 and on_track.reasons == () and on_track.why == ()


def test_the_order_a_file_that_no_longer_reads_then_pain_then_running_then_missed_sessions():
    ranked = [
        attention(pain=(), spike=False, acwr=None, missed=0, error="athlete.units: expected lb or kg, got 'st'"),
        attention(pain=(("knee", 3),), spike=False, acwr=None, missed=0),
        attention(pain=(), spike=True, acwr=1.4, missed=0),
        attention(pain=(), spike=False, acwr=0.6, missed=1),
        attention(pain=(), spike=False, acwr=None, missed=2),
        attention(pain=(), spike=False, acwr=None, missed=1),
        attention(pain=(), spike=False, acwr=1.0, missed=0),
    ]
    scores = [a.score for a in ranked]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == len(scores)
    assert ranked[0].reasons == ("their file no longer reads: athlete.units: expected lb or kg, got 'st'",)
