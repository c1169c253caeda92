"""Coaches (multi-user mode): a coach invites a runner by email, the runner accepts it for one of
their athletes (or turns it down), either side revokes it at any time; the coach's roster shows this
week's adherence, running load (ACWR) and pain for every accepted athlete.

An invitation names an address, not an account: inviting an address without an account answers
the same as any other (nothing tells the coach who has an account), and the invitation waits for it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from runlift.app.accounts import email_key
from runlift.core.attention import ON_TRACK, Attention, attention
from runlift.core.errors import InputError, NotFound
from runlift.core.profile import Profile
from runlift.store import accounts as db
from runlift.store.accounts import INVITED, Invitation
from runlift.store.repo import Store

MILE_M = 1609.344


def invite(store: Store, coach_id: int, coach_email: str, email: str, now: dt.datetime) -> Invitation:
    """Invite an address (the coach's open invitation to it when there is one)."""
    key = email_key(email)
    if key == coach_email:
        raise InputError("email: expected a runner's address, got your own")
    found = db.invitation(store, db.invite(store, coach_id, key, now))
    assert found is not None
    return found


def sent(store: Store, coach_id: int) -> list[Invitation]:
    """The coach's invitations, every status."""
    return db.invitations(store, coach_id=coach_id)


def coaches(store: Store, user_id: int) -> bool:
    """Whether the user coaches someone or has invited someone to be coached (the menu's Coach item)."""
    return db.coaches(store, user_id)


def shown(store: Store, invitation_id: int, user_id: int, email: str) -> Invitation | None:
    """The invitation for its page: to the coach who sent it or the address it names; None otherwise
    (and for one that does not exist: ids reveal nothing)."""
    try:
        return _mine(store, invitation_id, user_id, email)
    except NotFound:
        return None


def received(store: Store, email: str) -> list[Invitation]:
    """Invitations addressed to the user's address."""
    return db.invitations(store, email=email)


def _mine(store: Store, invitation_id: int, user_id: int, email: str) -> Invitation:
    """The invitation when the user sent it or it is addressed to them; NotFound otherwise (the same
    for one that does not exist: ids reveal nothing)."""
    found = db.invitation(store, invitation_id)
    if found is None or (found.coach_id != user_id and found.email != email):
        raise NotFound("invitation", str(invitation_id))
    return found


def accept(
    store: Store, invitation_id: int, user_id: int, email: str, now: dt.datetime, athlete_id: int | None = None
) -> Invitation:
    """The invited runner accepts for one of their athletes (the only one when they have one)."""
    found = _mine(store, invitation_id, user_id, email)
    if found.email != email:
        raise NotFound("invitation", str(invitation_id))
    owned = dict(db.owned_athletes(store, user_id))
    if athlete_id is None:
        if len(owned) != 1:
            raise InputError(
                "athlete_id: expected one of your athletes' ids, got none"
                if owned
                else "athlete_id: you have no athlete to coach yet"
            )
        athlete_id = next(iter(owned))
    if athlete_id not in owned:
        raise InputError(f"athlete_id: expected one of your athletes' ids, got {athlete_id}")
    if found.status != INVITED or not db.accept(store, invitation_id, athlete_id, now):
        raise InputError(f"invitation {invitation_id}: expected an open invitation, got one {found.status}")
    accepted = db.invitation(store, invitation_id)
    assert accepted is not None
    return accepted


def revoke(store: Store, invitation_id: int, user_id: int, email: str, now: dt.datetime) -> Invitation:
    """Either side ends it: the coach sees and edits the athlete no more."""
    _mine(store, invitation_id, user_id, email)
    db.revoke(store, invitation_id, now)
    done = db.invitation(store, invitation_id)
    assert done is not None
    return done


# --- the roster ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RosterAthlete:
    athlete_id: int
    name: str
    week_start: dt.date
    planned: int  # lift sessions the plan puts in this week up to the day
    done: int  # of them, days with a done set
    planned_week: int  # lift sessions in the whole week
    acwr: float | None
    acwr_note: str
    spike: bool  # SCH-6: pull the lifting back
    week_load: float  # running load of the last 7 days (RPE × minutes)
    pain: tuple[tuple[str, int], ...]  # areas in pain on the day (MOD-1: 3/10 or more) and their score
    error: str | None = None  # a stored file that no longer reads: the rest of the roster still shows
    missed: int = 0  # planned lift sessions before the day with no set done
    run_distance: float = 0.0  # run this week, Monday to the day, in `unit`
    run_planned: float = 0.0  # the weekly distance of the runner's file, in `unit`
    unit: str = "km"  # the runner's distance unit: mi for lb runners, km for kg runners
    attention: Attention = ON_TRACK  # why the coach should look, most urgent first (core.attention)


def roster(store: Store, coach_id: int, day: dt.date) -> list[RosterAthlete]:
    """Every athlete who accepted the coach's invitation, who needs attention first (core.attention),
    in a constant number of statements (no statement per athlete): their plans come from their stored
    files, their load and pain from rows read for all of them at once, and the rules are core's
    (lift_dates, acwr, PainCourse)."""
    from runlift.core.calendar import monday_of
    from runlift.core.running_load import CHRONIC_DAYS

    week = monday_of(day)
    since = day - dt.timedelta(days=CHRONIC_DAYS - 1)
    rows = db.roster_rows(store, coach_id, since, max(day, week + dt.timedelta(days=6)), week)
    lifted: dict[int, set[dt.date]] = {}
    for athlete, date in rows.lifted:
        lifted.setdefault(athlete, set()).add(date)
    runs = _runs_by_athlete(rows, since, day)
    pain: dict[int, list[tuple[dt.date, str, int]]] = {}
    for athlete, date, area, score in rows.pain:
        pain.setdefault(athlete, []).append((date, area, score))
    moves: dict[int, dict[dt.date, dt.date]] = {}
    for athlete, planned, to in rows.moves:
        moves.setdefault(athlete, {})[planned] = to
    out = []
    for athlete_id, name, first_day, toml, version in rows.athletes:
        try:
            out.append(
                _one(
                    athlete_id,
                    name,
                    monday_of(first_day),
                    toml,
                    version,
                    day,
                    lifted.get(athlete_id, set()),
                    runs.get(athlete_id, []),
                    pain.get(athlete_id, []),
                    moves.get(athlete_id, {}),
                )
            )
        except InputError as exc:
            error = str(exc)
            out.append(
                RosterAthlete(
                    athlete_id,
                    name,
                    week,
                    0,
                    0,
                    0,
                    None,
                    "",
                    False,
                    0.0,
                    (),
                    error,
                    attention=attention(pain=(), spike=False, acwr=None, missed=0, error=error),
                )
            )
    out.sort(key=lambda a: (-a.attention.score, a.name.casefold(), a.athlete_id))
    return out


def _runs_by_athlete(rows: db.RosterRows, since: dt.date, day: dt.date) -> dict[int, list[object]]:
    """Hand-logged and imported runs per athlete as the load model sees them (a run both logged and
    imported counts once, as in Store.training_log), with a zero-load stand-in on the first day of
    the 28-day window when the history reaches back before it (acwr needs to know it does)."""
    from runlift.core.activity import Activity, one_run_each, run_entry
    from runlift.core.log import RunEntry
    from runlift.store.repo import RUN_TYPES

    manual: dict[int, list[RunEntry]] = {}
    for r in rows.runs:
        manual.setdefault(r[0], []).append(RunEntry(r[1], RUN_TYPES[r[2]], r[3], r[4], r[5], r[6], r[7]))
    imported: dict[int, list[RunEntry]] = {}
    for r in rows.activities:
        start = db.aware(r[1])
        activity = Activity(
            start,
            "running",
            r[9],
            utc_offset_s=r[2],
            distance_m=r[3],
            moving_s=r[4],
            elapsed_s=r[5],
            avg_hr=r[6],
            name=r[7] or "",
            rpe=r[8],
        )
        entry = run_entry(activity, rows.hr_max.get(r[0]))
        if entry.duration_s > 0 and entry.date <= day:
            imported.setdefault(r[0], []).append(entry)
    out: dict[int, list[object]] = {}
    for athlete in set(manual) | set(imported) | set(rows.earliest_run):
        runs: list[object] = list(one_run_each(manual.get(athlete, []), imported.get(athlete, [])))
        if athlete in rows.earliest_run:
            from runlift.core.profile import RunType

            runs.append(RunEntry(since, RunType.EASY, 0.0, 0.0, 0.0))  # history reaches back: no load
        out[athlete] = runs
    return out


@lru_cache(maxsize=1024)
def _profile(toml: str, version: int) -> Profile:
    """A stored file, parsed once per process (a frozen value; a new version is new text): half the
    roster's time for 50 athletes was reading their TOML."""
    from runlift.profile_file import profile_from_text

    return profile_from_text(toml, f"stored file v{version}")


def _one(
    athlete_id: int,
    name: str,
    start: dt.date,
    toml: str,
    version: int,
    day: dt.date,
    lifted: set[dt.date],
    runs: list[object],
    notes: list[tuple[dt.date, str, int]],
    moves: dict[dt.date, dt.date] | None = None,
) -> RosterAthlete:
    from runlift.core.adapt import season_weeks
    from runlift.core.calendar import monday_of
    from runlift.core.library import BodyArea
    from runlift.core.log import PainNote, RunEntry
    from runlift.core.pain import PainCourse
    from runlift.core.running_load import acwr, daily_loads, running_spike
    from runlift.core.season import lift_dates

    profile = _profile(toml, version)
    week = monday_of(day)
    sunday = week + dt.timedelta(days=6)
    weeks = season_weeks(profile, start, sunday)
    planned_week = lift_dates(profile, start, weeks, max(week, start), sunday, moves)  # where the runner moved them
    planned = [d for d in planned_week if d <= day]
    entries = [r for r in runs if isinstance(r, RunEntry)]
    ratio = acwr(entries, day)
    course = PainCourse(tuple(PainNote(d, BodyArea(a), s) for d, a, s in notes), profile.athlete.pain).courses(day)
    hurting = tuple(sorted((area.value, c.score) for area, c in course.items() if c.active))
    spike = running_spike(entries, day).value
    unit = profile.athlete.units.distance
    missed = len([d for d in planned if d < day and d not in lifted])  # today's may still come
    return RosterAthlete(
        athlete_id,
        name,
        week,
        len(planned),
        len([d for d in planned if d in lifted]),
        len(planned_week),
        ratio.value,
        ratio.note,
        spike,
        sum(d.load for d in daily_loads(entries, day - dt.timedelta(days=6), day)),
        hurting,
        missed=missed,
        run_distance=sum(r.distance_m for r in entries if week <= r.date <= day) / (MILE_M if unit == "mi" else 1000.0),
        run_planned=profile.running.weekly_distance,
        unit=unit,
        attention=attention(pain=hurting, spike=spike, acwr=ratio.value, missed=missed),
    )
