"""The ASGI application: every route, errors as problem details, the read models run.

It runs alone (``kimcore serve``) or mounted in a host's app under a prefix
([`kimcore.web.mount`][kimcore.web.mount] says how its lifespan runs there).
"""

from __future__ import annotations

import copy
import logging
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from html import escape

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kimcore._version import __version__
from kimcore.application.ports.store import EventStore
from kimcore.domain.policy import Policy
from kimcore.plugins import Plugins
from kimcore.plugins.errors import PluginConflict
from kimcore.spreadsheets import Limits
from kimcore.vocabulary.errors import DomainError
from kimcore.web import charts, docs_ui, openapi, page, reads, stream, writes
from kimcore.web._asgi import HttpMiddleware
from kimcore.web._paths import mount_pattern, overlap
from kimcore.web.access import Tokens
from kimcore.web.answers import INDEX_LINKS
from kimcore.web.caching import ConditionalReads
from kimcore.web.headers import SecurityHeaders
from kimcore.web.http import HttpError, error_response, json_response, reader
from kimcore.web.mount import Lifecycle, cors_origins, lifespan, middleware, route_path
from kimcore.web.service import Service

__all__ = ["create_app"]

_log = logging.getLogger("kimcore.web")


def index(request: Request) -> Response:
    """``GET /api``: what the service is, where everything is, and its health.

    ``health`` gives each read model's checkpoint, how far it is behind the head, and its
    state in this process (``projecting``, ``building`` while its missing indexes are made,
    ``standby`` while another process projects it, ``stopped`` with the error while it waits
    to be retried).
    """
    urls = {name: str(request.url_for(name)) for name in INDEX_LINKS}
    health = reader(request).health()
    return json_response({"service": "kimcore", "version": __version__, **urls, "health": health})


ROUTES = [
    Route("/", page.home, name="home"),
    Route("/kim/{group_id}", page.kim_page, name="kim_page"),
    Route("/api", index, name="index"),
    Route("/api/models", reads.models_index, name="models"),
    Route("/api/models/{table}", reads.model, name="model"),
    Route("/api/kims", reads.kims, name="kims"),
    Route("/api/kims/{group_id}", reads.kim, name="kim"),
    Route("/api/reports", reads.reports_index, name="reports"),
    Route("/api/reports/{name}", reads.report, name="report"),
    Route("/api/charts", charts.charts_index, name="charts"),
    # The picture's route first: ``{name}`` alone would take ``map.svg`` too.
    Route("/api/charts/{name}.svg", charts.chart_image, name="chart_image"),
    Route("/api/charts/{name}", charts.chart, name="chart"),
    Route("/api/log", reads.log, name="log"),
    Route("/api/log/stream", stream.stream, name="log_stream"),
    Route("/api/schema", reads.schema_index, name="schema"),
    Route("/api/schema/commands/{name}", reads.command_schema, name="command_schema"),
    Route("/api/schema/events/{name}", reads.event_schema, name="event_schema"),
    Route("/api/catalogue", docs_ui.catalogue, name="catalogue"),
    Route("/api/rules", docs_ui.rules_index, name="rules"),
    Route("/api/rules/{rule}", docs_ui.rule, name="rule"),
    Route("/openapi.json", openapi.document, name="openapi"),
    Route("/docs", docs_ui.docs_page, name="docs"),
    Route("/docs/init.js", docs_ui.docs_script, name="docs_script"),
    Route("/docs/static/{file}", docs_ui.docs_static, name="docs_static"),
    Route("/api/commands/{name}", writes.command, methods=["POST"], name="command"),
    Route("/api/import", writes.import_, methods=["POST"], name="import"),
    Route(
        "/api/import/template.{format:str}",
        writes.import_template,
        name="import_template",
    ),
    Route("/api/daftar-kim.{format:str}", writes.daftar_kim, name="daftar_kim"),
]


