"""The onboarding page (#13) on SQLite and PostgreSQL: a runner's file from a form or an upload, every
problem beside its field (the profile's own words, with "did you mean"), nothing stored until it is
right, then the first plan; a signed-in user owns the runner they add."""

from __future__ import annotations

import html
import re
from typing import Any

from fastapi.testclient import TestClient

from runlift.app import accounts
from runlift.app.season_view import season_view
from runlift.web import create_app
from tests.conftest import MAYA, START
from tests.web.test_access import HASHER, PASSWORD, multi_user_settings

GOOD = {
    "athlete.name": "Ana",
    "athlete.units": "kg",
    "athlete.bodyweight": "58,5",  # a decimal comma, as a phone in Europe types it
    "athlete.age": "",
    "athlete.lifting_experience": "beginner",
    "athlete.sessions_per_week": "2",
    "athlete.session_minutes": "40",
    "running.weekly_distance": "45",
    "running.week.mon": "easy",
    "running.week.tue": "intervals",
    "running.week.tue_time": "pm",
    "running.week.wed": "rest",
    "running.week.thu": "tempo",
    "running.week.thu_time": "am",
    "running.week.thu.second": "easy",  # a double
    "running.week.thu.second_time": "pm",
    "running.week.fri": "rest",
    "running.week.sat": "long",
    "running.week.sun": "recovery",
    "race[0].name": "",  # an empty first row: the races' problems still land on their own rows
    "race[0].date": "",
    "race[0].distance": "",
    "race[0].priority": "A",
    "race[1].name": "City half",
    "race[1].date": "2027-04-18",
    "race[1].distance": "half-marathon",
    "race[1].priority": "A",
    "race[2].name": "Tune-up",
    "race[2].date": "2027-03-07",
    "race[2].distance": "10",  # km, as a number
    "race[2].priority": "B",
}
EQUIPMENT = {"athlete.equipment": ["dumbbells", "band"], "athlete.pain": ["knee"]}

# (input, what is sent, the words beside it): each alone in an otherwise good form
BAD = [
    ("athlete.name", "  ", "expected a non-empty text"),
    ("athlete.name", "A" * 1001, "expected at most 200 characters, got 1000"),  # cut at 1000, never lost
    ("athlete.units", "lbs", "got 'lbs'; did you mean lb?"),
    ("athlete.bodyweight", "heavy", "expected a positive number, got 'heavy'"),
    ("athlete.bodyweight", "", "expected a positive number, got nothing"),  # left empty
    ("athlete.bodyweight", "500", "expected a body weight between 30 and 250 kg, got 500"),
    ("athlete.age", "7", "expected a whole number from 10 to 99, got 7"),
    ("athlete.lifting_experience", "beginer", "got 'beginer'; did you mean beginner?"),
    ("athlete.sessions_per_week", "6", "expected a whole number from 1 to 4, got 6"),
    ("athlete.session_minutes", "5", "expected a whole number from 15 to 120, got 5"),
    ("athlete.equipment", ["dumbbells", "kettlebel"], "got 'kettlebel'; did you mean kettlebell?"),
    ("athlete.pain", ["kne"], "got 'kne'; did you mean knee?"),
    ("running.weekly_distance", "-3", "expected a distance of 0 or more, got -3"),
    ("running.week.sat", "lng", "got 'lng'; did you mean long?"),
    ("running.week.thu.second", "tmpo", "got 'tmpo'; did you mean tempo?"),
    ("race[1].date", "2027-02-30", "expected a date like 2027-04-18, got '2027-02-30'"),
    ("race[2].distance", "10km", "got '10km'; did you mean 10k?"),
    ("race[1].priority", "D", 'expected one of "A", "B", "C", got \'D\''),
]


def _form(**changes: Any) -> dict[str, Any]:
    return {**GOOD, **EQUIPMENT, **changes}


def _text(page: str, testid: str) -> str:
    found = re.search(rf'data-testid="{re.escape(testid)}">(.*?)</p>', page, re.S)
    assert found, f"no {testid} on the page"
    return html.unescape(found.group(1))


def _input_for(page: str, name: str) -> str:
    """The opening tag of the input (or fieldset) a field's problem is beside."""
    found = re.search(rf'<(?:input|select|fieldset)[^>]*id="{re.escape(_id(name))}"[^>]*>', page)
    assert found, f"no input for {name}"
    return found.group(0)


