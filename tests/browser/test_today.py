"""The Today page (#13) on a phone, in Chromium, on SQLite and PostgreSQL: the day's exercises as cards,
cues opening, no accessibility violation, no console error; screenshots."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest

from runlift.app.athletes import add_runner
from tests.browser.conftest import AXE_ON, Live, check
from tests.conftest import MAYA, START
from tests.dbs import KINDS

NOW = dt.datetime(2026, 11, 30, 8, tzinfo=dt.UTC)


@pytest.mark.parametrize("kind", KINDS)
def test_the_days_card_on_a_phone(live: Any, phone: Any, kind: str):
    server: Live = live(kind)
    _, saved = add_runner(server.store, MAYA.replace('"Maya"', '"Maya T"'), "maya.toml", START, NOW)
    days = [(START + dt.timedelta(d)).isoformat() for d in range(7)]
    api = f"{server.url}/api/v1/athletes/{saved.athlete_id}/today"
    lift = next(c for d in days if (c := httpx.get(api, params={"date": d}).json())["sessions"])
    phone.goto(f"{server.url}/a/{saved.athlete_id}/today?date={lift['date']}")
    cards = phone.locator("[data-exercise]")
    assert cards.count() == sum(len(s["exercises"]) for s in lift["sessions"])
    first = cards.first
    first.get_by_text("Cues").click()
    assert first.locator("details.cues").get_attribute("open") is not None
    check(phone, "today", kind, axe=kind == AXE_ON)
