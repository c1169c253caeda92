"""The /api/v1 routers, one module per area."""

from __future__ import annotations

from fastapi import APIRouter

from runlift.web.api import activities, health, imports

ROUTERS: list[APIRouter] = [health.router, imports.router, activities.router]
