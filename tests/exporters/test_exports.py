"""Exports: calendar events with stable UIDs, tidy CSV, a printable page per week."""

from __future__ import annotations

import csv
import datetime as dt

from icalendar import Calendar

from runlift.core.log import LiftSession, LoggedSet, RunEntry, TrainingLog
from runlift.core.profile import RunType, Units
from runlift.core.season import plan_season
from runlift.exporters.csv_export import write_csv
from runlift.exporters.ics import plan_to_ics
from runlift.exporters.printable import plan_to_html
from tests.conftest import MAYA, START, profile_from

NOW = dt.datetime(2026, 11, 26, 8, 0, tzinfo=dt.UTC)


def events(data: bytes) -> list:
    return [c for c in Calendar.from_ical(data).walk() if c.name == "VEVENT"]


def test_ics_has_one_event_per_session_with_the_prescription(library):
    plan = plan_season(profile_from(MAYA), library, START, weeks=4)
    found = events(plan_to_ics(plan, NOW))
    sessions = plan.sessions()
    assert len(found) == len(sessions)
    first = found[0]
    assert first.decoded("dtstart") == dt.datetime.combine(
        sessions[0].date, dt.time(7 if sessions[0].time.value == "am" else 18)
    )
    text = str(first.get("description"))
    assert sessions[0].exercises[0].exercise.name in text and "Why: " in text
    with_runs = events(plan_to_ics(plan, NOW, runs=True))
    assert len(with_runs) == len(sessions) + sum(len(d.runs) for w in plan.weeks for d in w.days)


def test_ics_uids_are_stable_so_a_calendar_updates_instead_of_duplicating(library):
    plan = plan_season(profile_from(MAYA), library, START, weeks=4)
    a = {str(e.get("uid")) for e in events(plan_to_ics(plan, NOW))}
    later = plan_season(
        profile_from(MAYA.replace("session_minutes = 40", "session_minutes = 60")), library, START, weeks=4
    )
    b_events = events(plan_to_ics(later, NOW + dt.timedelta(days=1)))
    assert a == {str(e.get("uid")) for e in b_events}
    assert all(int(e.get("sequence")) > int(NOW.timestamp()) // 60 for e in b_events)


def test_csv_one_tidy_file_per_table(tmp_path):
    day = dt.date(2026, 11, 30)
    log = TrainingLog(
        lifts=(LiftSession(day, (LoggedSet("goblet-squat", 6, 40, Units.LB),) * 2),),
        runs=(RunEntry(day, RunType.TEMPO, 10000, 3150, 7),),
    )
    paths = write_csv(tmp_path, log, [])
    assert {p.name for p in paths} == {
        "lift_sessions.csv",
        "lift_sets.csv",
        "runs.csv",
        "pain.csv",
        "body_weight.csv",
        "activities.csv",
    }
    rows = list(csv.DictReader((tmp_path / "lift_sets.csv").open()))
    assert len(rows) == 2 and rows[0]["exercise"] == "goblet-squat" and rows[0]["unit"] == "lb"
    assert next(iter(csv.DictReader((tmp_path / "runs.csv").open())))["type"] == "tempo"
    assert not list(tmp_path.glob("*.partial"))


def test_printable_plan_has_a_page_per_week(library):
    plan = plan_season(profile_from(MAYA), library, START, weeks=3)
    html = plan_to_html(plan)
    assert html.count("<section class=week>") == 3 and "break-after: page" in html
    assert plan.sessions()[0].exercises[0].exercise.name in html


def test_fit_workouts_decode_with_the_official_sdk(library):
    from garmin_fit_sdk import Decoder, Stream

    from runlift.exporters.fit_workouts import session_to_fit
    from runlift.profile_file import demo_profile

    plan = plan_season(demo_profile(START), library, START, weeks=2)
    session = plan.sessions()[0]
    data = session_to_fit(session, "Lift Mon", NOW)
    assert Decoder(Stream.from_byte_array(bytearray(data))).check_integrity()
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    assert errors == []
    assert messages["file_id_mesgs"][0]["type"] == "workout"
    (workout,) = messages["workout_mesgs"]
    steps = messages["workout_step_mesgs"]
    assert workout["wkt_name"] == "Lift Mon" and workout["num_valid_steps"] == len(steps)
    work = [s for s in steps if s["intensity"] == "active"]
    assert len(work) == sum(p.sets for p in session.exercises)
    first = session.exercises[0]
    assert work[0]["wkt_step_name"] == first.exercise.name and work[0]["exercise_category"] == "squat"
    assert work[0]["duration_reps"] == (first.reps if isinstance(first.reps, int) else first.reps[0])
    if first.load is not None:
        assert work[0]["weight_display_unit"] == "pound"
        assert abs(work[0]["exercise_weight"] - first.load.value * 0.45359237) < 0.01
    assert any(s["intensity"] == "rest" and s["duration_time"] == first.rest_s for s in steps)
