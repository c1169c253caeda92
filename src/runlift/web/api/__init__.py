"""The /api/v1 routers, one module per area."""

from __future__ import annotations

from fastapi import APIRouter

from runlift.web.api import (
    accounts,
    activities,
    athletes,
    coaching,
    exports,
    feeds,
    health,
    history,
    imports,
    library,
    log,
    log_items,
    names,
    plan,
    weights,
)

ROUTERS: list[APIRouter] = [
    health.router,
    athletes.router,
    weights.router,
    plan.router,
    library.router,
    log.router,
    log_items.router,
    history.router,
    exports.router,
    feeds.router,
    names.router,  # before imports: /imports/names is not a job id
    imports.router,
    activities.router,
    accounts.router,
    coaching.router,
]
