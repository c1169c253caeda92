"""The web app without signal (#13), in Chromium on a phone, on SQLite and PostgreSQL: the service worker
keeps Today and the coming days so they open offline; the outbox (static/js/outbox.js) keeps writes
made offline in IndexedDB and sends them once signal is back, each exactly once (the same
Idempotency-Key however often it is sent), drops what the server refuses, and says what waits."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from runlift.app import accounts
from runlift.app.athletes import add_runner
from tests.browser.conftest import AXE_ON, PHONE, Live, _page, check
from tests.conftest import MAYA, START
from tests.dbs import KINDS

NOW = dt.datetime(2026, 11, 30, 8, tzinfo=dt.UTC)
OUTBOX = "/static/js/outbox.js"
KEEP_AFTER = 2000  # ms: js/offline.js waits this long on a page before asking the worker to keep its list


def runner(server: Live, name: str) -> int:
    _, saved = add_runner(server.store, MAYA.replace('"Maya"', f'"{name}"'), "maya.toml", START, NOW)
    return saved.athlete_id


def sets_logged(server: Live, athlete_id: int) -> list[dict[str, Any]]:
    """The sets in the log on START, as the API lists them."""
    day = START.isoformat()
    got = httpx.get(f"{server.url}/api/v1/athletes/{athlete_id}/log/items", params={"from": day, "to": day})
    got.raise_for_status()
    return [s for session in got.json()["sessions"] for s in session["sets"]]


def reps_stored(server: Live, athlete_id: int) -> list[int]:
    """The reps of each set in the log on START, read from the database (multi-user: no API caller here)."""
    from runlift.app.log_items import listing

    return [
        s.values["reps"]
        for _, sets in listing(server.store, athlete_id, START, START, START).listed.sessions
        for s in sets
    ]


def send(page: Any, athlete_id: int, exercise: str, reps: int, label: str, key: str | None = None) -> Any:
    """outbox.send() of one set from the page, as the Today page's check-off does."""
    request = {
        "method": "POST",
        "url": f"/api/v1/athletes/{athlete_id}/log/sets",
        "body": {"date": START.isoformat(), "exercise": exercise, "reps": reps, "weight": 20},
        "label": label,
        **({"key": key} if key else {}),
    }
    return page.evaluate(f"async (r) => (await import('{OUTBOX}')).send(r)", request)


def waiting(page: Any) -> int:
    return int(page.evaluate(f"async () => (await import('{OUTBOX}')).waiting()"))


def drained(page: Any, timeout: float = 20.0) -> None:
    """Wait until the page's outbox has nothing waiting."""
    deadline = time.monotonic() + timeout
    while (left := waiting(page)) and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    assert left == 0, f"{left} writes still waiting"


def pages_kept(page: Any) -> int:
    """How many pages and JSON answers the service worker keeps (its runlift-pages cache)."""
    count = "async (n) => n.startsWith('runlift-pages') ? (await (await caches.open(n)).keys()).length : 0"
    return sum(page.evaluate(f"async () => Promise.all((await caches.keys()).map({count}))"))


def kept(page: Any) -> None:
    """Wait until the service worker has kept the athlete's list (the layout marks <html>). A page asks
    the worker once it has been open KEEP_AFTER (js/offline.js): the page's clock (installed before the
    page opened: `page.clock.install()`, time flowing as usual) jumps those 2 s once the worker is ready."""
    ready = "() => Promise.race([navigator.serviceWorker.ready.then(() => 1), new Promise((r) => setTimeout(r, 3e4))])"
    assert page.evaluate(ready), "the service worker did not become active in 30 s"
    page.clock.fast_forward(KEEP_AFTER)
    page.wait_for_selector("html[data-offline=kept]", state="attached", timeout=30_000)


