"""Imports as jobs (issue #12): queued with their files in the database, claimed under a lease, run by a
worker, run again from the start when a worker dies, finished once; hostile uploads refused before they
are stored or ended as their file's own problem, with nothing of them written. On SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import io
import re
import threading
import time
from pathlib import Path
from typing import BinaryIO

import pytest
from sqlalchemy import func, select

from runlift.app import jobs
from runlift.app.jobs import LeaseLost, Worker, run_import, run_next, submit_import
from runlift.app.uploads import UploadRefused
from runlift.importers.driver import Limits, MiB
from runlift.store.imports import activities
from runlift.store.jobs import DONE, FAILED, QUEUED, RUNNING, claim, finish, get_job, heartbeat
from runlift.store.repo import Store
from runlift.store.tables import JobChunkRow, JobFileRow, JobRow
from tests.cli.test_cli import SEED_M
from tests.dbs import Databases
from tests.hostile.test_import_bounds import gpx, gz_of_zeros, zip_bytes

T0 = dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)
LEASE = dt.timedelta(seconds=60)


@pytest.fixture
def athlete(store: Store) -> int:
    return store.save_profile("Maya", SEED_M, dt.date(2026, 11, 30), T0).athlete_id


def runs(n: int, first: int = 0) -> dict[str, bytes]:
    """`n` distinct GPX runs, one a day."""
    return {f"run-{i:03d}.gpx": gpx(T0 - dt.timedelta(days=100 - i), points=12) for i in range(first, first + n)}


def upload(tmp_path: Path, name: str, data: bytes) -> tuple[str | None, BinaryIO]:
    return name, io.BytesIO(data)


def count(store: Store, table: type) -> int:
    with store.transaction() as db:
        return int(db.scalar(select(func.count()).select_from(table)) or 0)


class Clock:
    def __init__(self, at: dt.datetime = T0) -> None:
        self.at = at

    def __call__(self) -> dt.datetime:
        return self.at


def test_a_queued_import_runs_and_its_bytes_go_with_it(store: Store, athlete: int, tmp_path: Path):
    files = [upload(tmp_path, "export.zip", zip_bytes(runs(5))), upload(tmp_path, "../../lonely.gpx", gpx(T0))]
    job, created = submit_import(store, athlete, files, T0)
    assert created and job.status == QUEUED and [f.name for f in job.files] == ["export.zip", "lonely.gpx"]
    assert job.progress_total == sum(len(f.getvalue()) for _, f in files) and count(store, JobChunkRow) == 2

    assert run_next(store, Clock(T0)) is not None
    done = get_job(store, athlete, job.id)
    assert done.status == DONE and done.attempts == 1 and done.error is None
    assert done.progress_done == done.progress_total
    assert done.result is not None and (done.result["files"], done.result["imported"]) == (6, 6)
    assert len(activities(store, athlete)) == 6
    assert count(store, JobChunkRow) == 0 and count(store, JobFileRow) == 2  # the bytes go, the names stay
    assert run_next(store, Clock(T0)) is None  # nothing left to run


def test_the_same_idempotency_key_is_the_same_job(store: Store, athlete: int, tmp_path: Path):
    files = [upload(tmp_path, "a.gpx", gpx(T0))]
    first, created = submit_import(store, athlete, files, T0, key="k-1")
    again, created_again = submit_import(store, athlete, [upload(tmp_path, "b.gpx", gpx(T0))], T0, key="k-1")
    assert created and not created_again and again.id == first.id and [f.name for f in again.files] == ["a.gpx"]
    assert count(store, JobRow) == 1 and count(store, JobFileRow) == 1
    other = store.save_profile("Sam", SEED_M.replace("Maya", "Sam"), dt.date(2026, 11, 30), T0).athlete_id
    theirs, created = submit_import(store, other, files, T0, key="k-1")  # keys are per athlete
    assert created and theirs.id != first.id
    with pytest.raises(Exception, match="no job"):
        get_job(store, other, first.id)  # another athlete's job is not found


def test_a_job_whose_worker_died_is_run_again_after_its_lease_and_finishes_once(
    store: Store, athlete: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    job, _ = submit_import(store, athlete, [upload(tmp_path, "export.zip", zip_bytes(runs(8)))], T0)
    clock = Clock(T0)
    dead = claim(store, "worker-a", clock(), LEASE)
    assert dead is not None and dead.id == job.id

    beats = {"n": 0}
    real = jobs.heartbeat

    def dies_on_the_third_beat(*args: object, **kwargs: object) -> bool:
        beats["n"] += 1
        if beats["n"] == 3:
            raise SystemExit("killed")  # the process ends mid-import: the job is left running
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(jobs, "heartbeat", dies_on_the_third_beat)
    with pytest.raises(SystemExit):
        run_import(store, dead, "worker-a", clock, LEASE, heartbeat_s=0)
    monkeypatch.setattr(jobs, "heartbeat", real)
    half = len(activities(store, athlete))
    assert 0 < half < 8 and get_job(store, athlete, job.id).status == RUNNING

    clock.at = T0 + dt.timedelta(seconds=59)
    assert claim(store, "worker-b", clock(), LEASE) is None  # the lease still holds
    clock.at = T0 + dt.timedelta(seconds=61)
    assert run_next(store, clock, LEASE) is not None  # another worker takes it over and runs it to the end
    done = get_job(store, athlete, job.id)
    assert done.status == DONE and done.attempts == 2 and done.result is not None
    assert (done.result["files"], done.result["imported"] + done.result["duplicates"]) == (8, 8)
    assert len(activities(store, athlete)) == 8  # every run once: the dead worker's files were found there
    # the dead worker comes back: it holds no lease, so it cannot end the job or renew it
    assert not heartbeat(store, job.id, "worker-a", clock(), LEASE, 1)
    assert not finish(store, job.id, "worker-a", clock(), FAILED, None, "late")
    assert get_job(store, athlete, job.id).status == DONE


def test_a_worker_that_lost_its_lease_stops_and_changes_nothing(store: Store, athlete: int, tmp_path: Path):
    job, _ = submit_import(store, athlete, [upload(tmp_path, "export.zip", zip_bytes(runs(3)))], T0)
    clock = Clock(T0)
    slow = claim(store, "worker-a", clock(), LEASE)
    assert slow is not None
    clock.at = T0 + dt.timedelta(seconds=61)  # it stalled past its lease; another worker took the job
    taken = claim(store, "worker-b", clock(), LEASE)
    assert taken is not None and taken.id == job.id and taken.attempts == 2
    with pytest.raises(LeaseLost):
        run_import(store, slow, "worker-a", clock, LEASE, heartbeat_s=0)
    assert get_job(store, athlete, job.id).status == RUNNING  # still worker b's to end
    run_import(store, taken, "worker-b", clock, LEASE)
    assert get_job(store, athlete, job.id).status == DONE and len(activities(store, athlete)) == 3


def test_a_job_that_keeps_killing_its_workers_is_failed(store: Store, athlete: int, tmp_path: Path):
    job, _ = submit_import(store, athlete, [upload(tmp_path, "a.gpx", gpx(T0))], T0)
    at = T0
    for attempt in range(3):
        claimed = claim(store, f"worker-{attempt}", at, LEASE)
        assert claimed is not None and claimed.attempts == attempt + 1
        at += dt.timedelta(seconds=61)
    assert claim(store, "worker-3", at, LEASE) is None
    failed = get_job(store, athlete, job.id)
    assert failed.status == FAILED and "stopped 3 times" in (failed.error or "")


def test_two_workers_never_run_the_same_job(store: Store, athlete: int, tmp_path: Path):
    for i in range(6):
        submit_import(store, athlete, [upload(tmp_path, f"r{i}.gpx", gpx(T0 + dt.timedelta(days=i)))], T0)
    claimed: list[int] = []
    lock = threading.Lock()

    def take() -> None:
        while (job := claim(store, f"w-{threading.get_ident()}-{time.perf_counter_ns()}", T0, LEASE)) is not None:
            with lock:
                claimed.append(job.id)

    threads = [threading.Thread(target=take) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(claimed) == sorted(set(claimed)) and len(claimed) == 6


def test_the_worker_thread_runs_what_is_queued(store: Store, athlete: int, tmp_path: Path):
    worker = Worker(store, poll=0.05).start()
    try:
        job, _ = submit_import(store, athlete, [upload(tmp_path, "export.zip", zip_bytes(runs(3)))], T0)
        worker.wake()
        deadline = time.monotonic() + 10
        while get_job(store, athlete, job.id).status != DONE and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        worker.stop()
    assert get_job(store, athlete, job.id).status == DONE and worker.ran == 1


# --- hostile uploads -----------------------------------------------------------------------------------

ENTITIES = (
    b'<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    b'<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>&b;</name></trk></gpx>'
)
XXE = b'<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY x SYSTEM "file:///etc/passwd">]><gpx><trk><name>&x;</name></trk></gpx>'


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("slip.zip", zip_bytes({"../../evil.gpx": gpx(T0)}), "points outside the archive (zip slip)"),
        ("abs.zip", zip_bytes({"/etc/cron.d/evil.gpx": gpx(T0)}), "points outside the archive (zip slip)"),
        ("win.zip", zip_bytes({"C:\\evil.gpx": gpx(T0)}), "points outside the archive (zip slip)"),
        ("laughs.gpx", ENTITIES, "XML file with a DTD or entities"),
        ("xxe.tcx", XXE, "XML file with a DTD or entities"),
        ("not.zip", b"PK\x03\x04 not really", "not a readable zip archive"),
    ],
)
def test_a_hostile_upload_is_refused_before_anything_is_stored(
    store: Store, athlete: int, tmp_path: Path, name: str, data: bytes, message: str
):
    good = upload(tmp_path, "good.gpx", gpx(T0))
    with pytest.raises(UploadRefused, match=re.escape(message)) as refused:
        submit_import(store, athlete, [good, upload(tmp_path, name, data)], T0, key="k")
    assert str(refused.value).startswith(name.split("/")[-1])
    assert (count(store, JobRow), count(store, JobFileRow), count(store, JobChunkRow)) == (0, 0, 0)


def test_a_zip_bomb_by_its_own_word_is_refused(store: Store, athlete: int, tmp_path: Path):
    bomb = zip_bytes({f"zeros-{i}.gpx": bytes(3 * 1024 * 1024) for i in range(2)})  # 6 MB of zeros in ~12 KB
    with pytest.raises(UploadRefused, match=r"expand to 6\.0 MB, past the 4\.0 MB one import may decompress"):
        submit_import(store, athlete, [upload(tmp_path, "bomb.zip", bomb)], T0, limits=Limits(batch=4 * MiB))
    assert count(store, JobRow) == 0


def test_what_only_reading_finds_is_its_file_problem_and_nothing_of_it_is_written(
    store: Store, athlete: int, tmp_path: Path
):
    """Nested: a zip slip inside an inner zip, XML entities inside a zip, a gzip bomb: the job fails with
    each file's reason (the upload itself looked fine), and nothing is imported."""
    inner = zip_bytes({"../../evil.gpx": gpx(T0)})
    outer = zip_bytes({"inner.zip": inner, "laughs.gpx": ENTITIES, "bomb.gpx.gz": gz_of_zeros(8 * 1024 * 1024)})
    job, _ = submit_import(store, athlete, [upload(tmp_path, "export.zip", outer)], T0)
    run_next(store, Clock(), limits=Limits(file=2 * MiB))  # the worker's, as the edge gave it
    failed = get_job(store, athlete, job.id)
    assert failed.status == FAILED and failed.error == "nothing imported: 3 file(s) skipped (see skipped)"
    assert failed.result is not None
    why = {str(s["path"]): str(s["reason"]) for s in failed.result["skipped"]}  # type: ignore[attr-defined]
    assert "zip slip" in why["export.zip!inner.zip!../../evil.gpx"]
    assert "an XML file with a DTD or entities" in why["export.zip!laughs.gpx"]
    assert "expands past 2.0 MB" in why["export.zip!bomb.gpx.gz"]
    assert all("runlift-job-" not in reason for reason in why.values())  # named as the client named them
    assert activities(store, athlete) == [] and count(store, JobChunkRow) == 0


