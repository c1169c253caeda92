"""The subscribable calendar feed (SQLite and PostgreSQL): a private URL serving the adapted plan as
ICS with the UIDs of `export ics`; a new URL revokes the old one; a revoked URL is a 404."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.web.test_log import RUNNER, maya  # noqa: F401  (the fixture)

PROBLEM = "application/problem+json"


def _uids(text: str) -> set[str]:
    return {line for line in text.splitlines() if line.startswith("UID:")}


def test_the_feed_serves_the_plan_with_the_exports_uids(api_client: TestClient, maya: str):  # noqa: F811
    made = api_client.post(f"{maya}/calendar-feed")
    assert made.status_code == 201, made.text
    feed = made.json()
    assert feed["token"].startswith("rlcal_") and feed["url"].endswith(f"/api/v1/calendar/{feed['token']}.ics")
    got = api_client.get(feed["url"])
    assert got.status_code == 200 and got.headers["content-type"] == "text/calendar; charset=utf-8"
    assert got.text.startswith("BEGIN:VCALENDAR")
    exported = api_client.get(f"{maya}/exports/ics", params={"runs": "true"}).text
    assert _uids(got.text) == _uids(exported) and _uids(got.text)  # the same events: a poll updates them


def test_a_new_url_revokes_the_old_and_delete_revokes_it(api_client: TestClient, maya: str):  # noqa: F811
    first = api_client.post(f"{maya}/calendar-feed").json()["url"]
    second = api_client.post(f"{maya}/calendar-feed").json()["url"]
    assert first != second
    gone = api_client.get(first)
    assert gone.status_code == 404 and gone.headers["content-type"] == PROBLEM
    assert gone.json()["detail"] == "no calendar feed at this address: it was revoked, replaced or never made"
    assert api_client.get(second).status_code == 200
    assert api_client.delete(f"{maya}/calendar-feed").status_code == 204
    assert api_client.get(second).status_code == 404
    for bogus in ("rlcal_nothing", "rl_notafeed", "x" * 100):
        assert api_client.get(f"/api/v1/calendar/{bogus}.ics").status_code == 404


def test_the_same_idempotency_key_is_the_same_url(api_client: TestClient, maya: str):  # noqa: F811
    key = {"Idempotency-Key": "feed-1"}
    one = api_client.post(f"{maya}/calendar-feed", headers=key).json()
    two = api_client.post(f"{maya}/calendar-feed", headers=key).json()
    assert one == two and api_client.get(one["url"]).status_code == 200
