"""A runner's backup restored beside the runners here (#13), on SQLite and PostgreSQL: POST
/api/v1/athletes/restore and the Settings page's upload. All or nothing: the same runner again, a whole
server's backup, a file that is not a backup, a bad row, or a clash found only while writing are each
refused with the reason, and nothing of the backup is written; multi-user, the uploader owns the runner."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from pydantic import SecretStr

from runlift.app import accounts
from runlift.app.athletes import add_runner
from runlift.app.backup import backup as dump
from runlift.settings import Settings
from runlift.web import create_app
from tests.conftest import MAYA, START
from tests.dbs import Databases
from tests.web.test_access import FAST, HASHER, PASSWORD, SECRET
from tests.web.test_checkoff import NOW, _log, _maya

JSON = {"content-type": "application/json"}
SAM = MAYA.replace('"Maya"', '"Sam"')


def _server(url: str, tmp_path: Path, **changes: Any) -> TestClient:
    settings = Settings(database_url=url, today=START, data_dir=tmp_path / "data", **changes)
    return TestClient(create_app(settings), base_url="http://127.0.0.1")


def _rows(client: TestClient) -> dict[str, Any]:
    """Everything the server holds, by athlete name (a backup names, never numbers)."""
    return {a["name"]: a for a in dump(client.app.state.store)["athletes"]}  # type: ignore[attr-defined]


def _maya_with_history(client: TestClient) -> bytes:
    athlete = _maya(client)
    url = f"/api/v1/athletes/{athlete}"
    _log(client, athlete, exercise="db-romanian-deadlift", reps=6, weight=50, rir=2)
    run = {"date": START.isoformat(), "distance_m": 8000, "duration_s": 2700}
    assert client.post(f"{url}/log/runs", json=run).status_code == 201
    swap = {"date": START.isoformat(), "exercise": "decline-push-up", "reason": "too-hard"}
    assert client.post(f"{url}/swaps", json=swap).status_code == 201
    assert client.post(f"{url}/plan/moves", json={"day": "2026-12-03", "to": "2026-12-02"}).status_code == 201
    assert client.post(f"{url}/calendar-feed").status_code in (200, 201)
    got = client.get(f"{url}/exports/backup")
    assert got.status_code == 200
    return got.content


def test_the_api_restores_a_runner_beside_the_others_or_nothing(
    api_client: TestClient, databases: Databases, db_url: str, tmp_path: Path
):
    backup = _maya_with_history(api_client)
    before = _rows(api_client)
    same = api_client.post("/api/v1/athletes/restore", content=backup, headers=JSON)
    assert same.status_code == 422 and "'Maya' is a runner here already" in same.json()["detail"]
    assert _rows(api_client) == before

    with _server(databases.like(db_url), tmp_path) as other:
        store = other.app.state.store  # type: ignore[attr-defined]
        add_runner(store, SAM, "sam.toml", START, NOW)
        sam = _rows(other)
        whole = json.dumps(dump(api_client.app.state.store) | {"athletes": [*before.values(), *sam.values()]})  # type: ignore[attr-defined]
        refusals = {
            "backup: expected one runner's backup": whole.encode(),
            "not valid JSON": b"{ not json",
            "backup: expected format 'runlift-backup'": b'{"format": "something else", "athletes": []}',
            "sets[0].reps: expected 0 to 10000, got -5": _bad_set(
                backup
            ),  # the checking pass reads every row before anything is written
        }
        for words, body in refusals.items():
            refused = other.post("/api/v1/athletes/restore", content=body, headers=JSON)
            assert refused.status_code == 422 and words in refused.json()["detail"], (words, refused.text)
        assert other.post("/api/v1/athletes/restore", content=backup).status_code == 415
    with _server(databases.like(db_url), tmp_path, upload_limit=1024 * 1024) as small:
        padded = backup.rstrip()[:-1] + b', "padding": "' + b"x" * (1024 * 1024) + b'"}'
        refused = small.post("/api/v1/athletes/restore", content=padded, headers=JSON)
        assert refused.status_code == 413, refused.text  # as an import past the limit (web/api/imports.py)
        assert refused.json()["detail"] == "body: expected a backup of at most 1 MB, got more"
        assert refused.json()["type"] == "urn:runlift:problem:too-large" and _rows(small) == {}
        assert _rows(other) == sam  # nothing of any of them written

        got = other.post("/api/v1/athletes/restore", content=backup, headers=JSON)
        assert got.status_code == 201, got.text
        assert got.json()["name"] == "Maya" and got.json()["athlete_id"] != 1
        assert _rows(other) == {**sam, "Maya": before["Maya"]}  # exactly as backed up, beside Sam
        today = other.get(f"/a/{got.json()['athlete_id']}/today").text
        assert 'data-exercise="push-up"' in today and 'aria-pressed="true"' in today  # her swap, her set

        # a clash only writing finds (her calendar feed's token is here already: she is renamed here first):
        # the transaction is undone, nothing of her second copy stays
        with store.transaction() as db:
            from runlift.store.tables import AthleteRow

            db.query(AthleteRow).filter(AthleteRow.name == "Maya").update({"name": "Maya B"})
        held = _rows(other)
        clash = other.post("/api/v1/athletes/restore", content=backup, headers=JSON)
        assert clash.status_code == 422 and "calendar_feeds" in clash.json()["detail"], clash.text
        assert _rows(other) == held


def _bad_set(backup: bytes) -> bytes:
    doc = json.loads(backup)
    bad = copy.deepcopy(doc)
    sessions = bad["athletes"][0]["lift_sessions"]
    sessions[-1]["sets"][-1]["reps"] = -5
    return json.dumps(bad).encode()


def test_the_settings_page_restores_an_upload_and_the_uploader_owns_it(
    api_client: TestClient, databases: Databases, db_url: str, tmp_path: Path
):
    backup = _maya_with_history(api_client)
    multi = {"multi_user": True, "secret_key": SecretStr(SECRET), "jobs_in_app": False, **FAST}
    with _server(databases.like(db_url), tmp_path, **multi) as other:
        store = other.app.state.store  # type: ignore[attr-defined]
        add_runner(store, SAM, "sam.toml", START, NOW)
        accounts.add_user(store, "sam@example.org", PASSWORD, NOW, HASHER, athlete="Sam")
        accounts.add_user(store, "stranger@example.org", PASSWORD, NOW, HASHER)
        signed = other.post("/api/v1/auth/login", json={"email": "sam@example.org", "password": PASSWORD})
        assert signed.status_code == 200
        csrf = other.cookies["runlift_csrf"]
        page = other.get("/a/1/settings").text
        assert 'data-testid="restore"' in page and 'action="/a/1/settings/restore"' in page
        held = _rows(other)

        def upload(body: bytes, token: str = csrf) -> Any:
            files = {"backup": ("runlift-backup.json", body, "application/json")}
            return other.post("/a/1/settings/restore", data={"csrf": token}, files=files, follow_redirects=False)

        assert upload(backup, "forged").status_code == 403
        refused = upload(b"[1, 2")
        assert refused.status_code == 422 and 'data-testid="restore-problem"' in refused.text
        assert "Not restored: backup: not valid JSON" in refused.text
        assert _rows(other) == held
        done = upload(backup)
        assert done.status_code == 303 and done.headers["location"] == "/a/2/today", done.text
        assert other.get("/a/2/today").status_code == 200 and "Maya" in _rows(other)
        assert store.athlete_id("Maya") == 2
        stranger = other.post("/api/v1/auth/login", json={"email": "stranger@example.org", "password": PASSWORD})
        assert stranger.status_code == 200
        assert other.get("/a/2/today").status_code == 404  # Sam's now, not the stranger's
