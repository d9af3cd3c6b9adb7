"""Conditional reads: an ``ETag`` on read-model and report answers, ``If-None-Match`` → 304.

A read-model table holds what its read model has projected, so its rows change only when its
checkpoint moves; the answer's freshness fields change with the log's head. The validator of
an answer is therefore the read models' checkpoints, the head, the query and who asks (the
``personal`` scope opens columns), and kimcore's version (a new one may project differently):
it is known before the rows are read, so a client that holds it is answered 304 without them.

The middleware works the tag out and tags each 200; the route answers 304 (`unchanged`)
once it has checked the token, the path and the parameters, as it would before a 200: a tag
sent with a wrong token or a bad parameter is no way around a 401 or a 400.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import anyio.to_thread
from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kimcore._version import __version__
from kimcore.web.mount import route_path
from kimcore.web.service import Service

__all__ = ["ConditionalReads", "matches", "unchanged"]

# Where the middleware leaves the tag for the route, in the request's scope.
_TAG = "kimcore.etag"


def matches(if_none_match: str, tag: str) -> bool:
    """Whether an ``If-None-Match`` header names *tag* (weak comparison, RFC 9110 §13.1.2)."""
    if if_none_match.strip() == "*":
        return True
    bare = tag.removeprefix("W/")
    return any(t.strip().removeprefix("W/") == bare for t in if_none_match.split(","))


def unchanged(request: Request) -> Response | None:
    """A 304 if ``If-None-Match`` names the answer's tag, else None: the route answers.

    A route calls it once the request is known to be answered 200 (the token, the path and
    the parameters checked) and before it reads a row.
    """
    tag = request.scope.get(_TAG)
    asked = request.headers.get("if-none-match")
    if tag is None or asked is None or not matches(asked, tag):
        return None
    return Response(
        status_code=304,
        headers={"ETag": tag, "Vary": "Authorization", "Cache-Control": "no-cache"},
    )


class ConditionalReads:
    """The ASGI middleware that tags read-model and report answers (`unchanged` says 304)."""

    def __init__(self, app: ASGIApp, service: Service) -> None:
        self.app, self.service = app, service

    def _models(self, path: str) -> Sequence[str] | None:
        """The read models an answer at *path* is made of; None: not a conditional read."""
        parts = path.strip("/").split("/")
        tables = self.service.tables
        if parts[:2] == ["api", "models"] and len(parts) == 3:
            names = [parts[2]]
        elif parts == ["api", "kims"]:
            names = ["kim_groups"]
        elif parts[:2] == ["api", "kims"] and len(parts) == 3:
            names = ["kim_groups", "kim_members"]
        elif parts[:2] == ["api", "reports"] and len(parts) == 3 and self.service.facts:
            return [self.service.facts.name]
        elif parts[:2] == ["api", "charts"] and len(parts) == 3 and self.service.facts:
            # A chart is counted from the report facts and names its regions from the forums.
            named = [tables["kim_forums"][0].name] if "kim_forums" in tables else []
            return sorted({self.service.facts.name, *named})
        else:
            return None
        if not all(name in tables for name in names):
            return None  # the route answers 404 (or a plugin left the table out)
        return sorted({tables[name][0].name for name in names})

    def _tag(self, scope: Scope, models: Sequence[str]) -> str:
        headers = Headers(scope=scope)
        models_store = self.service.models
        marks = [str(models_store.checkpoint(m)) for m in models]
        parts = [
            __version__,
            route_path(scope),
            scope.get("query_string", b"").decode("latin-1"),
            headers.get("authorization", ""),
            str(self.service.store.head_position()),
            *marks,
        ]
        digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
        return f'W/"{digest}"'

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Work out the answer's tag for the route (`unchanged`) and put it on a 200."""
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        models = self._models(route_path(scope))
        if models is None:
            await self.app(scope, receive, send)
            return
        try:
            tag = await anyio.to_thread.run_sync(self._tag, scope, models)
        except Exception:  # the route answers what is wrong (a store down: 503)
            await self.app(scope, receive, send)
            return
        scope[_TAG] = tag

        async def tagged(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                headers = MutableHeaders(scope=message)
                headers["ETag"] = tag
                headers.append("Vary", "Authorization")
                # A cache keeps the answer but asks each time: the log moves on.
                headers.setdefault("Cache-Control", "no-cache")
            await send(message)

        await self.app(scope, receive, tagged)
