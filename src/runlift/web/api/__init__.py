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
    log,
    log_items,
    plan,
)

ROUTERS: list[APIRouter] = [
    health.router,
    athletes.router,
    plan.router,
    log.router,
    log_items.router,
    history.router,
    exports.router,
    feeds.router,
    imports.router,
    activities.router,
    accounts.router,
    coaching.router,
]
