"""The Season and Library pages as HTML (SQLite and PostgreSQL): what they show; the browser tests
(tests/browser/) click through them."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.web.test_log import maya  # noqa: F401  (the fixture)


def _page(maya: str) -> str:  # noqa: F811
    return maya.replace("/api/v1/athletes/", "/a/") + "/season"


def test_the_season_page_shows_phases_weeks_today_and_a_moved_session(api_client: TestClient, maya: str):  # noqa: F811
    api_client.post(f"{maya}/plan/moves", json={"day": "2026-12-03", "to": "2026-12-02"})
    got = api_client.get(_page(maya))
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/html"), got.text[:300]
    html = got.text
    assert 'data-testid="phase-strip"' in html and "phase-base" in html
    week = html.split('data-week="2026-11-30"', 1)[1].split('data-week="2026-12-07"', 1)[0]
    assert re.search(r'data-date="2026-11-30"\s+aria-current="date"', week)  # today marked
    assert 'data-testid="lift" data-date="2026-12-02"' in week and "Moved here from Thu 3 Dec" in week
    assert 'data-testid="lift" data-date="2026-12-03"' not in week
    # each coming session offers the other coming days of its week; today's includes no past day
    monday = week.split('data-testid="lift" data-date="2026-11-30"', 1)[1].split("</form>", 1)[0]
    assert re.findall(r'<option value="([\d-]+)"', monday) == [f"2026-12-0{i}" for i in range(1, 7)]
    assert "tempo run" in week and "long run" in week
    race = api_client.get(_page(maya), params={"from": "2027-04-12"}).text
    race_day = race.split('data-date="2027-04-18"', 1)[1].split("</li>", 1)[0]
    assert 'data-testid="race">Race: half-marathon (A)' in race_day and 'data-testid="lift"' not in race_day
    assert 'class="tag phase-race">race</span>' in race


def test_the_library_page_lists_filters_and_says_what_it_does_not_know(api_client: TestClient):
    whole = api_client.get("/library")
    assert whole.status_code == 200
    count = int(re.search(r'data-testid="count">(\d+) exercises', whole.text).group(1))
    hinges = api_client.get("/library", params={"pattern": "hinge", "equipment": "dumbbells", "search": ""}).text
    assert 0 < int(re.search(r'data-testid="count">(\d+) exercise', hinges).group(1)) < count
    assert 'id="p-hinge"' in hinges and 'id="p-squat"' not in hinges and '<option value="hinge" selected>' in hinges
    bss = api_client.get("/library", params={"search": "bulgarian"}).text
    assert 'aria-current="step" class="this">Bulgarian split squat' in bss
    bad = api_client.get("/library", params={"pattern": "hinj"})
    assert bad.status_code == 422 and "did you mean hinge?" in bad.text and 'data-testid="filter-error"' in bad.text
