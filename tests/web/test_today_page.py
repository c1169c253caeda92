"""The Today page (#13) shows the same card as GET /api/v1/athletes/{id}/today, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import html

from fastapi.testclient import TestClient

from runlift.app.athletes import add_runner
from tests.conftest import MAYA, START

NOW = dt.datetime(2026, 11, 30, 8, tzinfo=dt.UTC)


def _days(client: TestClient, athlete_id: int) -> tuple[dict, dict]:
    """A day of the first week with a lift session and one without, from the API."""
    cards = [
        client.get(
            f"/api/v1/athletes/{athlete_id}/today", params={"date": (START + dt.timedelta(d)).isoformat()}
        ).json()
        for d in range(7)
    ]
    return next(c for c in cards if c["sessions"]), next(c for c in cards if not c["sessions"])


def test_the_page_shows_the_apis_card(api_client: TestClient):
    _, saved = add_runner(api_client.app.state.store, MAYA, "maya.toml", START, NOW)  # type: ignore[attr-defined]
    lift, rest = _days(api_client, saved.athlete_id)
    got = api_client.get(f"/a/{saved.athlete_id}/today", params={"date": lift["date"]})
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/html")
    text = html.unescape(got.text)
    names = [e["name"] for s in lift["sessions"] for e in s["exercises"]]
    assert names and all(name in text for name in names)
    positions = [text.index(f'">{name}</h4>') for name in names]
    assert positions == sorted(positions)  # in the card's order
    for e in lift["sessions"][0]["exercises"]:
        assert f"· rest {e['rest_s']} s" in text and ", ".join(e["why"]) in text
    quiet = api_client.get(f"/a/{saved.athlete_id}/today", params={"date": rest["date"]})
    assert "No lifting today." in quiet.text and "exercise-name" not in quiet.text


def test_today_is_the_athletes_first_page(api_client: TestClient):
    _, saved = add_runner(api_client.app.state.store, MAYA, "maya.toml", START, NOW)  # type: ignore[attr-defined]
    got = api_client.get("/", follow_redirects=False)
    assert got.status_code == 303 and got.headers["location"] == f"/a/{saved.athlete_id}/today"
    page = api_client.get(got.headers["location"])
    assert '<a href="/a/1/today" aria-current="page">Today</a>' in page.text.replace(str(saved.athlete_id), "1")
    assert api_client.get(f"/a/{saved.athlete_id}/today", params={"date": "3000-01-01"}).status_code == 422
