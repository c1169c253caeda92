"""Benchmark (issue #5): bringing a runner's archive in.

1. FIT: our summary reader (runlift.importers.fit_summary) against fitdecode decoding the same files
   as the reference reader does (runlift.importers.fit.read_file, lax mode), in this run, on the real
   FIT files of ../shared/realdata and on a generated archive of distinct activity files
   (tests/fitgen.py). files/s, MB/s and the ratio.
2. GPX against gpxpy.parse, TCX against tcxreader, on the real files.
3. The whole `runlift import FOLDER --json` of the generated archive into a fresh SQLite database,
   with --jobs 1 and with every core.

Run: .venv/bin/python bench/bench_import.py [--files 500] [--reference-files 500]
A 3,500-file archive: --files 3500 (fitdecode then reads only the first --reference-files of it).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.fitgen, the archive generator


from tests.fitgen import archive  # noqa: E402

from runlift.core.errors import ImportFileError  # noqa: E402
from runlift.importers import fit, fit_summary, gpx, gpx_summary, tcx  # noqa: E402
from runlift.importers.pipeline import default_jobs  # noqa: E402

SHARED = ROOT.parent / "shared" / "realdata"
Files = list[tuple[str, bytes]]


def real(kind: str) -> Files:
    return [(p.name, p.read_bytes()) for p in sorted((SHARED / kind).glob(f"*.{kind}"))]


def timed(read: Callable[[bytes, str], object], files: Files, repeat: int = 1) -> float:
    """Best of `repeat` passes over `files`, in seconds; a rejected file counts as read."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for name, data in files:
            with contextlib.suppress(ImportFileError):
                read(data, name)
        best = min(best, time.perf_counter() - start)
    return best


def row(what: str, files: Files, seconds: float, baseline: float | None) -> str:
    megabytes = sum(len(d) for _, d in files) / 1e6
    ratio = f"{baseline / seconds:8.1f}×" if baseline else "(baseline)"
    return f"{what:58} {len(files):6} {megabytes:8.1f} {len(files) / seconds:9.1f} {megabytes / seconds:8.2f}  {ratio}"


def fit_rows(name: str, files: Files, reference_files: int) -> list[str]:
    sample = files[:reference_files]
    reference = timed(fit.read_file, sample)
    ours_sample = timed(fit_summary.read, sample, repeat=3)
    ours = timed(fit_summary.read, files, repeat=3) if len(files) > len(sample) else ours_sample
    fallbacks = Counter(_fallback(data, n) for n, data in files)
    rows = [
        row(f"{name}: fitdecode (reference reader)", sample, reference, None),
        row(f"{name}: runlift fit_summary", sample, ours_sample, reference),
    ]
    if len(files) > len(sample):
        rows.append(row(f"{name}: runlift fit_summary, all files", files, ours, None))
    read_by_fitdecode = sum(n for why, n in fallbacks.items() if why is not None)
    rows.append(f"    {name}: {read_by_fitdecode} of {len(files)} left to fitdecode: {dict(fallbacks)}")
    return rows


def _fallback(data: bytes, name: str) -> str | None:
    try:
        return fit_summary.read(data, name).fallback
    except ImportFileError:
        return "rejected (fitdecode's error)"


def gpx_tcx_rows() -> list[str]:
    import gpxpy
    import tcxreader.tcxreader

    def gpxpy_parse(data: bytes, name: str) -> object:
        return gpxpy.parse(data.decode("utf-8-sig", errors="replace"))

    reader = tcxreader.tcxreader.TCXReader()

    def tcxreader_read(data: bytes, name: str) -> object:
        with tempfile.NamedTemporaryFile(suffix=".tcx") as f:  # tcxreader reads a path only
            f.write(data)
            f.flush()
            try:
                return reader.read(f.name)
            except Exception:  # its own errors on the malformed file: counted as read
                return None

    rows = []
    for kind, readers in (
        ("gpx", [("gpxpy.parse, parsing only", gpxpy_parse), ("runlift gpx (on gpxpy, the reference)", gpx.read),
                 ("runlift gpx_summary (the import's reader)", gpx_summary.read)]),
        ("tcx", [("tcxreader", tcxreader_read), ("runlift tcx (the import's reader)", tcx.read)]),
    ):  # fmt: skip
        files = real(kind)
        base = None
        for label, read in readers:
            seconds = timed(read, files, repeat=3)
            rows.append(row(f"real {kind.upper()}: {label}", files, seconds, base))
            base = base or seconds
    return rows


def import_rows(files: Files) -> list[str]:
    exe = str(Path(sys.executable).parent / "runlift")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "export"
        folder.mkdir()
        for name, data in files:
            (folder / name).write_bytes(data)
        profile = Path(tmp) / "me.toml"
        profile.write_text((ROOT / "src/runlift/data/demo.toml").read_text())
        first = None
        for jobs in (1, 0, default_jobs()):
            env = {**os.environ, "RUNLIFT_DATABASE_URL": f"sqlite:///{tmp}/jobs{jobs}.db"}
            subprocess.run([exe, "athlete", "add", str(profile)], env=env, check=True, capture_output=True)
            start = time.perf_counter()
            done = subprocess.run(
                [exe, "import", str(folder), "--json", "--jobs", str(jobs)], env=env, capture_output=True, text=True
            )
            seconds = time.perf_counter() - start
            result = json.loads(done.stdout)
            label = f"runlift import, --jobs {jobs}" + {0: " (default)", 1: " (one process)"}.get(jobs, " (every core)")
            rows.append(row(label, files, seconds, first))
            rows.append(f"    imported {result['imported']}, skipped {len(result['skipped'])}")
            first = first or seconds
            if jobs == 0:
                per_file = seconds / len(files)
                rows.append(f"    at this rate 3,500 files take {3500 * per_file:.0f} s")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--reference-files", type=int, default=500)
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # fitdecode's lax-mode warnings on the broken real files
    started = time.perf_counter()
    generated = archive(args.files)
    print(f"generated {len(generated)} FIT files in {time.perf_counter() - started:.0f} s; {default_jobs()} cores")
    print(f"{'what':58} {'files':>6} {'MB':>8} {'files/s':>9} {'MB/s':>8}  × baseline")
    for line in fit_rows("real FIT", real("fit"), 10**6):
        print(line)
    for line in fit_rows("generated FIT", generated, args.reference_files):
        print(line)
    for line in gpx_tcx_rows():
        print(line)
    for line in import_rows(generated):
        print(line)


if __name__ == "__main__":
    main()
