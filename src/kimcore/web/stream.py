"""The global log as a live stream: Server-Sent Events, resumable with ``Last-Event-ID``.

``GET /api/log/stream`` sends every event after ``Last-Event-ID`` (or
``?after=``; from the start without either), then each new one as it is
recorded, for as long as the client stays. Each message's ``id`` is the
event's log position, so a client that reconnects (browsers' ``EventSource``
does it by itself) resumes after the last one it received: across a restart
of the service too, nothing missed and nothing sent twice. A comment line
every 15 seconds keeps proxies from closing a quiet stream.

The events come from the store's [`Subscription`][kimcore.stores.Subscription],
read in a thread of their own: a page is read only when the client has taken
the one before (back-pressure), and a client that leaves ends the
subscription within its poll.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from typing import Any

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from kimcore import _json
from kimcore.application.subscription import Subscription
from kimcore.events.envelope import StoredEvent
from kimcore.vocabulary.errors import InvalidValue
from kimcore.web.http import HttpError, may, reader
from kimcore.web.service import Service

__all__ = ["HEARTBEAT", "stream"]

HEARTBEAT = 15.0
_END = None  # what the reading thread puts last


def _after(request: Request) -> int:
    text = request.headers.get("last-event-id") or request.query_params.get("after") or "0"
    if not text.isdigit():
        raise HttpError.refused(
            InvalidValue("Last-Event-ID", f"must be a log position, got {text!r}"), 400
        )
    return int(text)


def _follow(
    subscription: Subscription,
    queue: asyncio.Queue[list[StoredEvent] | None],
    loop: asyncio.AbstractEventLoop,
) -> None:
    """In a thread: put each page of the subscription on *queue*, waiting while it is full."""
    try:
        for page in subscription.pages():
            asyncio.run_coroutine_threadsafe(queue.put(page), loop).result()
    finally:
        asyncio.run_coroutine_threadsafe(queue.put(_END), loop)


def _message(line: dict[str, Any]) -> bytes:
    data = _json.dumps(line).decode()
    return f"id: {line['position']}\nevent: {line['event_type']}\ndata: {data}\n\n".encode()


async def _messages(
    request: Request, service: Service, after: int, personal: bool
) -> AsyncIterator[bytes]:
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[list[StoredEvent] | None] = asyncio.Queue(maxsize=2)
    subscription = Subscription(service.store, after, page_size=200, poll=service.poll)
    reader = threading.Thread(
        target=_follow, args=(subscription, queue, loop), name="kimcore-sse", daemon=True
    )
    reader.start()
    yield b"retry: 2000\n\n"  # how long a browser waits before it reconnects
    try:
        while True:
            try:
                page = await asyncio.wait_for(queue.get(), HEARTBEAT)
            except TimeoutError:
                if await request.is_disconnected():
                    return
                yield b": keep-alive\n\n"
                continue
            if page is _END:
                return
            for line in service.lines(page, personal=personal):
                yield _message(line)
    finally:
        subscription.stop()
        while reader.is_alive() and queue.qsize():  # let a thread blocked on a full queue end
            queue.get_nowait()


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
