"""Run the entry point on a pseudo-terminal, as a runner at a keyboard would."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import struct
import subprocess
import termios
import time
from collections.abc import Callable

from tests.cli.test_cli import RUNLIFT


class Terminal:
    """The command on a pty (stdin, stdout, stderr): read what it prints, type answers."""

    def __init__(self, *args: str, env: dict[str, str], rows: int = 24, cols: int = 80) -> None:
        assert RUNLIFT
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        full = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
        full.update({"TERM": "xterm", "NO_COLOR": "1", **env})
        self.proc = subprocess.Popen(
            [RUNLIFT, *args], stdin=slave, stdout=slave, stderr=slave, env=full, close_fds=True, start_new_session=True
        )
        os.close(slave)
        self.output = ""

    def read_until(self, done: Callable[[str], bool] | str, timeout: float = 20.0) -> str:
        """Read until `done(output)` (or the text appears); fails after `timeout` seconds."""
        check = (lambda out: done in out) if isinstance(done, str) else done
        deadline = time.monotonic() + timeout
        while not check(self.output):
            left = deadline - time.monotonic()
            assert left > 0, f"timed out waiting; got:\n{self.output}"
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:  # the child closed the terminal
                    chunk = b""
                if not chunk:
                    assert check(self.output), f"the command ended first; got:\n{self.output}"
                    break
                self.output += chunk.decode("utf-8", "replace").replace("\r\n", "\n")
        return self.output

    def type(self, text: str) -> None:
        os.write(self.master, text.encode())

    def wait(self, timeout: float = 20.0) -> int:
        with contextlib.suppress(AssertionError):
            self.read_until(lambda _: False, timeout=timeout)
        code = self.proc.wait(timeout=timeout)
        os.close(self.master)
        return code
