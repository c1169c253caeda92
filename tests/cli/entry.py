"""Running the `runlift` entry point: in this process (fast) or as the installed script (real).

`invoke` calls `runlift.cli.main` — the function the installed `runlift` script calls — with the
arguments, environment, standard input and working folder a subprocess would get, and returns
what a subprocess would: exit code, stdout, stderr. It costs ~0.1-0.2 s a command instead of
the 1-3 s a new interpreter takes to import Typer, SQLAlchemy and Alembic, which made the CLI
tests most of the suite's time. Tests about the process itself (the installed script, exit on a
signal, kill -9, worker processes) use `spawn`, the real subprocess."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

from sqlalchemy import Connection, Engine, event

ENTRY = Path(sys.executable).parent / "runlift"
RUNLIFT = str(ENTRY) if ENTRY.exists() else shutil.which("runlift")


def spawn(
    args: Sequence[str], env: Mapping[str, str], stdin: str | None = None, cwd: Path | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """The installed `runlift` script in a new process."""
    assert RUNLIFT, "the runlift entry point is not installed (pip install -e .)"
    return subprocess.run(
        [RUNLIFT, *args], input=stdin, capture_output=True, text=True, env=dict(env), cwd=cwd, timeout=timeout
    )


def invoke(
    args: Sequence[str], env: Mapping[str, str], stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """`runlift.cli.main()` in this process, as the installed script would run it in a new one."""
    from runlift.cli import main

    out, err = _stream(), _stream()
    with _engines_disposed(), _process_state(args, env, stdin, cwd, out, err):
        try:
            main()
            code: int = 0
        except SystemExit as exc:  # what the interpreter does with sys.exit's argument
            if exc.code is None or isinstance(exc.code, int):
                code = exc.code or 0
            else:
                print(exc.code, file=sys.stderr)
                code = 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
    return subprocess.CompletedProcess(["runlift", *args], code, _text(out), _text(err))


def _stream(data: str = "") -> io.TextIOWrapper:
    """A text stream over bytes, like a pipe's: `.buffer` for binary writers, not a terminal."""
    return io.TextIOWrapper(io.BytesIO(data.encode()), encoding="utf-8", newline=None, write_through=True)


def _text(stream: io.TextIOWrapper) -> str:
    buffer = stream.buffer
    assert isinstance(buffer, io.BytesIO)
    return buffer.getvalue().decode().replace("\r\n", "\n")


@contextlib.contextmanager
def _process_state(
    args: Sequence[str],
    env: Mapping[str, str],
    stdin: str | None,
    cwd: Path | None,
    out: io.TextIOWrapper,
    err: io.TextIOWrapper,
) -> Iterator[None]:
    """argv, environment, standard streams and working folder as a new process would have them."""
    saved_env = dict(os.environ)
    saved = (sys.argv, sys.stdin, sys.stdout, sys.stderr)
    saved_cwd = os.getcwd()
    sys.argv = [RUNLIFT or "runlift", *args]
    sys.stdin, sys.stdout, sys.stderr = _stream(stdin or ""), out, err
    os.environ.clear()
    os.environ.update(env)
    if cwd is not None:
        os.chdir(cwd)
    try:
        yield
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
        sys.argv, sys.stdin, sys.stdout, sys.stderr = saved


@contextlib.contextmanager
def _engines_disposed() -> Iterator[None]:
    """Close every database connection the command opened, as its process exit would."""
    opened: dict[int, Engine] = {}

    def seen(connection: Connection) -> None:
        opened[id(connection.engine)] = connection.engine

    event.listen(Engine, "engine_connect", seen)
    try:
        yield
    finally:
        event.remove(Engine, "engine_connect", seen)
        for engine in opened.values():
            engine.dispose()


def killed_when(
    args: Sequence[str], env: Mapping[str, str], seen: Callable[[], bool], timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Start the installed `runlift ARGS` and SIGKILL it as soon as `seen()` says so — no sleep decides
    the moment. Returns the finished process: its returncode is -9 when it was killed, or its own
    exit code when it ended before `seen()` (the caller asserts which it expects)."""
    import signal
    import time

    assert RUNLIFT, "the runlift entry point is not installed (pip install -e .)"
    proc = subprocess.Popen([RUNLIFT, *args], env=dict(env), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + timeout
    try:
        while proc.poll() is None:
            if seen():
                proc.send_signal(signal.SIGKILL)
                break
            if time.monotonic() > deadline:
                raise AssertionError(f"runlift {' '.join(args)}: not seen in {timeout} s")
    finally:
        if proc.poll() is None and time.monotonic() > deadline:
            proc.kill()
        stdout, stderr = proc.communicate()
    return subprocess.CompletedProcess([RUNLIFT, *args], proc.returncode, stdout, stderr)


def killed_while_writing(args: Sequence[str], env: Mapping[str, str], db_url: str) -> subprocess.CompletedProcess[str]:
    """`killed_when` the process is seen inside a transaction that has written to `db_url`."""
    with _write_watch(db_url) as writing:
        return killed_when(args, env, writing)


@contextlib.contextmanager
def _write_watch(db_url: str) -> Iterator[Callable[[], bool]]:
    """A probe: is another connection inside a transaction that has written to this database?
    SQLite: its write lock is held (our BEGIN IMMEDIATE is refused at once); PostgreSQL: a session
    on the database has a transaction id, which a transaction gets at its first write."""
    if db_url.startswith("sqlite"):
        import sqlite3

        conn = sqlite3.connect(db_url.removeprefix("sqlite:///"), timeout=0, isolation_level=None)

        def sqlite_writing() -> bool:
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                if "locked" in str(exc) or "busy" in str(exc):
                    return True
                raise
            conn.execute("ROLLBACK")
            return False

        try:
            yield sqlite_writing
        finally:
            conn.close()
        return
    import psycopg
    from sqlalchemy.engine import make_url

    name = make_url(db_url).database
    with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=test", autocommit=True) as admin:

        def pg_writing() -> bool:
            row = admin.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND backend_xid IS NOT NULL", (name,)
            ).fetchone()
            return bool(row and row[0])

        yield pg_writing
