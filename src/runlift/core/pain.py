"""Pain as modified loading (MOD-1, MOD-2, TRK-3): how far along its chain an exercise that loads a
painful area may sit, on the day of a session, while the pain lasts and while it settles.

Pure: pain notes and the runner's file in, per-area limits out.

Coaching choices where the rules leave room (each with its rule id):

- MOD-1 names pain as a reason to modify, without a threshold: 3/10 or more counts as pain
  (`PAIN_ACTIVE_SCORE`); below it an area is settling. An area in the runner's file, with no note
  in the log, counts as 3/10 (`FILE_SCORE`): the mildest pain there is.
- MOD-2 says "a few baby steps" back along the chain. How far follows the score, counted in links
  above the chain's root (its easiest step, an isometric hold for the knee and the Achilles):
  7/10 or more holds the isometric only (isometrics load a sore tendon without aggravating it);
  5-6 one link above it (a band terminal knee extension, a Spanish squat, a double-leg calf raise);
  3-4 two links above it (partial range; slow heavy calf raises). Always at least one link below
  the exercise the plan would give without pain (`STAGE_LINKS`).
- Pain is modified loading, not removal: the exercise steps back along its own chain, so knee pain
  keeps quad work and Achilles pain keeps calf work.
- Return is graded (MOD-2 "can progress again later"; TRK-3 "where it stops appearing"): an area
  settles only when a score below 3 is logged (the runner's "it settled", e.g. `runlift log pain
  knee 0`), never by the calendar. A lower score that is still 3 or more climbs one link, never
  straight to the new score's stage; a higher score steps back at once. From the day it settles
  the chain climbs one link a week (`CLIMB_PER_WEEK`), from the link held when it settled, until
  the usual exercise is back. Jumps that load the area return last: after the area has climbed
  `PLYO_RETURN_LINKS` links (full-range strength work back for a week).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from runlift.core.adjust import PainLimit
from runlift.core.calendar import monday_of
from runlift.core.library import BodyArea
from runlift.core.log import PainNote

PAIN_ACTIVE_SCORE = 3  # MOD-1: from 3/10 an area counts as hurting; below, it is settling
FILE_SCORE = PAIN_ACTIVE_SCORE  # an area in the runner's file, with no note in the log
# MOD-2: (lowest score, links above the chain's root), most severe first
STAGE_LINKS: tuple[tuple[int, int], ...] = ((7, 0), (5, 1), (PAIN_ACTIVE_SCORE, 2))
CLIMB_PER_WEEK = 1  # links regained each week after the pain settled (MOD-2)
RETURN_LINKS = 12  # longer than any chain: the area is fully back
PLYO_RETURN_LINKS = 4  # jumps loading the area come back after isometric, controlled, partial, full
REMIND_AFTER = dt.timedelta(days=7)  # an old note gets a reminder to log the pain again


def stage_links(score: int) -> int:
    """Links above the chain's root an exercise loading an area with this score may sit (MOD-2)."""
    return next(links for lowest, links in STAGE_LINKS if score >= lowest)


@dataclass(frozen=True, slots=True)
class AreaCourse:
    """One area's pain as the notes up to a day tell it."""

    area: BodyArea
    score: int  # the latest score
    noted: dt.date | None  # the latest note's date (None: from the runner's file)
    active: bool
    links: int  # links above the root while active, or held when it settled
    settled: dt.date | None = None


def area_course(area: BodyArea, notes: Iterable[PainNote], in_file: bool) -> AreaCourse | None:
    """Walk one area's notes (all of that area) in date order."""
    course: AreaCourse | None = None
    if in_file:
        course = AreaCourse(area, FILE_SCORE, None, True, stage_links(FILE_SCORE))
    for note in sorted(notes, key=lambda n: n.date):  # stable: a later note on the same day wins
        if note.score >= PAIN_ACTIVE_SCORE:
            links = stage_links(note.score)
            if course is not None and course.active and note.score < course.score:
                links = min(links, course.links + 1)  # better, still hurting: one link up, not a leap
            elif course is not None and course.active and note.score == course.score:
                links = course.links  # the same pain: the same step
            course = AreaCourse(area, note.score, note.date, True, links)
        elif course is not None and course.active:
            course = AreaCourse(area, note.score, note.date, False, course.links, note.date)
        elif course is not None:
            course = AreaCourse(area, note.score, note.date, False, course.links, course.settled)
    return course


def limit_on(course: AreaCourse, day: dt.date) -> PainLimit | None:
    """The limit on `day`: the stage while the pain is active, then one link more a week once settled."""
    if course.active:
        return PainLimit(course.links, True, course.score)
    assert course.settled is not None
    weeks = (monday_of(day) - monday_of(course.settled)).days // 7
    links = course.links + CLIMB_PER_WEEK * (1 + max(0, weeks))
    return None if links >= RETURN_LINKS else PainLimit(links, False, course.score)


@dataclass(frozen=True, slots=True)
class PainCourse:
    """Every area's notes and the runner's file; limits for any day (as of the notes up to it)."""

    notes: tuple[PainNote, ...] = ()
    file_areas: frozenset[BodyArea] = frozenset()

    def courses(self, day: dt.date) -> dict[BodyArea, AreaCourse]:
        by_area: dict[BodyArea, list[PainNote]] = {}
        for note in self.notes:
            if note.date <= day:
                by_area.setdefault(note.area, []).append(note)
        out = {}
        for area in BodyArea:
            course = area_course(area, by_area.get(area, ()), area in self.file_areas)
            if course is not None:
                out[area] = course
        return out

    def limits(self, day: dt.date) -> Mapping[BodyArea, PainLimit]:
        """MOD-1/MOD-2: per area in pain or coming back on `day`, how far its exercises step back."""
        out = {}
        for area, course in self.courses(day).items():
            limit = limit_on(course, day)
            if limit is not None:
                out[area] = limit
        return out

    def active(self, day: dt.date) -> frozenset[BodyArea]:
        return frozenset(a for a, c in self.courses(day).items() if c.active)

    def reminders(self, day: dt.date) -> tuple[str, ...]:
        """TRK-3: a note a week old or more still counts; say how to end it."""
        out = []
        for area, course in self.courses(day).items():
            if course.active and course.noted is not None and day - course.noted >= REMIND_AFTER:
                out.append(
                    f"{area.value.capitalize()} {course.score}/10 noted {(day - course.noted).days} days ago still "
                    f"shapes the plan: log `runlift log pain {area.value} N` again (0-2 once it has settled), "
                    "and the exercises climb back a step a week (MOD-2, TRK-3)."
                )
        return tuple(out)
