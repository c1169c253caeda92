"""A fixed-budget fuzz run: mutated real files make the readers raise ImportFileError or return,
never another exception, never a hang (a per-file alarm), never unbounded memory."""

from __future__ import annotations

import resource
import signal
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runlift.core.errors import ImportFileError
from runlift.importers import fit, fit_summary, gpx, strong_csv, tcx
from tests.conftest import SHARED

REAL = SHARED / "realdata"
SEEDS: list[tuple[str, Callable[[bytes, str], object]]] = [
    ("fit/fitparse__garmin-fenix-5-run.fit", fit.read),
    ("fit/fit4s__fenix5_run_421.fit", fit.read),
    ("fit/fitparse__garmin-fenix-5-run.fit", fit_summary.read),
    ("fit/fitparser-js__running-with-developer-data.fit", fit_summary.read),
    ("gpx/runpandas__run.gpx", gpx.read),
    ("tcx/tcxparser__test.tcx", tcx.read),
    ("strong/strong-charts__strong.csv", strong_csv.read),
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
        max_examples=80,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        database=None,
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
