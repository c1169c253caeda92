"""Placing lift sessions around the runs (SCH-1…SCH-8, DOSE-1, DOSE-2)."""

from __future__ import annotations

import datetime as dt

from runlift.core.calendar import Calendar
from runlift.core.periodize import Phase
from runlift.core.profile import Distance, Priority, Race, Run, Running, RunType, TimeOfDay
from runlift.core.schedule import Focus, LowerBody, Order, schedule_week

MONDAY = dt.date(2027, 1, 4)
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def running(**days: str) -> Running:
    week = {}
    for i, day in enumerate(DAYS):
        runs = []
        for entry in days.get(day, "rest").split("+"):
            if entry != "rest":
                kind, _, time = entry.partition(":")
                runs.append(Run(RunType(kind), TimeOfDay(time) if time else None))
        week[i] = tuple(runs)
    return Running(35, week)


M_WEEK = running(mon="easy", wed="tempo:am", thu="easy", sat="long")
S_WEEK = running(tue="tempo:am", thu="intervals:am", sat="long:pm")


def weekdays(schedule) -> list[str]:
    return [DAYS[s.date.weekday()] for s in schedule.sessions]


def test_seed_m_lifts_on_monday_and_thursday():  # SCH-8
    schedule = schedule_week(MONDAY, Calendar(M_WEEK, ()), 2, Phase.BASE, deload=False)
    assert weekdays(schedule) == ["mon", "thu"]
    assert all(s.lower_body is LowerBody.HEAVY for s in schedule.sessions)
    assert all("SCH-2" in s.why and "SCH-3" in s.why for s in schedule.sessions)


def test_seed_s_four_session_split_keeps_sch3():  # SCH-7 vs SCH-3: SCH-3 wins
    calendar = Calendar(S_WEEK, ())
    schedule = schedule_week(MONDAY, calendar, 4, Phase.BASE, deload=False)
    foci = sorted(s.focus for s in schedule.sessions)
    assert foci == [Focus.LOWER, Focus.LOWER, Focus.UPPER, Focus.UPPER]
    for s in schedule.sessions:
        if s.lower_body is LowerBody.HEAVY:
            assert not calendar.has_key_run(s.date + dt.timedelta(days=1)), s
        if calendar.has_key_run(s.date):
            assert s.order is Order.RUN_FIRST and s.time is TimeOfDay.PM
    # S's resolution: lower body on the afternoon of the quality days
    lower_days = [DAYS[s.date.weekday()] for s in schedule.sessions if s.focus is Focus.LOWER]
    assert lower_days == ["tue", "thu"]


def test_no_lift_on_a_day_whose_key_run_is_in_the_afternoon():
    calendar = Calendar(
        running(
            mon="tempo:pm", tue="tempo:pm", wed="tempo:pm", thu="tempo:pm", fri="tempo:pm", sat="long:pm", sun="easy"
        ),
        (),
    )
    schedule = schedule_week(MONDAY, calendar, 2, Phase.BASE, deload=False)
    assert weekdays(schedule) == ["sun"]  # the only legal day; the rest are said in notes
    assert any("SCH-3" in n for n in schedule.notes)


def test_an_impossible_week_falls_back_to_the_minimum_dose_and_says_why():  # DOSE-2
    calendar = Calendar(running(**{d: "intervals:am" for d in DAYS}), ())
    schedule = schedule_week(MONDAY, calendar, 2, Phase.BASE, deload=False)
    assert len(schedule.sessions) == 2
    assert all(s.minimum_dose and s.lower_body is LowerBody.LIGHT for s in schedule.sessions)
    assert any("DOSE-2" in n for n in schedule.notes)
    assert "DOSE-2" in schedule.why


def test_doubles_leave_no_slot_and_race_days_get_no_lift():
    calendar = Calendar(
        running(mon="easy:am+easy:pm", wed="easy", sun="long"),
        (Race(MONDAY + dt.timedelta(days=2), Distance.K5, Priority.C),),
    )
    schedule = schedule_week(MONDAY, calendar, 3, Phase.BASE, deload=False)
    assert "mon" not in weekdays(schedule) and "wed" not in weekdays(schedule)


def test_race_week_keeps_one_light_session_early():  # PER-5, PER-6
    race_day = MONDAY + dt.timedelta(days=6)
    calendar = Calendar(M_WEEK, (Race(race_day, Distance.HALF, Priority.A),))
    schedule = schedule_week(MONDAY, calendar, 3, Phase.RACE, deload=False)
    assert len(schedule.sessions) == 1
    assert (race_day - schedule.sessions[0].date).days >= 3
    assert schedule.sessions[0].lower_body is LowerBody.LIGHT


def test_b_race_mini_taper_keeps_the_legs_light():
    race_day = MONDAY + dt.timedelta(days=3)  # Thursday B race
    calendar = Calendar(running(mon="easy", sat="long"), (Race(race_day, Distance.K10, Priority.B),))
    schedule = schedule_week(MONDAY, calendar, 2, Phase.BASE, deload=False)
    for s in schedule.sessions:
        if 0 < (race_day - s.date).days <= 3:
            assert s.lower_body is LowerBody.LIGHT and "PER-5" in s.why
        assert s.date != race_day


def test_the_same_week_gives_the_same_layout():
    a = schedule_week(MONDAY, Calendar(S_WEEK, ()), 3, Phase.BUILD, deload=False)
    b = schedule_week(MONDAY + dt.timedelta(weeks=5), Calendar(S_WEEK, ()), 3, Phase.BUILD, deload=False)
    assert [s.date.weekday() for s in a.sessions] == [s.date.weekday() for s in b.sessions]
