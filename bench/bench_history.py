"""Benchmark: what `today`, logging a set and the session to log cost for 0, 1, 10 and 20 years of history (issue #12).

Before: every call reads the whole log and plans the season again (`runlift.app.season.WINDOWED =
False`, the reference path kept for the equivalence tests). After: the plan is made from the log's
rules' windows (core.adapt.log_since) and cached per process until a write changes that day's plan
(store/changes.py); `log set` with an exercise's id or whole name matches it in the library, without a
plan. CPU milliseconds (process time), median:

- today, service: `app.today.gym_card` in-process; after: a cold cache (the first request after a write
  that changes today's plan, or every CLI call) and a warm one (a server, nothing written since);
- log a set, service: what `runlift log set` does once its modules are loaded (the runner's file, the
  name matched, the set written); an exact id (`goblet-squat`) and a name matched against the plan
  (`bss`, cold cache);
- the session to log (`runlift log` set by set, `log --yes`, the API's as-prescribed): `app.lift_log.
  planned_session` on the first lift day from today; before: the whole log; after: cold and cached;
- the week view (`runlift week`, GET …/week): `app.week.week`, before and after (not cached);
- the season shown from its first week (the Season page's earlier weeks, GET …/plan?start=):
  `app.plan.shown_plan`, before (the whole log) and after (the rules' windows; cold and cached);
- CLI end to end: `runlift today --json` and `runlift log set goblet-squat 3x8@40lb`, a new process each
  (CPU of the child: interpreter, imports, the command).

History (store/history.py generate): per year 350 runs, 100 lift sessions of 20 sets, 10 pain notes
(10 years: 3,500 runs, 20,000 sets). Two seasons: the runner's file added 8 weeks ago (the history was
imported: the issue's case), and the file added when the history began (the season itself is that
long: planning it is what grows, see bench/history.md).

Run: .venv/bin/python bench/bench_history.py [--years 0,1,10,20] [--long-season] [--no-cli]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from runlift.app import season
from runlift.app.lift_log import planned_session
from runlift.app.names import exercise_named
from runlift.app.plan import shown_plan
from runlift.app.season import adapted, load_state
from runlift.app.today import gym_card
from runlift.app.week import week
from runlift.core.errors import NotFound
from runlift.core.library import Library
from runlift.core.log import LoggedSet
from runlift.core.profile import Units
from runlift.data import library
from runlift.store.changes import changed
from runlift.store.history import generate
from runlift.store.repo import Store, run_row, session_row
from runlift.store.tables import PainRow

TODAY = dt.date(2026, 11, 26)
NOW = dt.datetime(2026, 11, 26, 7, 0, tzinfo=dt.UTC)
PROFILE = Path(__file__).parents[1] / "src/runlift/data/demo.toml"


def cpu_ms(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm: modules, the library, the first connection
    samples = []
    for _ in range(runs):
        t = time.process_time()
        fn()
        samples.append((time.process_time() - t) * 1000)
    return statistics.median(samples)


def fill(url: str, years: int, long_season: bool, name: str = "Maya") -> int:
    store = Store.open(url)
    began = TODAY - dt.timedelta(days=365 * years)
    start = began if long_season else TODAY - dt.timedelta(weeks=8)
    athlete = store.save_profile(name, PROFILE.read_text(), start, NOW).athlete_id
    if years:
        sessions, runs, pain = generate(began, runs=350 * years, sessions=100 * years, sets_per_session=20)
        with store.transaction() as db:
            changed(db, athlete, None)
            db.add_all(session_row(athlete, s, "generated", NOW) for s in sessions)
            db.add_all(run_row(athlete, r, "generated", NOW) for r in runs)
            db.add_all(
                PainRow(athlete_id=athlete, date=p.date, area=p.area.value, score=p.score, created_at=NOW) for p in pain
            )
    store.engine.dispose()
    return athlete


def log_set_before(store: Store, athlete: int, query: str) -> None:
    """`runlift log set` before: the name matched against the plan made from the whole log, then the library."""
    state = load_state(store, athlete)
    log = store.training_log(athlete, until=TODAY)
    plan = adapted(state, log, TODAY, show_from=TODAY).plan
    coming = Library.of({p.exercise.id: p.exercise for s in plan.sessions()[:8] for p in s.exercises}.values())
    try:
        found = coming.find(query)
    except NotFound:
        found = library().find(query, state.profile.athlete.equipment)
    store.add_sets(athlete, TODAY, [LoggedSet(found.id, 8, 40.0, Units.LB)] * 3, NOW)


def log_set_after(store: Store, athlete: int, query: str) -> None:
    load_state(store, athlete)  # what `runlift log set` reads first: units, equipment
    found = exercise_named(store, athlete, query, TODAY)
    store.add_sets(athlete, TODAY, [LoggedSet(found.id, 8, 40.0, Units.LB)] * 3, NOW)


def service(url: str, athlete: int, runs: int) -> dict[str, float]:
    store = Store.open(url)
    out = {}
    season.WINDOWED = False
    out["today before"] = cpu_ms(lambda: gym_card(store, athlete, TODAY), runs)
    out["set before"] = cpu_ms(lambda: log_set_before(store, athlete, "goblet-squat"), runs)
    season.WINDOWED = True

    def cold() -> None:
        season.clear_cache()
        gym_card(store, athlete, TODAY)

    out["today cold"] = cpu_ms(cold, runs)
    out["today warm"] = cpu_ms(lambda: gym_card(store, athlete, TODAY), runs * 10)
    out["set exact"] = cpu_ms(lambda: log_set_after(store, athlete, "goblet-squat"), runs * 3)

    def named() -> None:
        season.clear_cache()
        log_set_after(store, athlete, "bss")

    out["set named"] = cpu_ms(named, runs)
    out["today warm after sets"] = cpu_ms(lambda: gym_card(store, athlete, TODAY), runs * 10)  # still cached

    # the session to log (`runlift log` set by set, `log --yes`, POST …/log/sessions): its first lift day
    day = next(d for d in (TODAY + dt.timedelta(days=i) for i in range(7)) if gym_card(store, athlete, d).sessions)
    season.WINDOWED = False
    out["session before"] = cpu_ms(lambda: planned_session(store, athlete, day), runs)
    season.WINDOWED = True

    def session_cold() -> None:
        season.clear_cache()
        planned_session(store, athlete, day)

    out["session cold"] = cpu_ms(session_cold, runs)
    out["session warm"] = cpu_ms(lambda: planned_session(store, athlete, day), runs * 10)

    season.WINDOWED = False
    out["week before"] = cpu_ms(lambda: week(store, athlete, TODAY), runs)
    season.WINDOWED = True
    out["week after"] = cpu_ms(lambda: week(store, athlete, TODAY), runs)

    # the season shown from its first week (the Season page's earlier weeks, GET …/plan?start=): past weeks
    first = load_state(store, athlete).start
    season.WINDOWED = False
    out["season before"] = cpu_ms(lambda: shown_plan(store, athlete, TODAY, first), runs)
    season.WINDOWED = True

    def season_cold() -> None:
        season.clear_cache()
        shown_plan(store, athlete, TODAY, first)

    out["season cold"] = cpu_ms(season_cold, runs)
    out["season warm"] = cpu_ms(lambda: shown_plan(store, athlete, TODAY, first), runs * 10)
    store.engine.dispose()
    return out


def cli(url: str, runs: int) -> dict[str, float]:
    """A new process per call; its CPU (user + system) from the children's resource usage."""
    exe = [sys.executable, "-c"]
    before = "import runlift.app.season as s; s.WINDOWED = False; from runlift.cli import main; main()"
    after = "from runlift.cli import main; main()"
    with tempfile.TemporaryDirectory() as cache:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env |= {"PYTHONPYCACHEPREFIX": cache, "RUNLIFT_DATABASE_URL": url, "RUNLIFT_TODAY": TODAY.isoformat()}
        env |= {"XDG_CACHE_HOME": cache}  # the schema head's cache (store/db.py) of this checkout alone

        def child_ms(argv: list[str]) -> float:
            subprocess.run(argv, env=env, check=True, capture_output=True)  # warm the bytecode cache
            samples = []
            for _ in range(runs):
                t = resource.getrusage(resource.RUSAGE_CHILDREN)
                subprocess.run(argv, env=env, check=True, capture_output=True)
                u = resource.getrusage(resource.RUSAGE_CHILDREN)
                samples.append((u.ru_utime - t.ru_utime + u.ru_stime - t.ru_stime) * 1000)
            return statistics.median(samples)

        today, log_set = ["today", "--json"], ["log", "set", "goblet-squat", "3x8@40lb"]
        return {
            "cli today before": child_ms([*exe, before, *today]),
            "cli today after": child_ms([*exe, after, *today]),
            "cli set before": child_ms([*exe, before, *log_set]),
            "cli set after": child_ms([*exe, after, *log_set]),
            "cli --help": child_ms([*exe, after, "--help"]),
        }


