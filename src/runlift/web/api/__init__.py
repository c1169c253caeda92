"""The /api/v1 routers, one module per area."""

from __future__ import annotations

from fastapi import APIRouter

from runlift.web.api import health

ROUTERS: list[APIRouter] = [health.router]
