"""`runlift serve` really serves: the installed script on a free port, GET /api/v1/health, then killed."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
import pytest

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


def test_a_shared_listener_still_sends_each_response_at_once():
    """`--workers N` hands uvicorn's workers a listener bound with proto 0, on which asyncio leaves
    Nagle on: every keep-alive response waited ~40 ms for the client's delayed ACK (issue #12). The
    serve protocol turns TCP_NODELAY on for each connection itself; checked on the accepted socket."""
    import threading

    import uvicorn

    from runlift.web.tcp import NoDelayHTTP

    async def app(scope: dict[str, object], receive: object, send: Callable[[dict[str, object]], Awaitable[None]]):
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": b"ok"})

    listener = socket.socket(socket.AF_INET)  # as uvicorn's Config.bind_socket makes it for its workers
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    assert listener.proto == 0
    port = listener.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, http=NoDelayHTTP, lifespan="off", log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started:
            assert time.monotonic() < deadline, "uvicorn did not start in 10 s"
            time.sleep(0.02)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            assert client.get("/").text == "ok"
            connections = list(server.server_state.connections)
            assert len(connections) == 1
            sock = connections[0].transport.get_extra_info("socket")
            assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        listener.close()


# `--workers N` on PostgreSQL answering keep-alive requests without the delayed-ACK floor: checked on the
# concurrency test's server (tests/web/test_concurrency.py), one start-up of 4 app processes for both


def test_a_server_process_is_ready_for_its_first_requests_when_it_starts(databases: object, tmp_path: Path):
    """Start-up imports what the routes import on their first call, loads the library and walks every
    route once (FastAPI builds a route's models at its first match): a new process's first set took
    120-190 ms of that work, with the requests behind it queued (issue #12)."""
    import sys

    url = databases.new("sqlite")  # type: ignore[attr-defined]
    code = """
import asyncio, sys
from pathlib import Path
from runlift.settings import Settings
from runlift.web import create_app
app = create_app(Settings(database_url=sys.argv[1], data_dir=Path(sys.argv[2]), jobs_in_app=False), warm_up=True)
lazy = ("runlift.app.lift_log", "runlift.app.names", "runlift.exporters.ics", "runlift.importers.fit")
before = [m for m in lazy if m in sys.modules]
async def main():
    async with app.router.lifespan_context(app):
        from runlift.data import library
        print(before, [m for m in lazy if m not in sys.modules], library.cache_info().currsize)
asyncio.run(main())
"""
    done = subprocess.run(
        [sys.executable, "-c", code, url, str(tmp_path)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[0] == "[] [] 1"


def test_runlift_serves_processes_warm_up_and_an_app_made_for_a_test_does_not(
    databases: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from runlift.settings import Settings
    from runlift.web import app_from_env, create_app

    url = databases.new("sqlite")  # type: ignore[attr-defined]
    monkeypatch.setenv("RUNLIFT_DATABASE_URL", url)
    monkeypatch.setenv("RUNLIFT_DATA_DIR", str(tmp_path))
    assert app_from_env().state.warm_up is True  # the factory uvicorn's workers import
    assert create_app(Settings(database_url=url, data_dir=tmp_path)).state.warm_up is False
