"""The Library page: the exercises by pattern, equipment and running specificity, each with its
regression chain and cues; filters are a plain GET form (the same filters as GET /api/v1/library/exercises)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from runlift.web.pages.deps import Reader
from runlift.web.pages.render import page

router = APIRouter(include_in_schema=False)


@router.get("/library", name="library")
def library_page(
    request: Request,
    _caller: Reader,
    pattern: Annotated[str | None, Query(max_length=40)] = None,
    equipment: Annotated[str | None, Query(max_length=200)] = None,
    search: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    from runlift.app.library import shelves
    from runlift.core.errors import InputError

    wanted = {"pattern": pattern or None, "equipment": equipment or None, "search": (search or "").strip() or None}
    try:
        found, error = shelves(**wanted), ""
    except InputError as exc:  # a filter word it does not know: said beside the form, nothing listed
        found, error = shelves(), str(exc)
    return page(
        request,
        "library.html",
        title="Library",
        current="library",
        shelves=found,
        error=error,
        wanted=wanted,
        filters=_filters(),
        status=422 if error else 200,
    )


def _filters() -> dict[str, list[str]]:
    from runlift.core.library import Equipment, Pattern

    return {"patterns": [p.value for p in Pattern], "equipment": [e.value for e in Equipment]}
