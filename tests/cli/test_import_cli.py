"""`runlift import` through the entry point: idempotent, atomic per file, honest per batch."""

from __future__ import annotations

import gzip
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from tests.cli.test_cli import SEED_M
from tests.cli.test_log_cli import cli, ok
from tests.conftest import SHARED

STRAVA = SHARED / "realdata" / "strava" / "strava-activity-map__activities.csv"
needs_realdata = pytest.mark.skipif(not STRAVA.exists(), reason=f"{STRAVA} not here (shared/ is laid beside the repo)")


@pytest.fixture
def athlete(tmp_path: Path, db_url: str) -> str:
    path = tmp_path / "maya.toml"
    path.write_text(SEED_M)
    ok(cli(db_url, "athlete", "add", str(path)))
    return db_url


@needs_realdata
def test_a_strava_export_imports_once_and_feeds_the_running_log(athlete: str, tmp_path: Path):
    export = tmp_path / "export.zip"
    with zipfile.ZipFile(export, "w") as z:
        z.write(STRAVA, "activities.csv")
    first = json.loads(ok(cli(athlete, "import", str(export), "--json")).stdout)
    assert first["imported"] == 1 and first["skipped"] == [] and len(first["activities"]) > 1000
    again = json.loads(ok(cli(athlete, "import", str(export), "--json")).stdout)
    assert {k: again[k] for k in ("files", "imported", "duplicates", "skipped", "warnings", "activities")} == {
        "files": 1,
        "imported": 0,
        "duplicates": 1,
        "skipped": [],
        "warnings": [],
        "activities": [],
    }
    assert again["matched"] == [{"path": f"{export}!activities.csv", "activities": first["activities"]}]
    listed = json.loads(ok(cli(athlete, "activities", "--json")).stdout)
    assert len(listed) == len(set(first["activities"]))
    assert {
        "id",
        "start",
        "sport",
        "distance_m",
        "moving_s",
        "elapsed_s",
        "avg_hr",
        "max_hr",
        "ascent_m",
        "source",
        "sha256",
    } <= set(listed[0])
    sports = {a["sport"] for a in listed}
    assert "running" in sports and "cycling" in sports  # everything kept, runs are runs
    history = json.loads(ok(cli(athlete, "history", "--json")).stdout)
    assert history["runs"] and all(r["source"] == "strava" for r in history["runs"])


def test_bad_files_are_reported_and_skipped_the_rest_imported(athlete: str, tmp_path: Path):
    good = tmp_path / "activities.csv"
    good.write_text(
        "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance\n"
        '1,"Nov 20, 2026, 6:30:05 AM",Morning Run,Run,3060,10.0\n'
    )
    empty = tmp_path / "empty.gpx"
    empty.write_bytes(b"")
    broken_gz = tmp_path / "run.fit.gz"
    broken_gz.write_bytes(b"not gzip at all")
    odd = tmp_path / "notes.txt"
    odd.write_text("hello")
    out = cli(athlete, "import", str(good), str(empty), str(broken_gz), str(odd), "--json")
    assert out.returncode == 3, out.stderr
    doc = json.loads(out.stdout)
    assert doc["imported"] == 1 and len(doc["activities"]) == 1
    reasons = {Path(s["path"]).name: s["reason"] for s in doc["skipped"]}
    assert "empty file" in reasons["empty.gpx"]
    assert "not a readable .gz file" in reasons["run.fit.gz"]
    assert "not a FIT, GPX, TCX" in reasons["notes.txt"]


def test_strict_stops_at_the_first_bad_file_and_writes_nothing(athlete: str, tmp_path: Path):
    good = tmp_path / "activities.csv"
    good.write_text(
        "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance\n"
        '1,"Nov 20, 2026, 6:30:05 AM",Morning Run,Run,3060,10.0\n'
    )
    bad = tmp_path / "z-bad.csv"
    bad.write_text(
        "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance\n2,yesterday,Run,Run,3000,9\n"
    )
    out = cli(athlete, "import", str(good), str(bad), "--strict")
    assert out.returncode == 1 and "z-bad.csv:2: Activity Date" in out.stderr and "nothing was imported" in out.stderr
    assert json.loads(ok(cli(athlete, "activities", "--json")).stdout) == []


