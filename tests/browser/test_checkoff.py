"""A runner's first session (#13), one journey in Chromium at 320 px against the real server, on SQLite and
PostgreSQL: onboarding (the units shown follow the units chosen; a race row added by script; one mistake,
said beside its field and in the list at the top, fixed with the "did you mean" word) and the first plan;
then Today, checked off whole: every set tapped (the weights the plan does not know entered first, one set
corrected after it was logged, one sent after a moment without signal), a rest timer that survives a reload
and buzzes when over, one exercise swapped for its step back and "Why?" on it, finish; the API must hold
exactly the sets tapped, and the progress series and the Progress page's chart the new point.
Then, multi-user: the page's writes carry the session's CSRF token."""

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
# Ines (multi-user): Maya's file with a known DB Romanian deadlift (50 lb)
PROFILE = MAYA.replace("[[race]]", "[lifts]\ndb-romanian-deadlift = { weight = 50, reps = 8 }\n\n[[race]]")
# the onboarded runner's Monday (START): as Maya's (the form's usual week, beginner, dumbbells, a sore knee)
MONDAY = [
    "bodyweight-squat",
    "db-romanian-deadlift",
    "decline-push-up",
    "weighted-dead-bug",
    "lateral-line-hops",
    "db-triceps-extension",
]
# the weights she enters where the plan knows none (the first set of each asks): the next sets take them
ENTERED = {
    "weighted-dead-bug": ("10", "8 × 10 lb · RIR 3"),
    "db-romanian-deadlift": ("50", "6 × 50 lb · RIR 2"),
    "db-triceps-extension": ("15", "12 × 15 lb · RIR 2"),
}
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


def _onboard(phone: Any, server: Live, kind: str) -> int:
    """Onboarding on the phone, one mistake made and fixed, to the first plan and on to Today; the athlete."""
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
    phone.get_by_label("knee", exact=True).check()
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

    athlete = int(phone.url.rstrip("/").split("/")[-2])
    stored = httpx.get(f"{server.url}/api/v1/athletes/{athlete}/profile").json()["document"]
    assert stored["athlete"]["units"] == "lb" and stored["athlete"]["bodyweight"] == 130
    assert stored["athlete"]["pain"] == ["knee"]
    assert [r["date"] for r in stored["race"]] == ["2027-04-18", "2027-03-07"]
    phone.get_by_test_id("to-today").click()
    expect(phone).to_have_url(f"{server.url}/a/{athlete}/today")
    return athlete


@pytest.mark.parametrize("kind", KINDS)
def test_onboarding_then_a_whole_session_checked_off_then_its_point_on_the_progress_chart(
    live: Any, narrow: Any, kind: str
):
    phone = narrow
    server: Live = live(kind)
    phone.add_init_script(VIBRATE)
    athlete = _onboard(phone, server, kind)
    api = f"{server.url}/api/v1/athletes/{athlete}"
    planned = httpx.get(f"{api}/today").json()["sessions"][0]["exercises"]
    assert [e["id"] for e in planned] == MONDAY and planned[1]["load"] is None  # no RDL weight known yet

    # a lift with no weight known: tapping asks for it; a weight entered there is the next sets' too
    for exercise, (weight, next_set) in ENTERED.items():
        card = _card(phone, exercise)
        first = card.locator("li.set").first
        first.locator("button.check").click()
        expect(first.locator("details.edit")).to_have_attribute("open", "")
        expect(first.locator("input[name=weight]")).to_be_focused()
        expect(first.locator("button.check")).to_have_attribute("aria-pressed", "false")
        first.locator("input[name=weight]").fill(weight)
        first.get_by_role("button", name="Save").click()
        expect(card.locator("li.set").nth(1).locator(".set-values")).to_have_text(next_set)

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
    tapped = phone.locator("li.set").count()  # every set of the card, each ticked
    expect(phone.locator('li.set button.check[aria-pressed="true"]')).to_have_count(tapped)
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
    assert shown == {x["name"]: x["step"] for x in told} and len(told) == len(MONDAY)
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
            weight = float(ENTERED[s.exercise][0]) if s.exercise in ENTERED else s.weight
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
    assert logged == +expected and sum(logged.values()) == tapped

    # … and the progress charts have the new point
    series = httpx.get(f"{api}/progress/series").json()
    rdl_points = next(x for x in series["lifts"] if x["exercise"] == "db-romanian-deadlift")["points"]
    assert [(p["date"], p["weight"], p["reps"]) for p in rdl_points] == [(START.isoformat(), 55.0, 6)]
    # … and the Progress page's chart shows it (drawn by js/progress.js for the lift chosen), and its table
    phone.goto(f"{server.url}/a/{athlete}/progress")
    phone.select_option("#lift", "db-romanian-deadlift")
    expect(phone.locator("#chart-e1rm")).to_have_attribute("data-points", "1")
    phone.get_by_text("Table: e1RM per lift").click()
    row = phone.locator('table[data-exercise="db-romanian-deadlift"] tbody tr')
    expect(row).to_have_count(1)
    expect(row.locator("th")).to_have_text(START.isoformat())
    assert float(row.locator("td").first.inner_text()) == rdl_points[0]["e1rm"] == 55 * (1 + 6 / 30)  # Epley
    expect(row.locator("td").nth(1)).to_have_text("55 × 6")
    check(phone, "progress", kind, axe=kind == AXE_ON)


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
