"""Athletes in the store: what removing one takes away."""

from __future__ import annotations

from dataclasses import dataclass

from runlift.store.repo import Store


@dataclass(frozen=True, slots=True)
class Removal:
    name: str
    versions: int
    lift_sessions: int
    runs: int


def removal(store: Store, name: str | None) -> Removal:
    """What `remove_athlete` would delete, for the question before it (nothing is written)."""
    athlete_id = store.athlete_id(name)
    info = next(a for a in store.athletes() if a.id == athlete_id)
    log = store.training_log(athlete_id)
    return Removal(info.name, info.versions, len(log.lifts), len(log.runs))


def remove_athlete(store: Store, name: str) -> None:
    """Delete the athlete and everything theirs in one transaction."""
    store.remove_athlete(store.athlete_id(name))
