"""The HTTP protocol of `runlift serve`: uvicorn's own, with TCP_NODELAY on every TCP connection.

With `--workers N` (N > 1) uvicorn binds the listening socket itself with `proto` 0 and hands it to
its workers; asyncio sets TCP_NODELAY only on accepted sockets whose `proto` is IPPROTO_TCP, so
Nagle's algorithm stayed on: a response's body waited for the client's delayed ACK of its headers,
~40 ms on every keep-alive request after the first (bench/history.md, issue #12; uvicorn issue 3149).
One worker was not affected (asyncio binds the socket from getaddrinfo, proto 6)."""

from __future__ import annotations

import asyncio
import socket

from uvicorn.protocols.http.auto import AutoHTTPProtocol


class NoDelayHTTP(AutoHTTPProtocol):  # type: ignore[misc,valid-type]  # uvicorn picks h11 or httptools
    """Send each write at once (TCP_NODELAY) whatever socket the connection came from."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
