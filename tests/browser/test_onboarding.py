"""Onboarding (#13) on a phone, in Chromium, on SQLite and PostgreSQL: fill the form (the units shown
follow the units chosen; a race row added by script), make one mistake, see it beside its field and in
the list at the top, fix it with the "did you mean" word, and see the first plan; axe and no console error on both
pages."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import AXE_ON, Live, check
from tests.dbs import KINDS


@pytest.mark.parametrize("kind", KINDS)
def test_fill_the_form_fix_a_mistake_see_the_first_plan(live: Any, phone: Any, kind: str):
    server: Live = live(kind)
    phone.goto(f"{server.url}/onboarding")
    phone.get_by_label("Name", exact=True).fill("Ana <b>")
    phone.get_by_label("lb and mi").check()
    expect(phone.locator(".with-unit [data-unit=weight]")).to_have_text("lb")  # js/onboarding.js
    expect(phone.locator(".with-unit [data-unit=distance]")).to_have_text("mi")
    phone.get_by_label("Body weight").fill("130")
    phone.get_by_label("Weekly distance").fill("25")
    phone.get_by_label("Saturday", exact=True).select_option("long")
    race = phone.locator("[data-race-row='0']")
    race.get_by_label("Date").fill("2027-04-18")
    race.get_by_label("Distance").fill("half-marathon")
    phone.get_by_test_id("add-race").click()
    added = phone.locator("[data-race-row='3']")
    expect(added.locator("legend")).to_have_text("Race 4")
    added.get_by_label("Date").fill("2027-03-07")
    added.get_by_label("Distance").fill("10km")  # the mistake
    phone.get_by_label("dumbbells").check()
    phone.get_by_role("button", name="Make my plan").click()

    problems = phone.get_by_test_id("problems")
    expect(problems).to_contain_text("1 answer needs a fix", timeout=15_000)  # the check's answer, on a busy CI
    expect(problems).to_be_focused()
    distance = phone.locator("[data-race-row='3']").get_by_label("Distance")
    expect(distance).to_have_attribute("aria-invalid", "true")
    expect(phone.get_by_test_id("error-race[3].distance")).to_contain_text("got '10km'; did you mean 10k?")
    expect(phone.locator("[data-race-row='3']").get_by_label("Date")).to_have_value("2027-03-07")  # kept
    check(phone, "onboarding-mistake", kind, axe=kind == AXE_ON)

    problems.get_by_role("link", name="Race 4").click()
    expect(distance).to_be_focused()
    phone.get_by_role("button", name="Use 10k").click()  # the "did you mean" word, one tap
    expect(distance).to_have_value("10k")
    phone.get_by_role("button", name="Make my plan").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Ana <b>’s first plan", timeout=15_000)  # the plan made
    expect(phone.get_by_test_id("phase-strip")).to_be_visible()
    assert phone.get_by_test_id("first-lift").count() >= 1
    check(phone, "first-plan", kind, axe=kind == AXE_ON)

    athlete = phone.url.rstrip("/").split("/")[-2]
    stored = httpx.get(f"{server.url}/api/v1/athletes/{athlete}/profile").json()["document"]
    assert stored["athlete"]["units"] == "lb" and stored["athlete"]["bodyweight"] == 130
    assert [r["date"] for r in stored["race"]] == ["2027-04-18", "2027-03-07"]
    phone.get_by_test_id("to-today").click()
    expect(phone).to_have_url(f"{server.url}/a/{athlete}/today")
