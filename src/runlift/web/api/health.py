"""GET /api/v1/health: the process is up and its database answers (for load balancers and tests)."""

from __future__ import annotations

from importlib.metadata import version
from typing import Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field
from sqlalchemy import text

from runlift.web.deps import StoreDep, public
from runlift.web.problems import RESPONSES

VERSION = version("runlift")  # read once: a lookup in the installed packages' metadata per request cost ~0.4 ms
router = APIRouter(tags=["health"], responses={503: RESPONSES[503], 500: RESPONSES[500]})


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    version: str = Field(examples=["0.1.0"])
    database: Literal["sqlite", "postgresql"]


@router.get("/health", dependencies=[Depends(public)])
def health(store: StoreDep) -> Health:
    with store.engine.connect() as db:
        db.execute(text("SELECT 1"))
    return Health(version=VERSION, database="sqlite" if store.engine.dialect.name == "sqlite" else "postgresql")