@pytest.mark.parametrize("kind", KINDS[:1])  # the worker's caching is the same on either database
def test_today_and_the_coming_days_open_without_signal(live: Any, phone: Any, kind: str):
    server: Live = live(kind)
    athlete_id = runner(server, "Offline Olga")
    phone.clock.install()  # see kept()
    phone.goto(f"{server.url}/a/{athlete_id}/today")
    kept(phone)
    manifest = phone.evaluate("async () => (await fetch(document.querySelector('link[rel=manifest]').href)).json()")
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    assert {"192x192", "512x512"} <= {icon["sizes"] for icon in manifest["icons"]}
    cdp = phone.context.new_cdp_session(phone)
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert [
        e["errorId"] for e in errors if e["errorId"] != "in-incognito"
    ] == []  # installable but for the test's profile
    online = {}
    for n in (0, 3, 6):
        day = (START + dt.timedelta(n)).isoformat()
        card = httpx.get(f"{server.url}/api/v1/athletes/{athlete_id}/today", params={"date": day}).json()
        online[day] = card

    phone.context.set_offline(True)
    for day, card in online.items():
        phone.goto(f"{server.url}/a/{athlete_id}/today?date={day}")
        shown = phone.locator("[data-exercise]").count()
        assert shown == sum(len(s["exercises"]) for s in card["sessions"]), day
        assert phone.locator("h1").inner_text() != "No signal"
        got = phone.evaluate(
            "async (u) => (await fetch(u, {headers: {Accept: 'application/json'}})).json()",
            f"/api/v1/athletes/{athlete_id}/today?date={day}",
        )
        assert got == card  # the JSON the page reads, kept too
    check(phone, "today-offline", kind)
    phone.goto(f"{server.url}/a/{athlete_id}/today")  # Today is the server's day, whatever the device's says
    assert phone.locator("h1").inner_text().startswith("Today")
    assert phone.locator("[data-exercise]").count() == sum(
        len(s["exercises"]) for s in online[START.isoformat()]["sessions"]
    )
    phone.goto(f"{server.url}/")  # the installed app's start page: the runner's Today
    assert phone.locator("[data-testid=athlete-name]").inner_text() == "Offline Olga"
    phone.goto(f"{server.url}/library")  # never opened: not kept, and it says so
    assert phone.locator("h1").inner_text() == "No signal"
    phone.context.set_offline(False)


@pytest.mark.parametrize("kind", KINDS[:1])  # PostgreSQL: the two tabs' and the end-to-end tests
def test_writes_made_offline_are_sent_once_when_signal_is_back(live: Any, phone: Any, kind: str):
    server: Live = live(kind)
    athlete_id = runner(server, "Queued Quinn")
    phone.clock.install()  # see kept()
    phone.goto(f"{server.url}/a/{athlete_id}/today?date={START.isoformat()}")
    kept(phone)
    assert waiting(phone) == 0
    status = phone.locator("#outbox-status")
    assert status.get_attribute("role") == "status"

    phone.context.set_offline(True)
    first = send(phone, athlete_id, "goblet squat", 8, "Goblet squat, set 1")
    refused = send(phone, athlete_id, "no such lift at all", 8, "Mystery lift, set 1")
    second = send(phone, athlete_id, "goblet squat", 7, "Goblet squat, set 2")
    assert first["queued"] and refused["queued"] and second["queued"]
    assert len({first["key"], refused["key"], second["key"]}) == 3
    assert waiting(phone) == 3
    expect(status).to_have_text("No signal: 3 sets waiting to be sent.")
    phone.reload()  # without signal: the kept page, the writes still waiting (IndexedDB)
    expect(status).to_have_text("No signal: 3 sets waiting to be sent.")
    check(phone, "outbox-waiting", kind)
    assert sets_logged(server, athlete_id) == []

    phone.context.set_offline(False)  # the `online` event flushes the queue
    drained(phone)
    logged = sets_logged(server, athlete_id)
    assert [(s["exercise"], s["reps"]) for s in logged] == [("goblet-squat", 8), ("goblet-squat", 7)]
    expect(status).to_contain_text("Not sent: Mystery lift, set 1:")  # refused (4xx): reported, not retried
    # the same writes again with their keys (a flush whose answer was lost): nothing more is logged
    again = send(phone, athlete_id, "goblet squat", 8, "Goblet squat, set 1", key=first["key"])
    assert again["set_ids"] == [logged[0]["id"]]
    assert len(sets_logged(server, athlete_id)) == 2


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """The phone with its service worker (conftest's phone blocks it): what these tests are about."""
    yield from _page(browser, PHONE, "phone", is_mobile=True, has_touch=True, device_scale_factor=2)


@pytest.fixture
def outbox_phone(browser: Any) -> Iterator[Any]:
    """A phone with the service worker blocked, for the tests that intercept the outbox's requests with
    page.route: once a worker controls the page its fetches go where page.route does not see them (the
    write then reached the server: a flaky failure); the outbox works without the worker."""
    yield from _page(
        browser, PHONE, "phone", is_mobile=True, has_touch=True, device_scale_factor=2, service_workers="block"
    )


