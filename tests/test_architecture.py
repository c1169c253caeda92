"""The layers call one way (docs/architecture.md): every module of a layer is parsed with `ast`, and
an import that goes against the direction fails here, with the module and the name it imports.

    cli, web  →  app  →  store, importers, exporters  →  core
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import runlift

PACKAGE = Path(runlift.__file__).parent

# layer → what none of its modules may import (a module, or any module under it)
FORBIDDEN = {
    "core": ("runlift.store", "runlift.app", "runlift.importers", "runlift.exporters", "runlift.cli", "runlift.web"),
    "importers": ("runlift.store", "runlift.app", "runlift.cli", "runlift.web", "sqlalchemy"),
    "exporters": ("runlift.store", "runlift.app", "runlift.cli", "runlift.web", "sqlalchemy"),
    "store": ("runlift.app", "runlift.cli", "runlift.web", "typer", "rich", "fastapi"),
    "app": ("typer", "rich", "click", "fastapi", "starlette", "runlift.cli", "runlift.web", "runlift.settings"),
    # the CLI opens the store, reads its schema's revision and words its errors through app.database and
    # app.errors (#12); `serve` starts runlift.web: the one way the CLI reaches it
    "cli": ("runlift.store",),
    # routes call services (app/), never these stores' functions (parse → one service → render)
    "web": ("runlift.store.tables", "runlift.store.jobs", "runlift.store.activities", "runlift.cli", "typer", "rich"),
}
# what a use case never does itself: read the environment or the clock (today and now are parameters)
APP_CALLS = ("environ", "getenv", "today", "now", "utcnow")
# the worker loop's default clock (its leases need the real time; every service takes `now`)
CLOCK_ALLOWED = {("app/jobs.py", "utc_now")}


def _modules(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


def _imports(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [(node.lineno, node.module)]
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def _breaks(name: str, forbidden: tuple[str, ...]) -> bool:
    return any(name == f or name.startswith(f + ".") for f in forbidden)


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_each_layer_imports_only_downwards(layer: str):
    wrong = []
    for path in _modules(layer):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        wrong += [
            f"{path.relative_to(PACKAGE)}:{line}: {name}"
            for line, name in _imports(tree)
            if _breaks(name, FORBIDDEN[layer])
        ]
    assert not wrong, f"runlift.{layer} imports against the direction:\n" + "\n".join(wrong)


def test_use_cases_read_neither_the_environment_nor_the_clock():
    wrong = []
    for path in _modules("app"):
        module = str(path.relative_to(PACKAGE))
        tree = ast.parse(path.read_text(encoding="utf-8"))
        allowed = {
            line
            for f in ast.walk(tree)
            if isinstance(f, ast.FunctionDef) and (module, f.name) in CLOCK_ALLOWED
            for line in range(f.lineno, (f.end_lineno or f.lineno) + 1)
        }
        wrong += [
            f"{module}:{node.lineno}: .{node.attr}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr in APP_CALLS and node.lineno not in allowed
        ]
    assert not wrong, "runlift.app reads the environment or the clock:\n" + "\n".join(wrong)


def test_pages_call_services_not_api_routes():
    """A page handler does what an API route does through the same service and helpers, never by calling
    the route's function (its parameters are FastAPI's dependencies, not a page's). Caught: Today's
    no-script forms logged sets and made swaps by calling POST …/log/sets's and …/swaps's functions."""
    import importlib

    from fastapi.routing import APIRoute

    routes = set()
    for path in _modules("web/api"):
        module = importlib.import_module("runlift." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts))
        router = getattr(module, "router", None)
        routes |= {
            (r.endpoint.__module__, r.endpoint.__name__)
            for r in getattr(router, "routes", ())
            if isinstance(r, APIRoute) and r.endpoint.__module__ == module.__name__
        }
    assert ("runlift.web.api.log", "log_sets") in routes
    wrong = []
    for path in _modules("web/pages"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        wrong += [
            f"{path.relative_to(PACKAGE)}:{node.lineno}: {node.module}.{alias.name}"
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module
            for alias in node.names
            if (node.module, alias.name) in routes
        ]
    assert not wrong, "pages call API route functions:\n" + "\n".join(wrong)
