"""The security headers on every answer, the page's and the API's, errors and streams alike.

The page has no script and one ``<style>`` element; its Content-Security-Policy allows
that style by its SHA-256 hash and nothing else, so an injected tag loads and runs nothing.
No answer may be framed (``frame-ancestors 'none'``, ``X-Frame-Options: DENY``), sniffed
into another type (``nosniff``), or send its address on to another site
(``Referrer-Policy: no-referrer``).
"""

from __future__ import annotations

import base64
import hashlib

from starlette.types import Message, Receive, Scope, Send

from kimcore.web._asgi import HttpMiddleware
from kimcore.web.page_parts import STYLE

__all__ = ["CONTENT_SECURITY_POLICY", "SECURITY_HEADERS", "SecurityHeaders"]


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


CONTENT_SECURITY_POLICY = (
    "default-src 'none'; "
    f"style-src 'sha256-{_sha256(STYLE)}'; "
    "img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)

SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}
_RAW = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS.items()]


# Marked in the request's state by a route that let the caller see personal data (it holds the
# ``personal`` scope): its answer may hold members' names, which no cache keeps.
PERSONAL_SHOWN = "kimcore.personal_shown"
_NO_STORE = (b"cache-control", b"private, no-store")


class SecurityHeaders(HttpMiddleware):
    """ASGI middleware adding `SECURITY_HEADERS` to each answer (a route's own are kept).

    An answer to a caller who may see personal data is ``Cache-Control: private, no-store``
    whatever the route said: a browser's cache on an office's shared computer keeps nothing
    of it.
    """

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer *scope* as the app does, with the headers added to its start."""

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if scope.get("state", {}).get(PERSONAL_SHOWN):
                    headers = [h for h in headers if h[0].lower() != b"cache-control"]
                    headers.append(_NO_STORE)
                present = {name.lower() for name, _ in headers}
                headers += [(name, value) for name, value in _RAW if name not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, sending)
