"""What page routes depend on: the same access rules as the API (web/deps.py), so the every-route
access table covers pages too. A page's errors are HTML (pages/errors.py): not signed in → the sign-in
page; an athlete one may not see → the same "not found" page as one that does not exist."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from runlift.app.athletes import name_of
from runlift.web.deps import READ, WRITE, Caller, StoreDep, athlete_for, caller_for


@dataclass(frozen=True, slots=True)
class PageAthlete:
    """The athlete a page is about: the id from the path, once the caller may use it, and the name."""

    id: int
    name: str


def _athlete(athlete_id: Annotated[int, Depends(athlete_for(READ))], store: StoreDep) -> PageAthlete:
    return PageAthlete(athlete_id, name_of(store, athlete_id))


def _athlete_to_change(athlete_id: Annotated[int, Depends(athlete_for(WRITE))], store: StoreDep) -> PageAthlete:
    return PageAthlete(athlete_id, name_of(store, athlete_id))


Athlete = Annotated[PageAthlete, Depends(_athlete)]  # a page that shows the athlete's things
AthleteToChange = Annotated[PageAthlete, Depends(_athlete_to_change)]  # a form post that changes them
Reader = Annotated[Caller, Depends(caller_for(READ))]  # a page about the caller (home, the coach's roster)
Writer = Annotated[Caller, Depends(caller_for(WRITE))]
FormWriter = Annotated[Caller, Depends(caller_for(WRITE, form=True))]  # a page's form post (its `csrf` field)
