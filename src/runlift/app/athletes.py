"""Athletes in the store: what removing one takes away."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from runlift.core.profile import Athlete
from runlift.store.repo import AthleteInfo, ProfileVersion, Store


@dataclass(frozen=True, slots=True)
class Removal:
    name: str
    versions: int
    lift_sessions: int
    runs: int


def find_athlete(store: Store, name: str | None) -> int:
    """The named athlete's id (any case), or the only one's when no name is given: AthleteNotFound,
    NoAthletes or AthleteNotChosen (store.errors) otherwise."""
    return store.athlete_id(name)


def runner(store: Store, athlete_id: int) -> Athlete:
    """The runner's current file's athlete section: units, equipment, pain (what parsing input needs)."""
    from runlift.app.season import load_state

    return load_state(store, athlete_id).profile.athlete


def name_of(store: Store, athlete_id: int) -> str:
    return store.athlete_name(athlete_id)


def athletes(store: Store) -> list[AthleteInfo]:
    """Every athlete with how many versions of their file the store keeps, by name."""
    return store.athletes()


def removal(store: Store, name: str | None) -> Removal:
    """What `remove_athlete` would delete, for the question before it (nothing is written)."""
    athlete_id = store.athlete_id(name)
    info = next(a for a in store.athletes() if a.id == athlete_id)
    log = store.training_log(athlete_id)
    return Removal(info.name, info.versions, len(log.lifts), len(log.runs))


def remove_athlete(store: Store, name: str) -> None:
    """Delete the athlete and everything theirs in one transaction."""
    store.remove_athlete(store.athlete_id(name))


def add_runner(store: Store, text: str, source: str, day: dt.date, now: dt.datetime) -> tuple[str, ProfileVersion]:
    """Store a runner's file (a changed file is a new version) with the plan it gives from `day`.

    Checked whole first, including what only planning checks ([lifts] ids): nothing is written for a
    file `runlift plan` would refuse."""
    from runlift.core.season import plan_season
    from runlift.core.serialize import plan_to_dict
    from runlift.data import library
    from runlift.profile_file import profile_from_text

    parsed = profile_from_text(text, source)
    season = plan_season(parsed, library(), day)
    saved = store.save_profile(parsed.athlete.name, text, day, now)
    if saved.created:
        store.save_plan(saved.athlete_id, saved.version, season.start, json.dumps(plan_to_dict(season)), now)
    return parsed.athlete.name, saved
