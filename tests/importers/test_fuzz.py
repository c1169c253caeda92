"""A fixed-budget fuzz run: mutated real files make the readers raise ImportFileError or return,
never another exception, never a hang (a per-file alarm), never unbounded memory."""

from __future__ import annotations

import contextlib
import resource
import signal
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runlift.core.errors import ImportFileError
from runlift.importers import fit, fit_summary, gpx, gpx_summary, hevy_csv, strava, strong_csv, tcx
from tests.budget import examples
from tests.conftest import SHARED

REAL = SHARED / "realdata"
SEEDS: list[tuple[str, Callable[[bytes, str], object]]] = [
    ("fit/fitparse__garmin-fenix-5-run.fit", fit.read),
    ("fit/fit4s__fenix5_run_421.fit", fit.read),
    ("fit/fitparse__garmin-fenix-5-run.fit", fit_summary.read),
    ("fit/fitparser-js__running-with-developer-data.fit", fit_summary.read),
    ("gpx/runpandas__run.gpx", gpx.read),
    ("tcx/tcxparser__test.tcx", tcx.read),
    ("gpx/runpandas__run.gpx", gpx_summary.read),
    ("strong/strong-charts__strong.csv", strong_csv.read),
    ("hevy/hevy-coach__workout_data.csv", hevy_csv.read),
]
TIME_LIMIT_S = 10
MEMORY_LIMIT = 2 * 1024**3


@st.composite
def mutations(draw: st.DrawFn, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["flip", "truncate", "insert", "delete", "zero"]))
        at = draw(st.integers(0, max(0, len(out) - 1)))
        if kind == "flip" and out:
            out[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "truncate":
            del out[at:]
        elif kind == "insert":
            out[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif kind == "delete":
            del out[at : at + draw(st.integers(1, 64))]
        elif kind == "zero" and out:
            out[at : at + 8] = bytes(len(out[at : at + 8]))
    return bytes(out)


def _alarm(signum: int, frame: object) -> None:
    raise TimeoutError(f"a reader ran over {TIME_LIMIT_S} s")


@pytest.mark.parametrize(("seed", "reader"), SEEDS, ids=[f"{r.__module__.rsplit('.', 1)[-1]}:{s}" for s, r in SEEDS])
def test_mutated_files_fail_cleanly(seed: str, reader: Callable[[bytes, str], object]):
    path = REAL / seed
    if not path.exists():
        pytest.skip(f"{path} not here (shared/ is laid beside the repo)")
    original = path.read_bytes()
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, hard))  # bounded memory: MemoryError, not a swap storm
    previous = signal.signal(signal.SIGALRM, _alarm)

    @settings(
        max_examples=examples(80),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(mutations(original))
    def run(data: bytes) -> None:
        signal.alarm(TIME_LIMIT_S)
        try:
            reader(data, path.name)
        except ImportFileError:
            pass
        finally:
            signal.alarm(0)

    try:
        run()
    finally:
        signal.signal(signal.SIGALRM, previous)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _head(path: str, size: int) -> bytes:
    return (REAL / path).read_bytes()[:size]


def test_mutated_archives_fail_cleanly(tmp_path):
    """A zip holding a .gz, a FIT, a GPX and CSVs, mutated: every member ends as a Source that reads
    or as its own Problem/ImportFileError, never another exception (fixed seed: derandomized)."""
    import gzip
    import io
    import zipfile

    from runlift.core.errors import InputError
    from runlift.core.profile import Units
    from runlift.data import library
    from runlift.importers.driver import Problem, discover, read_source

    if not (REAL / "fit").exists():
        pytest.skip(f"{REAL} not here (shared/ is laid beside the repo)")
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("activities/run.gpx.gz", gzip.compress(_head("gpx/runpandas__run.gpx", 20_000)))
        z.writestr("activities/run.fit", (REAL / "fit/fit4s__fenix5_run_421.fit").read_bytes()[:30_000])
        z.writestr("strong.csv", _head("strong/strong-charts__strong.csv", 6_000))
        z.writestr("activities.csv", _head("strava/strava-activity-map__activities.csv", 6_000))
    original = packed.getvalue()
    lib = library()

    @settings(max_examples=examples(60), suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(mutations(original))
    def run(data: bytes) -> None:
        path = tmp_path / "export.zip"
        path.write_bytes(data)
        signal.alarm(TIME_LIMIT_S)
        try:
            for item in discover([path]):
                if isinstance(item, Problem):
                    assert item.reason
                    continue
                with contextlib.suppress(InputError):
                    read_source(item, lib, Units.KG)
        finally:
            signal.alarm(0)

    previous = signal.signal(signal.SIGALRM, _alarm)
    try:
        run()
    finally:
        signal.signal(signal.SIGALRM, previous)


def test_mutated_strava_csv_fails_cleanly():
    path = REAL / "strava/strava-activity-map__activities.csv"
    if not path.exists():
        pytest.skip(f"{path} not here (shared/ is laid beside the repo)")
    original = path.read_bytes()[:20_000]

    @settings(max_examples=examples(60), suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(mutations(original))
    def run(data: bytes) -> None:
        with contextlib.suppress(ImportFileError):
            strava.read(data, path.name)

    run()
