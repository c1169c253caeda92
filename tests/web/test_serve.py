"""`runlift serve` really serves: the installed script on a free port, GET /api/v1/health, then killed."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

import httpx

from tests.cli.entry import RUNLIFT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_runlift_serve_answers_health_on_a_fresh_machine(tmp_path: Path):
    """No --db and no data folder yet (a fresh machine): serve makes the folder and its SQLite file."""
    assert RUNLIFT
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("RUNLIFT_")}
    data = tmp_path / "fresh" / "runlift"
    proc = subprocess.Popen(
        [RUNLIFT, "serve", "--port", str(port)],
        env={**env, "RUNLIFT_DATA_DIR": str(data)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            try:
                got = httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "runlift serve did not answer in 30 s"
                time.sleep(0.1)
        assert got.status_code == 200 and got.json()["status"] == "ok"
        assert (data / "runlift.db").is_file()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
