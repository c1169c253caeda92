"""Checking a session off on the Today page (#13), in Chromium at 320 px, against the real server on SQLite
and PostgreSQL: every set tapped (one weight entered first, one set corrected after it was logged), a rest
timer that survives a reload and buzzes when over, one exercise swapped for its step back and "Why?" on it,
finish; then the API must hold exactly the sets tapped, and the progress series and chart the new point."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from runlift.app import accounts
from runlift.app.athletes import add_runner
from runlift.app.lift_log import numbered_sets
from runlift.app.today import gym_card
from runlift.core.profile import Units
from runlift.store import items
from tests.browser.conftest import AXE_ON, Live, _page, check
from tests.conftest import MAYA, START
from tests.dbs import KINDS

NOW = dt.datetime(2026, 11, 30, 8, tzinfo=dt.UTC)
HASHER = accounts.password_hasher(1, 64, 1)  # cheap: tests only
PASSWORD = "long enough password"
# Maya's Monday (START): bodyweight squat, DB Romanian deadlift (50 lb from her [lifts]), decline push-up,
# weighted dead bug (no weight known: she enters it), lateral line hops
PROFILE = MAYA.replace("[[race]]", "[lifts]\ndb-romanian-deadlift = { weight = 50, reps = 8 }\n\n[[race]]")
LOGGED = re.compile(r"^\d+$")
# navigator.vibrate recorded (headless Chromium has no motor)
# the stored rest ends in 0.3 s (as if the phone had been locked for the rest of it)
SOON = """() => { const key = `runlift:rest:${document.body.dataset.athlete}`;
  const timer = JSON.parse(localStorage.getItem(key)); timer.end = Date.now() + 300;
  localStorage.setItem(key, JSON.stringify(timer)); }"""
# the page's status line covers no tap target: the point at its middle hits what lies under it
THROUGH = """() => { const s = document.getElementById("status").getBoundingClientRect();
  const hit = document.elementFromPoint(s.left + s.width / 2, s.top + s.height / 2);
  return s.height > 0 && hit !== null && hit.id !== "status"; }"""
VIBRATE = "window.buzzed = []; navigator.vibrate = (pattern) => { window.buzzed.push(pattern); return true; };"


@pytest.fixture
def narrow(browser: Any) -> Iterator[Any]:
    """The narrowest phone (320 px), touch; at 1 device pixel per CSS pixel (a whole-page screenshot of a
    long card at 2 takes ~5 s); no service worker: it would fetch a week of cards to keep for offline use
    (test_offline tests that), and the writes' outbox works without it."""
    yield from _page(
        browser, {"width": 320, "height": 700}, "phone320", is_mobile=True, has_touch=True, service_workers="block"
    )


def _card(page: Any, exercise: str) -> Any:
    return page.locator(f'li[data-exercise="{exercise}"]')


def _tap(page: Any, row: Any) -> None:
    """Check a set off and wait for the API's answer (the set's id on the row)."""
    row.locator("button.check").click()
    expect(row.locator("button.check")).to_have_attribute("aria-pressed", "true")
    expect(row).to_have_attribute("data-id", LOGGED)


