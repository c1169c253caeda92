"""Moving a lift session to another day of its week through the API (SQLite and PostgreSQL).

Maya's week of Monday 2026-11-30 (today): easy run Mon, tempo Wed am, easy Thu, long run Sat; her two
base-phase sessions are heavy-legged full-body sessions on Monday and Thursday."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.web.test_log import maya  # noqa: F401  (the fixture)

PROBLEM = "application/problem+json"


def _sessions(client: TestClient, maya: str, day: str = "2026-11-30") -> dict[str, dict]:  # noqa: F811
    week = client.get(f"{maya}/plan/weeks/{day}").json()
    return {s["date"]: s for d in week["days"] for s in d["sessions"]}


def test_a_move_flows_into_week_day_why_today_and_the_calendar(api_client: TestClient, maya: str):  # noqa: F811
    before = _sessions(api_client, maya)
    assert set(before) == {"2026-11-30", "2026-12-03"} and before["2026-12-03"]["lower_body"] == "heavy"
    moved = api_client.post(f"{maya}/plan/moves", json={"day": "2026-12-03", "to": "2026-12-02"})
    assert moved.status_code == 201, moved.text
    assert moved.json()["planned"] == "2026-12-03" and moved.json()["day"] == "2026-12-02" and moved.json()["moved"]
    assert "SCH-3" in moved.json()["why"]

    after = _sessions(api_client, maya)
    assert set(after) == {"2026-11-30", "2026-12-02"}
    wed = after["2026-12-02"]
    # Wednesday's tempo is in the morning: the lift goes in the afternoon, run first (SCH-4, SCH-5)
    assert wed["moved_from"] == "2026-12-03" and wed["time"] == "pm" and wed["order"] == "run-first"
    assert wed["lower_body"] == "heavy" and wed["notes"][0].startswith("Moved here from Thu 3 Dec")
    assert [e["id"] for e in wed["exercises"]] == [e["id"] for e in before["2026-12-03"]["exercises"]]
    week = api_client.get(f"{maya}/plan/weeks/2026-11-30").json()
    assert week["moves"] == [
        {"planned": "2026-12-03", "to": "2026-12-02", "applied": True, "why": ["SCH-3"], "note": wed["notes"][0]}
    ]
    assert api_client.get(f"{maya}/plan/days/2026-12-03").json()["sessions"] == []
    why = api_client.get(f"{maya}/plan/days/2026-12-02/why").json()
    assert why["session"]["moved_from"] == "2026-12-03"
    card = api_client.get(f"{maya}/today", params={"date": "2026-12-02"}).json()
    assert card["sessions"][0]["moved_from"] == "2026-12-03"
    view = api_client.get(f"{maya}/week").json()
    assert [d["date"] for d in view["days"] if d["planned"]] == ["2026-11-30", "2026-12-02"]
    assert api_client.get(f"{maya}/plan/moves").json() == [{"planned": "2026-12-03", "to": "2026-12-02"}]
    ics = api_client.get(f"{maya}/exports/ics").text
    # the moved event keeps its planned day's UID: a re-import moves it in the runner's calendar
    assert "DTSTART:20261202T" in ics and "DTSTART:20261203T" not in ics and "-2026-12-03-pm-lift@runlift" in ics

    # a later move of the same session (named by the day it is on now) replaces the first
    again = api_client.post(f"{maya}/plan/moves", json={"day": "2026-12-02", "to": "2026-12-05"})
    assert again.status_code == 201, again.text
    assert set(_sessions(api_client, maya)) == {"2026-11-30", "2026-12-05"}
    assert api_client.get(f"{maya}/plan/moves").json() == [{"planned": "2026-12-03", "to": "2026-12-05"}]
    undone = api_client.delete(f"{maya}/plan/moves/2026-12-05")
    assert undone.status_code == 200 and undone.json() == {
        "planned": "2026-12-03",
        "day": "2026-12-03",
        "moved": False,
        "why": [],
        "note": "Back on its planned day, Thu 3 Dec.",
    }
    assert _sessions(api_client, maya) == before
    assert api_client.get(f"{maya}/plan/moves").json() == []
    gone = api_client.delete(f"{maya}/plan/moves/2026-12-05")
    assert gone.status_code == 404 and gone.headers["content-type"] == PROBLEM


def test_moves_a_coach_would_not_sign_are_refused_with_the_reason(api_client: TestClient, maya: str):  # noqa: F811
    before = _sessions(api_client, maya)

    def refused(day: str, to: str, status: int, detail: str) -> None:
        got = api_client.post(f"{maya}/plan/moves", json={"day": day, "to": to})
        assert got.status_code == status and got.headers["content-type"] == PROBLEM, got.text
        assert got.json()["detail"] == detail, got.json()["detail"]

    heavy = "heavy lower-body lifting on"
    for day, to, status, detail in [
        # SCH-3: heavy legs the day before Wednesday's tempo, or Saturday's long run
        (
            "2026-11-30",
            "2026-12-01",
            409,
            f"Mon 30 Nov to Tue 1 Dec: {heavy} Tue 1 Dec is the day before your tempo run",
        ),
        ("2026-12-03", "2026-12-04", 409, f"Thu 3 Dec to Fri 4 Dec: {heavy} Fri 4 Dec is the day before your long run"),
        # two heavy leg sessions a day apart (48 h, SCH-3), and a day that holds a session already
        (
            "2026-11-30",
            "2026-12-02",
            409,
            f"Mon 30 Nov to Wed 2 Dec: {heavy} Wed 2 Dec is less than 48 h from the heavy leg session on Thu (SCH-3)",
        ),
        (
            "2026-11-30",
            "2026-12-03",
            409,
            "Mon 30 Nov to Thu 3 Dec: Thu 3 Dec holds a lift session already: one a day; move or undo that one first",
        ),
        # the calendar: another week, the past, the same day, a day without a session
        (
            "2026-12-03",
            "2026-12-08",
            422,
            "to: expected a day of the session's training week (Mon 30 Nov to Sun 6 Dec), got Tue 8 Dec: "
            "a session moves within its week, whose dose and spacing are planned together",
        ),
        ("2026-12-03", "2026-11-29", 422, "to: Sun 29 Nov is past: a session moves to today or a later day"),
        ("2026-12-03", "2026-12-03", 422, "to: the session is on Thu 3 Dec already"),
        ("2026-12-02", "2026-12-05", 422, "day: no lift session is planned on Wed 2 Dec"),
    ]:
        refused(
            day,
            to,
            status,
            detail + (" (SCH-3)" if "day before" in detail else " (DOSE-1)" if "one a day" in detail else ""),
        )
    api_client.post(f"{maya}/log/sessions", json={})  # today's session, logged as prescribed
    logged = api_client.post(f"{maya}/plan/moves", json={"day": "2026-11-30", "to": "2026-12-02"})
    assert logged.status_code == 422 and logged.json()["detail"] == (
        "day: Mon 30 Nov's session is logged already: it stays the day it was done"
    )
    bad = api_client.post(f"{maya}/plan/moves", json={"day": "Thursday", "to": "2026-12-05"})
    assert bad.status_code == 422 and bad.json()["field"] == "body.day"
    assert _sessions(api_client, maya) == before and api_client.get(f"{maya}/plan/moves").json() == []


def test_a_move_with_an_idempotency_key_is_made_once(api_client: TestClient, maya: str):  # noqa: F811
    headers = {"Idempotency-Key": "move-1"}
    body = {"day": "2026-12-03", "to": "2026-12-02"}
    first = api_client.post(f"{maya}/plan/moves", json=body, headers=headers)
    second = api_client.post(f"{maya}/plan/moves", json=body, headers=headers)
    assert first.status_code == second.status_code == 201 and first.json() == second.json()
    assert second.headers.get("Idempotent-Replayed") == "true"
    other = api_client.post(f"{maya}/plan/moves", json={"day": "2026-12-03", "to": "2026-12-06"}, headers=headers)
    assert other.status_code == 422
    assert api_client.get(f"{maya}/plan/moves").json() == [{"planned": "2026-12-03", "to": "2026-12-02"}]
