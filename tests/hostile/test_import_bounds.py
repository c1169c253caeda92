"""Hostile imports (issue #11): each input is built here, run through the entry point, and must end as
that file's own error (skipped with its reason, exit 3) while the good files of the batch import, in
bounded time and memory; counts add up (files = imported + duplicates + skipped); a damaged FIT file
imports with a warning (issue #10)."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from tests.cli.entry import invoke
from tests.cli.test_cli import RUNLIFT, SEED_M
from tests.dbs import Databases
from tests.fitgen import archive

MONDAY = "2026-11-30"
# What the readers refuse or cut is decided before anything reaches a database: those tests run on SQLite
# only. The store's part (duplicates, a file's transaction, two imports at once) runs on both.
READERS_ONLY = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def run(db: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """The installed script in its own process: hostile input never runs inside the test process."""
    full = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "RUNLIFT_TODAY": MONDAY, "RUNLIFT_DATABASE_URL": db}
    return subprocess.run([RUNLIFT, *args], capture_output=True, text=True, env={**full, **env}, timeout=120)


def cli(db: str, *args: str) -> subprocess.CompletedProcess[str]:
    """A command on input that is not hostile (add the runner, read what was stored, import plain or damaged
    files) through the entry point in this process: ~0.2 s, where a new `runlift` process costs ~1 s of CPU."""
    full = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "RUNLIFT_TODAY": MONDAY, "RUNLIFT_DATABASE_URL": db}
    return invoke(args, full)


def measured(db: str, *args: str, **env: str) -> tuple[subprocess.CompletedProcess[str], float, float]:
    """The command, its CPU seconds and its peak memory (MB), measured in a wrapper process so that only
    this command is its child (RUSAGE_CHILDREN keeps the largest child a process ever waited for).
    CPU time, not wall time: on a loaded CI machine the wall clock also counts the other tests' turns."""
    wrapper = (
        "import resource, subprocess, sys, json\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "cpu, peak = usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024\n"
        "print(json.dumps([done.returncode, done.stdout, done.stderr, cpu, peak]))\n"
    )
    full = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "RUNLIFT_TODAY": MONDAY, "RUNLIFT_DATABASE_URL": db}
    out = subprocess.run(
        [sys.executable, "-c", wrapper, RUNLIFT, *args],
        capture_output=True,
        text=True,
        env={**full, **env},
        timeout=120,
    )
    code, stdout, stderr, cpu, peak = json.loads(out.stdout)
    return subprocess.CompletedProcess(args, code, stdout, stderr), cpu, peak


@pytest.fixture
def athlete(tmp_path: Path, db_url: str) -> str:
    path = tmp_path / "maya.toml"
    path.write_text(SEED_M)
    out = cli(db_url, "athlete", "add", str(path))
    assert out.returncode == 0, out.stderr
    return db_url


def gpx(start: dt.datetime, points: int = 30, creator: str = "test", time_text: str | None = None) -> bytes:
    body = "".join(
        f'<trkpt lat="{46.0 + i * 0.0001:.5f}" lon="14.5"><ele>{300 + i % 7}</ele>'
        f"<time>{time_text or (start + dt.timedelta(seconds=10 * i)).strftime('%Y-%m-%dT%H:%M:%SZ')}</time></trkpt>"
        for i in range(points)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><gpx version="1.1" creator="{creator}" '
        f'xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type><trkseg>{body}</trkseg></trk></gpx>'
    ).encode()


def tcx(when: str) -> bytes:
    return (
        '<?xml version="1.0"?><TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">'
        f'<Activities><Activity Sport="Running"><Id>{when}</Id><Lap StartTime="{when}">'
        "<TotalTimeSeconds>600</TotalTimeSeconds><DistanceMeters>2000</DistanceMeters></Lap></Activity>"
        "</Activities></TrainingCenterDatabase>"
    ).encode()


