"""The ASGI application: every route, the errors as JSON, the read models started and stopped."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from html import escape

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from kimcore._version import __version__
from kimcore.application.ports.store import EventStore
from kimcore.plugins import Plugins
from kimcore.plugins.errors import PluginConflict
from kimcore.spreadsheets import Limits
from kimcore.vocabulary.errors import DomainError
from kimcore.web import page, reads, stream, writes
from kimcore.web.access import Tokens
from kimcore.web.headers import SecurityHeaders
from kimcore.web.http import HttpError, error_response, json_response, reader
from kimcore.web.service import Service

__all__ = ["create_app"]

_log = logging.getLogger("kimcore.web")


def index(request: Request) -> Response:
    """``GET /api``: what the service is, where everything is, and its health.

    ``health`` gives each read model's checkpoint, how far it is behind the head, and its
    state in this process (``projecting``, ``standby`` while another process projects it,
    ``stopped`` with the error while it waits to be retried).
    """
    urls = {
        name: str(request.url_for(name))
        for name in ("models", "kims", "reports", "log", "log_stream", "schema")
    }
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
    Route("/api/log", reads.log, name="log"),
    Route("/api/log/stream", stream.stream, name="log_stream"),
    Route("/api/schema", reads.schema_index, name="schema"),
    Route("/api/schema/commands/{name}", reads.command_schema, name="command_schema"),
    Route("/api/schema/events/{name}", reads.event_schema, name="event_schema"),
    Route("/api/commands/{name}", writes.command, methods=["POST"], name="command"),
    Route("/api/import", writes.import_, methods=["POST"], name="import"),
    Route(
        "/api/import/template.{format:str}",
        writes.import_template,
        name="import_template",
    ),
]


def _for_people(request: Request) -> bool:
    return not request.url.path.startswith("/api")


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
        return HTMLResponse(
            f"<!doctype html><html lang=id><title>{exc.status}</title>"
            f"<h1>{exc.status}</h1><p>{escape(exc.message_id)}</p>"
            f"<p lang=en>{escape(exc.message)}</p>"
            '<p><a href="/">Kembali (back)</a></p></html>',
            status_code=exc.status,
            headers=exc.headers,
        )
    return error_response(exc)


async def _refused(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    return await _http_error(request, HttpError.refused(exc))


async def _not_found(request: Request, exc: Exception) -> Response:
    return await _http_error(
        request, HttpError(404, f"nothing at {request.url.path}", rule="not-found")
    )


async def _method(request: Request, exc: Exception) -> Response:
    return await _http_error(
        request, HttpError(405, f"{request.method} is not allowed here", rule="method-not-allowed")
    )


async def _bug(request: Request, exc: Exception) -> Response:
    _log.exception("%s %s failed", request.method, request.url.path, exc_info=exc)
    return await _http_error(
        request, HttpError(500, "the service failed; its log says why", rule="internal")
    )


def _plugin_routes(plugins: Plugins) -> list[BaseRoute]:
    """The routes plugins add (``kimcore_routes``): `PluginConflict` on a path of kimcore's."""
    own = {route.path for route in ROUTES}
    for contribution in plugins.contributions("kimcore_routes"):
        if contribution.record.path in own:
            raise PluginConflict(
                f"route {contribution.record.path!r} of {contribution.source} is kimcore's own"
            )
    return plugins.routes()


def create_app(
    store: EventStore,
    *,
    tokens: Tokens | None = None,
    private_reads: bool = False,
    poll: float = 0.5,
    limits: Limits | None = None,
    plugins: Plugins | None = None,
) -> Starlette:
    """The HTTP service over *store*, for any ASGI server (``kimcore serve`` runs uvicorn).

    The store is the service's from then on: it is closed when the service stops. *limits*
    bound an import's upload (the defaults, changed by the environment: ``docs/http.md``).
    Its read models and the routes beside kimcore's come from *plugins* (the process's when
    not given: ``kimcore_read_models``, ``kimcore_routes``).
    """
    service = Service(
        store,
        tokens=tokens,
        private_reads=private_reads,
        poll=poll,
        limits=limits,
        plugins=plugins,
    )
    routes = [*ROUTES, *_plugin_routes(service.plugins)]

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        service.start()
        try:
            yield
        finally:
            await service.aio.close()
            service.stop()

    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        middleware=[Middleware(SecurityHeaders)],
        exception_handlers={
            HttpError: _http_error,
            DomainError: _refused,
            404: _not_found,
            405: _method,
            Exception: _bug,
        },
    )
    app.state.service = service
    return app
