"""The shape of kimcore's own ASGI middleware: act on an HTTP request, pass anything else on."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["HttpMiddleware"]


class HttpMiddleware:
    """Wraps *app*; an HTTP request goes to `http`, a lifespan or websocket scope straight on."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Hand an HTTP *scope* to `http`, any other to the wrapped app as it came."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.http(scope, receive, send)

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer the HTTP request *scope* (a subclass's work)."""
        raise NotImplementedError
