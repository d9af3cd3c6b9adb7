"""The app inside another: its lifespan for a host to enter, and what wraps every request.

A Starlette ``Mount`` or FastAPI's ``app.mount`` does not run a mounted app's lifespan, so the
service's read models would never start. A host either enters
[`lifespan`][kimcore.web.lifespan] in its own lifespan (the read models start with the host and
the store closes with it), or lets the first request start them (the store then closes when the
process ends)::

    kim = kimcore.web.create_app(store)

    @contextlib.asynccontextmanager
    async def host_lifespan(app):
        async with kimcore.web.lifespan(kim):
            yield

    app = FastAPI(lifespan=host_lifespan)
    app.mount("/kim", kim)

Under a mount every route answers as it does at the root: errors are problem details, and
the page's links and the API's URLs carry the mount's prefix (the ASGI ``root_path``).
"""

from __future__ import annotations

import re
import threading
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from kimcore.vocabulary.errors import InvalidValue
from kimcore.web._report_cache import GZIP_FROM, GZIP_LEVEL
from kimcore.web.problems import problem_response
from kimcore.web.service import Service

__all__ = [
    "EXPOSED_HEADERS",
    "Lifecycle",
    "cors_origins",
    "lifespan",
    "middleware",
    "route_path",
]

# What a page on another origin may send, and read back, besides the CORS-safelisted ones.
ALLOWED_HEADERS = ("Authorization", "Content-Type", "Idempotency-Key", "Last-Event-ID")
EXPOSED_HEADERS = (
    "ETag",
    "Link",
    "Kimcore-Checkpoint",
    "Kimcore-Head",
    "Kimcore-Behind",
    "Location",
)
_ORIGIN = re.compile(r"^https?://[^/\s?#]+$")


def route_path(scope: Scope) -> str:
    """The request's path within the app: without the prefix it is mounted under."""
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    if root and path.startswith(root):
        return path[len(root) :] or "/"
    return path


def cors_origins(origins: Iterable[str]) -> tuple[str, ...]:
    """*origins* checked: each ``*`` or ``scheme://host[:port]``, as a browser sends ``Origin``."""
    found = []
    for origin in origins:
        for one in origin.replace(",", " ").split():
            cleaned = one.rstrip("/")
            if cleaned != "*" and not _ORIGIN.match(cleaned):
                raise InvalidValue("cors", f"an origin is scheme://host[:port] or *, got {one!r}")
            found.append(cleaned)
    return tuple(dict.fromkeys(found))


class Lifecycle:
    """Starts a service once, by the app's lifespan, a host's, or the first request."""

    def __init__(self, service: Service) -> None:
        self.service = service
        self._lock = threading.Lock()
        self.started = False
        self.stopped = False

    def start(self) -> None:
        """Make the read models' tables and follow the log; nothing if done or stopped."""
        with self._lock:
            if not self.started and not self.stopped:
                self.service.start()
                self.started = True

    async def stop(self) -> None:
        """Close the async side, stop following the log, close the store."""
        with self._lock:
            if self.stopped:
                return
            self.stopped = True
            started, self.started = self.started, False
        await self.service.aio.close()
        if started:
            self.service.stop()


@asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    """Run the kimcore *app* (from ``create_app``) for the block: what its own lifespan does.

    A host that mounts it enters this in its own lifespan: the read models start, and the
    store is closed when the block ends.
    """
    lifecycle: Lifecycle = app.state.lifecycle
    lifecycle.start()
    try:
        yield
    finally:
        await lifecycle.stop()


class _Within:
    """Starts the service on first request if no lifespan did; resolves URLs in its own routes.

    Its URLs are built under the prefix it is mounted at: a host's router would otherwise
    resolve ``url_for`` first among its own routes (a FastAPI host has an ``openapi`` route
    too) and build from the host's root.
    """

    def __init__(self, app: ASGIApp, lifecycle: Lifecycle) -> None:
        self.app, self.lifecycle = app, lifecycle

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Start the service if need be; pass the request on, in the app's own routes."""
        if scope["type"] in ("http", "websocket"):
            if not self.lifecycle.started:
                self.lifecycle.start()
            scope["router"] = scope["app"].router
            scope["app_root_path"] = scope.get("root_path", "")
        await self.app(scope, receive, send)


class _GzipButStreams:
    """gzip for answers of 1 kB or more; never the live stream (each event must go at once)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.gzip = GZipMiddleware(app, minimum_size=GZIP_FROM, compresslevel=GZIP_LEVEL)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not route_path(scope).endswith("/stream"):
            await self.gzip(scope, receive, send)
        else:
            await self.app(scope, receive, send)


class _Cors(CORSMiddleware):
    """Starlette's CORS, with a refused preflight answered as a problem, not as plain text."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # the lifespan's scope has no headers
            await super().__call__(scope, receive, send)
            return
        headers = Headers(scope=scope)
        # Starlette's own test for a preflight: here, where the request is known, so that the
        # problem names its path and its rule's page.
        if (
            scope["method"] == "OPTIONS"
            and "origin" in headers
            and "access-control-request-method" in headers
        ):
            answer = self.preflight_response(request_headers=headers)
            if answer.status_code >= 400:
                answer = _refused(Request(scope), answer)
            await answer(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def _refused(request: Request, answer: Response) -> Response:
    # Starlette says which of origin, method and headers it refused: "Disallowed CORS …".
    refused = bytes(answer.body).decode().removeprefix("Disallowed CORS ")
    kept = {
        name: value
        for name, value in answer.headers.items()
        if name.lower() not in {"content-length", "content-type"}
    }
    return problem_response(
        request,
        status=answer.status_code,
        rule="invalid-value",
        detail=f"a cross-origin request this service does not allow ({refused})",
        message_id=f"Permintaan lintas asal ini tidak diizinkan ({refused})",
        field=refused.split(",")[0].strip(),
        headers=kept,
    )


def middleware(
    lifecycle: Lifecycle, *, cors: Iterable[str] = (), cors_credentials: bool = False
) -> list[Middleware]:
    """What wraps every route: CORS for the origins given (none: no CORS), gzip, a lazy start."""
    found = [Middleware(_Within, lifecycle=lifecycle)]
    origins = cors_origins(cors)
    if origins:
        if cors_credentials and "*" in origins:
            raise InvalidValue("cors", "credentials may not be allowed to every origin (*)")
        found.append(
            Middleware(
                _Cors,
                allow_origins=list(origins),
                allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
                allow_headers=list(ALLOWED_HEADERS),
                expose_headers=list(EXPOSED_HEADERS),
                allow_credentials=cors_credentials,
                max_age=600,
            )
        )
    found.append(Middleware(_GzipButStreams))
    return found
