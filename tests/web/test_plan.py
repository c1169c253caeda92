"""The plan through the API (SQLite and PostgreSQL): season, week, day, why, today's card, the week."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.web.test_log import maya  # noqa: F401  (the fixture)


def test_the_plan_today_and_the_week(api_client: TestClient, maya: str):  # noqa: F811
    season = api_client.get(f"{maya}/plan")
    assert season.status_code == 200, season.text
    assert season.json()["weeks"][0]["start"] == "2026-11-30" and season.json()["phases"]
    week = api_client.get(f"{maya}/plan/weeks/2026-12-10").json()
    assert week["start"] == "2026-12-07" and len(week["days"]) == 7
    day = api_client.get(f"{maya}/plan/days/2026-12-10").json()
    assert day["date"] == "2026-12-10" and day["sessions"]
    why = api_client.get(f"{maya}/plan/days/2026-12-10/why", params={"exercise": "pallof"}).json()
    assert "pallof" in why["exercise"]["id"] and any(r["id"] == "SEL-7" and r["plain"] for r in why["rules"])
    card = api_client.get(f"{maya}/today").json()
    goblet = next(e for e in card["sessions"][0]["exercises"] if e["id"] == "goblet-squat")
    assert card["date"] == "2026-11-30" and goblet["load"] == {"value": 40.0, "unit": "lb"}
    assert api_client.get(f"{maya}/today", params={"date": "2026-12-03"}).json()["date"] == "2026-12-03"
    api_client.post(f"{maya}/log/runs", json={"distance_m": 10000, "duration_s": 3150, "type": "tempo"})
    view = api_client.get(f"{maya}/week").json()
    assert view["start"] == "2026-11-30" and view["days"][0]["runs"][0]["type"] == "tempo"


def test_plan_questions_without_an_answer_are_problems(api_client: TestClient, maya: str):  # noqa: F811
    rest = api_client.get(f"{maya}/plan/days/2026-12-09/why")
    assert rest.status_code in (404, 422) and "no lift session on '2026-12-09'" in rest.json()["detail"]
    assert api_client.get(f"{maya}/plan/days/2020-01-01").status_code == 404
    bad = api_client.get(f"{maya}/today", params={"date": "tomorrow"})
    assert bad.status_code == 422 and bad.json()["field"] == "query.date"


def test_a_plan_day_past_the_longest_season_is_refused_at_once(api_client: TestClient, maya: str):  # noqa: F811
    """Every week up to a day is planned: 2878 once cost minutes per request. Today is 2026-11-30; the
    reach is 104 weeks (the longest season): 2028-11-27 is planned, the day after is a 422."""
    import time

    assert api_client.get(f"{maya}/plan/days/2028-11-27").status_code in (200, 404)
    for path in ("plan/days/2878-03-30", "plan/days/2028-11-28/why", "plan/weeks/2100-01-01"):
        started = time.perf_counter()
        far = api_client.get(f"{maya}/{path}")
        assert far.status_code == 422 and time.perf_counter() - started < 1, far.text
        assert far.json()["detail"].startswith("day: expected a day at most 104 weeks after today (2028-11-27), got")
    for path in ("today", "week"):
        far = api_client.get(f"{maya}/{path}", params={"date": "2878-03-30"})
        assert far.status_code == 422, far.text
        assert far.json()["detail"] == "date: expected a day at most 104 weeks after today (2028-11-27), got 2878-03-30"
    assert api_client.get(f"{maya}/today", params={"date": "2028-11-27"}).status_code == 200


def test_a_plan_day_before_1900_is_refused_not_a_500(api_client: TestClient, maya: str):  # noqa: F811
    """Year 1 once stepped below date.min (OverflowError, a 500): schemathesis found it."""
    for path in ("plan/days/0001-01-01/why", "plan/days/0001-01-08", "plan/weeks/1899-12-31"):
        old = api_client.get(f"{maya}/{path}")
        assert old.status_code == 422, path
        assert old.json()["detail"].startswith("day: expected a day from 1900-01-01 on, got "), path
    for path in ("today", "week"):
        old = api_client.get(f"{maya}/{path}", params={"date": "0001-01-01"})
        assert old.status_code == 422
        assert old.json()["detail"] == "date: expected a day from 1900-01-01 on, got 0001-01-01"
    assert api_client.get(f"{maya}/plan/weeks/1900-01-01").status_code == 404  # before the season: no week
