"""A load client that costs the server nothing it can measure: HTTP/1.1 keep-alive over asyncio streams.

bench/api_load.py runs the client, `runlift serve` and PostgreSQL on one 2-CPU machine, so every CPU
millisecond the client spends is taken from the server under test. httpx's AsyncClient spent 2-3 ms
of CPU per request at 200 requests/s, and 13 ms once a slow phase had 256 requests in flight (its
pool is searched on every request): at 100 sets/s the client used 30 % of a core, and at 200 it was
the first process to saturate. This client sends a request on an idle keep-alive connection (a new
one when none is idle), reads the status line, the headers and a Content-Length or chunked body, and
keeps the connection (a request sent on a connection the server had closed while idle goes again on
a new one, as httpx does): ~0.4 ms of CPU per request (bench/history.md). `HttpxClient` is the old
client behind the same `request`, for `api_load.py --client httpx`.
"""

from __future__ import annotations

import asyncio
import json
from urllib.parse import urlsplit

import httpx

Connection = tuple[asyncio.StreamReader, asyncio.StreamWriter]


class Closed(ConnectionError):
    """The connection was closed before any of the answer came."""


class Loopback:
    """Requests to one `http://host:port`, each on an idle keep-alive connection."""

    def __init__(self, base: str) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.idle: list[Connection] = []

    async def request(
        self, method: str, path: str, body: object | None = None, headers: dict[str, str] | None = None
    ) -> int:
        """The answer's status; the body is read and dropped. An error closes the connection."""
        data = json.dumps(body).encode() if body is not None else b""
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}", f"Content-Length: {len(data)}"]
        if body is not None:
            lines.append("Content-Type: application/json")
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        message = ("\r\n".join(lines) + "\r\n\r\n").encode() + data
        while True:
            reused = bool(self.idle)
            connection = self.idle.pop() if reused else await asyncio.open_connection(self.host, self.port)
            reader, writer = connection
            try:
                writer.write(message)
                status, keep = await _answer(reader)
                break
            except Closed:
                writer.close()
                if not reused:
                    raise
                # the server closed it while it was idle (uvicorn: after 5 s): again on another
            except BaseException:
                writer.close()
                raise
        if keep:
            self.idle.append(connection)
        else:
            writer.close()
        return status

    async def aclose(self) -> None:
        for _, writer in self.idle:
            writer.close()
        self.idle.clear()


async def _answer(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Read one response: its status, and whether the connection stays open."""
    try:
        status_line = await reader.readline()
    except ConnectionResetError as exc:
        raise Closed("the server closed the connection") from exc
    if not status_line:
        raise Closed("the server closed the connection")
    status = int(status_line.split()[1])
    length, chunked, keep = 0, False, True
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding":
            chunked = b"chunked" in value.lower()
        elif name == b"connection":
            keep = b"close" not in value.lower()
    if chunked:
        while size := int((await reader.readline()).split(b";")[0], 16):
            await reader.readexactly(size + 2)
        await reader.readline()  # the last chunk's CRLF (no trailers are sent)
    elif length:
        await reader.readexactly(length)
    return status, keep


class HttpxClient:
    """httpx's AsyncClient behind `Loopback.request` (the client of the earlier figures)."""

    def __init__(self, base: str, limit: int) -> None:
        limits = httpx.Limits(max_connections=limit, max_keepalive_connections=limit)
        self.client = httpx.AsyncClient(base_url=base, limits=limits, timeout=30)

    async def request(
        self, method: str, path: str, body: object | None = None, headers: dict[str, str] | None = None
    ) -> int:
        try:
            answer = await self.client.request(method, path, json=body, headers=headers)
        except httpx.HTTPError as exc:
            raise OSError(f"{type(exc).__name__}: {exc}") from exc
        return answer.status_code

    async def aclose(self) -> None:
        await self.client.aclose()
