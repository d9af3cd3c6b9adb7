"""The global log as a live stream: Server-Sent Events, resumable with ``Last-Event-ID``.

``GET /api/log/stream`` sends every event after ``Last-Event-ID`` (or
``?after=``; from the start without either), then each new one as it is
recorded, for as long as the client stays. Each message's ``id`` is the
event's log position, so a client that reconnects (browsers' ``EventSource``
does it by itself) resumes after the last one it received: across a restart
of the service too, nothing missed and nothing sent twice. A comment line
every 15 seconds keeps proxies from closing a quiet stream.

The events come from an [`AsyncSubscription`][kimcore.stores.AsyncSubscription]
on the service's async store, awaited on the loop: no thread per client, and a
client waiting for the next event holds no connection of the store's pool. A
page is read only when the client has taken the one before (back-pressure),
and a client that leaves ends the subscription at once.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from kimcore import _json
from kimcore.events.envelope import StoredEvent
from kimcore.web.http import may, reader, whole_number
from kimcore.web.service import Service

__all__ = ["HEARTBEAT", "stream"]

HEARTBEAT = 15.0


def _after(request: Request) -> int:
    text = request.headers.get("last-event-id") or request.query_params.get("after") or "0"
    return whole_number("Last-Event-ID", text)


def _message(line: dict[str, Any]) -> bytes:
    data = _json.dumps(line).decode()
    return f"id: {line['position']}\nevent: {line['event_type']}\ndata: {data}\n\n".encode()


async def _messages(
    request: Request, service: Service, after: int, personal: bool
) -> AsyncIterator[bytes]:
    app = await service.aio.app()
    subscription = service.aio.subscription(app, after, service.poll)
    pages = subscription.pages()
    yield b"retry: 2000\n\n"  # how long a browser waits before it reconnects
    # One read in flight at a time, kept across heartbeats: a page is read only when the
    # client has taken the one before (back-pressure).
    reading: asyncio.Future[list[StoredEvent]] = asyncio.ensure_future(anext(pages))
    try:
        while True:
            done, _ = await asyncio.wait((reading,), timeout=HEARTBEAT)
            if not done:
                if await request.is_disconnected():
                    return
                yield b": keep-alive\n\n"
                continue
            try:
                page = reading.result()
            except StopAsyncIteration:
                return
            for line in await service.aio.lines(page, personal=personal):
                yield _message(line)
            reading = asyncio.ensure_future(anext(pages))
    finally:
        subscription.stop()
        reading.cancel()
        with contextlib.suppress(asyncio.CancelledError, StopAsyncIteration):
            await reading


def stream(request: Request) -> Response:
    """``GET /api/log/stream``: the log from ``Last-Event-ID`` on, then live."""
    service = reader(request)
    after = _after(request)
    personal = may(request, "personal")
    return StreamingResponse(
        _messages(request, service, after, personal),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