def _id(name: str) -> str:
    return "f-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def test_a_good_form_adds_the_runner_and_shows_the_first_plan(api_client: TestClient):
    form = api_client.get("/onboarding")
    assert form.status_code == 200 and 'name="csrf"' in form.text
    assert 'data-unit="weight">kg</span>' in form.text and 'data-unit="distance">km</span>' in form.text
    sent = api_client.post("/onboarding", data=_form(), follow_redirects=False)
    assert sent.status_code == 303, sent.text[:2000]
    store = api_client.app.state.store  # type: ignore[attr-defined]
    [athlete] = store.athletes()
    assert sent.headers["location"] == f"/a/{athlete.id}/first-plan"
    stored = api_client.get(f"/api/v1/athletes/{athlete.id}/profile").json()["document"]
    assert stored["athlete"]["bodyweight"] == 58.5 and stored["athlete"]["equipment"] == ["dumbbells", "band"]
    assert (
        stored["running"]["week"]["thu"] == ["tempo:am", "easy:pm"]
        and stored["running"]["week"]["tue"] == "intervals:pm"
    )
    assert [(r["date"], r["priority"]) for r in stored["race"]] == [("2027-04-18", "A"), ("2027-03-07", "B")]
    assert "age" not in stored["athlete"]

    shown = api_client.get(sent.headers["location"])
    assert shown.status_code == 200
    text = html.unescape(shown.text)
    view = season_view(store, athlete.id, START)
    phases = [span.phase.value for span in view.phases]
    assert text.count('<rect class="band phase-') == len(phases) and "peak" in phases
    first = [p.exercise.name for d in view.weeks[0].days for s in d.sessions for p in s.session.exercises]
    assert first and all(name in text for name in first)
    assert text.count('data-testid="first-lift"') == sum(len(d.sessions) for d in view.weeks[0].days)
    assert f'href="/a/{athlete.id}/today" data-testid="to-today"' in shown.text
    assert api_client.get("/", follow_redirects=False).headers["location"] == f"/a/{athlete.id}/today"


def test_each_bad_answer_is_said_beside_its_field_and_nothing_is_stored(api_client: TestClient):
    store = api_client.app.state.store  # type: ignore[attr-defined]
    for name, value, words in BAD:
        got = api_client.post("/onboarding", data=_form(**{name: value}))
        where = f"{name}={value!r}"
        assert got.status_code == 422, where
        assert words in _text(got.text, f"error-{name}"), where
        tag = _input_for(got.text, name)
        assert 'aria-invalid="true"' in tag and f"{_id(name)}-error" in tag, where
        summary = re.search(r'data-testid="problems">(.*?)</section>', got.text, re.S)
        assert summary and f'href="#{_id(name)}"' in summary.group(1), where
        assert "1 answer needs a fix" in summary.group(1), where  # only that one
        assert store.athletes() == [], where
    # the answers come back as they were typed, to be fixed, not typed again
    again = api_client.post("/onboarding", data=_form(**{"athlete.bodyweight": "heavy", "race[2].distance": "10km"}))
    assert 'value="heavy"' in again.text and 'value="10km"' in again.text and 'value="City half"' in again.text
    assert "2 answers need a fix" in again.text
    assert 'data-for="f-race-2-distance" data-value="10k" hidden>Use 10k</button>' in again.text  # js shows it
    assert re.search(r'<option value="intervals" selected>', again.text)


def test_a_name_in_use_is_refused_and_the_runner_kept(api_client: TestClient):
    first = api_client.post("/onboarding", data=_form(), follow_redirects=False)
    assert first.status_code == 303
    again = api_client.post("/onboarding", data=_form(**{"athlete.name": "ana", "athlete.bodyweight": "70"}))
    assert again.status_code == 422 and "got 'ana' (taken" in _text(again.text, "error-athlete.name")
    [athlete] = api_client.app.state.store.athletes()  # type: ignore[attr-defined]
    assert athlete.versions == 1