@pytest.mark.parametrize("kind", KINDS)
def test_a_whole_session_checked_off_on_a_phone(live: Any, narrow: Any, kind: str):
    phone = narrow
    server: Live = live(kind)
    _, saved = add_runner(server.store, PROFILE, "maya.toml", START, NOW)
    athlete = saved.athlete_id
    api = f"{server.url}/api/v1/athletes/{athlete}"
    planned = httpx.get(f"{api}/today").json()["sessions"][0]["exercises"]
    assert [e["id"] for e in planned][1] == "db-romanian-deadlift" and planned[1]["load"]["value"] == 50
    phone.add_init_script(VIBRATE)
    phone.goto(f"{server.url}/a/{athlete}/today")

    # a lift with no weight known: tapping asks for it; a weight entered there is the next sets' too
    bug = _card(phone, "weighted-dead-bug")
    first_bug = bug.locator("li.set").first
    first_bug.locator("button.check").click()
    expect(first_bug.locator("details.edit")).to_have_attribute("open", "")
    expect(first_bug.locator("input[name=weight]")).to_be_focused()
    expect(first_bug.locator("button.check")).to_have_attribute("aria-pressed", "false")
    first_bug.locator("input[name=weight]").fill("10")
    first_bug.get_by_role("button", name="Save").click()
    expect(bug.locator("li.set").nth(1).locator(".set-values")).to_have_text("8 × 10 lb · RIR 3")

    # tap: no layout shift (the next card stays put), the rest timer starts from the prescription's rest
    squat = _card(phone, "bodyweight-squat")
    below = _where(_card(phone, "db-romanian-deadlift"))
    _tap(phone, squat.locator("li.set").first)
    assert _where(_card(phone, "db-romanian-deadlift")) == below
    expect(phone.locator("#rest")).to_be_visible()
    left = _seconds(phone.locator(".rest-clock").inner_text())
    assert 80 <= left <= 90  # the squat's rest: 90 s

    # the timer is a stored end time: a reload (a locked phone, a killed tab) keeps it and the checked set
    phone.reload()
    expect(phone.locator("#rest")).to_be_visible()
    assert _seconds(phone.locator(".rest-clock").inner_text()) <= left
    expect(_card(phone, "bodyweight-squat").locator("li.set").first.locator("button.check")).to_have_attribute(
        "aria-pressed", "true"
    )
    # … and when it runs out the phone buzzes and the status line says so
    phone.evaluate(SOON)
    expect(phone.locator("#rest")).to_be_hidden()
    expect(phone.locator("#status")).to_contain_text("Rest over")
    assert phone.evaluate("window.buzzed.length") == 1

    # swap the push-up (too hard, MOD-1): its step back takes its place on the card
    push = _card(phone, "decline-push-up")
    push.get_by_text("Swap", exact=False).first.click()
    push.get_by_label("Too hard").check()
    if kind == "sqlite":  # the open forms checked once (the colours do not depend on the database)
        squat.locator("li.set").nth(1).locator("details.edit summary").click()
        check(phone, "checkoff-forms", kind)
        squat.locator("li.set").nth(1).locator("details.edit summary").click()
    push.get_by_role("button", name="Swap for an easier step").click()
    expect(_card(phone, "decline-push-up")).to_have_count(0)
    stand_in = phone.locator("[data-exercise]").nth(2)
    stand_in_id = stand_in.get_attribute("data-exercise")
    assert stand_in_id == "push-up"  # decline push-up's first step back (MOD-2)
    expect(stand_in.locator(".exercise-name")).to_be_focused()
    expect(phone.locator("#status")).to_contain_text("instead of")
    # the status line lies over the page: the message moved nothing, and taps go through it
    assert _where(_card(phone, "db-romanian-deadlift")) == below
    assert phone.evaluate(THROUGH) is True

    # "Why?" on the stand-in: the swap's own reason, the rules' text and sources, from the why API
    stand_in.locator("details.why summary").click()
    why = stand_in.locator("details.why")
    expect(why.locator(".why-note")).to_contain_text("you flagged it as too hard")
    rules = httpx.get(f"{api}/plan/days/{START}/why", params={"exercise": "push-up"}).json()["rules"]
    mod1 = next(r for r in rules if r["id"] == "MOD-1")
    expect(why.locator("dt").filter(has_text=f"MOD-1 · {mod1['title']}")).to_have_count(1)
    expect(why.locator("dd").filter(has_text=mod1["plain"] or mod1["text"])).to_have_count(1)
    expect(why.locator(".source").first).to_contain_text("Source:")
    rdl = _card(phone, "db-romanian-deadlift")

    # without signal: the set is checked at once and waits in the outbox with its correction (9 hops); both
    # are sent when signal is back, the correction once the set has its id
    hops = _card(phone, "lateral-line-hops").locator("li.set").first
    phone.context.set_offline(True)
    hops.locator("button.check").click()
    expect(hops).to_have_attribute("data-key", re.compile(r"."))
    expect(hops.locator("button.check")).to_have_attribute("aria-pressed", "true")
    hops.locator("details.edit summary").click()
    hops.locator("input[name=reps]").fill("9")
    hops.get_by_role("button", name="Save").click()
    expect(phone.locator("#status")).to_contain_text("corrected: waiting to be sent")
    phone.context.set_offline(False)
    expect(hops).to_have_attribute("data-id", LOGGED)
    expect(phone.locator("#status")).to_contain_text("corrected.")

    # every other set, one of them corrected after it was logged (PATCH): the RDL's second set at 55 lb
    for row in phone.locator("li.set").all():
        if row.locator("button.check").get_attribute("aria-pressed") == "false":
            _tap(phone, row)
    second = rdl.locator("li.set").nth(1)
    second.locator("details.edit summary").click()
    second.locator("input[name=weight]").fill("55")
    second.get_by_role("button", name="Save").click()
    expect(phone.locator("#status")).to_contain_text("corrected")
    expect(second.locator(".set-values")).to_have_text("6 × 55 lb · RIR 2")
    phone.locator("#skip-rest").click()
    expect(phone.locator("#rest")).to_be_hidden()

    # finish: what changes next time, per exercise, as the API says
    phone.get_by_role("button", name="Finish session").click()
    expect(phone.locator("#next-title")).to_be_focused()
    shown = {
        li.locator("strong").inner_text(): li.get_attribute("data-step") for li in phone.locator(".next-list li").all()
    }
    told = httpx.get(f"{api}/today/next").json()["exercises"]
    assert shown == {x["name"]: x["step"] for x in told} and len(told) == 5
    steps = {x["exercise"]: x["step"] for x in told}
    assert steps["db-romanian-deadlift"] == "progress" and steps["decline-push-up"] == "regress"  # PRO-1, MOD-1
    check(phone, "checkoff", kind, axe=kind == AXE_ON)
    if kind == "sqlite":  # the colours do not depend on the database
        phone.emulate_media(color_scheme="dark")
        check(phone, "checkoff-dark", kind)

    # the log holds exactly the sets tapped: the day's card as done (the stand-in in its place), with
    # the weight entered and the correction
    card = gym_card(server.store, athlete, START)
    # then the push-up is swapped back (MOD-2): the feet-elevated push-up returns to the card; what was logged stays
    _card(phone, "push-up").get_by_role("button", name="Back to Feet-elevated push-up").click()
    expect(_card(phone, "decline-push-up")).to_have_count(1)
    expect(_card(phone, "push-up")).to_have_count(0)
    expect(_card(phone, "decline-push-up").locator(".exercise-name")).to_be_focused()
    expected: Counter[tuple[object, ...]] = Counter()
    for p in card.sessions[0].exercises:
        for _, s in numbered_sets(p.prescription, Units.LB):
            weight = {"weighted-dead-bug": 10.0}.get(s.exercise, s.weight)
            expected[(s.exercise, s.side.value, s.reps, weight, s.rir)] += 1
    expected[("db-romanian-deadlift", "both", 6, 50.0, 2.0)] -= 1
    expected[("db-romanian-deadlift", "both", 6, 55.0, 2.0)] += 1
    expected[("lateral-line-hops", "both", 10, 0.0, 3.0)] -= 1
    expected[("lateral-line-hops", "both", 9, 0.0, 3.0)] += 1
    assert stand_in_id in {p.prescription.exercise.id for p in card.sessions[0].exercises}
    items = httpx.get(f"{api}/log/items", params={"from": START.isoformat(), "to": START.isoformat()}).json()
    logged = Counter(
        (s["exercise"], s["side"], s["reps"], s["weight"], s["rir"])
        for session in items["sessions"]
        for s in session["sets"]
    )
    assert logged == +expected and sum(logged.values()) == 11

    # … and the progress charts have the new point
    series = httpx.get(f"{api}/progress/series").json()
    rdl_points = next(x for x in series["lifts"] if x["exercise"] == "db-romanian-deadlift")["points"]
    assert [(p["date"], p["weight"], p["reps"]) for p in rdl_points] == [(START.isoformat(), 55.0, 6)]
    # … and the Progress page's chart shows it (its table view)
    phone.goto(f"{server.url}/a/{athlete}/progress")
    phone.get_by_text("Table: e1RM per lift").click()
    row = phone.locator('table[data-exercise="db-romanian-deadlift"] tbody tr')
    expect(row).to_have_count(1)
    expect(row.locator("th")).to_have_text(START.isoformat())
    assert float(row.locator("td").first.inner_text()) == rdl_points[0]["e1rm"] == 55 * (1 + 6 / 30)  # Epley
    expect(row.locator("td").nth(1)).to_have_text("55 × 6")


