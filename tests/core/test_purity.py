"""The coaching core imports no I/O, database, CLI or web library, and no edge module."""

from __future__ import annotations

import ast
from pathlib import Path

import runlift.core

CORE = Path(runlift.core.__file__).parent
FORBIDDEN = (
    "sqlalchemy",
    "typer",
    "rich",
    "fastapi",
    "jinja2",
    "httpx",
    "requests",
    "click",
    "pydantic",
    "runlift.store",
    "runlift.importers",
    "runlift.exporters",
    "runlift.cli",
    "runlift.web",
    "runlift.data",
    "runlift.profile_file",
    "os",
    "pathlib",
    "io",
    "random",
    "time",
    "socket",
    "subprocess",
    "tomllib",
    "json",
    "importlib",
)
# Calls that read the clock or the outside world: "today" is always a parameter.
FORBIDDEN_CALLS = ("today", "now", "utcnow", "open", "print", "input")


def _imports(tree: ast.AST) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_core_modules_import_nothing_from_the_edges():
    offenders = []
    for path in sorted(CORE.glob("*.py")):
        for name in _imports(ast.parse(path.read_text())):
            if any(name == f or name.startswith(f + ".") for f in FORBIDDEN):
                offenders.append(f"{path.name}: {name}")
    assert offenders == []


def test_core_never_reads_the_clock_or_files():
    offenders = []
    for path in sorted(CORE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name in FORBIDDEN_CALLS:
                    offenders.append(f"{path.name}:{node.lineno}: {name}()")
    assert offenders == []
