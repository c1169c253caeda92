"""Benchmark (issue #11): hostile and huge imports, time and peak memory of `runlift import`.

Inputs are generated in a temporary folder (never committed): a .gpx.gz bomb (zeros, ~1000:1), a
.gz inside a zip, a long GPX (`--gpx-mb`, 500 by default), a Strong CSV (`--strong-rows`). Each import
runs in a fresh SQLite database; peak memory is the child's ru_maxrss and CPU its user + system time,
measured by a wrapper process.

Run: nice .venv/bin/python bench/bench_bounds.py [--runlift PATH] [--bomb-mb 1024] [--gpx-mb 500]
     [--strong-rows 1000000] [--only bomb,nested,gpx,strong]
`--runlift` picks the entry point to measure (another checkout's .venv/bin/runlift gives "before").
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROFILE = ROOT / "src" / "runlift" / "data" / "demo.toml"
WRAPPER = (
    "import resource, subprocess, sys, json\n"
    "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "cpu = usage.ru_utime + usage.ru_stime\n"
    "print(json.dumps([done.returncode, done.stdout[-2000:], done.stderr[-2000:], usage.ru_maxrss / 1024, cpu]))\n"
)


def bomb(size: int) -> bytes:
    """A .gpx.gz that expands to `size` bytes of one track point repeated (~1000:1): a file the
    readers would parse whole, not one they refuse at once."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    head = b'<?xml version="1.0"?><gpx version="1.1" creator="bomb" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>'
    point = b'<trkpt lat="46.0" lon="14.5"><time>2026-01-01T06:00:00Z</time></trkpt>\n'
    block = point * (1024 * 1024 // len(point))
    parts = [packer.compress(head)] + [packer.compress(block) for _ in range(size // len(block))]
    return b"".join(parts) + packer.compress(b"</trkseg></trk></gpx>") + packer.flush()


def long_gpx(path: Path, size: int) -> int:
    """A GPX of about `size` bytes: one track, a point a second with elevation and heart rate."""
    t0 = dt.datetime(2026, 1, 1, 6, 0, tzinfo=dt.UTC)
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="bench" '
        'xmlns="http://www.topografix.com/GPX/1/1" '
        'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
        "<trk><name>long</name><type>running</type><trkseg>\n"
    )
    points = 0
    with path.open("w") as out:
        out.write(head)
        written = len(head)
        block: list[str] = []
        while written < size:
            at = t0 + dt.timedelta(seconds=points)
            line = (
                f'<trkpt lat="{46.0 + (points % 100_000) * 1e-5:.6f}" lon="{14.5 + (points // 100_000) * 1e-4:.6f}">'
                f"<ele>{300 + points % 50}</ele><time>{at:%Y-%m-%dT%H:%M:%SZ}</time><extensions>"
                f"<gpxtpx:TrackPointExtension><gpxtpx:hr>{130 + points % 40}</gpxtpx:hr>"
                "</gpxtpx:TrackPointExtension></extensions></trkpt>\n"
            )
            block.append(line)
            written += len(line)
            points += 1
            if len(block) == 10_000:
                out.write("".join(block))
                block = []
        out.write("".join(block) + "</trkseg></trk></gpx>\n")
    return points


def strong_csv(path: Path, rows: int) -> None:
    t0 = dt.datetime(2016, 1, 4, 17, 0)
    exercises = ["Squat (Barbell)", "Bench Press (Barbell)", "Deadlift (Barbell)", "Bent Over Row (Barbell)"]
    with path.open("w") as out:
        out.write("Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,RPE\n")
        for i in range(rows):
            day = t0 + dt.timedelta(days=i // 20)
            out.write(f"{day:%Y-%m-%d %H:%M:%S},Workout,45m,{exercises[i // 5 % 4]},{i % 5 + 1},60,5,0,0,,\n")


def measure(runlift: str, folder: Path, label: str, *paths: Path, env: dict[str, str] | None = None) -> dict:
    db = folder / f"{label}.db"
    db.unlink(missing_ok=True)
    full = {**os.environ, "RUNLIFT_DATABASE_URL": f"sqlite:///{db}", "NO_COLOR": "1", **(env or {})}
    subprocess.run([runlift, "athlete", "add", str(PROFILE)], env=full, check=True, capture_output=True)
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", WRAPPER, runlift, "import", *map(str, paths), "--json", "--jobs", "1"],
        env=full,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    code, stdout, stderr, peak, cpu = json.loads(out.stdout)
    outcome = (stdout or stderr).strip().splitlines()[-1][:300] if (stdout or stderr).strip() else ""
    row = {
        "input": label,
        "exit": code,
        "seconds": round(seconds, 1),
        "cpu_s": round(cpu, 1),  # the machine is shared: CPU time says more than the wall clock
        "peak_mb": round(peak),
        "outcome": outcome,
    }
    print(json.dumps(row), flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runlift", default=str(Path(sys.executable).parent / "runlift"))
    parser.add_argument("--bomb-mb", type=int, default=1024)
    parser.add_argument("--gpx-mb", type=int, default=500)
    parser.add_argument("--strong-rows", type=int, default=1_000_000)
    parser.add_argument("--only", default="bomb,nested,gpx,strong")
    args = parser.parse_args()
    only = set(args.only.split(","))
    with tempfile.TemporaryDirectory(prefix="runlift-bench-") as tmp:
        folder = Path(tmp)
        if "bomb" in only:
            path = folder / "bomb.gpx.gz"
            path.write_bytes(bomb(args.bomb_mb * 1024 * 1024))
            print(f"# bomb: {path.stat().st_size / 1024:.0f} KB expanding to {args.bomb_mb} MB", flush=True)
            measure(args.runlift, folder, f"gpx.gz bomb {args.bomb_mb} MB", path)
        if "nested" in only:
            inner = bomb(min(args.bomb_mb, 600) * 1024 * 1024)
            packed = io.BytesIO()
            with zipfile.ZipFile(packed, "w", zipfile.ZIP_STORED) as z:
                z.writestr("activities/run.gpx.gz", inner)
            path = folder / "export.zip"
            path.write_bytes(packed.getvalue())
            measure(args.runlift, folder, f".gz in a zip, {min(args.bomb_mb, 600)} MB", path)
        if "gpx" in only:
            path = folder / "long.gpx"
            points = long_gpx(path, args.gpx_mb * 1000 * 1000)
            print(f"# GPX: {path.stat().st_size / 1e6:.0f} MB, {points} points", flush=True)
            measure(args.runlift, folder, f"GPX {args.gpx_mb} MB", path)
        if "strong" in only:
            path = folder / "strong.csv"
            strong_csv(path, args.strong_rows)
            print(f"# Strong: {args.strong_rows} rows, {path.stat().st_size / 1e6:.0f} MB", flush=True)
            measure(args.runlift, folder, f"Strong {args.strong_rows} rows", path)


if __name__ == "__main__":
    main()