@pytest.mark.parametrize("kind", KINDS)
def test_two_tabs_flushing_at_once_log_each_write_once(live: Any, outbox_phone: Any, kind: str):
    """Two tabs come online together and both flush; one answer is lost on the way back (the server
    wrote the set, the phone saw a network failure): every set is in the log once."""
    server: Live = live(kind)
    athlete_id = runner(server, "Twice Tess")
    outbox_phone.goto(f"{server.url}/a/{athlete_id}/today")
    other = outbox_phone.context.new_page()
    other.goto(f"{server.url}/a/{athlete_id}/season")
    lost: list[str] = []

    def lose_the_answer(route: Any) -> None:  # the first try reaches the server; its answer is lost
        if lost:
            route.continue_()
            return
        request = route.request
        lost.append(request.headers["idempotency-key"])
        headers = {k: v for k, v in request.headers.items() if k in ("content-type", "idempotency-key")}
        httpx.post(request.url, content=request.post_data_buffer, headers=headers).raise_for_status()
        route.abort("connectionreset")

    outbox_phone.route(f"**/api/v1/athletes/{athlete_id}/log/sets", lose_the_answer)
    queued = send(outbox_phone, athlete_id, "goblet squat", 8, "Goblet squat, set 1")
    assert queued["queued"] and lost == [queued["key"]]  # the server has it; the phone does not know
    outbox_phone.unroute(f"**/api/v1/athletes/{athlete_id}/log/sets")
    outbox_phone.context.set_offline(True)
    for reps in (7, 6):
        assert send(other, athlete_id, "goblet squat", reps, f"Goblet squat, {reps} reps")["queued"]
    assert waiting(outbox_phone) == waiting(other) == 3
    outbox_phone.context.set_offline(False)  # both tabs get `online` and flush
    twice = "(o) => Promise.all([o.flush({force: true}), o.flush({force: true})])"
    for page in (outbox_phone, other):  # and two more flushes in each tab, all at once
        page.evaluate(f"() => {{ window.flushed = import('{OUTBOX}').then({twice}); }}")
    flushes = [
        page.evaluate(f"async () => {{ await window.flushed; return (await import('{OUTBOX}')).waiting(); }}")
        for page in (outbox_phone, other)
    ]
    drained(other)
    assert flushes[-1] == 0
    logged = sets_logged(server, athlete_id)
    assert sorted(s["reps"] for s in logged) == [6, 7, 8]


@pytest.mark.parametrize("kind", KINDS[:1])
def test_a_server_error_is_retried_and_a_refusal_is_not(live: Any, outbox_phone: Any, kind: str):
    server: Live = live(kind)
    athlete_id = runner(server, "Retry Rita")
    outbox_phone.goto(f"{server.url}/a/{athlete_id}/today")
    tries: list[str] = []

    def unavailable(route: Any) -> None:
        tries.append(route.request.headers["idempotency-key"])
        route.fulfill(status=503, content_type="application/problem+json", body=json.dumps({"detail": "busy"}))

    route = f"**/api/v1/athletes/{athlete_id}/log/sets"
    outbox_phone.route(route, unavailable)
    queued = send(outbox_phone, athlete_id, "goblet squat", 8, "Goblet squat, set 1")
    assert queued["queued"] and waiting(outbox_phone) == 1
    outbox_phone.evaluate(f"async () => (await import('{OUTBOX}')).flush({{force: true}})")
    assert waiting(outbox_phone) == 1 and tries == [queued["key"]] * 2  # 5xx: kept, the same key
    outbox_phone.unroute(route)
    outbox_phone.evaluate(f"async () => (await import('{OUTBOX}')).flush({{force: true}})")
    assert waiting(outbox_phone) == 0
    assert [s["reps"] for s in sets_logged(server, athlete_id)] == [8]
    try:
        send(outbox_phone, athlete_id, "no such lift at all", 8, "Mystery lift")
    except Exception as exc:  # online, a refusal is the caller's to show: ApiError, nothing queued
        assert "no such lift" in str(exc).lower() or "exercise" in str(exc).lower()
    else:
        raise AssertionError("a refused write online should throw its ApiError")
    assert waiting(outbox_phone) == 0