def test_a_runners_file_uploaded_or_pasted(api_client: TestClient):
    store = api_client.app.state.store  # type: ignore[attr-defined]
    bad = (
        MAYA.replace('"beginner"', '"beginer"')
        .replace('sat = "long"', 'sat = "lng"')
        .replace("bodyweight", "bodyweigth")
    )
    got = api_client.post("/onboarding/upload", files={"file": ("maya.toml", bad.encode())})
    assert got.status_code == 422
    said = html.unescape(re.search(r'data-testid="upload-problems">(.*?)</div>', got.text, re.S).group(1))  # type: ignore[union-attr]
    assert "line 5: athlete.bodyweigth: unknown key;" in said and "did you mean bodyweight?" in said
    assert "line 6: athlete.lifting_experience:" in said and "did you mean beginner?" in said
    assert "line 14: running.week.sat:" in said and "did you mean long?" in said
    broken = api_client.post("/onboarding/upload", data={"text": "[athlete]\nname = 'Maya\n"})
    assert broken.status_code == 422 and "line 2: the pasted file: not valid TOML" in html.unescape(broken.text)
    broken = api_client.post("/onboarding/upload", data={"text": "[athlete]\nname = 'Maya'\nunits = \n[running]\n"})
    assert broken.status_code == 422 and "line 3: the pasted file: not valid TOML" in html.unescape(broken.text)
    huge = api_client.post("/onboarding/upload", files={"file": ("big.toml", b"#" * 70_000)})
    assert huge.status_code == 422 and "big.toml: expected a runner's file under 64 KiB" in html.unescape(huge.text)
    pasted = api_client.post("/onboarding/upload", data={"text": "#" * 70_000})
    assert pasted.status_code == 422 and "the pasted file: expected a runner's file under 64 KiB" in html.unescape(
        pasted.text
    )
    assert api_client.post("/onboarding/upload", data={"text": "  "}).status_code == 422
    assert store.athletes() == []

    kept = "# my file\n" + MAYA
    ok = api_client.post("/onboarding/upload", files={"file": ("maya.toml", kept.encode())}, follow_redirects=False)
    assert ok.status_code == 303
    [athlete] = store.athletes()
    assert api_client.get(f"/api/v1/athletes/{athlete.id}/profile").json()["toml"] == kept  # as sent, comments too
    again = api_client.post("/onboarding/upload", files={"file": ("maya.toml", MAYA.replace("135", "140").encode())})
    assert again.status_code == 422 and "athlete.name: expected a name no runner here has yet" in again.text
    assert store.athletes()[0].versions == 1  # never a new version of someone's file


def test_a_runner_named_script_shows_as_text(api_client: TestClient):
    name = "<script>alert(1)</script>"
    refused = api_client.post("/onboarding", data=_form(**{"athlete.name": name, "athlete.bodyweight": "x"}))
    assert refused.status_code == 422 and name not in refused.text and "&lt;script&gt;" in refused.text
    sent = api_client.post("/onboarding", data=_form(**{"athlete.name": name}), follow_redirects=False)
    shown = api_client.get(sent.headers["location"])
    assert shown.status_code == 200 and name not in shown.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in shown.text


def test_home_offers_to_add_a_runner(api_client: TestClient):
    empty = api_client.get("/")
    assert empty.status_code == 200 and 'href="/onboarding"' in empty.text
    for name in ("Ana", "Ben"):
        api_client.post("/onboarding", data=_form(**{"athlete.name": name}), follow_redirects=False)
    both = api_client.get("/")
    assert both.status_code == 200 and 'href="/onboarding"' in both.text and "Ben" in both.text


def test_the_api_says_did_you_mean_too(api_client: TestClient):
    bad = MAYA.replace('sat = "long"', 'sat = "lng"')
    got = api_client.post("/api/v1/athletes", content=bad, headers={"content-type": "application/toml"})
    assert got.status_code == 422 and got.json()["detail"].endswith("got 'lng'; did you mean long?")


def test_a_signed_in_user_owns_the_runner_they_add(db_url: str, tmp_path: Any):
    from runlift.store.accounts import owned_by

    app = create_app(multi_user_settings(db_url, tmp_path))
    with TestClient(app, base_url="http://127.0.0.1") as client:
        store = app.state.store
        user = accounts.add_user(store, "ana@example.org", PASSWORD, START_NOW, HASHER)
        assert client.get("/onboarding", follow_redirects=False).headers["location"].startswith("/login?next=")
        client.post("/login", data={"email": "ana@example.org", "password": PASSWORD}, follow_redirects=False)
        form = client.get("/onboarding")
        csrf = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)  # type: ignore[union-attr]
        assert client.post("/onboarding", data=_form(), follow_redirects=False).status_code == 403  # no token
        assert store.athletes() == []
        sent = client.post("/onboarding", data={**_form(), "csrf": csrf}, follow_redirects=False)
        assert sent.status_code == 303, sent.text[:500]
        [athlete] = store.athletes()
        assert owned_by(store, athlete.id) == user.id
        assert client.get(sent.headers["location"]).status_code == 200


START_NOW = __import__("datetime").datetime(2026, 11, 30, 9, tzinfo=__import__("datetime").UTC)