def zip_bytes(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def patched(data: bytes, *, flags: int | None = None, method: int | None = None, size: int | None = None) -> bytes:
    """A one-member zip with its headers (local and central) changed: encryption flag, method, size."""
    out = bytearray(data)
    local, central = out.find(b"PK\x03\x04"), out.find(b"PK\x01\x02")
    for at, flag_at, method_at, size_at in ((local, 6, 8, 22), (central, 8, 10, 24)):
        if flags is not None:
            struct.pack_into("<H", out, at + flag_at, flags)
        if method is not None:
            struct.pack_into("<H", out, at + method_at, method)
        if size is not None:
            struct.pack_into("<I", out, at + size_at, size)
    return bytes(out)


def gz_of_zeros(size: int) -> bytes:
    """A gzip file that expands to `size` zero bytes, compressed as it is made (a bomb, ~1000:1)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(1024 * 1024)
    parts = [packer.compress(block) for _ in range(size // len(block))]
    return b"".join(parts) + packer.flush()


def doc_of(out: subprocess.CompletedProcess[str]) -> dict[str, object]:
    doc = json.loads(out.stdout)
    assert isinstance(doc, dict)
    skipped = doc["skipped"]
    assert isinstance(skipped, list)
    assert doc["files"] == doc["imported"] + doc["duplicates"] + len(skipped)  # every file counted once
    return doc


def reasons(doc: dict[str, object]) -> dict[str, str]:
    skipped = doc["skipped"]
    assert isinstance(skipped, list)
    return {Path(str(s["path"]).replace("!", "/")).name: str(s["reason"]) for s in skipped}


def stored(db: str) -> int:
    out = cli(db, "activities", "--json")
    assert out.returncode == 0, out.stderr
    return len(json.loads(out.stdout))


@READERS_ONLY
def test_every_hostile_file_is_its_own_error_and_the_batch_goes_on(athlete: str, tmp_path: Path):
    folder = tmp_path / "export"
    folder.mkdir()
    t0 = dt.datetime(2026, 11, 20, 6, 0, tzinfo=dt.UTC)
    (folder / "a-good.gpx").write_bytes(gpx(t0))
    plain = zip_bytes({"run.gpx": gpx(t0 + dt.timedelta(days=1))})
    (folder / "locked.zip").write_bytes(patched(plain, flags=0x1))
    (folder / "deflate64.zip").write_bytes(patched(plain, method=9))
    packed = bytearray(plain)
    start = packed.find(b"PK\x03\x04") + 30 + len("run.gpx")
    packed[start + 20 : start + 60] = bytes(range(40))  # the deflate stream itself, headers intact
    (folder / "corrupt-deflate.zip").write_bytes(bytes(packed))
    (folder / "odd-encoding.gpx").write_bytes(gpx(t0).replace(b'encoding="UTF-8"', b'encoding="x-klingon"'))
    (folder / "offset-25h.gpx").write_bytes(gpx(t0, time_text="2026-11-21T06:00:00+25:00"))
    (folder / "offset-24h.tcx").write_bytes(tcx("2026-11-21T06:00:00+24:00"))
    (folder / "year-1.gpx").write_bytes(gpx(t0, time_text="0001-01-01T00:30:00+01:00"))
    (folder / "year-1.tcx").write_bytes(tcx("0001-01-01T00:30:00+01:00"))
    (folder / "year-9999.tcx").write_bytes(tcx("9999-12-31T23:30:00-01:00"))
    (folder / "not-gzip.fit.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    (folder / "z-good.tcx").write_bytes(tcx("2026-11-25T07:00:00Z"))

    out = run(athlete, "import", str(folder), "--json")
    assert out.returncode == 3, out.stderr
    doc = doc_of(out)
    assert (doc["files"], doc["imported"], doc["duplicates"]) == (12, 2, 0)
    why = reasons(doc)
    text = {str(s["path"]): str(s["reason"]) for s in doc["skipped"]}  # type: ignore[union-attr]
    assert "password-protected" in text[f"{folder / 'locked.zip'}!run.gpx"]
    assert "Deflate64" in text[f"{folder / 'deflate64.zip'}!run.gpx"]
    assert "cannot be extracted" in text[f"{folder / 'corrupt-deflate.zip'}!run.gpx"]
    assert "unknown encoding 'x-klingon'" in why["odd-encoding.gpx"]
    assert "expected a UTC offset under 24 h" in why["offset-25h.gpx"] and "25:00" in why["offset-25h.gpx"]
    assert "Activity[1]/Id: expected an ISO 8601 time, got '2026-11-21T06:00:00+24:00'" in why["offset-24h.tcx"]
    assert "0001-01-01" in why["year-1.gpx"]
    assert "expected a time within years 1 to 9999 in UTC" in why["year-1.tcx"]
    assert "expected a time within years 1 to 9999 in UTC" in why["year-9999.tcx"]
    assert "not a readable .gz file" in why["not-gzip.fit.gz"]
    assert all("unexpected" not in reason for reason in text.values()), text  # each one a reader's own error
    assert stored(athlete) == 2


@READERS_ONLY
def test_a_gzip_bomb_is_refused_quickly_in_bounded_memory(athlete: str, tmp_path: Path):
    """256 MB of zeros in a 250 KB .gpx.gz (today: read whole, then parsed); limit set to 16 MB here."""
    bomb = tmp_path / "bomb.gpx.gz"
    bomb.write_bytes(gz_of_zeros(256 * 1024 * 1024))
    good = tmp_path / "good.gpx"
    good.write_bytes(gpx(dt.datetime(2026, 11, 20, 6, 0, tzinfo=dt.UTC)))
    out, seconds, peak_mb = measured(athlete, "import", str(bomb), str(good), "--json", RUNLIFT_IMPORT_FILE_LIMIT="16M")
    assert out.returncode == 3, out.stderr
    doc = doc_of(out)
    assert doc["imported"] == 1
    assert "expands past 16.0 MB, the limit for one file" in reasons(doc)["bomb.gpx.gz"]
    assert seconds < 10 and peak_mb < 250, (seconds, peak_mb)  # stopped at 16 MB: not 256 MB read, parsed


@READERS_ONLY
def test_nested_archives_share_one_budget_and_a_lying_header_is_cut(athlete: str, tmp_path: Path):
    """A .gz inside a zip inside a zip draws on the batch's budget; a member whose header says 1 KB but
    holds 8 MB is stopped at the size it declared."""
    member = gz_of_zeros(3 * 1024 * 1024)  # 3 MB each once expanded
    inner = zip_bytes({f"part{i}.gpx.gz": member for i in range(4)}, zipfile.ZIP_STORED)
    (tmp_path / "nested.zip").write_bytes(zip_bytes({"inner.zip": inner}))
    liar = zip_bytes({"liar.gpx": bytes(8 * 1024 * 1024)})
    (tmp_path / "liar.zip").write_bytes(patched(liar, size=1024))
    out = run(
        athlete,
        "import",
        str(tmp_path / "liar.zip"),
        str(tmp_path / "nested.zip"),
        "--json",
        RUNLIFT_IMPORT_BATCH_LIMIT="8M",
    )
    assert out.returncode == 3, out.stderr
    doc = doc_of(out)
    why = {str(s["path"]).rsplit("!", 1)[-1]: str(s["reason"]) for s in doc["skipped"]}  # type: ignore[union-attr]
    assert "expands past what is left (2.0 MB) of the 8.0 MB one import may decompress" in why["part2.gpx.gz"]
    assert (
        "expands past what is left (0.0 MB)" in why["part3.gpx.gz"]
    )  # the liar, the inner zip, 3 + 3 MB, then 2 MB of part 2: spent
    assert "cannot be extracted" in why["liar.gpx"]  # read up to its declared 1 KB, then its CRC fails
    assert doc["imported"] == 0 and stored(athlete) == 0


def test_a_damaged_fit_file_imports_with_a_warning(athlete: str, tmp_path: Path):
    from runlift.importers import fit_summary

    name, data = archive(1, seed=11)[0]
    damaged = b""
    at = len(data) // 2
    while True:  # a byte of a record's values: the file still decodes, its CRC no longer matches
        candidate = bytearray(data)
        candidate[at] ^= 0x01
        try:
            if fit_summary.read(bytes(candidate), name).activities:
                damaged = bytes(candidate)
                break
        except Exception:
            pass
        at += 1
    path = tmp_path / name
    path.write_bytes(damaged)
    out = cli(athlete, "import", str(path), "--json")  # damaged, not hostile: in this process
    assert out.returncode == 0, out.stderr
    doc = doc_of(out)
    assert doc["imported"] == 1
    assert doc["warnings"] == [
        {"path": str(path), "reason": doc["warnings"][0]["reason"]}  # type: ignore[index]
    ]
    assert "CRC of the file: expected 0x" in doc["warnings"][0]["reason"]  # type: ignore[index]
    other = bytearray(damaged)
    other[at + 1] ^= 0x01  # another byte of the same value: another damaged copy of the same activity
    second = tmp_path / "second.fit"
    second.write_bytes(bytes(other))
    summary = cli(athlete, "import", str(second))
    assert summary.returncode == 0, summary.stderr
    assert "1 file(s): 0 imported, 1 already there, 0 skipped." in summary.stdout
    assert f"Warning: {second}: CRC of the file" in summary.stdout


def test_counts_add_up_with_the_activity_each_duplicate_matched(athlete: str, tmp_path: Path):
    t0 = dt.datetime(2026, 11, 20, 6, 0, tzinfo=dt.UTC)
    folder = tmp_path / "ride"
    folder.mkdir()
    (folder / "a.gpx").write_bytes(gpx(t0))
    (folder / "b-same-bytes.gpx").write_bytes(gpx(t0))  # the same content: a duplicate by its hash
    (folder / "c-other-app.gpx").write_bytes(gpx(t0, creator="another app"))  # the same run, other bytes
    (folder / "d-broken.gpx").write_bytes(b"<gpx")
    out = cli(athlete, "import", str(folder), "--json")  # counting, nothing hostile: in this process
    assert out.returncode == 3, out.stderr
    doc = doc_of(out)
    assert (doc["files"], doc["imported"], doc["duplicates"], len(doc["skipped"])) == (4, 1, 2, 1)  # type: ignore[arg-type]
    ids = doc["activities"]
    assert isinstance(ids, list) and len(set(ids)) == 1
    assert doc["matched"] == [
        {"path": str(folder / "b-same-bytes.gpx"), "activities": ids[:1]},
        {"path": str(folder / "c-other-app.gpx"), "activities": ids[:1]},
    ]
    again = doc_of(cli(athlete, "import", str(folder), "--json"))
    assert (again["files"], again["imported"], again["duplicates"]) == (4, 0, 3)


def test_two_imports_of_the_same_files_at_once_store_each_once(athlete: str, tmp_path: Path):
    """Two processes, one folder: whichever writes a file second finds it there (a duplicate, not a crash)."""
    folder = tmp_path / "runs"
    folder.mkdir()
    t0 = dt.datetime(2026, 10, 1, 6, 0, tzinfo=dt.UTC)
    for i in range(30):
        (folder / f"run-{i:02d}.gpx").write_bytes(gpx(t0 + dt.timedelta(days=i), points=20))
    env = {**os.environ, "RUNLIFT_TODAY": MONDAY, "RUNLIFT_DATABASE_URL": athlete}
    command = [RUNLIFT, "import", str(folder), "--json", "--jobs", "1"]
    first = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    results = [p.communicate(timeout=120) + (p.returncode,) for p in (first, second)]
    docs = []
    for stdout, stderr, code in results:
        assert code == 0, stderr
        docs.append(doc_of(subprocess.CompletedProcess([], code, stdout, stderr)))
    assert all(d["files"] == 30 and d["skipped"] == [] for d in docs)
    assert sum(int(d["imported"]) for d in docs) == 30  # type: ignore[call-overload]
    assert stored(athlete) == 30


def test_the_second_writer_of_a_file_finds_it_there(athlete: str, tmp_path: Path):
    """The race above, made certain: this import's list of known files is older than the other's write."""
    from runlift.app.imports import _Batch
    from runlift.core.profile import Units
    from runlift.importers.driver import Source
    from runlift.importers.pipeline import read_all
    from runlift.store.imports import ActivityStarts, write_files
    from runlift.store.repo import Store

    data = gpx(dt.datetime(2026, 11, 2, 6, 0, tzinfo=dt.UTC))
    [(_, read)] = list(read_all([Source("run.gpx", data, len(data), "gpx", True)], Units.KG, jobs=1))
    assert not isinstance(read, str)
    now = dt.datetime(2026, 11, 30, tzinfo=dt.UTC)
    mine, other = Store.open(athlete), Store.open(athlete)
    try:
        athlete_id = mine.athlete_id(None)
        batch = _Batch(mine, athlete_id, strict=False, known=set())  # read before the other import wrote
        starts = ActivityStarts(mine, athlete_id)
        written = write_files(other, athlete_id, [read], now)
        batch.write(read, now, starts)
        assert batch.result.duplicates == [{"path": "run.gpx", "activities": written.activity_ids}]
        assert batch.result.skipped == [] and batch.result.files == 1
    finally:
        mine.engine.dispose()
        other.engine.dispose()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("plan", "{profile}", "--start", "0001-01-01"), "--start: expected a date from 1900-01-01 to 2200-12-31"),
        (("plan", "{profile}", "--start", "9999-12-31"), "--start: expected a date from 1900-01-01 to 2200-12-31"),
        (("activities", "--since", "9999-12-31"), "--since: expected a date from 1900-01-01 to 2200-12-31"),
        (("plan", "{deep}"), "deep.toml: expected a runner's file, got TOML nested too deep to read"),
        (("restore", "{json}"), "deep.json: expected a runlift backup, got JSON nested too deep to read"),
    ],
)
def test_dates_out_of_range_and_deep_nesting_are_one_line_errors(tmp_path: Path, args: tuple[str, ...], message: str):
    profile = tmp_path / "maya.toml"
    profile.write_text(SEED_M)
    deep = tmp_path / "deep.toml"
    deep.write_text("a = " + "[" * 50_000 + "]" * 50_000 + "\n")
    nested = tmp_path / "deep.json"
    nested.write_text("[" * 50_000 + "]" * 50_000)
    db = f"sqlite:///{tmp_path / 'runlift.db'}"
    if args[0] == "activities":
        assert cli(db, "athlete", "add", str(profile)).returncode == 0
    filled = [a.format(profile=profile, deep=deep, json=nested) for a in args]
    # a date out of range is no hostile input: it runs in this process; a file nested too deep in its own
    out = run(db, *filled) if "deep" in message else cli(db, *filled)
    assert out.returncode == 1
    assert out.stderr.startswith("Error: ") and message in out.stderr and out.stderr.count("\n") == 1, out.stderr


def strong_rows(path: Path, rows: int, bad_line: int | None = None) -> None:
    t0 = dt.datetime(2020, 1, 6, 17, 0)
    with path.open("w") as out:
        out.write("Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n")
        for i in range(rows):
            weight = "heavy" if bad_line is not None and i + 2 == bad_line else "60"
            out.write(
                f"{t0 + dt.timedelta(days=i // 10):%Y-%m-%d %H:%M:%S},Legs,Squat (Barbell),{i % 10 + 1},{weight},5\n"
            )


def test_a_long_strong_history_is_read_in_memory_independent_of_its_rows(
    athlete: str, tmp_path: Path, databases: Databases
):
    """2,000 and 20,000 sets: the same peak memory (before, ~5 KB a set: +90 MB), every set stored."""
    small, large = tmp_path / "small.csv", tmp_path / "large.csv"
    strong_rows(small, 2_000)
    strong_rows(large, 20_000)
    peaks = []
    for path in (small, large):
        db = databases.like(athlete)  # an empty database of the test's kind for each file
        assert cli(db, "athlete", "add", str(tmp_path / "maya.toml")).returncode == 0
        out, _seconds, peak = measured(db, "import", str(path), "--json")
        assert out.returncode == 0, out.stderr
        assert doc_of(out)["imported"] == 1
        peaks.append(peak)
    assert peaks[1] - peaks[0] < 30, peaks
    history = cli(db, "history", "--json", "--since", "2020-01-01")
    sets = [s for session in json.loads(history.stdout)["lifts"] for s in session["sets"]]
    assert len(sets) == 20_000


def test_a_bad_row_deep_in_a_csv_keeps_nothing_of_that_file(athlete: str, tmp_path: Path):
    bad = tmp_path / "strong.csv"
    strong_rows(bad, 3_000, bad_line=2_500)
    good = tmp_path / "good.gpx"
    good.write_bytes(gpx(dt.datetime(2026, 11, 20, 6, 0, tzinfo=dt.UTC)))
    out = cli(athlete, "import", str(bad), str(good), "--json")  # a bad row, not hostile: in this process
    assert out.returncode == 3, out.stderr
    doc = doc_of(out)
    assert doc["imported"] == 1
    assert reasons(doc)["strong.csv"] == f"{bad}:2500: Weight: expected a number, got 'heavy'"
    history = json.loads(cli(athlete, "history", "--json", "--since", "2020-01-01").stdout)
    assert history["lifts"] == []


@READERS_ONLY
def test_files_only_the_slow_full_readers_could_read_are_refused_quickly(athlete: str, tmp_path: Path):
    """A trailing byte after 9 MB of FIT (fitdecode: ~25 s here) or after 5,000 chained empty FIT files
    (~1 s a thousand), and a 33 MB GPX 1.0 (gpxpy: 10-19x its size in memory) are refused at once."""
    import dataclasses
    import random

    from tests.fitgen import activity_file, shapes

    six_hours = dataclasses.replace(shapes(1, seed=3)[0], seconds=6 * 3600, step_s=1)
    largest = activity_file(six_hours, random.Random(3))  # ~570 KB: 9 MB of them chain 17 files
    (tmp_path / "long.fit").write_bytes(largest * (9 * 1024 * 1024 // len(largest) + 1) + b"\x00")
    header = struct.pack("<2BHI4s", 14, 0x10, 2000, 0, b".FIT") + b"\x00\x00"
    (tmp_path / "chained.fit").write_bytes(largest + (header + b"\x00\x00") * 5_000 + b"\x00")
    point = b'<trkpt lat="46.0" lon="14.5"><time>2026-01-01T06:00:00Z</time></trkpt>\n'
    old = b'<?xml version="1.0"?><gpx version="1.0" creator="x"><trk><trkseg>'
    (tmp_path / "old.gpx").write_bytes(old + point * (33 * 1024 * 1024 // len(point)) + b"</trkseg></trk></gpx>")
    names = [str(tmp_path / name) for name in ("long.fit", "chained.fit", "old.gpx")]
    out, seconds, peak_mb = measured(athlete, "import", *names, "--json")
    assert out.returncode == 3, out.stderr
    why = reasons(doc_of(out))
    assert "needs the full decoder, which reads files of at most 8 MB, got 9." in why["long.fit"]
    assert "needs the full decoder, which reads at most 64 FIT files chained in one, got 5001" in why["chained.fit"]
    assert "needs the full GPX reader, which reads files of at most 32 MB, got 33.0 MB" in why["old.gpx"]
    assert seconds < 10 and peak_mb < 300, (seconds, peak_mb)
