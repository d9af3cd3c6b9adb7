"""The global log as a live stream: Server-Sent Events, resumable with ``Last-Event-ID``.

``GET /api/log/stream`` sends every event after ``Last-Event-ID`` (or
``?after=``; from the start without either), then each new one as it is
recorded, for as long as the client stays. Each message's ``id`` is the
event's log position, so a client that reconnects (browsers' ``EventSource``
does it by itself) resumes after the last one it received: across a restart
of the service too, nothing missed and nothing sent twice. A comment line
every 15 seconds keeps proxies from closing a quiet stream.

A client catches up from the store a page at a time (a page is read only when
it has taken the one before), then follows the process's one
[`LogFollower`][kimcore.web.fanout.LogFollower], which reads each new page once
for every client: live readers cost the writers nothing per reader. A client
too slow to take its pages is dropped with a ``retry:`` hint and resumes with
``Last-Event-ID``, from the store; a client that leaves is forgotten at once.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Any

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from kimcore import _json
from kimcore.events.envelope import StoredEvent
from kimcore.web.fanout import SlowReader
from kimcore.web.http import known_params, may, reader, whole_number
from kimcore.web.service import Service

__all__ = ["RETRY_MS", "stream"]

RETRY_MS = 2000
"""How long a browser waits before it reconnects (the ``retry:`` field), in milliseconds."""


def _after(request: Request) -> int:
    text = request.headers.get("last-event-id") or request.query_params.get("after") or "0"
    return whole_number("Last-Event-ID", text)


def _message(line: dict[str, Any]) -> bytes:
    data = _json.dumps(line).decode()
    return f"id: {line['position']}\nevent: {line['event_type']}\ndata: {data}\n\n".encode()


async def _messages(
    request: Request, service: Service, after: int, personal: bool
) -> AsyncIterator[bytes]:
    follower = await service.aio.follower()

    async def render(stored: Sequence[StoredEvent], personal: bool) -> bytes:
        return b"".join(map(_message, await service.aio.lines(stored, personal=personal)))

    if follower.render is None:
        follower.render = render  # the service's: every page rendered once, before it goes out
    yield f"retry: {RETRY_MS}\n\n".encode()
    pages = follower.follow(after)
    try:
        async for page in pages:
            if page is None:
                if await request.is_disconnected():
                    return
                yield b": keep-alive\n\n"
                continue
            yield await page.rendered(render, personal=personal)
    except SlowReader:
        # Dropped for falling behind: the browser reconnects with the last id it received.
        yield f": too slow, reconnect\nretry: {RETRY_MS}\n\n".encode()
    finally:
        await pages.aclose()


def stream(request: Request) -> Response:
    """``GET /api/log/stream``: the log from ``Last-Event-ID`` on, then live."""
    service = reader(request)
    known_params(request, "after")
    after = _after(request)
    personal = may(request, "personal")
    return StreamingResponse(
        _messages(request, service, after, personal),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