def _for_people(request: Request) -> bool:
    path = route_path(request.scope)
    return not (path.startswith(("/api", "/openapi.json")) or path.startswith("/docs/"))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HttpError)
    _log.debug(
        "%s %s answered %d: rule %s",
        request.method,
        request.url.path,
        exc.status,
        exc.rule,
        extra={"rule": exc.rule},
    )
    if _for_people(request):
        home = escape(request.scope.get("root_path", "").rstrip("/") + "/")
        return HTMLResponse(
            f"<!doctype html><html lang=id><title>{exc.status}</title>"
            f"<h1>{exc.status}</h1><p>{escape(exc.message_id)}</p>"
            f"<p lang=en>{escape(exc.message)}</p>"
            f'<p><a href="{home}">Kembali (back)</a></p></html>',
            status_code=exc.status,
            headers=exc.headers,
        )
    return error_response(exc, request)


async def _refused(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    return await _http_error(request, HttpError.refused(exc))


async def _not_found(request: Request, exc: Exception) -> Response:
    return await _http_error(
        request, HttpError(404, f"nothing at {request.url.path}", rule="not-found")
    )


async def _method(request: Request, exc: Exception) -> Response:
    # The router names the methods the route takes (RFC 9110 says a 405 must).
    allow = dict(getattr(exc, "headers", None) or {})
    if "Allow" in allow:  # in one order, GET first, whatever the route's set gave
        order = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
        methods = {m.strip() for m in allow["Allow"].split(",")}
        allow["Allow"] = ", ".join(
            sorted(methods, key=lambda m: order.index(m) if m in order else len(order))
        )
    return await _http_error(
        request,
        HttpError(
            405,
            f"{request.method} is not allowed here; {allow.get('Allow', 'GET')} is",
            rule="method-not-allowed",
            message_id=f"Metode {request.method} tidak diizinkan di sini",
            headers=allow,
        ),
    )


class _Failures(HttpMiddleware):
    """Answers an exception no handler took with the one 500 problem, logged once here.

    Inside the security headers and CORS, so that a 500 carries them as every answer does:
    Starlette's own last resort is outermost, answers without them, and raises the exception
    again to the server, which logs it a second time.
    """

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer *scope* as the app does; a 500 problem if it raises before answering."""
        started = False

        async def sending(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception as exc:
            request = Request(scope, receive)
            _log.exception("%s %s failed", request.method, request.url.path, exc_info=exc)
            if started:
                # Half an answer is out (a download): the server ends the connection, and
                # the client sees it cut short rather than a second status line.
                return
            failed = HttpError(500, "the service failed; its log says why", rule="internal")
            await (await _http_error(request, failed))(scope, receive, send)


def _plugin_routes(plugins: Plugins) -> list[BaseRoute]:
    """The routes plugins add (``kimcore_routes``), each checked against the others.

    A plugin's route whose pattern can match a request path kimcore's route, or another
    plugin's, would match, for a method both answer, is a `PluginConflict` naming both:
    kimcore's come first, so the plugin's would never get it; of two plugins', the one that
    happens to come first would.
    A plugin's own routes may overlap (``/x/new`` before ``/x/{id}``): it orders them.
    """
    taken = [(_pattern(route), _methods(route), "kimcore") for route in ROUTES]
    for contribution in plugins.contributions("kimcore_routes"):
        route = contribution.record
        pattern, methods = _pattern(route), _methods(route)
        for other, their_methods, source in taken:
            if source == contribution.source or not overlap(pattern, other):
                continue
            if methods is not None and their_methods is not None and not methods & their_methods:
                continue  # Starlette gives each its own methods' requests
            theirs = (
                f"kimcore's own route {other!r}: a request both match goes to kimcore's"
                if source == "kimcore"
                else f"route {other!r} of {source}: a request both match reaches only one"
            )
            raise PluginConflict(f"route {route.path!r} of {contribution.source} overlaps {theirs}")
        taken.append((pattern, methods, contribution.source))
    return [_naming(c.record, c.source) for c in plugins.contributions("kimcore_routes")]


# The note an error escaping a plugin's route carries, and its log line ends with.
_FROM_PLUGIN = "raised in a route of "


def _naming(route: BaseRoute, source: str) -> BaseRoute:
    """A copy of a plugin's *route* whose unhandled errors carry a note naming the plugin.

    A copy: the plugin's own route object is kept by the plugins for the next app made.
    """
    inner: ASGIApp = route.app  # type: ignore[attr-defined] # Route, Mount and WebSocketRoute
    note = _FROM_PLUGIN + source

    async def naming(scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await inner(scope, receive, send)
        except Exception as exc:
            exc.add_note(note)
            raise

    named = copy.copy(route)
    named.app = naming  # type: ignore[attr-defined]
    return named


class _PluginNamed(logging.Filter):
    """Ends the line logging a plugin's route's error with the plugin's name.

    The line is written where the service answers a bug with a 500, which knows nothing of
    plugins; the error itself carries the name (`_naming`).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        notes = [n for n in getattr(error, "__notes__", ()) if n.startswith(_FROM_PLUGIN)]
        if notes:
            record.msg = f"{record.msg} ({notes[-1].replace('%', '%%')})"
        return True


_log.addFilter(_PluginNamed())


def _methods(route: BaseRoute) -> frozenset[str] | None:
    """The methods *route* answers (``None``: every one, as a mount or a route without a list)."""
    methods = getattr(route, "methods", None)
    return None if methods is None or isinstance(route, Mount) else frozenset(methods)


def _pattern(route: BaseRoute) -> str:
    """The path pattern *route* matches requests by (a mount: its path and anything below)."""
    path: str = getattr(route, "path", "")
    return mount_pattern(path) if isinstance(route, Mount) else path


def create_app(
    store: EventStore,
    *,
    tokens: Tokens | None = None,
    private_reads: bool = False,
    poll: float = 0.5,
    cors: Iterable[str] = (),
    cors_credentials: bool = False,
    plugins: Plugins | None = None,
    limits: Limits | None = None,
    policy: Policy | None = None,
) -> Starlette:
    """The HTTP service over *store*, for any ASGI server (``kimcore serve`` runs uvicorn).

    The store is the service's from then on: it is closed when the service stops. Its read
    models and the routes beside kimcore's come from *plugins* (the process's when not given:
    ``kimcore_read_models``, ``kimcore_routes``). *cors*: the origins whose pages may call it
    (``https://portal.example``, or ``*``); none, no CORS. *cors_credentials* lets those pages
    send cookies (off: a token goes in the ``Authorization`` header). *limits* bound an
    import's upload (the defaults, changed by the environment: ``docs/http.md``). Its commands
    are decided under *policy* (the default policy and the plugins' catalogue when not given;
    ``kimcore serve --policy FILE`` reads one from a file). Mounted in another app, the host
    enters [`lifespan`][kimcore.web.lifespan], or the first request starts the read models.
    """
    cors = cors_origins(cors)  # a wrong origin is refused before anything opens
    service = Service(
        store,
        tokens=tokens,
        private_reads=private_reads,
        poll=poll,
        plugins=plugins,
        limits=limits,
        policy=policy,
    )
    routes = [*ROUTES, *_plugin_routes(service.plugins)]
    lifecycle = Lifecycle(service)

    @asynccontextmanager
    async def own_lifespan(app: Starlette) -> AsyncIterator[None]:
        async with lifespan(app):
            yield

    wrappers = middleware(lifecycle, cors=cors, cors_credentials=cors_credentials)
    app = Starlette(
        routes=routes,
        lifespan=own_lifespan,
        # The security headers outermost: every answer has them, a 304 and a preflight too.
        middleware=[
            Middleware(SecurityHeaders),
            *wrappers,
            Middleware(_Failures),
            Middleware(ConditionalReads, service=service),
        ],
        exception_handlers={
            HttpError: _http_error,
            DomainError: _refused,
            404: _not_found,
            405: _method,
        },
    )
    app.state.service = service
    app.state.lifecycle = lifecycle
    return app