def test_a_signed_in_runner_checks_off_with_the_sessions_csrf_token(live: Any, narrow: Any):
    """Multi-user mode (PostgreSQL): the page's writes carry the session's CSRF token; a set checked,
    corrected, taken back and checked again is one set, as corrected."""
    server: Live = live("postgresql", multi_user=True)
    _, saved = add_runner(server.store, PROFILE.replace('"Maya"', '"Ines"'), "ines.toml", START, NOW)
    athlete = saved.athlete_id
    accounts.add_user(server.store, "ines@example.org", PASSWORD, NOW, HASHER, athlete="Ines")
    page = narrow
    page.goto(f"{server.url}/a/{athlete}/today")
    page.wait_for_url("**/login?next=*")
    page.get_by_label("Email").fill("ines@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**/a/{athlete}/today")
    row = _card(page, "bodyweight-squat").locator("li.set").first
    _tap(page, row)
    first_id = row.get_attribute("data-id")
    row.locator("button.check").click()  # taken back (DELETE)
    expect(row.locator("button.check")).to_have_attribute("aria-pressed", "false")
    expect(row).to_have_attribute("data-id", "")
    row.locator("details.edit summary").click()
    row.locator("input[name=reps]").fill("11")
    row.get_by_role("button", name="Save").click()
    _tap(page, row)
    assert row.get_attribute("data-id") != first_id
    found = items.listed(server.store, athlete, START, START)
    sets = [(s.values["exercise"], s.values["reps"]) for _, logged in found.sessions for s in logged]
    assert sets == [("bodyweight-squat", 11)]


def _where(element: Any) -> list[float]:
    """Where an element is on the page (not the viewport: a tap may scroll) and how big."""
    return element.evaluate("e => { const r = e.getBoundingClientRect(); return [r.top + scrollY, r.height]; }")


def _seconds(clock: str) -> int:
    minutes, seconds = clock.split(":")
    return int(minutes) * 60 + int(seconds)
