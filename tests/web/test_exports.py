"""Exports through the API (SQLite and PostgreSQL): media types, file names, and the same bytes the
CLI's `runlift export …` and `runlift backup` write."""

from __future__ import annotations

import io
import zipfile

from fastapi.testclient import TestClient

from tests.web.test_log import RUNNER, maya  # noqa: F401  (the fixture)


def test_the_calendar_and_the_printable_plan(api_client: TestClient, maya: str):  # noqa: F811
    ics = api_client.get(f"{maya}/exports/ics")
    assert ics.status_code == 200, ics.text
    assert ics.headers["content-type"] == "text/calendar; charset=utf-8"
    assert ics.headers["content-disposition"] == 'attachment; filename="runlift-plan.ics"'
    assert ics.text.startswith("BEGIN:VCALENDAR") and ics.text.count("BEGIN:VEVENT") > 0
    again = api_client.get(f"{maya}/exports/ics")
    uids = [line for line in ics.text.splitlines() if line.startswith("UID:")]
    assert uids == [line for line in again.text.splitlines() if line.startswith("UID:")]  # stable UIDs
    with_runs = api_client.get(f"{maya}/exports/ics", params={"runs": "true"}).text
    assert with_runs.count("BEGIN:VEVENT") > ics.text.count("BEGIN:VEVENT")
    page = api_client.get(f"{maya}/exports/plan.html")
    assert page.status_code == 200 and page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.headers["content-disposition"].startswith("inline;") and "<html" in page.text.lower()


def test_watch_workouts_and_the_log_as_csv_are_zips(api_client: TestClient, maya: str):  # noqa: F811
    fit = api_client.get(f"{maya}/exports/workouts.zip", params={"weeks": 1})
    assert fit.status_code == 200 and fit.headers["content-type"] == "application/zip"
    assert fit.headers["content-disposition"] == 'attachment; filename="runlift-workouts.zip"'
    names = zipfile.ZipFile(io.BytesIO(fit.content)).namelist()
    assert names and all(n.endswith("-lift.fit") for n in names)
    member = zipfile.ZipFile(io.BytesIO(fit.content)).read(names[0])
    assert member[8:12] == b".FIT"
    more = zipfile.ZipFile(io.BytesIO(api_client.get(f"{maya}/exports/workouts.zip", params={"weeks": 3}).content))
    assert len(more.namelist()) > len(names)
    assert api_client.get(f"{maya}/exports/workouts.zip", params={"weeks": 27}).status_code == 422

    api_client.post(f"{maya}/log/runs", json={"distance_m": 10000, "duration_s": 3150, "type": "tempo"})
    csv = api_client.get(f"{maya}/exports/csv")
    assert csv.status_code == 200 and csv.headers["content-type"] == "application/zip"
    tables = zipfile.ZipFile(io.BytesIO(csv.content))
    assert "runs.csv" in tables.namelist() and "lift_sets.csv" in tables.namelist()
    runs = tables.read("runs.csv").decode().splitlines()
    assert runs[0].startswith("date,type") and runs[1].startswith("2026-11-30,tempo,10000")


def test_the_backup_holds_only_this_athlete_and_restores(api_client: TestClient, maya: str, tmp_path):  # noqa: F811
    other = RUNNER.replace('name = "Maya"', 'name = "Ines"')
    assert (
        api_client.post("/api/v1/athletes", content=other, headers={"content-type": "application/toml"}).status_code
        == 201
    )
    api_client.post(f"{maya}/log/pain", json={"area": "knee", "score": 2})
    got = api_client.get(f"{maya}/exports/backup")
    assert got.status_code == 200 and got.headers["content-type"] == "application/json"
    assert got.headers["content-disposition"] == 'attachment; filename="runlift-backup.json"'
    doc = got.json()
    assert doc["format"] == "runlift-backup" and [a["name"] for a in doc["athletes"]] == ["Maya"]
    assert doc["athletes"][0]["pain"][0]["score"] == 2

    from runlift.app.backup import backup, restore
    from runlift.store.repo import Store

    fresh = Store.open(f"sqlite:///{tmp_path / 'restored.db'}")
    assert restore(fresh, doc) == 1
    assert backup(fresh, fresh.athlete_id("Maya")) == doc  # (a whole-store backup adds the accounts)
