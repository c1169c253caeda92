"""runlift.importers.pipeline: results in input order whatever the processes, and workers only where
reading is the slow part of an import."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from pathlib import Path

import pytest

from runlift.core.profile import Units
from runlift.importers.driver import Source
from runlift.importers.pipeline import PROBE_FILES, Probe, default_jobs, free_cores, read_all
from runlift.store.imports import write_files
from runlift.store.repo import Store
from tests.fitgen import archive
from tests.importers.realdata import REALDATA

ROOT = Path(__file__).resolve().parents[2]


def fit_sources(count: int) -> list[Source]:
    return [Source(name, data, len(data), "fit", False) for name, data in archive(count, seed=21)]


def summary(results: list[tuple[Source, object]]) -> list[tuple[str, object]]:
    return [(s.path, r if isinstance(r, str) else (r.sha256, r.activities)) for s, r in results]


def test_workers_give_what_one_process_gives_in_the_same_order() -> None:
    sources = fit_sources(30)
    sources.insert(7, Source("broken.fit", sources[3].data[:900], 900, "fit", False))
    alone = summary(list(read_all(sources, Units.KG, jobs=1)))
    pooled = summary(list(read_all(sources, Units.KG, jobs=2)))
    assert pooled == alone
    assert [path for path, _ in pooled] == [s.path for s in sources]
    assert isinstance(alone[7][1], str) and "broken.fit" in alone[7][1]


def test_a_small_fit_import_is_read_in_process_by_default(tmp_path: Path) -> None:
    """Sixty FIT files: workers would save less than their start costs."""
    store = Store.open(f"sqlite:///{tmp_path / 'runlift.db'}")
    now = dt.datetime(2026, 11, 26, tzinfo=dt.UTC)
    athlete = store.save_profile("Maya", (ROOT / "src/runlift/data/demo.toml").read_text(), now.date(), now).athlete_id
    sources = fit_sources(PROBE_FILES + 12)
    for _source, read in read_all(sources, Units.KG, total_bytes=sum(len(s.data) for s in sources)):
        assert multiprocessing.active_children() == []
        assert not isinstance(read, str)
        write_files(store, athlete, [read], now)  # what `runlift import` does with each file


def _slow_import_workers(load: float) -> int:
    """The workers an import of 800 TCX files (~10 ms of reading each here) brings in: the first 48,
    read in-process, decide; each file is made when the import asks for it, and the import is stopped
    8 files after the decision (as --strict stops)."""
    path = REALDATA / "tcx" / "tcxparser__test.tcx"
    if not path.exists():
        pytest.skip(f"{path} not here (shared/ is laid beside the repo)")
    data = path.read_bytes()
    count = 800  # workers pay from 2.5 ms a file: on a machine 4x faster than this one too
    sources = (Source(f"{i}.tcx", data + b" " * i, len(data), "tcx", False) for i in range(count))
    workers = 0
    results = read_all(sources, Units.KG, total_bytes=len(data) * count, load=load)
    for seen, (_source, read) in enumerate(results, 1):
        assert not isinstance(read, str)
        workers = max(workers, len(multiprocessing.active_children()))
        if seen == PROBE_FILES + 8:  # the decision is made and workers have read: stop, as --strict stops
            break
    results.close()  # the files still queued are dropped and the workers end
    assert multiprocessing.active_children() == []
    return workers


@pytest.mark.skipif(default_jobs() < 2, reason="one core: nothing to spread the reading over")
def test_slow_files_bring_in_workers_by_default_on_an_idle_machine() -> None:
    assert _slow_import_workers(load=1.0) == default_jobs()  # 1.0: this process alone


def test_a_busy_machine_keeps_even_slow_files_in_process() -> None:
    """GPX/TCX (20 ms a file) on 2 cores: workers when idle, none when others keep both cores busy."""
    gpx = Probe(0.020, 0.0012)
    assert gpx.pool_pays(100, free_cores(2, load=1.0))
    assert not gpx.pool_pays(100, free_cores(2, load=3.0))
    assert not gpx.pool_pays(100_000, free_cores(2, load=2.6))


@pytest.mark.parametrize(
    ("cores", "load", "free"),
    [(2, 0.0, 2.0), (2, 1.0, 2.0), (2, 2.0, 1.0), (2, 7.5, 1.0), (8, 3.0, 6.0), (1, 0.2, 1.0)],
)
def test_free_cores_count_the_load_other_processes_put_on_the_machine(cores: int, load: float, free: float) -> None:
    assert free_cores(cores, load) == free


@pytest.mark.parametrize(
    ("reading_ms", "writing_ms", "files_left", "pays"),
    [
        (1.3, 1.2, 100, False),  # a small FIT import
        (1.3, 1.2, 3500, True),  # a decade of FIT files
        (20.0, 1.2, 100, True),  # GPX or TCX
        (0.2, 1.2, 10_000, False),  # reading is nothing next to writing
    ],
)
def test_the_pool_pays_where_it_saves_more_than_its_start(reading_ms, writing_ms, files_left, pays) -> None:
    assert Probe(reading_ms / 1000, writing_ms / 1000).pool_pays(files_left, cores=2) is pays
    assert Probe(reading_ms / 1000, writing_ms / 1000).pool_pays(files_left, cores=1) is False
