"""Other units convert the weights a runner owns so that converting back gives what they wrote."""

from __future__ import annotations

import pytest

from runlift.app.weights import LB_PER_KG, _same_weight


@pytest.mark.parametrize("factor", [LB_PER_KG, 1 / LB_PER_KG], ids=["kg to lb", "lb to kg"])
@pytest.mark.parametrize("kept", [1, 2])  # body weight and known lifts to 0.1, the weights owned to 0.01
def test_a_weight_converted_there_and_back_is_what_was_written(factor: float, kept: int):
    for hundredths in range(10 ** (2 - kept), 15_001, 10 ** (2 - kept)):  # 0.01 … 150, every weight written so
        written = hundredths / 100
        there = _same_weight(written, factor, kept)
        assert abs(there - written * factor) <= 0.5 * 10**-kept + 1e-9, (written, there)  # the same weight
        assert _same_weight(there, 1 / factor, kept) == pytest.approx(written, abs=1e-9), (written, there)


def test_the_converted_weight_is_as_short_as_it_can_be():
    assert [_same_weight(w, LB_PER_KG) for w in (20, 2.5, 1.25, 16)] == [44.09, 5.51, 2.76, 35.27]
    assert [_same_weight(w, 1 / LB_PER_KG) for w in (45, 10, 2.5, 35)] == [20.41, 4.536, 1.134, 15.876]
