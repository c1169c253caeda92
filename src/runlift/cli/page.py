"""Text for reading in a terminal: lines wrapped with their indent at 80 columns, and a pager when
the output is longer than the screen (as git and gh do: never on a pipe, `--no-pager` to turn off).

Everything is Rich `Text`, never markup, so names from files print as typed."""

from __future__ import annotations

import contextlib
import os
import shlex
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

MAX_WIDTH = 80
PAGER_ENV = "RUNLIFT_PAGER"


@dataclass
class Page:
    """Lines to print; each `add` wraps its text at `width`, continuation lines under the text."""

    width: int = MAX_WIDTH
    lines: list[tuple[str, str]] = field(default_factory=list)  # (text, Rich style)

    def add(self, text: str, indent: int | str = 0, style: str = "", hang: int = 0) -> None:
        """`indent`: spaces, or a prefix (e.g. 'Mon 30 Nov  ') whose width indents the continuation."""
        from runlift.core.limits import without_controls

        text = without_controls(text)  # a name with ESC or BEL from a file never reaches the terminal
        prefix = " " * indent if isinstance(indent, int) else indent
        room = max(20, self.width - len(prefix))
        wrapped = textwrap.wrap(text, room, subsequent_indent=" " * hang, break_on_hyphens=False) or [""]
        self.lines.append((prefix + wrapped[0], style))
        self.lines += [(" " * len(prefix) + rest, style) for rest in wrapped[1:]]

    def blank(self) -> None:
        if self.lines and self.lines[-1][0]:
            self.lines.append(("", ""))

    def texts(self) -> list[Text]:
        from rich.text import Text

        return [Text(line, style=style) for line, style in self.lines]


def width(console: Console) -> int:
    return min(MAX_WIDTH, console.width)


def show(console: Console, page: Page, pager: bool = True) -> None:
    """Print the page; through a pager when stdout is a terminal and the page is taller than it."""
    texts = page.texts()
    if not (pager and sys.stdout.isatty()) or len(texts) < console.size.height:
        for text in texts:
            console.print(text, no_wrap=True, overflow="ignore", crop=False)
        return
    with console.capture() as captured:
        for text in texts:
            console.print(text, no_wrap=True, overflow="ignore", crop=False)
    run_pager(captured.get())


@contextlib.contextmanager
def paged(console: Console, pager: bool = True) -> Iterator[None]:
    """What is printed on `console` inside goes through the pager when it is taller than the terminal."""
    if not (pager and sys.stdout.isatty()):
        yield
        return
    with console.capture() as captured:
        yield
    text = captured.get()
    if text.count("\n") < console.size.height:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        run_pager(text)


def pager_command() -> list[str] | None:
    """RUNLIFT_PAGER, then PAGER, then `less`; empty or `cat` means none."""
    command = os.environ.get(PAGER_ENV)
    if command is None:
        command = os.environ.get("PAGER", "less")
    parts = shlex.split(command)
    return None if not parts or parts == ["cat"] else parts


def run_pager(text: str) -> None:
    command = pager_command()
    if command is not None:
        env = {**os.environ}
        env.setdefault("LESS", "FRX")  # quit if one screen, keep colours, leave the text on screen
        try:
            subprocess.run(command, input=text.encode("utf-8", "replace"), env=env, check=False)
            return
        except OSError:  # no such pager: print it plain
            pass
    sys.stdout.write(text)
    sys.stdout.flush()
