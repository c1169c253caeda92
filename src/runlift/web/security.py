"""Headers every answer carries, and the same-origin check on writes (ASGI middleware, no per-request
Python objects beyond the headers themselves).

- Content-Security-Policy: scripts and styles only from this server (`'self'`), no inline script or
  style, no plugins, no framing; every page asset is served from the package (web/static), never a CDN.
- A write (POST/PUT/PATCH/DELETE) that a browser marks as coming from another origin (its `Origin`
  header names another host, or `Sec-Fetch-Site: cross-site`) is refused with 403 before any route
  runs. That closes cross-site request forgery in single-user mode, which has no cookie to pin a CSRF
  token to (a page on any site could otherwise POST a form to 127.0.0.1:8000). Scripts, the CLI and
  tests send no `Origin`, so they are unaffected; multi-user mode also checks the CSRF token (auth.py).
- Pages and their assets are gzipped (not /api/: exports are zips and backups stream)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

from starlette.middleware.gzip import GZipMiddleware

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
PROBLEM = {
    "type": "urn:runlift:problem:forbidden",
    "title": "Forbidden",
    "status": 403,
    "detail": "Origin: a write from another site's page is refused (cross-site request)",
}


def cross_site(scope: Scope) -> bool:
    """Whether a browser says this request comes from a page of another origin."""
    headers = dict(scope.get("headers") or ())
    if headers.get(b"sec-fetch-site") == b"cross-site":
        return True
    origin = headers.get(b"origin")
    if origin is None:
        return False
    host = headers.get(b"host", b"").decode("latin-1").lower()
    text = origin.decode("latin-1").lower()
    return bool(text == "null" or urlsplit(text).netloc != host)


class Security:
    """Adds HEADERS to every answer; refuses cross-site writes; gzips everything but /api/."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.gzip = GZipMiddleware(app, minimum_size=800)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] in WRITES and cross_site(scope):
            await _forbidden(send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), *HEADERS]
            await send(message)

        inner = self.app if scope["path"].startswith("/api/") else self.gzip
        await inner(scope, receive, send_with_headers)


async def _forbidden(send: Send) -> None:
    body = json.dumps(PROBLEM).encode()
    headers = [(b"content-type", b"application/problem+json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 403, "headers": [*headers, *HEADERS]})
    await send({"type": "http.response.body", "body": body})
