"""Plates per side of the bar for a barbell load (`runlift today`'s gym card)."""

from __future__ import annotations

import pytest

from runlift.core.equipment import STANDARD_PLATE_PAIRS, plates_per_side


@pytest.mark.parametrize(
    ("load", "bar", "pairs", "side"),
    [
        (135, 45, (45, 45, 25, 10, 5), (45,)),
        (95, 45, (45, 25, 10, 10, 5, 2.5), (25,)),
        (100, 45, (45, 25, 10, 10, 5, 2.5), (25, 2.5)),
        (45, 45, (45,), ()),
        (60, 20, (15, 10, 5, 5), (15, 5)),
        (62.5, 20, STANDARD_PLATE_PAIRS["kg"], (20, 1.25)),
    ],
)
def test_plates_each_side_add_up_to_the_load(load, bar, pairs, side):
    assert plates_per_side(load, bar, pairs) == side
    assert bar + 2 * sum(side) == load


def test_a_load_the_plates_cannot_make_is_none():
    assert plates_per_side(140, 45, (45, 25, 10)) is None
    assert plates_per_side(30, 45, (45,)) is None