def test_a_file_name_cannot_leave_the_job_folder(store: Store, athlete: int, tmp_path: Path):
    job, _ = submit_import(
        store, athlete, [upload(tmp_path, "..\\..\\x/../.bashrc.gpx", io.BytesIO(gpx(T0)).read())], T0
    )
    assert [f.name for f in job.files] == ["bashrc.gpx"]
    run_next(store, Clock())
    assert get_job(store, athlete, job.id).status == DONE


def test_a_worker_killed_mid_import_leaves_a_job_the_next_worker_finishes_once(
    pg_ready: bool, databases: Databases, tmp_path: Path
):
    """`runlift worker` killed with SIGKILL in the middle of an import; a worker started again takes the job
    up once its lease expired and finishes it: every run stored once, the job done once, on its second attempt.
    On PostgreSQL, where workers are processes on several machines (the lease logic itself is tested on
    both databases above, in one process)."""
    if not pg_ready:
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    db_url = databases.new("postgresql")
    store = Store.open(db_url)
    try:
        _killed_and_finished(
            db_url, store, store.save_profile("Maya", SEED_M, dt.date(2026, 11, 30), T0).athlete_id, tmp_path
        )
    finally:
        store.engine.dispose()


def _killed_and_finished(db_url: str, store: Store, athlete: int, tmp_path: Path) -> None:
    import os
    import signal
    import subprocess

    from tests.cli.test_cli import RUNLIFT

    n = 60
    job, _ = submit_import(store, athlete, [upload(tmp_path, "export.zip", zip_bytes(runs(n)))], T0)
    env = {**os.environ, "RUNLIFT_DATABASE_URL": db_url, "RUNLIFT_TODAY": "2026-11-30"}
    worker = [RUNLIFT, "worker", "--poll", "0.05", "--lease", "1"]
    first = subprocess.Popen([*worker], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        while len(activities(store, athlete)) < 5 and time.monotonic() < deadline and first.poll() is None:
            time.sleep(0.02)
        first.send_signal(signal.SIGKILL)
    finally:
        first.kill()
        first.wait()
    half = len(activities(store, athlete))
    running = get_job(store, athlete, job.id)
    assert 5 <= half < n and running.status == RUNNING and running.attempts == 1, (half, running.status)
    assert running.lease_owner is not None
    assert run_next(store, lease=dt.timedelta(seconds=1)) is None  # the dead worker's lease still holds
    time.sleep(1.1)  # it expires (nobody renews it)
    assert run_next(store, lease=dt.timedelta(seconds=1)) is not None  # the restarted worker takes it up
    done = get_job(store, athlete, job.id)
    assert done.status == DONE and done.attempts == 2 and done.result is not None
    assert (done.result["files"], done.result["imported"] + done.result["duplicates"]) == (n, n)
    assert len(activities(store, athlete)) == n  # once each
    assert count(store, JobChunkRow) == 0