def test_nested_archives_and_gz_are_opened(athlete: str, tmp_path: Path):
    inner = io.BytesIO()
    csv_text = (
        "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance\n"
        '7,"Nov 21, 2026, 7:00:00 AM",Easy,Run,2400,8.0\n'
    )
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("strava/activities.csv.gz", gzip.compress(csv_text.encode()))
    outer = tmp_path / "garmin-export.zip"
    with zipfile.ZipFile(outer, "w") as z:
        z.writestr("DI_CONNECT/part1.zip", inner.getvalue())
    folder = tmp_path / "folder"
    folder.mkdir()
    shutil.copy(outer, folder / outer.name)
    doc = json.loads(ok(cli(athlete, "import", str(folder), "--json")).stdout)
    assert doc["imported"] == 1 and len(doc["activities"]) == 1


HEVY = SHARED / "realdata" / "hevy" / "hevy-coach__workout_data.csv"


@pytest.mark.skipif(not HEVY.exists(), reason=f"{HEVY} not here (shared/ is laid beside the repo)")
def test_lifts_from_hevy_become_history_and_names_can_be_corrected(athlete: str):
    doc = json.loads(ok(cli(athlete, "import", str(HEVY), "--json")).stdout)
    assert doc["imported"] == 1
    history = json.loads(ok(cli(athlete, "history", "--json")).stdout)
    sets = [s for session in history["lifts"] for s in session["sets"]]
    assert len(sets) == 330 and {s["unit"] for s in sets} == {"kg"}
    review = json.loads(ok(cli(athlete, "import", "--review", "--json")).stdout)
    custom = next(r for r in review if r["exercise"].startswith("custom:"))
    moved = json.loads(ok(cli(athlete, "import", "--map", f"{custom['source']}=push-up", "--json")).stdout)
    assert moved[0]["exercise"] == "push-up" and moved[0]["sets"] > 0
    after = json.loads(ok(cli(athlete, "history", "--json")).stdout)
    assert sum(s["exercise"] == "push-up" for x in after["lifts"] for s in x["sets"]) >= moved[0]["sets"]


REAL = SHARED / "realdata"


@pytest.mark.skipif(not (REAL / "fit").exists(), reason=f"{REAL} not here (shared/ is laid beside the repo)")
def test_the_real_device_files_import_and_the_broken_ones_say_why(athlete: str):
    folders = [str(REAL / "fit"), str(REAL / "gpx"), str(REAL / "tcx")]
    out = cli(athlete, "import", *folders, "--json")
    assert out.returncode == 3, out.stderr  # some real files are broken or are not activities
    doc = json.loads(out.stdout)
    assert doc["imported"] + doc["duplicates"] >= 70  # the same ride as FIT, GPX and TCX: one import, duplicates
    assert doc["files"] == doc["imported"] + doc["duplicates"] + len(doc["skipped"])
    reasons = {Path(s["path"].split("!")[0]).name: s["reason"] for s in doc["skipped"]}
    assert "local message 0 not defined" in reasons["fit4s__610464_no_defmsg.fit"]
    assert "not an activity file" in reasons["fitparse__Settings.fit"]
    assert "line 4653" in reasons["runpandas__malformed.tcx"] or "4653" in reasons["runpandas__malformed.tcx"]
    listed = json.loads(ok(cli(athlete, "activities", "--json")).stdout)
    assert {"running", "cycling", "swimming"} <= {a["sport"] for a in listed}
    again = json.loads(cli(athlete, "import", *folders, "--json").stdout)
    assert again["imported"] == 0 and again["duplicates"] == doc["imported"] + doc["duplicates"]


