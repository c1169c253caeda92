"""The /api/v1 routers, one module per area."""

from __future__ import annotations

from fastapi import APIRouter

from runlift.web.api import accounts, activities, coaching, health, imports

ROUTERS: list[APIRouter] = [health.router, imports.router, activities.router, accounts.router, coaching.router]
