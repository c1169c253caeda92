"""The Today page without script (#13): each set's plain HTML forms post to /a/{id}/today/sets (check,
take back, save the numbers typed), back to Today with the set ticked (303); the same form sent twice
logs one set (its Idempotency-Key); a refusal shows Today again with the reason; signed in, the form's
CSRF token is needed. On SQLite and PostgreSQL."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient

from runlift.app.checkoff import checklist
from tests.conftest import START
from tests.web.conftest import MakeClient
from tests.web.test_checkoff import _maya
from tests.web.test_settings_page import _signed_in

FORM = re.compile(r'<form class="(check-form|set-edit)"[^>]*action="([^"]+)">(.*?)</form>', re.S)


def _forms(page: str, kind: str) -> list[tuple[str, dict[str, str]]]:
    """The page's forms of one kind in order: (action, {field: value}), the button's action included."""
    found = []
    for form_kind, action, body in FORM.findall(page):
        if form_kind != kind:
            continue
        fields = dict(re.findall(r'<input type="hidden" name="([\w.]+)" value="([^"]*)"', body))
        fields.update(re.findall(r'<input type="number" name="(\w+)"[^>]*value="([^"]*)"', body))
        fields["action"] = re.findall(r'name="action" value="(\w+)"', body)[-1]
        found.append((html.unescape(action), {k: html.unescape(v) for k, v in fields.items()}))
    return found


def _rdl(page: str, kind: str) -> list[tuple[str, dict[str, str]]]:
    """The forms of the Romanian deadlift's sets (2 × 6 at 50 lb on Maya's first day)."""
    return [f for f in _forms(page, kind) if f[1]["exercise"] == "db-romanian-deadlift"]


def _ticked(page: str) -> int:
    return page.count('aria-pressed="true"')


def _logged(client: TestClient, athlete: int) -> list[tuple[str, int, float]]:
    log = client.app.state.store.training_log(athlete, since=START, until=START)  # type: ignore[attr-defined]
    return [(s.exercise, s.reps, s.weight) for session in log.lifts for s in session.sets]


def test_a_set_is_checked_taken_back_and_edited_with_plain_forms(api_client: TestClient):
    athlete = _maya(api_client)
    page = api_client.get(f"/a/{athlete}/today").text
    assert _ticked(page) == 0 and 'name="action" value="check"' in page
    action, first = _rdl(page, "check-form")[0]
    assert action == f"/a/{athlete}/today/sets" and (first["shown.reps"], first["shown.weight"]) == ("6", "50")

    sent = api_client.post(action, data=first, follow_redirects=False)
    assert sent.status_code == 303 and sent.headers["location"] == f"/a/{athlete}/today#ex-db-romanian-deadlift"
    page = api_client.get(sent.headers["location"]).text
    assert _ticked(page) == 1 and _logged(api_client, athlete) == [("db-romanian-deadlift", 6, 50.0)]
    # the same form sent again (a reload, a double tap): its key, one set
    assert api_client.post(action, data=first, follow_redirects=False).status_code == 303
    assert len(_logged(api_client, athlete)) == 1

    # the ticked set's form now takes it back
    _, ticked = _rdl(page, "check-form")[0]
    assert ticked["action"] == "uncheck" and ticked["set_id"]
    assert api_client.post(action, data=ticked, follow_redirects=False).status_code == 303
    assert _logged(api_client, athlete) == [] and _ticked(api_client.get(f"/a/{athlete}/today").text) == 0

    # Save with numbers typed: logs the set so; saved again once logged: corrects it
    _, edit = _rdl(api_client.get(f"/a/{athlete}/today").text, "set-edit")[0]
    assert edit["action"] == "save" and edit["set_id"] == ""
    assert api_client.post(action, data={**edit, "reps": "5", "weight": "45"}).status_code == 200  # followed
    assert _logged(api_client, athlete) == [("db-romanian-deadlift", 5, 45.0)]
    page = api_client.get(f"/a/{athlete}/today").text
    _, edit = _rdl(page, "set-edit")[0]
    assert edit["set_id"] and (edit["reps"], edit["weight"]) == ("5", "45")
    assert api_client.post(action, data={**edit, "reps": "6", "rir": "1"}, follow_redirects=False).status_code == 303
    assert _logged(api_client, athlete) == [("db-romanian-deadlift", 6, 45.0)]
    _, rows = checklist(api_client.app.state.store, athlete, START)  # type: ignore[attr-defined]
    assert [r.rir for r in rows[0]["db-romanian-deadlift"] if r.logged_id] == [1.0]


def test_a_refused_set_shows_today_again_with_the_reason(api_client: TestClient):
    athlete = _maya(api_client)
    page = api_client.get(f"/a/{athlete}/today").text
    forms = _forms(page, "check-form")
    action, dead_bug = next(f for f in forms if f[1]["shown.weight"] == "" and f[1]["exercise"] == "weighted-dead-bug")
    refused = api_client.post(action, data=dead_bug)
    assert refused.status_code == 422 and 'data-testid="problem"' in refused.text
    assert "weight: enter the weight you lifted first" in refused.text and _logged(api_client, athlete) == []
    bad = api_client.post(action, data={**forms[0][1], "shown.reps": "lots"})
    assert bad.status_code == 422 and "reps: expected a whole number, got &#39;lots&#39;" in bad.text
    zero = api_client.post(action, data={**forms[0][1], "shown.reps": "0"})
    assert zero.status_code == 422 and "reps: input should be greater than or equal to 1" in zero.text
    assert _logged(api_client, athlete) == []


def test_signed_in_the_form_needs_its_csrf_token(make_client: MakeClient):
    from runlift.app import accounts
    from tests.web.test_access import HASHER, PASSWORD

    maya = _signed_in_maya(make_client, accounts, HASHER, PASSWORD)
    athlete = 1
    page = maya.get(f"/a/{athlete}/today").text
    action, first = _forms(page, "check-form")[0]
    assert first["csrf"] and first["csrf"] == maya.cookies.get("runlift_csrf")
    forged = maya.post(action, data={**first, "csrf": "not-it"}, follow_redirects=False)
    assert forged.status_code == 403 and _logged(maya, athlete) == []
    sent = maya.post(action, data=first, follow_redirects=False)
    assert sent.status_code == 303 and len(_logged(maya, athlete)) == 1


def _signed_in_maya(make_client: MakeClient, accounts: object, hasher: object, password: str) -> TestClient:
    from pydantic import SecretStr

    from tests.web.test_access import FAST, NOW, SECRET

    setup = make_client(multi_user=True, secret_key=SecretStr(SECRET), jobs_in_app=False, **FAST)
    _maya(setup)
    accounts.add_user(setup.app.state.store, "maya@example.org", password, NOW, hasher, athlete="Maya")  # type: ignore[attr-defined]
    return _signed_in(make_client, "maya@example.org")


SWAP_FORM = re.compile(r'<form class="(swap-form|swap-back-form)" method="post" action="([^"]+)">(.*?)</form>', re.S)


def _swap_forms(page: str) -> dict[tuple[str, str], tuple[str, dict[str, str]]]:
    """(kind, exercise) → (action, fields) of the page's swap and swap-back forms."""
    found = {}
    for kind, action, body in SWAP_FORM.findall(page):
        fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', body))
        fields["action"] = re.findall(r'name="action" value="(\w+)"', body)[-1]
        found[kind, fields["exercise"]] = (html.unescape(action), fields)
    return found