def _gpx(start_minutes: int) -> str:
    import datetime as dt

    t0 = dt.datetime(2026, 1, 1, 6, 0, tzinfo=dt.UTC) + dt.timedelta(minutes=start_minutes)
    points = "".join(
        f'<trkpt lat="{46.0 + i * 0.0001:.5f}" lon="14.5">'
        f"<time>{(t0 + dt.timedelta(seconds=10 * i)):%Y-%m-%dT%H:%M:%SZ}</time></trkpt>"
        for i in range(60)
    )
    return (
        f'<?xml version="1.0"?><gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">'
        f"<trk><type>running</type><trkseg>{points}</trkseg></trk></gpx>"
    )


def test_kill_9_mid_import_leaves_no_partial_activity_and_a_rerun_finishes(athlete: str, tmp_path: Path):
    """A real `runlift import` process killed once 20 files are seen committed: every file is in
    whole or not at all, and a re-run imports exactly the rest."""
    from sqlalchemy import create_engine, text

    from runlift.store.imports import activities
    from runlift.store.repo import Store
    from tests.cli.entry import killed_when
    from tests.cli.test_log_cli import cli_env

    folder = tmp_path / "runs"
    folder.mkdir()
    count = 200  # ~0.5 s of importing (CPU) left after the 20th file: the poll, as busy, sees it first
    for i in range(count):
        (folder / f"run-{i:03d}.gpx").write_text(_gpx(i * 600))

    def state() -> tuple[int, int]:
        store = Store.open(athlete)
        try:
            athlete_id = store.athlete_id(None)
            with store.engine.connect() as conn:
                files = conn.execute(text("SELECT count(*) FROM imported_files")).scalar()
            return len(activities(store, athlete_id)), int(files or 0)
        finally:
            store.engine.dispose()

    watch = create_engine(athlete)

    def twenty_files_in() -> bool:  # the marker: rows of committed files
        with watch.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM imported_files")).scalar() or 0) >= 20

    try:
        killed = killed_when(["import", str(folder)], cli_env(athlete), twenty_files_in)
    finally:
        watch.dispose()
    assert killed.returncode == -9, f"the import ended ({killed.returncode}) before 20 files were seen: {killed.stderr}"

    stored, files = state()
    assert 20 <= files < count and stored == files  # each file whole or not at all; the kill came mid-way
    out = cli(athlete, "import", str(folder), "--json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["duplicates"] == files and doc["imported"] == count - files
    assert state() == (count, count)


def test_an_archive_read_on_two_processes_imports_as_on_one(tmp_path: Path, db_url: str):
    """--jobs 2 reads in worker processes; the stored result is the one the in-process read gives."""
    from tests.fitgen import archive

    folder = tmp_path / "garmin"
    folder.mkdir()
    for name, data in archive(24, seed=5, minutes_scale=0.2):
        (folder / name).write_bytes(data)
    (folder / "broken.fit").write_bytes(archive(1, seed=6)[0][1][:3000])
    listings = []
    for url, jobs in ((db_url, "2"), (f"sqlite:///{tmp_path / 'in-process.db'}", "1")):
        profile = tmp_path / "maya.toml"
        profile.write_text(SEED_M)
        ok(cli(url, "athlete", "add", str(profile)))
        done = cli(url, "import", str(folder), "--jobs", jobs, "--json")
        assert done.returncode == 3, done.stderr
        result = json.loads(done.stdout)
        assert (result["imported"], result["duplicates"]) == (24, 0)
        assert [s["path"] for s in result["skipped"]] == [str(folder / "broken.fit")]
        again = json.loads(cli(url, "import", str(folder), "--jobs", jobs, "--json").stdout)
        assert (again["imported"], again["duplicates"]) == (0, 24)
        listed = json.loads(ok(cli(url, "activities", "--json")).stdout)
        listings.append([{k: v for k, v in a.items() if k != "id"} for a in listed])
    assert len(listings[0]) == 24
    assert listings[0] == listings[1]
