"""Benchmark: a coach's roster of 50 athletes, each with a year of history (200 runs, 100 lift
sessions of 10 sets, pain notes), on SQLite and PostgreSQL.

Target (issue #13): the Coach page for 50 athletes is one page in well under a second of server
time. Figures: the roster service alone (app.coaching.roster: nine statements for any number of
athletes, then each athlete's week planned from their file in process) and GET /coach through
the app (sign-in by bearer token, the roster, the invitations, the page rendered), medians of 7;
the statements each makes, to show there is none per athlete.

Run: .venv/bin/python bench/bench_roster.py [athletes]   (PostgreSQL on 127.0.0.1:5432 when reachable)
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import event

from runlift.app import accounts, coaching
from runlift.core.library import BodyArea
from runlift.core.log import PainNote
from runlift.settings import Settings
from runlift.store.changes import changed
from runlift.store.history import generate
from runlift.store.repo import Store, run_row, session_row

TODAY = dt.date(2026, 12, 3)  # a Thursday: some sessions done, some missed, one to come
START = TODAY - dt.timedelta(days=365)
NOW = dt.datetime.combine(TODAY, dt.time(8), tzinfo=dt.UTC)
PROFILE = (Path(__file__).parents[1] / "src/runlift/data/demo.toml").read_text()
HASHER = accounts.password_hasher(1, 8, 1)


def median_ms(fn: Callable[[], object], runs: int = 7) -> tuple[float, float]:
    """Median wall-clock and process-time (CPU) milliseconds: on a loaded machine the CPU figure is the
    one to trust (the TestClient's server runs in this process, so its work counts)."""
    fn()  # warm: imports, the first plan
    wall, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def fill(store: Store, athletes: int) -> tuple[int, str]:
    """A coach and `athletes` runners who accepted: the coach's id and a bearer token."""
    coach = accounts.add_user(store, "coach@example.org", "x" * 12, NOW, HASHER).id
    name_line = next(line for line in PROFILE.splitlines() if line.startswith("name"))
    for k in range(athletes):
        name = f"Runner {k:02d}"
        text = PROFILE.replace(name_line, f'name = "{name}"')
        if k % 2:
            text = text.replace('units = "lb"', 'units = "kg"')
        athlete = store.save_profile(name, text, START, NOW).athlete_id
        email = f"r{k}@example.org"
        user = accounts.add_user(store, email, "x" * 12, NOW, HASHER).id
        from runlift.store.accounts import set_owner

        set_owner(store, athlete, user)
        sessions, runs, pain = generate(START, runs=200, sessions=100, sets_per_session=10, seed=k)
        with store.transaction() as db:
            changed(db, athlete, None)
            db.add_all(session_row(athlete, s, "generated", NOW) for s in sessions)
            db.add_all(run_row(athlete, r, "generated", NOW) for r in runs)
        for p in pain[:20]:
            store.log_pain(athlete, p, NOW)
        if k % 5 == 0:
            store.log_pain(athlete, PainNote(TODAY, BodyArea.KNEE, 4), NOW)
        invitation = coaching.invite(store, coach, "coach@example.org", email, NOW)
        coaching.accept(store, invitation.id, user, email, NOW, athlete)
    return coach, accounts.add_token(store, coach, "bench", "read", NOW)[1]


def statements(store: Store, fn: Callable[[], object]) -> int:
    count = 0

    def seen(*_: object) -> None:
        nonlocal count
        count += 1

    event.listen(store.engine, "before_cursor_execute", seen)
    try:
        fn()
    finally:
        event.remove(store.engine, "before_cursor_execute", seen)
    return count


def bench(kind: str, url: str, athletes: int) -> list[tuple[str, str, tuple[float, float], int]]:
    from fastapi.testclient import TestClient

    from runlift.web import create_app

    store = Store.open(url)
    t = time.perf_counter()
    coach, token = fill(store, athletes)
    print(f"{kind}: {athletes} athletes filled in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    rows = []

    def service() -> object:
        got = coaching.roster(store, coach, TODAY)
        assert len(got) == athletes
        return got

    rows.append((kind, f"app.coaching.roster, {athletes} athletes", median_ms(service), statements(store, service)))
    store.engine.dispose()
    settings = Settings(database_url=url, today=TODAY, multi_user=True, secret_key="s" * 43, jobs_in_app=False)
    with TestClient(create_app(settings), base_url="http://127.0.0.1") as client:
        app_store: Store = client.app.state.store  # type: ignore[attr-defined]
        headers = {"Authorization": f"Bearer {token}"}

        def page() -> object:
            got = client.get("/coach", headers=headers)
            assert got.status_code == 200 and got.text.count("<tr data-athlete=") == athletes, got.status_code
            return got

        def api() -> object:
            got = client.get("/api/v1/roster", headers=headers)
            assert got.status_code == 200 and len(got.json()["athletes"]) == athletes
            return got

        rows.append((kind, "GET /coach (the page)", median_ms(page), statements(app_store, page)))
        rows.append((kind, "GET /api/v1/roster", median_ms(api), statements(app_store, api)))
    return rows


def main() -> None:
    athletes = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        rows += bench("sqlite", f"sqlite:///{tmp}/roster.db", athletes)
    try:
        import psycopg

        psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=2).close()
    except Exception as exc:
        print(f"PostgreSQL not reachable ({exc}); SQLite only", file=sys.stderr)
    else:
        name = f"runlift_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
            db.execute(f'CREATE DATABASE "{name}"')
        try:
            rows += bench("postgresql", f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}", athletes)
        finally:
            with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
                db.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    print(f"{'database':<11} {'what':<40} {'wall ms':>8} {'CPU ms':>8} {'statements':>11}")
    for kind, what, (wall, cpu), count in rows:
        print(f"{kind:<11} {what:<40} {wall:>8.1f} {cpu:>8.1f} {count:>11}")


if __name__ == "__main__":
    main()
