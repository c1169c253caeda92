"""The real recorded files in ../shared/realdata and their MANIFEST.md reference facts.

The importer tests run once per file found on disk. A file without a MANIFEST row fails its test, so
a new file cannot slip in untested; without ../shared at all, the tests skip and say where they looked.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SHARED

REALDATA = SHARED / "realdata"
MANIFEST = REALDATA / "MANIFEST.md"
ABSENT = f"no real data at {REALDATA} (../shared/realdata next to the repository)"
COLUMNS = 8  # path | source repo | source path | license | size | sha256 | what it is | reference facts


@dataclass(frozen=True)
class RealFile:
    path: Path
    what: str = ""
    facts: str = ""  # the "reference facts" cell, "" when the MANIFEST has no row for the file

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def broken(self) -> bool:
        return self.facts.startswith("BROKEN")

    @property
    def reference(self) -> str:
        """The facts a reader should reproduce: for a BROKEN file, those of fitdecode's lax pass."""
        text = self.facts.split("lax-pass facts:", 1)[-1]
        return text.split(". Features:", 1)[0]

    @property
    def features(self) -> str:
        return self.facts.split(". Features:", 1)[1] if ". Features:" in self.facts else ""

    def fact(self, key: str) -> str | None:
        """The value of `key=value` in the reference facts, up to the next ';' or ','."""
        found = re.search(rf"(?:^|[;,:]\s*){re.escape(key)}=([^;,]*)", self.reference)
        return found.group(1).strip() if found else None

    def number(self, key: str) -> float | None:
        """A numeric fact without its unit ("4835.38 m" → 4835.38); None for "-" or no fact."""
        value = self.fact(key)
        return None if value is None or value.startswith("-") else float(value.split()[0])

    def time(self, key: str) -> dt.datetime | None:
        """A timestamp fact as an aware datetime (naive values are UTC, as GPX and TCX say)."""
        value = self.fact(key)
        if value is None or value == "-" or not value[:4].isdigit():
            return None
        time = dt.datetime.fromisoformat(value)
        return time.replace(tzinfo=dt.UTC) if time.tzinfo is None else time


def manifest(kind: str) -> dict[str, RealFile]:
    """The MANIFEST rows under `kind/` (fit, gpx, tcx), by file name."""
    rows: dict[str, RealFile] = {}
    for line in MANIFEST.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == COLUMNS and cells[0].startswith(f"{kind}/"):
            path = REALDATA / cells[0]
            rows[path.name] = RealFile(path, what=cells[6], facts=cells[7])
    return rows


def real_files(kind: str, keep: Callable[[RealFile], bool] | None = None) -> list[Any]:
    """pytest params, one per file in realdata/<kind>/ that `keep` accepts (a single skipped param
    when the real data is absent). A file without a MANIFEST row comes with empty facts."""
    if not MANIFEST.exists():
        return [pytest.param(None, marks=pytest.mark.skip(reason=ABSENT), id="realdata-absent")]
    rows = manifest(kind)
    files = [rows.get(path.name, RealFile(path)) for path in sorted((REALDATA / kind).iterdir())]
    return [pytest.param(real, id=real.name) for real in files if keep is None or keep(real)]
