"""kimcore inside a Starlette app, under ``/kim``.

    KIMCORE_STORE=sqlite:///kim.db uvicorn --factory examples.embed.starlette_app:create

A Starlette ``Mount`` does not run the mounted app's lifespan: the host's enters
``kimcore.web.lifespan(kim)``, which starts kimcore's read models and closes its store.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route

import kimcore
import kimcore.web


async def hello(request: Request) -> JSONResponse:
    """The host's own route, beside kimcore's."""
    return JSONResponse({"portal": "hello", "kim": "/kim/api"})


def build(store_url: str, *, cors: tuple[str, ...] = ()) -> Starlette:
    """The host's app with kimcore's service over *store_url* mounted at ``/kim``."""
    kim = kimcore.web.create_app(kimcore.open_store(store_url), cors=cors)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with kimcore.web.lifespan(kim):
            yield

    return Starlette(
        routes=[Route("/hello", hello), Mount("/kim", app=kim)],
        lifespan=lifespan,
    )


def create() -> Starlette:
    """The app for ``uvicorn --factory``: the store named by ``KIMCORE_STORE``."""
    return build(os.environ.get("KIMCORE_STORE", "sqlite:///kim.db"))