def test_a_write_waits_through_signing_out_and_is_sent_with_the_new_csrf_token(live: Any, phone: Any):
    """Multi-user: a write kept while the server is unreachable; the runner signs out (the kept pages
    go, the write stays; sent signed out it is a 401 and still stays), signs in again (a new CSRF
    token): the write is sent once, with the current session's token (even from a page that shows
    the old one), never a stored one."""
    server: Live = live("postgresql", multi_user=True)
    athlete_id = runner(server, "Mira")
    hasher = accounts.password_hasher(1, 64, 1)
    accounts.add_user(server.store, "mira@example.org", "long enough password", NOW, hasher, athlete="Mira")
    phone.clock.install()  # see kept()

    def sign_in() -> str:
        phone.goto(f"{server.url}/a/{athlete_id}/today")
        phone.wait_for_url("**/login?next=*")
        phone.get_by_label("Email").fill("mira@example.org")
        phone.get_by_label("Password").fill("long enough password")
        phone.get_by_role("button", name="Sign in").click()
        phone.wait_for_url(f"**/a/{athlete_id}/today")
        return str(phone.locator("body").get_attribute("data-csrf"))

    first_token = sign_in()
    kept(phone)
    sets = f"**/api/v1/athletes/{athlete_id}/log/sets"
    phone.route(sets, lambda route: route.abort("internetdisconnected"))
    assert send(phone, athlete_id, "goblet squat", 8, "Goblet squat, set 1")["queued"]
    phone.get_by_role("button", name="Sign out").click()
    phone.wait_for_url("**/login")
    assert pages_kept(phone) == 0  # the kept pages went
    phone.unroute(sets)
    phone.evaluate(f"async () => (await import('{OUTBOX}')).flush({{force: true}})")  # 401: kept
    assert waiting(phone) == 1 and reps_stored(server, athlete_id) == []
    phone.route(sets, lambda route: route.abort("internetdisconnected"))
    assert sign_in() != first_token  # a new session, a new token
    # a page kept from the old session shows the old token: the session's cookie is what is sent
    phone.evaluate("(token) => { document.body.dataset.csrf = token; }", first_token)
    phone.unroute(sets)
    phone.evaluate(f"async () => (await import('{OUTBOX}')).flush({{force: true}})")
    drained(phone)
    assert reps_stored(server, athlete_id) == [8]
    kept(phone)
    assert pages_kept(phone) > 0
    phone.context.clear_cookies()  # the session runs out: the next page is the sign-in page
    phone.goto(f"{server.url}/a/{athlete_id}/today")
    phone.wait_for_url("**/login?next=*")
    deadline = time.monotonic() + 10
    while pages_kept(phone) and time.monotonic() < deadline:  # nobody's pages stay on the sign-in page
        phone.wait_for_timeout(50)
    assert pages_kept(phone) == 0


@pytest.mark.parametrize("kind", KINDS)
def test_sets_checked_off_on_today_without_signal_are_logged_once(live: Any, phone: Any, kind: str):
    """The gym without signal, end to end: Today opened once with signal, then offline: the page opens,
    the squat's sets are checked off (kept in the outbox, the page shows them checked); back online they
    are sent, the rows take their ids, and the log has each set exactly once, after a reload too."""
    server: Live = live(kind)
    athlete_id = runner(server, "Gym Gina")
    phone.clock.install()  # see kept()
    phone.goto(f"{server.url}/a/{athlete_id}/today")
    kept(phone)
    phone.context.set_offline(True)
    phone.reload()  # opens without signal: the kept page and its scripts
    rows = phone.locator('li[data-exercise="bodyweight-squat"] li.set')
    count = rows.count()
    assert count >= 2
    for n in range(count):
        row = rows.nth(n)
        row.locator("button.check").click()
        expect(row).to_have_attribute("data-key", re.compile(r"^[0-9a-f-]{36}$"))  # its write's key, waiting
        expect(row.locator("button.check")).to_have_attribute("aria-pressed", "true")
    status = phone.locator("#outbox-status")
    expect(status).to_have_text(f"No signal: {count} sets waiting to be sent.")
    keys = phone.evaluate(f"async () => (await (await import('{OUTBOX}')).queued()).map((w) => w.key)")
    assert keys == [rows.nth(n).get_attribute("data-key") for n in range(count)]  # in the order tapped
    assert sets_logged(server, athlete_id) == []

    phone.context.set_offline(False)
    drained(phone)
    for n in range(count):
        expect(rows.nth(n)).to_have_attribute("data-id", re.compile(r"^\d+$"))
    expect(status).to_have_text("")
    ids = [int(str(rows.nth(n).get_attribute("data-id"))) for n in range(count)]
    phone.reload()  # a page load flushes again: nothing is waiting, nothing is sent twice
    drained(phone)
    logged = sets_logged(server, athlete_id)
    assert sorted(s["id"] for s in logged) == sorted(ids) and len(ids) == len(set(ids))
    assert {s["exercise"] for s in logged} == {"bodyweight-squat"}
    check(phone, "checked-off-after-no-signal", kind, axe=kind == AXE_ON)
