"""Request bodies that are not one JSON model: a runner's file, sent as TOML or as a JSON document."""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator, AsyncIterator
from dataclasses import dataclass
from typing import Any

from fastapi import Request

from runlift.core.errors import InputError
from runlift.web.problems import UnsupportedMedia

MAX_FILE = 256 * 1024  # bytes: a runner's file is a few hundred
TOML_TYPES = ("application/toml", "text/toml", "text/plain", "")
MAYA_TOML = """[athlete]
name = "Maya"
units = "lb"
bodyweight = 135
lifting_experience = "beginner"
equipment = ["dumbbells", "band"]
sessions_per_week = 2
session_minutes = 40

[running]
weekly_distance = 35
week = { mon = "easy", tue = "rest", wed = "tempo:am", thu = "easy", fri = "rest", sat = "long", sun = "rest" }

[[race]]
date = 2027-04-18
distance = "half-marathon"
priority = "A"
"""
MAYA_JSON: dict[str, Any] = {
    "athlete": {
        "name": "Maya",
        "units": "lb",
        "bodyweight": 135,
        "lifting_experience": "beginner",
        "equipment": ["dumbbells", "band"],
        "sessions_per_week": 2,
        "session_minutes": 40,
    },
    "running": {
        "weekly_distance": 35,
        "week": {"mon": "easy", "tue": "rest", "wed": "tempo:am", "thu": "easy", "fri": "rest", "sat": "long"},
    },
    "race": [{"date": "2027-04-18", "distance": "half-marathon", "priority": "A"}],
}

# the OpenAPI description of such a body (FastAPI cannot infer it from a Request)
RUNNER_FILE_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "The runner's file: TOML as `runlift init` writes it, or the same document as JSON.",
        "content": {
            "application/toml": {"schema": {"type": "string"}, "example": MAYA_TOML},
            "application/json": {"schema": {"type": "object"}, "example": MAYA_JSON},
        },
    }
}


@dataclass(frozen=True, slots=True)
class RunnerFile:
    text: str  # TOML
    raw: bytes  # as sent (for the Idempotency-Key's fingerprint)


async def runner_file(request: Request) -> RunnerFile:
    from runlift.app.profiles import text_from_document

    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    raw = await _body(request)
    if media == "application/json":
        try:
            doc = json.loads(raw)
        except (ValueError, RecursionError):
            raise InputError("body: expected a runner's file as JSON, got text that does not parse") from None
        return RunnerFile(text_from_document(doc), raw)
    if media not in TOML_TYPES:
        raise UnsupportedMedia(f"Content-Type: expected application/toml or application/json, got {media!r}")
    try:
        return RunnerFile(raw.decode("utf-8"), raw)
    except UnicodeDecodeError:
        raise InputError("body: expected a runner's file in UTF-8, got bytes that are not") from None


async def _body(request: Request) -> bytes:
    """The body, refused past MAX_FILE without reading the rest."""
    refusal = f"body: expected a runner's file of at most {MAX_FILE // 1024} KB, got more"
    return b"".join([chunk async for chunk in limited(request.stream(), MAX_FILE, refusal)])


async def limited(chunks: AsyncIterator[bytes], limit: int, refusal: str) -> AsyncGenerator[bytes, None]:
    """An upload's chunks as they arrive; UploadTooLarge (an InputError) saying `refusal` once more than
    `limit` bytes came (with or without a Content-Length: a chunked upload is counted too)."""
    from runlift.app.uploads import UploadTooLarge

    seen = 0
    async for chunk in chunks:
        seen += len(chunk)
        if seen > limit:
            raise UploadTooLarge(refusal)
        yield chunk