COLUMNS = [
    ("today before", "today: before"),
    ("today cold", "today: after, cold"),
    ("today warm", "today: after, cached"),
    ("today warm after sets", "today: cached, after 3 sets today"),
    ("set before", "log set: before"),
    ("session before", "session to log: before"),
    ("session cold", "session to log: after, cold"),
    ("session warm", "session to log: after, cached"),
    ("week before", "week: before"),
    ("week after", "week: after (not cached)"),
    ("season before", "season from week 1: before"),
    ("season cold", "season from week 1: after, cold"),
    ("season warm", "season from week 1: after, cached"),
    ("set exact", "log set: after (id)"),
    ("set named", "log set: after (name, cold)"),
    ("cli today before", "CLI today: before"),
    ("cli today after", "CLI today: after"),
    ("cli set before", "CLI log set: before"),
    ("cli set after", "CLI log set: after"),
    ("cli --help", "CLI --help (floor)"),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", default="0,1,10,20")
    parser.add_argument("--long-season", action="store_true", help="the runner's file added when the history began")
    parser.add_argument("--no-cli", action="store_true")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    years = [int(y) for y in args.years.split(",")]
    results: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for y in years:
            url = f"sqlite:///{tmp}/y{y}.db"
            athlete = fill(url, y, args.long_season)
            results[y] = service(url, athlete, args.runs)
            if not args.no_cli:
                results[y] |= cli(url, args.runs)
    season_kind = "file added when the history began" if args.long_season else "file added 8 weeks ago"
    print(f"CPU ms, median (SQLite; {season_kind})")
    print(f"{'':36}" + "".join(f"{f'{y} y':>10}" for y in years))
    for key, label in COLUMNS:
        if key in results[years[0]]:
            print(f"{label:36}" + "".join(f"{results[y][key]:10.1f}" for y in years))


if __name__ == "__main__":
    main()
