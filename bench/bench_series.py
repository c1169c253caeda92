"""Benchmark: the progress charts' series (GET …/progress/series) on bench_log's 10-year history
(3,500 runs, 1,000 lift sessions, 20,000 sets), SQLite and PostgreSQL: the default 52 weeks and the
longest window (156 weeks), beside the whole-history progress report. The series' cost should follow
its window, not the history's length.

Run: .venv/bin/python bench/bench_series.py   (PostgreSQL on 127.0.0.1:5432 is used when reachable)
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import tempfile
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_log import TODAY, fill, median_ms

from runlift.app.progress import progress, progress_series
from runlift.store.repo import Store


def bench(name: str, url: str) -> list[tuple[str, float]]:
    store = Store.open(url)
    athlete = fill(store)

    def doc(fn: object) -> None:
        json.dumps(fn.document)  # type: ignore[attr-defined]

    rows = [
        (f"{name}: progress report, whole history", median_ms(lambda: doc(progress(store, athlete, TODAY)), 5)),
        (f"{name}: series, 52 weeks", median_ms(lambda: doc(progress_series(store, athlete, TODAY)), 5)),
        (
            f"{name}: series, 156 weeks",
            median_ms(lambda: doc(progress_series(store, athlete, TODAY, since=TODAY - dt.timedelta(weeks=155))), 5),
        ),
        (
            f"{name}: series, 52 weeks 9 years ago",
            median_ms(
                lambda: doc(
                    progress_series(
                        store, athlete, TODAY, TODAY - dt.timedelta(weeks=9 * 52 + 51), TODAY - dt.timedelta(weeks=468)
                    )
                ),
                5,
            ),
        ),
    ]
    store.engine.dispose()
    return rows


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        rows += bench("SQLite", f"sqlite:///{tmp}/bench.db")
    try:
        import psycopg

        name = f"runlift_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect("host=127.0.0.1 user=postgres dbname=test", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        try:
            rows += bench("PostgreSQL", f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}")
        finally:
            with psycopg.connect("host=127.0.0.1 user=postgres dbname=test", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    except psycopg.OperationalError as exc:
        print(f"(PostgreSQL skipped: {exc})")
    print(f"{'what':44} {'median ms':>10}")
    for what, ms in rows:
        print(f"{what:44} {ms:10.1f}")


if __name__ == "__main__":
    main()
