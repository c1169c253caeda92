"""Checking a session off (#13): the Today page's sets beside the log, a swap made today standing in on the
day's card, and GET …/today/next (what changes next time), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import re

from fastapi.testclient import TestClient

from runlift.app.athletes import add_runner
from runlift.app.checkoff import checklist
from runlift.app.today import gym_card
from tests.conftest import MAYA, START
from tests.web.conftest import MakeClient

NOW = dt.datetime(2026, 11, 30, 8, tzinfo=dt.UTC)
PROFILE = MAYA.replace("[[race]]", "[lifts]\ndb-romanian-deadlift = { weight = 50, reps = 8 }\n\n[[race]]")
THURSDAY = START + dt.timedelta(days=3)  # Maya's second session: one-sided lifts (left and right sets)


def _maya(client: TestClient) -> int:
    _, saved = add_runner(client.app.state.store, PROFILE, "maya.toml", START, NOW)  # type: ignore[attr-defined]
    return saved.athlete_id


def _log(client: TestClient, athlete: int, **body: object) -> int:
    got = client.post(f"/api/v1/athletes/{athlete}/log/sets", json={"date": START.isoformat(), "sets": 1, **body})
    assert got.status_code == 201, got.text
    return int(got.json()["set_ids"][0])


def _next(client: TestClient, athlete: int, day: dt.date = START) -> dict[str, dict]:
    got = client.get(f"/api/v1/athletes/{athlete}/today/next", params={"date": day.isoformat()})
    assert got.status_code == 200, got.text
    return {x["exercise"]: x for x in got.json()["exercises"]}


def test_next_time_follows_what_was_logged(api_client: TestClient):
    athlete = _maya(api_client)
    store = api_client.app.state.store  # type: ignore[attr-defined]
    card = api_client.get(f"/api/v1/athletes/{athlete}/today").json()["sessions"][0]["exercises"]
    rdl = next(e for e in card if e["id"] == "db-romanian-deadlift")
    assert (rdl["sets"], rdl["reps"], rdl["load"]["value"]) == (2, 6, 50)

    # every prescribed set hit: more weight next time (PRO-1), on the next session that has it
    for _ in range(2):
        _log(api_client, athlete, exercise=rdl["id"], reps=6, weight=50, rir=2)
    hit = _next(api_client, athlete)
    assert [x for x in hit] == [e["id"] for e in card]  # one per exercise, in the card's order
    step = hit["db-romanian-deadlift"]
    assert step["step"] == "progress" and "PRO-1" in step["why"]
    assert step["next"]["load"]["value"] > 50 and step["date"] > START.isoformat()
    assert step["target"] == f"{step['next']['sets']} × 6 · {step['next']['load']['value']:g} lb"
    plan = api_client.get(f"/api/v1/athletes/{athlete}/plan/days/{step['date']}").json()
    there = next(p for s in plan["sessions"] for p in s["exercises"] if p["id"] == rdl["id"])
    assert there["load"] == step["next"]["load"]  # what the plan itself now says

    # the second set missed (4 of 6): the same weight next time (PRO-6)
    second = checklist(store, athlete, START)[1][0][rdl["id"]][1].logged_id
    assert second is not None
    fixed = api_client.patch(f"/api/v1/athletes/{athlete}/log/sets/{second}", json={"reps": 4})
    assert fixed.status_code == 200
    held = _next(api_client, athlete)["db-romanian-deadlift"]
    assert held["step"] == "hold" and "PRO-6" in held["why"] and held["next"]["load"]["value"] == 50


def _ids(card: dict) -> list[str]:
    return [e["id"] for e in card["sessions"][0]["exercises"]]


def test_a_swap_made_today_stands_in_everywhere_the_day_is_shown_and_next_time(api_client: TestClient):
    athlete = _maya(api_client)
    store = api_client.app.state.store  # type: ignore[attr-defined]
    url = f"/api/v1/athletes/{athlete}"
    before = _ids(api_client.get(f"{url}/today").json())
    assert "decline-push-up" in before and "push-up" not in before
    why = api_client.get(f"{url}/plan/days/{START}/why", params={"exercise": "push-up"})
    assert why.json()["exercise"]["id"] == "decline-push-up"  # the closest name in the day as planned
    swapped = api_client.post(
        f"{url}/swaps", json={"date": START.isoformat(), "exercise": "decline-push-up", "reason": "too-hard"}
    )
    assert swapped.status_code == 201 and swapped.json()["replacement"] == "push-up"
    in_place = [("push-up" if x == "decline-push-up" else x) for x in before]
    # the day's card, the API's and the page's alike: the stand-in in its place
    assert [e.prescription.exercise.id for e in gym_card(store, athlete, START).sessions[0].exercises] == in_place
    assert _ids(api_client.get(f"{url}/today").json()) == in_place
    page = api_client.get(f"/a/{athlete}/today")
    assert 'data-exercise="push-up"' in page.text and 'data-exercise="decline-push-up"' not in page.text
    # Why? on the stand-in: the swap's own reason (MOD-1, MOD-2: "you flagged it as too hard")
    why = api_client.get(f"{url}/plan/days/{START}/why", params={"exercise": "push-up"})
    assert why.status_code == 200, why.text
    assert why.json()["exercise"]["id"] == "push-up"
    assert {"MOD-1", "MOD-2"} <= {r["id"] for r in why.json()["rules"]}
    assert "too hard" in why.json()["exercise"]["note"]
    # next time: the exercise swapped steps back (regress) to the stand-in's next session
    done = _next(api_client, athlete)
    assert list(done) == before  # the day's session as planned, before the swap
    step = done["decline-push-up"]
    assert step["step"] == "regress" and step["why"] == ["MOD-1", "MOD-2"] and "too hard" in step["note"]
    assert step["next"]["id"] == "push-up" and step["date"] > START.isoformat()
    assert all(x["step"] != "regress" for k, x in done.items() if k != "decline-push-up")
    # the session logged as prescribed is the one shown: the stand-in's sets, none of the exercise swapped out
    logged = api_client.post(f"{url}/log/sessions", json={"date": START.isoformat()})
    assert logged.status_code == 201, logged.text
    sets = store.training_log(athlete, since=START, until=START).lifts[0].sets
    assert "push-up" in {s.exercise for s in sets} and "decline-push-up" not in {s.exercise for s in sets}


def _plan_ids(doc: dict) -> list[str]:
    return [e["id"] for s in doc["sessions"] for e in s["exercises"]]


def _season_day(html: str, day: dt.date) -> str:
    return html.split(f'data-testid="lift" data-date="{day.isoformat()}"', 1)[1].split("</details>", 1)[0]


def test_a_swap_made_today_stands_in_on_the_plan_and_the_season_page_too(api_client: TestClient):
    athlete = _maya(api_client)
    url = f"/api/v1/athletes/{athlete}"
    week_day = lambda doc: next(d for d in doc["days"] if d["date"] == START.isoformat())  # noqa: E731
    assert "decline-push-up" in _plan_ids(api_client.get(f"{url}/plan/days/{START}").json())
    season_page = api_client.get(f"/a/{athlete}/season").text  # before: read (and cached) as planned
    assert 'data-exercise="decline-push-up"' in _season_day(season_page, START)
    body = {"date": START.isoformat(), "exercise": "decline-push-up", "reason": "pain"}
    assert api_client.post(f"{url}/swaps", json=body).status_code == 201
    card = _ids(api_client.get(f"{url}/today").json())
    assert "push-up" in card and "decline-push-up" not in card
    # every face of today: the plan's day, its week, the season from this week, and the Season page
    assert _plan_ids(api_client.get(f"{url}/plan/days/{START}").json()) == card
    assert _plan_ids(week_day(api_client.get(f"{url}/plan/weeks/{START}").json())) == card
    assert _plan_ids(week_day(api_client.get(f"{url}/plan").json()["weeks"][0])) == card
    today = _season_day(api_client.get(f"/a/{athlete}/season").text, START)
    assert re.findall(r'data-exercise="([^"]+)"', today) == card and '<details class="exercises" open>' in today
    # the swap undone the same day: the exercise is back on every face
    undone = api_client.post(f"{url}/swaps/undo", json={"exercise": "push-up", "date": START.isoformat()})
    assert undone.status_code == 201, undone.text
    back = _ids(api_client.get(f"{url}/today").json())
    assert "decline-push-up" in back
    assert _plan_ids(api_client.get(f"{url}/plan/days/{START}").json()) == back
    season_page = api_client.get(f"/a/{athlete}/season").text
    assert re.findall(r'data-exercise="([^"]+)"', _season_day(season_page, START)) == back


def test_a_swap_undone_the_same_day_puts_the_exercise_back_on_the_day(api_client: TestClient):
    athlete = _maya(api_client)
    url = f"/api/v1/athletes/{athlete}"
    before = _ids(api_client.get(f"{url}/today").json())
    body = {"date": START.isoformat(), "exercise": "decline-push-up", "reason": "pain"}
    assert api_client.post(f"{url}/swaps", json=body).status_code == 201
    assert "push-up" in _ids(api_client.get(f"{url}/today").json())
    undone = api_client.post(f"{url}/swaps/undo", json={"exercise": "push-up", "date": START.isoformat()})
    assert undone.status_code == 201 and undone.json()["back"], undone.text
    assert _ids(api_client.get(f"{url}/today").json()) == before
    why = api_client.get(f"{url}/plan/days/{START}/why", params={"exercise": "decline-push-up"})
    assert why.status_code == 200 and why.json()["exercise"]["id"] == "decline-push-up"
    assert "MOD-2" not in {r["id"] for r in why.json()["rules"]}


def test_a_stand_in_offers_to_swap_back_on_the_page(api_client: TestClient):  # MOD-2
    athlete = _maya(api_client)
    url = f"/api/v1/athletes/{athlete}"
    page = api_client.get(f"/a/{athlete}/today")
    assert page.status_code == 200 and "swap-back-form" not in page.text  # nothing swapped: nothing to go back to
    body = {"date": START.isoformat(), "exercise": "decline-push-up", "reason": "too-hard"}
    assert api_client.post(f"{url}/swaps", json=body).status_code == 201
    page = api_client.get(f"/a/{athlete}/today").text
    assert page.count("swap-back-form") == 1 and "Back to Feet-elevated push-up" in page
    undone = api_client.post(f"{url}/swaps/undo", json={"exercise": "push-up", "date": START.isoformat()})
    assert undone.status_code == 201, undone.text
    assert "swap-back-form" not in api_client.get(f"/a/{athlete}/today").text


def test_the_pages_sets_show_what_was_logged_side_by_side(api_client: TestClient, make_client: MakeClient):
    athlete = _maya(api_client)
    store = api_client.app.state.store  # type: ignore[attr-defined]
    api_client = make_client(today=THURSDAY)  # the log takes today or earlier
    card, rows = checklist(store, athlete, THURSDAY)
    row_ex = next(
        e.prescription
        for e in card.sessions[0].exercises
        if e.prescription.exercise.id == "supported-db-single-arm-row"
    )
    sides = [(r.number, r.side.value) for r in rows[0][row_ex.exercise.id]]
    assert sides == [(n, side) for n in range(1, row_ex.sets + 1) for side in ("L", "R")]
    assert all(r.weight is None and r.logged_id is None for r in rows[0][row_ex.exercise.id])  # no weight known yet

    # the right side logged first, at 20 lb: the first right set is checked, the left ones take the weight
    body = {
        "date": THURSDAY.isoformat(),
        "exercise": row_ex.exercise.id,
        "sets": 1,
        "reps": 7,
        "weight": 20,
        "side": "R",
    }
    got = api_client.post(f"/api/v1/athletes/{athlete}/log/sets", json=body)
    assert got.status_code == 201
    _, rows = checklist(store, athlete, THURSDAY)
    shown = [(r.number, r.side.value, r.reps, r.weight, r.logged_id) for r in rows[0][row_ex.exercise.id]]
    assert shown[1] == (1, "R", 7, 20.0, got.json()["set_ids"][0])
    assert [s[3] for s in shown] == [20.0] * len(shown) and [s[4] is None for s in shown].count(True) == len(shown) - 1


def test_the_page_offers_the_controls_only_where_the_log_takes_them(api_client: TestClient):
    athlete = _maya(api_client)
    today = api_client.get(f"/a/{athlete}/today").text
    _, rows = checklist(api_client.app.state.store, athlete, START)  # type: ignore[attr-defined]
    sets = sum(len(r) for r in rows[0].values())
    assert sets >= 10 and today.count('class="check"') == sets  # a button a set (2 to 3 sets of each exercise)
    assert "js/today.js" in today and 'id="finish"' in today
    assert re.search(r'<span class="set-values">6 × 50 lb · RIR 2</span>', today)
    assert re.search(r'<span class="set-values">8 × \? lb · RIR 3</span>', today)  # the dead bug's weight: ask
    assert '<span class="set-values">8 reps · RIR 2</span>' in today  # bodyweight: no weight shown
    coming = api_client.get(f"/a/{athlete}/today", params={"date": THURSDAY.isoformat()}).text
    assert 'class="check"' not in coming and "js/today.js" not in coming and "exercise-name" in coming


def test_next_time_refuses_a_day_out_of_reach(api_client: TestClient):
    athlete = _maya(api_client)
    far = api_client.get(f"/api/v1/athletes/{athlete}/today/next", params={"date": "3000-01-01"})
    assert far.status_code == 422
    rest = _next(api_client, athlete, START + dt.timedelta(days=1))  # no lift session that day: nothing to say
    assert rest == {}