def test_an_exercise_is_swapped_and_back_with_plain_forms(api_client: TestClient):  # MOD-1, MOD-2
    athlete = _maya(api_client)
    forms = _swap_forms(api_client.get(f"/a/{athlete}/today").text)
    action, swap = forms["swap-form", "decline-push-up"]
    assert action == f"/a/{athlete}/today/swaps" and swap["action"] == "swap" and swap["key"]
    sent = api_client.post(action, data={**swap, "reason": "pain"}, follow_redirects=False)
    assert sent.status_code == 303 and sent.headers["location"] == f"/a/{athlete}/today#ex-push-up"
    assert api_client.post(action, data={**swap, "reason": "pain"}, follow_redirects=False).status_code == 303
    swaps = api_client.app.state.store.training_log(athlete, since=START, until=START).swaps  # type: ignore[attr-defined]
    assert [(s.exercise, s.reason.value) for s in swaps] == [("decline-push-up", "pain")]  # sent twice: one swap
    page = api_client.get(sent.headers["location"]).text
    assert 'data-exercise="push-up"' in page and 'data-exercise="decline-push-up"' not in page

    action, back = _swap_forms(page)["swap-back-form", "push-up"]
    assert back["action"] == "back"
    returned = api_client.post(action, data=back, follow_redirects=False)
    assert returned.status_code == 303 and returned.headers["location"] == f"/a/{athlete}/today#ex-decline-push-up"
    assert 'data-exercise="decline-push-up"' in api_client.get(f"/a/{athlete}/today").text
    refused = api_client.post(action, data={**back, "exercise": "no such lift", "key": "other"})
    assert refused.status_code == 422 and 'data-testid="problem"' in refused.text
