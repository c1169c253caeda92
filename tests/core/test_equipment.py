"""Loads round to the weights the runner owns (PRO-4)."""

from __future__ import annotations

from runlift.core.equipment import OwnedWeights, next_up, round_to_owned


def test_barbell_loads_are_the_bar_plus_pairs(library):
    owned = OwnedWeights(bar=45, plate_pairs=(45, 25, 10, 5, 2.5))
    loads = owned.loads_for(library.get("back-squat"))
    assert loads[0] == 45 and 135 in loads and 220 in loads and loads[-1] == 45 + 2 * 87.5
    assert round_to_owned(137, loads) == 135
    assert round_to_owned(1000, loads) == loads[-1]  # never above what they own
    assert next_up(135, loads) == 140


def test_dumbbells_are_per_bell_and_unknown_racks_give_nothing(library):
    owned = OwnedWeights(dumbbells=(10, 15, 20, 25))
    assert owned.loads_for(library.get("goblet-squat")) == (10, 15, 20, 25)
    assert owned.loads_for(library.get("kb-swing")) == ()
    assert round_to_owned(17.5, (10, 15, 20)) == 15  # a tie goes to the lighter bell
    assert next_up(25, (10, 15, 20, 25)) is None
